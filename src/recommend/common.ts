import { DAYS_PER_MONTH } from '../pricing/engine.js';
import type { Confidence, RecommendationInputs } from './types.js';
import { type AssociationUsage, meanDurationMs, runRateFactor, type UsageModel, type VersionUsage } from './usage.js';

const ORDER: Confidence[] = ['low', 'medium', 'high'];

/** The lower of two confidences. */
export function lowest(...levels: Confidence[]): Confidence {
  return levels.reduce((a, b) => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b), 'high');
}

export { formatCount } from '../model/count.js';

export function formatMs(value: number): string {
  return `${Number(value.toFixed(3))} ms`;
}

function formatDays(value: number): string {
  return `${Number(value.toFixed(3))}`;
}

/** "the 30-day window", or for a window still in progress "the 12.5 days so far of the 30-day window". */
export function periodText(model: UsageModel): string {
  return model.coveredDays < model.windowDays
    ? `the ${formatDays(model.coveredDays)} day${model.coveredDays === 1 ? '' : 's'} so far of the ${model.windowDays}-day window`
    : `the ${model.windowDays}-day window`;
}

/** The arithmetic inputs every recommendation shares. */
export function baseInputs(model: UsageModel, version: VersionUsage, invocations: number, attribution?: string): RecommendationInputs {
  const max = version.maxDurationMs;
  return {
    windowDays: model.windowDays,
    coveredDays: model.coveredDays,
    invocations,
    ...(attribution ? { attribution } : {}),
    ...(version.config.memoryMB !== undefined ? { memoryMB: version.config.memoryMB } : {}),
    meanDurationMs: meanDurationMs(version),
    maxDurationMs: max ?? null,
    ...(version.maxMemoryUsedMB !== undefined ? { maxMemoryUsedMB: version.maxMemoryUsedMB } : {}),
    durationBasis: version.billedDurationSumMs !== undefined ? 'exact-billed' : 'estimated-rounding',
    runRateFactor: runRateFactor(model),
  };
}

/** Assumptions every priced recommendation states: run-rate, duration basis, attribution, gaps in the data. */
export function usageAssumptions(model: UsageModel, version: VersionUsage, association?: AssociationUsage): string[] {
  const out = [
    `monthly figures are run-rates: cost in ${periodText(model)} × ${DAYS_PER_MONTH} / ${formatDays(model.coveredDays)}`,
    version.billedDurationSumMs !== undefined
      ? 'durations are exact billed durations (Logs Insights)'
      : `billed duration estimated as CloudWatch Duration + ${model.pricing.rates.billingGranularityMs / 2} ms per invocation (rounding to ${model.pricing.rates.billingGranularityMs} ms)`,
  ];
  if (association?.attribution) out.push(association.attribution);
  out.push(...dataGaps(model, version));
  return out;
}

/** Why usage may be understated: failed regions (unknown, not zero) and days without data. */
export function dataGaps(model: UsageModel, version: VersionUsage): string[] {
  const out: string[] = [];
  if (model.failedRegions.length > 0) {
    out.push(`region${model.failedRegions.length === 1 ? '' : 's'} ${model.failedRegions.join(', ')} failed: usage there is unknown, so costs and savings are lower bounds`);
  }
  if (version.unknownDays > 0) out.push(`${version.unknownDays} region-day(s) of ${version.config.functionName} have no data and are not counted`);
  return out;
}
