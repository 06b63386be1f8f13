import { type EventBinding, ORIGIN_EVENTS } from '../model/inventory.js';
import type { HitRate } from './types.js';
import type { AssociationUsage, UsageModel } from './usage.js';

/**
 * The cache-hit rate of the traffic a viewer-event association sees, from the best source available
 * (PRODUCT.md "Recommendation kinds"):
 *   1. CloudFront `CacheHitRate` of the distribution (additional metrics subscription);
 *   2. derived from an origin-event function on the same cache behavior: an origin event runs once
 *      per cache miss and the viewer event once per request, so hit rate = 1 − origin invocations /
 *      viewer invocations. Only the same behavior counts: another behavior's misses (its own paths
 *      and cache policy) say nothing about this one's;
 *   3. the `--hit-rate` flag.
 * Undefined when none applies: the caller must say "needs a hit rate", never assume one.
 */
export function resolveHitRate(model: UsageModel, viewer: AssociationUsage, hitRateFlag?: number): HitRate | undefined {
  const distributionId = viewer.binding.distributionId;
  const measured = model.cacheHitRateByDistribution.get(distributionId);
  if (measured !== undefined) {
    return {
      rate: measured,
      source: 'cloudfront-cache-hit-rate',
      explanation: `CloudFront CacheHitRate of ${distributionId} over the window (additional metrics)`,
    };
  }
  const derived = deriveFromSameBehavior(model, viewer);
  if (derived) return derived;
  if (hitRateFlag !== undefined) {
    return { rate: hitRateFlag, source: 'hit-rate-flag', explanation: `given with --hit-rate, as ${distributionId} has no CacheHitRate and no origin-event function on the cache behavior to derive one from` };
  }
  return undefined;
}

function attributedInvocations(association: AssociationUsage): number | undefined {
  return association.version === undefined ? undefined : association.version.invocations * association.share;
}

/** Origin-event associations of one cache behavior, origin-request first (it runs on every miss). */
function originAssociationsOf(model: UsageModel, distributionId: string, pathPattern: string): AssociationUsage[] {
  return model.allAssociations
    .filter((a) => a.binding.distributionId === distributionId && a.binding.pathPattern === pathPattern && ORIGIN_EVENTS.includes(a.binding.eventType))
    .sort((a, b) => ORIGIN_EVENTS.indexOf(a.binding.eventType) - ORIGIN_EVENTS.indexOf(b.binding.eventType));
}

function describe(binding: EventBinding, name: string | undefined): string {
  return `${name ?? binding.functionArn ?? 'an unresolved function'} on ${binding.eventType}`;
}

function deriveFromSameBehavior(model: UsageModel, viewer: AssociationUsage): HitRate | undefined {
  const viewerInvocations = attributedInvocations(viewer);
  if (viewerInvocations === undefined || viewerInvocations <= 0) return undefined;
  const origin = originAssociationsOf(model, viewer.binding.distributionId, viewer.binding.pathPattern)[0];
  const misses = origin ? attributedInvocations(origin) : undefined;
  if (origin === undefined || misses === undefined || misses > viewerInvocations) return undefined;
  const rate = 1 - misses / viewerInvocations;
  return {
    rate,
    source: 'derived-from-origin-events',
    explanation: `derived, as ${viewer.binding.distributionId} has no CloudFront CacheHitRate: ${describe(origin.binding, origin.version?.config.functionName)} on the same cache behavior ran ${Math.round(misses).toLocaleString('en-US')} times (once per cache miss) against ${Math.round(viewerInvocations).toLocaleString('en-US')} viewer invocations`,
  };
}
