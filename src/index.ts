/**
 * edgecost as a library: the same pipeline as the CLI (snapshot → price / lint / recommend / gate →
 * documents), without printing or exiting. Live collection is a separate entry
 * (`collectSnapshot` from `edgecost/aws`) so that importing this module never loads
 * the AWS SDK.
 */
import type { Snapshot } from './model/snapshot.js';
import { type RecommendOptions, recommend as recommendCore } from './recommend/index.js';
import type { RecommendLimits } from './recommend/limits.js';
import type { RecommendationsDocument } from './recommend/types.js';
import { type ReportDocumentOptions, reportDocument as reportDocumentCore } from './report/pipeline.js';
import { loadRecommendLimits } from './sources/data-files.js';

export { demoSnapshot } from './demo/demo-account.js';
export { AwsError, EdgecostError, InputError, UsageError } from './errors.js';
export { evaluateGate } from './gate/evaluate.js';
export type { GateRun } from './gate/run.js';
export { runGate, undecidedGateError } from './gate/run.js';
export type * from './model/inventory.js';
export { EVENT_TYPES, listEventBindings, parseLambdaArn } from './model/inventory.js';
export type { Notice, NoticeCode } from './model/notices.js';
export { NOTICE_CODES, noticeText } from './model/notices.js';
export type { SelectionFlags } from './model/selection.js';
export { Selection } from './model/selection.js';
export type * from './model/snapshot.js';
export { resolveWindow, windowDates } from './model/window.js';
export type { PricingDocument } from './pricing/document.js';
export { pricingDocument } from './pricing/document.js';
export { monthlyRunRate, priceLambdaEdge } from './pricing/engine.js';
export type { Estimate, EstimateInput, EventQuotas } from './pricing/estimate.js';
export { estimate, quotaWarnings } from './pricing/estimate.js';
export type { PriceSheet, Pricing, Rates } from './pricing/sheet.js';
export { lintInventory } from './quotas/engine.js';
export { filterLintInput } from './quotas/filter.js';
export type { Bill, BillLine } from './reconcile/bill.js';
export type { Reconciliation, ReconciliationRow } from './reconcile/document.js';
export { reconcile } from './reconcile/reconcile.js';
export type { DocumentKind, Documents, Renderer, RenderOptions } from './render/index.js';
export { formatsOf, RENDERERS, render } from './render/index.js';
export { renderJson, renderSnapshotJson } from './render/json.js';
export { renderReportHtml } from './render/report-html.js';
export { renderReportCsv, renderReportJson, renderReportMarkdown, renderReportTable } from './render/report-text.js';
export { buildReport, buildReportWithNotices } from './report/build.js';
export { compareReports, compareReportsWithNotices } from './report/compare.js';
export type * from './report/document.js';
export { loadPricing, loadQuotaTable, loadRecommendLimits, loadRuntimeTable, parseBaseline, parsePriceSheet, parseReconciliation } from './sources/data-files.js';
export { type DeployValues, parseParameterFlag, readParametersFile } from './sources/deploy-parameters.js';
export { loadSnapshots, mergeSnapshots, parseSnapshot, readSnapshot } from './sources/snapshot.js';
export { loadTemplates } from './sources/templates.js';

/**
 * Recommendations for a snapshot. The core takes the limits as an argument; the library fills in
 * the shipped quotas/recommend.json when the caller passes none.
 */
export function recommend(snapshot: Snapshot, options: Omit<RecommendOptions, 'limits'> & { limits?: RecommendLimits }): RecommendationsDocument {
  return recommendCore(snapshot, { ...options, limits: options.limits ?? loadRecommendLimits() });
}

/** The document `report --output json` prints (recommendations and comparison included); limits as for `recommend`. */
export function reportDocument(snapshot: Snapshot, options: Omit<ReportDocumentOptions, 'limits'> & { limits?: RecommendLimits }): ReturnType<typeof reportDocumentCore> {
  return reportDocumentCore(snapshot, { ...options, limits: options.limits ?? loadRecommendLimits() });
}
// edgecost diff: a template change priced from measured usage
export { buildDiff } from './diff/build.js';
export { evaluateDiffGate } from './diff/gate.js';
export type * from './diff/types.js';
export { renderDiffMarkdown, renderDiffTable } from './render/diff-text.js';
