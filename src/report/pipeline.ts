import type { Notice } from '../model/notices.js';
import { Selection, type SelectionFlags } from '../model/selection.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Pricing } from '../pricing/sheet.js';
import { recommend } from '../recommend/index.js';
import type { RecommendLimits } from '../recommend/limits.js';
import type { Reconciliation } from '../reconcile/document.js';
import { buildReportWithNotices } from './build.js';
import { type Baseline, compareReportsWithNotices } from './compare.js';
import type { Report } from './document.js';
import { reportReconciliation } from './reconciliation.js';

export interface ReportDocumentOptions extends SelectionFlags {
  pricing: Pricing;
  now: Date;
  selection?: Selection;
  /** A previous snapshot or report (`parseBaseline`): the report then carries its `comparison`. */
  baseline?: Baseline;
  /** A reconciliation (`parseReconciliation`) to show beside the report: the report then carries it as `reconciliation`. */
  reconciliation?: { file: string; document: Reconciliation };
  /** Recommendation facts and thresholds; the shipped quotas/recommend.json by default. */
  /** What the recommenders compare against (quotas/recommend.json, loaded by the caller). */
  limits: RecommendLimits;
}

/**
 * `edgecost report` as a pipeline: the priced report, with the recommendations for the same data
 * (and their known savings) and, given a baseline, the comparison with it. The document
 * `report --output json` prints. `comparisonNotices` are the comparison's warnings as data (the CLI
 * also says them on stderr), as are `reconciliationNotices` (another window or other prices).
 */
export function reportDocument(
  snapshot: Snapshot,
  options: ReportDocumentOptions,
): { report: Report; notices: Notice[]; comparisonNotices: Notice[]; reconciliationNotices: Notice[] } {
  const selection = options.selection ?? new Selection(options);
  const { report, notices } = buildReportWithNotices(snapshot, { pricing: options.pricing, now: options.now, selection });
  const advice = recommend(snapshot, { pricing: options.pricing, now: options.now, selection, limits: options.limits });
  report.recommendations = advice.recommendations;
  report.recommendationSavingsUsd = advice.totals.monthlySavingsUsd;
  let comparisonNotices: Notice[] = [];
  if (options.baseline) {
    const compared = compareReportsWithNotices(report, options.baseline, options.pricing);
    report.comparison = compared.comparison;
    comparisonNotices = compared.notices;
  }
  let reconciliationNotices: Notice[] = [];
  if (options.reconciliation) {
    const attached = reportReconciliation(report, options.reconciliation.file, options.reconciliation.document);
    report.reconciliation = attached.reconciliation;
    reconciliationNotices = attached.notices;
  }
  return { report, notices, comparisonNotices, reconciliationNotices };
}
