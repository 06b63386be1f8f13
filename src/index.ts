/**
 * edgecost as a library: the same pipeline as the CLI (snapshot → price / lint / recommend / gate →
 * documents), without printing or exiting. Live collection is a separate entry
 * (`collectSnapshot` from `edgecost/aws`) so that importing this module never loads
 * the AWS SDK.
 */
export { AwsError, EdgecostError, InputError, UsageError } from './errors.js';
export type * from './model/inventory.js';
export { EVENT_TYPES, listEventBindings, parseLambdaArn } from './model/inventory.js';
export type * from './model/snapshot.js';
export { resolveWindow, windowDates } from './model/window.js';
export { demoSnapshot } from './demo/demo-account.js';
export { loadSnapshots, mergeSnapshots, parseSnapshot, readSnapshot } from './sources/snapshot.js';
export { loadTemplates } from './sources/templates.js';
export { loadPricing, parsePriceSheet } from './pricing/sheet.js';
export type { Pricing, PriceSheet, Rates } from './pricing/sheet.js';
export { monthlyRunRate, priceLambdaEdge } from './pricing/engine.js';
export { estimate, quotaWarnings } from './pricing/estimate.js';
export type { Estimate, EstimateInput, EventQuotas } from './pricing/estimate.js';
export { pricingDocument } from './pricing/document.js';
export type { PricingDocument } from './pricing/document.js';
export type * from './report/document.js';
export { buildReport, buildReportWithNotices } from './report/build.js';
export { compareReports, compareReportsWithNotices, parseBaseline } from './report/compare.js';
export { reportDocument } from './report/pipeline.js';
export { lintInventory } from './quotas/engine.js';
export { filterLintInput } from './quotas/filter.js';
export { loadQuotaTable } from './quotas/table.js';
export { loadRuntimeTable } from './quotas/runtimes.js';
export { recommend } from './recommend/index.js';
export { loadRecommendLimits } from './recommend/limits.js';
export { evaluateGate } from './gate/evaluate.js';
export { runGate, undecidedGateError } from './gate/run.js';
export type { GateRun } from './gate/run.js';
export { Selection } from './model/selection.js';
export type { SelectionFlags } from './model/selection.js';
export { NOTICE_CODES, noticeText } from './model/notices.js';
export type { Notice, NoticeCode } from './model/notices.js';
export { formatsOf, RENDERERS, render } from './render/index.js';
export type { DocumentKind, Documents, Renderer, RenderOptions } from './render/index.js';
export { renderJson, renderSnapshotJson } from './render/json.js';
export { renderReportCsv, renderReportJson, renderReportMarkdown, renderReportTable } from './render/report-text.js';
export { renderReportHtml } from './render/report-html.js';
