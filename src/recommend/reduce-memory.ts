import { isViewerEvent } from '../model/inventory.js';
import { baseInputs, usageAssumptions } from './common.js';
import type { RecommendLimits } from './limits.js';
import type { Confidence, Recommendation } from './types.js';
import { type AssociationUsage, monthly, priceScaled, type UsageModel, usageComplete, type VersionUsage } from './usage.js';

export interface ReduceMemoryOptions {
  limits: RecommendLimits;
}

/** The memory size to suggest for a measured maximum use, or undefined when none is smaller. */
export function suggestedMemoryMB(memoryMB: number, maxUsedMB: number, limits: RecommendLimits): number | undefined {
  if (maxUsedMB > memoryMB * limits.heuristic('reduceMemory.maxUsedFraction').value) return undefined;
  const step = limits.heuristic('reduceMemory.stepMB').value;
  const target = Math.max(limits.fact('lambda.minMemoryMB').value, Math.ceil((maxUsedMB * limits.heuristic('reduceMemory.headroomFactor').value) / step) * step);
  return target < memoryMB ? target : undefined;
}

/**
 * `reduce-memory`: an origin-event function whose maximum memory used over the window (Logs
 * Insights `@maxMemoryUsed`, from `collect --exact`) is far below its memory size. The projected
 * cost assumes the billed duration per invocation stays the same at the smaller size.
 */
export function recommendReduceMemory(model: UsageModel, options: ReduceMemoryOptions): Recommendation[] {
  const byVersion = new Map<VersionUsage, AssociationUsage[]>();
  for (const association of model.associations) {
    if (!association.version) continue;
    byVersion.set(association.version, [...(byVersion.get(association.version) ?? []), association]);
  }
  const out: Recommendation[] = [];
  for (const [version, associations] of byVersion) {
    // Viewer events cap memory at the viewer quota: only versions used on origin events alone.
    if (associations.some((a) => isViewerEvent(a.binding.eventType))) continue;
    const memoryMB = version.config.memoryMB;
    const maxUsed = version.maxMemoryUsedMB;
    if (memoryMB === undefined || maxUsed === undefined || version.invocations <= 0) continue;
    const target = suggestedMemoryMB(memoryMB, maxUsed, options.limits);
    if (target === undefined) continue;
    const share = associations.reduce((a, b) => a + b.share, 0);
    const current = monthly(priceScaled(version, share, model.pricing).costUsd, model);
    const projected = monthly(priceScaled(version, share, model.pricing, target).costUsd, model);
    const savings = current.minus(projected);
    if (savings.lte(0)) continue;
    out.push(build(model, version, associations, share, target, current.toNumber(), projected.toNumber(), savings.toNumber(), options.limits));
  }
  return out;
}

function build(
  model: UsageModel,
  version: VersionUsage,
  associations: AssociationUsage[],
  share: number,
  target: number,
  current: number,
  projected: number,
  savings: number,
  limits: RecommendLimits,
): Recommendation {
  const memoryMB = version.config.memoryMB!;
  const maxUsed = version.maxMemoryUsedMB!;
  const single = associations.length === 1 ? associations[0] : undefined;
  const memoryFact = limits.fact('lambda.minMemoryMB');
  let confidence: Confidence = version.billedDurationSumMs !== undefined ? 'medium' : 'low';
  if (!usageComplete(model, version)) confidence = 'low';
  const assumptions = [
    `max memory used ${Number(maxUsed.toFixed(1))} MB of ${memoryMB} MB over the window (Logs Insights @maxMemoryUsed; the log group is shared by all versions of ${version.config.functionName})`,
    `suggested size: max used × ${limits.heuristic('reduceMemory.headroomFactor').value} rounded up to ${limits.heuristic('reduceMemory.stepMB').value} MB, at least ${memoryFact.value} MB (${memoryFact.source})`,
    `assumes the billed duration per invocation does not grow at ${target} MB: Lambda allocates CPU in proportion to memory (${memoryFact.source}), so CPU-bound code can run longer and take back part of the saving`,
    ...usageAssumptions(model, version),
  ];
  return {
    kind: 'reduce-memory',
    functionName: version.config.functionName,
    ...(version.config.functionArn ? { functionArn: version.config.functionArn } : {}),
    ...(version.config.version ? { version: version.config.version } : {}),
    ...(single ? { distributionId: single.binding.distributionId, pathPattern: single.binding.pathPattern, eventType: single.binding.eventType } : {}),
    change: `${memoryMB} MB → ${target} MB`,
    from: `${memoryMB} MB`,
    to: `${target} MB`,
    currentMonthlyCostUsd: current,
    projectedMonthlyCostUsd: projected,
    monthlySavingsUsd: savings,
    confidence,
    assumptions,
    review: [
      `measure the duration at ${target} MB before rolling out (for example with AWS Lambda Power Tuning): a slower function can cost more than it saves`,
      'memory use can depend on input size: check the largest requests or objects the function handles',
    ],
    inputs: {
      ...baseInputs(model, version, version.invocations * share),
      projectedMemoryMB: target,
    },
    group: `memory|${version.config.key}`,
  };
}
