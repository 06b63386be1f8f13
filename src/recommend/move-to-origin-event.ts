import type { EventType } from '../model/inventory.js';
import { Decimal } from '../pricing/money.js';
import { baseInputs, formatCount, lowest, usageAssumptions } from './common.js';
import { resolveHitRate } from './hit-rate.js';
import type { RecommendLimits } from './limits.js';
import type { Confidence, Recommendation } from './types.js';
import { type AssociationUsage, associationGroup, associationIdentity, describeAssociation, monthly, priceScaled, type UsageModel, usageComplete } from './usage.js';

export interface MoveToOriginOptions {
  /** `--hit-rate`, 0–1: used only where neither CloudFront nor origin-event functions give one. */
  hitRate?: number;
  limits: RecommendLimits;
}

const TARGET: Partial<Record<EventType, EventType>> = {
  'viewer-request': 'origin-request',
  'viewer-response': 'origin-response',
};

/**
 * `move-to-origin-event`: a viewer event runs on every request, the matching origin event only on
 * cache misses, so invocations (and, with the same code and memory, cost) shrink by the cache-hit
 * rate. Without a hit rate the recommendation is still listed, with its saving unknown.
 */
export function recommendMoveToOriginEvent(model: UsageModel, options: MoveToOriginOptions): Recommendation[] {
  const out: Recommendation[] = [];
  for (const association of model.associations) {
    const target = TARGET[association.binding.eventType];
    const version = association.version;
    if (!target || !version || version.config.memoryMB === undefined) continue;
    const invocations = version.invocations * association.share;
    if (invocations <= 0) continue;
    const recommendation = build(model, association, target, options);
    if (recommendation) out.push(recommendation);
  }
  return out;
}

function build(model: UsageModel, association: AssociationUsage, target: EventType, options: MoveToOriginOptions): Recommendation | undefined {
  const version = association.version!;
  const { binding } = association;
  const invocations = version.invocations * association.share;
  const current = monthly(priceScaled(version, association.share, model.pricing).costUsd, model);
  const { hitRate, notDerived } = resolveHitRate(model, association, options.hitRate);

  const assumptions = [
    `valid only when the function's logic does not depend on per-viewer data outside the cache key: on ${target} it no longer runs on cache hits, and what it decides is cached and served to every viewer with the same cache key`,
  ];
  let projected: number | null = null;
  let savings: number | null = null;
  let projectedInvocations: number | null = null;
  let confidence: Confidence;
  if (hitRate) {
    if (hitRate.rate <= 0) return undefined;
    // 1 − rate in decimal: 1 − 0.85 is 0.15000000000000002 in binary
    const missRate = new Decimal(1).minus(hitRate.rate).toNumber();
    projectedInvocations = invocations * missRate;
    const projectedCost = monthly(priceScaled(version, association.share * missRate, model.pricing).costUsd, model);
    projected = projectedCost.toNumber();
    savings = current.minus(projectedCost).toNumber();
    assumptions.push(`cache-hit rate ${(hitRate.rate * 100).toFixed(1)}%: ${hitRate.explanation}`);
    assumptions.push(
      `invocations shrink by the hit rate: ${formatCount(invocations)} → ${formatCount(projectedInvocations)} in the window; each invocation keeps its duration and ${version.config.memoryMB} MB (same code)`,
    );
    confidence = hitRate.source === 'cloudfront-cache-hit-rate' ? 'high' : hitRate.source === 'hit-rate-flag' ? 'low' : 'medium';
  } else {
    assumptions.push(
      `needs a hit rate: ${binding.distributionId} has no CloudFront CacheHitRate (the additional metrics are off or were not read) and none could be derived (${notDerived.join('; ')}); pass --hit-rate RATE or turn on the additional metrics — the saving is the hit rate × the current cost`,
    );
    confidence = 'low';
  }
  if (binding.eventType === 'viewer-response') {
    assumptions.push(
      'viewer-response also runs on cache hits; origin-response runs once per response from the origin, before CloudFront caches it, so headers it sets are cached with the object',
    );
  }
  const occupant = model.allAssociations.find(
    (a) => a.binding.distributionId === binding.distributionId && a.binding.pathPattern === binding.pathPattern && a.binding.eventType === target,
  );
  if (occupant) {
    assumptions.push(
      `the cache behavior already runs ${occupant.version?.config.functionName ?? occupant.binding.functionArn ?? 'another function'} on ${target}, and a behavior takes one Lambda@Edge function per event type (${options.limits.restriction('lambdaEdge.oneFunctionPerEventType').source}): the two functions would have to be merged`,
    );
    confidence = 'low';
  }
  assumptions.push(...usageAssumptions(model, version, association));
  if (!usageComplete(model, version)) confidence = lowest(confidence, 'medium');

  return {
    kind: 'move-to-origin-event',
    ...associationIdentity(version, binding),
    change: `${binding.eventType} → ${target}`,
    from: describeAssociation(binding),
    to: `${target} on ${binding.distributionId} ${binding.pathPattern === '*' ? '(default behavior)' : binding.pathPattern}`,
    currentMonthlyCostUsd: current.toNumber(),
    projectedMonthlyCostUsd: projected,
    monthlySavingsUsd: savings,
    confidence,
    assumptions,
    review: [
      'does the function read per-viewer data that is not in the cache key (cookies, Authorization, viewer IP or country headers)? Then it must stay on the viewer event, or that data must join the cache key (which lowers the hit rate)',
      'must it run on every request, cache hits included (authentication, per-request logging or metrics, A/B assignment)? Then it cannot move',
    ],
    inputs: {
      ...baseInputs(model, version, invocations, association.attribution),
      hitRatePercent: hitRate ? hitRate.rate * 100 : null,
      hitRateSource: hitRate?.source ?? null,
      projectedInvocations,
    },
    group: associationGroup(association),
  };
}
