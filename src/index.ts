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
export { estimate } from './pricing/estimate.js';
export type * from './report/document.js';
export { buildReport } from './report/build.js';
export { compareReports, parseBaseline } from './report/compare.js';
export { lintInventory } from './quotas/engine.js';
export { loadQuotaTable } from './quotas/table.js';
export { loadRuntimeTable } from './quotas/runtimes.js';
export { recommend } from './recommend/index.js';
export { evaluateGate } from './gate/evaluate.js';
export { renderReportCsv, renderReportJson, renderReportMarkdown, renderReportTable } from './render/report-text.js';
export { renderReportHtml } from './render/report-html.js';
export { reconcile } from './reconcile/reconcile.js';
export type { Bill, BillLine } from './reconcile/bill.js';
export type { Reconciliation, ReconciliationRow } from './reconcile/document.js';
// edgecost diff: a template change priced from measured usage
export { buildDiff } from './diff/build.js';
export { evaluateDiffGate } from './diff/gate.js';
export type * from './diff/types.js';
export { renderDiffJson, renderDiffMarkdown, renderDiffTable } from './render/diff-text.js';
