import { type Notice, noticeText, regionNotice, snapshotNotices } from '../model/notices.js';
import { Selection, type SelectionFlags } from '../model/selection.js';
import type { Snapshot } from '../model/snapshot.js';
import { Decimal, ZERO } from '../pricing/money.js';
import type { Pricing } from '../pricing/sheet.js';
import type { RecommendLimits } from './limits.js';
import { recommendMoveToCloudFrontFunctions } from './move-to-cloudfront-functions.js';
import { recommendMoveToOriginEvent } from './move-to-origin-event.js';
import { recommendReduceMemory } from './reduce-memory.js';
import { recommendRemoveUnused } from './remove-unused.js';
import { RECOMMENDATIONS_KIND, type Recommendation, type RecommendationKind, type RecommendationsDocument } from './types.js';
import { buildUsageModel, type UsageModel } from './usage.js';

export type { Recommendation, RecommendationsDocument } from './types.js';
export { RECOMMENDATIONS_KIND } from './types.js';

export interface RecommendOptions extends SelectionFlags {
  pricing: Pricing;
  now: Date;
  /** `--hit-rate`, 0–1: the fallback cache-hit rate. */
  hitRate?: number;
  /** `--min-savings`: leave out recommendations saving less a month (unknown savings: compared by their current cost, the most they could save). */
  minSavingsUsd?: number;
  /** The `--distribution/--function` selection; built from `distributionIds/functionNames` when absent. */
  selection?: Selection;
  /** Facts and thresholds; the shipped quotas/recommend.json by default. */
  /** What the recommenders compare against (quotas/recommend.json, loaded by the caller). */
  limits: RecommendLimits;
}

type Recommender = (model: UsageModel, options: { hitRate?: number; limits: RecommendLimits }) => Recommendation[];

/** The registry of recommendation kinds (PRODUCT.md "Recommendation kinds"), in a stable order. */
export const RECOMMENDERS: Readonly<Record<RecommendationKind, Recommender>> = {
  'move-to-origin-event': recommendMoveToOriginEvent,
  'move-to-cloudfront-functions': recommendMoveToCloudFrontFunctions,
  'reduce-memory': recommendReduceMemory,
  'remove-unused': recommendRemoveUnused,
};

/** Known savings first (largest first), then unknown savings (largest current cost first), then $0. */
function compareRecommendations(a: Recommendation, b: Recommendation): number {
  const rank = (r: Recommendation) => (r.monthlySavingsUsd === null ? 1 : r.monthlySavingsUsd > 0 ? 0 : 2);
  return (
    rank(a) - rank(b) ||
    (rank(a) === 1 ? b.currentMonthlyCostUsd - a.currentMonthlyCostUsd : (b.monthlySavingsUsd ?? 0) - (a.monthlySavingsUsd ?? 0)) ||
    a.functionName.localeCompare(b.functionName) ||
    a.kind.localeCompare(b.kind) ||
    (a.distributionId ?? '').localeCompare(b.distributionId ?? '') ||
    (a.pathPattern ?? '').localeCompare(b.pathPattern ?? '')
  );
}

/**
 * Cheaper placements and settings for the functions of a snapshot (`edgecost recommend`). Pure: the
 * snapshot, prices, limits and clock are arguments; savings come from the same pricing engine as the report.
 */
export function recommend(snapshot: Snapshot, options: RecommendOptions): RecommendationsDocument {
  const { limits } = options;
  const model = buildUsageModel(snapshot, options.pricing, { now: options.now, selection: options.selection ?? new Selection(options) });
  const all = Object.values(RECOMMENDERS).flatMap((recommender) => recommender(model, { hitRate: options.hitRate, limits }));
  const minSavings = options.minSavingsUsd ?? 0;
  const kept = all.filter((r) => (r.monthlySavingsUsd === null ? r.currentMonthlyCostUsd : r.monthlySavingsUsd) >= minSavings).sort(compareRecommendations);

  // Alternatives for one association are not added up: each group counts its best saving.
  const best = new Map<string, Decimal>();
  for (const r of kept) {
    if (r.monthlySavingsUsd === null) continue;
    const saving = new Decimal(r.monthlySavingsUsd);
    const previous = best.get(r.group);
    if (!previous || saving.gt(previous)) best.set(r.group, saving);
  }
  const totalSavings = [...best.values()].reduce((a, b) => a.plus(b), ZERO);

  const notices: Notice[] = snapshotNotices(snapshot.warnings);
  for (const region of snapshot.regions) if (region.status === 'failed') notices.push(regionNotice('recommend-region-failed', region));
  const unresolved = model.associations.filter((a) => a.version === undefined).length;
  if (unresolved > 0) notices.push({ code: 'unresolved-associations', count: unresolved, detail: '' });

  return {
    schemaVersion: 1,
    kind: RECOMMENDATIONS_KIND,
    generatedAt: options.now.toISOString(),
    window: snapshot.window,
    pricing: { id: options.pricing.sheet.id, currency: options.pricing.sheet.currency },
    limits: { id: limits.id },
    recommendations: kept,
    totals: {
      monthlySavingsUsd: totalSavings.toNumber(),
      recommendations: kept.length,
      unknownSavings: kept.filter((r) => r.monthlySavingsUsd === null).length,
      belowMinSavings: all.length - kept.length,
    },
    minSavingsUsd: minSavings,
    warnings: notices.map(noticeText),
  };
}
