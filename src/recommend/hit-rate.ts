import { type EventBinding, ORIGIN_EVENTS } from '../model/inventory.js';
import { formatCount } from './common.js';
import type { HitRate } from './types.js';
import type { AssociationUsage, UsageModel, VersionUsage } from './usage.js';

/**
 * The cache-hit rate of the traffic a viewer-event association sees, from the best source available
 * (PRODUCT.md "Recommendation kinds"):
 *   1. CloudFront `CacheHitRate` of the distribution (additional metrics subscription);
 *   2. derived from origin-event functions, which run once per cache miss:
 *      a. on the same cache behavior: hit rate = 1 − origin invocations / viewer invocations. It
 *         counts exactly this behavior's traffic, so it is preferred when both counts are measured
 *         (neither function version is split across several associations by estimate);
 *      b. on the whole distribution: hit rate = 1 − origin-request invocations / the distribution's
 *         CloudFront `Requests`, only when origin-request functions run on every cache behavior (a
 *         distribution with only the default behavior is the common case) — otherwise the misses of
 *         the uncovered behaviors are missing and the rate would be overstated;
 *      c. the same-behavior derivation from estimated shares, when (b) does not apply;
 *   3. the `--hit-rate` flag.
 * `notDerived` says why (2) gave nothing, so a "needs a hit rate" can name what is missing.
 */
export interface HitRateResolution {
  hitRate?: HitRate;
  /**
   * Why no rate (or, when the same-behavior rate from estimated shares is used, no better one) could
   * be derived from origin events; empty when CloudFront measured one or a measured derivation applied.
   */
  notDerived: string[];
}

interface Derivation {
  hitRate?: HitRate;
  /** Both counts measured (no estimated split of a shared version). */
  measured?: boolean;
  reason?: string;
}

export function resolveHitRate(model: UsageModel, viewer: AssociationUsage, hitRateFlag?: number): HitRateResolution {
  const distributionId = viewer.binding.distributionId;
  const measured = model.cacheHitRateByDistribution.get(distributionId);
  if (measured !== undefined) {
    return {
      hitRate: { rate: measured, source: 'cloudfront-cache-hit-rate', explanation: `CloudFront CacheHitRate of ${distributionId} over the window (additional metrics)` },
      notDerived: [],
    };
  }
  const behavior = deriveFromSameBehavior(model, viewer);
  if (behavior.hitRate && behavior.measured) return { hitRate: behavior.hitRate, notDerived: [] };
  const distribution = deriveFromDistributionRequests(model, viewer);
  if (distribution.hitRate) return { hitRate: distribution.hitRate, notDerived: [] };
  if (behavior.hitRate) {
    const reason = distribution.reason ?? 'it did not apply';
    return { hitRate: { ...behavior.hitRate, explanation: `${behavior.hitRate.explanation}; not derived ${reason}` }, notDerived: [reason] };
  }
  const notDerived = [behavior.reason, distribution.reason].filter((r): r is string => r !== undefined);
  if (hitRateFlag !== undefined) {
    return {
      hitRate: {
        rate: hitRateFlag,
        source: 'hit-rate-flag',
        explanation: `given with --hit-rate, as ${distributionId} has no CloudFront CacheHitRate and none could be derived (${notDerived.join('; ')})`,
      },
      notDerived,
    };
  }
  return { notDerived };
}

function attributedInvocations(association: AssociationUsage): number | undefined {
  return association.version === undefined ? undefined : association.version.invocations * association.share;
}

function describe(binding: EventBinding, name: string | undefined): string {
  return `${name ?? binding.functionArn ?? 'an unresolved function'} on ${binding.eventType}`;
}

function behaviorText(pathPattern: string): string {
  return pathPattern === '*' ? 'the default behavior (*)' : pathPattern;
}

/** Origin-event associations of one cache behavior, origin-request first (it runs on every miss). */
function originAssociationsOf(model: UsageModel, distributionId: string, pathPattern: string): AssociationUsage[] {
  return model.allAssociations
    .filter((a) => a.binding.distributionId === distributionId && a.binding.pathPattern === pathPattern && ORIGIN_EVENTS.includes(a.binding.eventType))
    .sort((a, b) => ORIGIN_EVENTS.indexOf(a.binding.eventType) - ORIGIN_EVENTS.indexOf(b.binding.eventType));
}

function deriveFromSameBehavior(model: UsageModel, viewer: AssociationUsage): Derivation {
  const { distributionId, pathPattern } = viewer.binding;
  const origin = originAssociationsOf(model, distributionId, pathPattern)[0];
  if (!origin) return { reason: `no origin-event function on the same cache behavior (${behaviorText(pathPattern)})` };
  const viewerInvocations = attributedInvocations(viewer);
  const misses = attributedInvocations(origin);
  const originName = describe(origin.binding, origin.version?.config.functionName);
  if (viewerInvocations === undefined || viewerInvocations <= 0) return { reason: 'the viewer function has no invocations to compare with' };
  if (misses === undefined) return { reason: `the configuration of ${originName} on the same cache behavior is not in the data` };
  if (misses > viewerInvocations) {
    return {
      reason: `${originName} on the same cache behavior ran more often (${formatCount(misses)}) than the viewer function (${formatCount(viewerInvocations)}): the counts do not match`,
    };
  }
  const estimated = viewer.share !== 1 || origin.share !== 1;
  return {
    measured: !estimated,
    hitRate: {
      rate: 1 - misses / viewerInvocations,
      source: 'derived-from-origin-events',
      explanation: `derived from the same cache behavior, as ${distributionId} has no CloudFront CacheHitRate: ${originName} ran ${formatCount(misses)} times (once per cache miss) against ${formatCount(viewerInvocations)} viewer invocations${estimated ? ' (invocations of a version shared by several associations, split by estimate)' : ''}`,
    },
  };
}

function deriveFromDistributionRequests(model: UsageModel, viewer: AssociationUsage): Derivation {
  const { distributionId } = viewer.binding;
  const fail = (reason: string): Derivation => ({ reason: `from ${distributionId}'s requests: ${reason}` });
  const requests = model.requestsByDistribution.get(distributionId);
  const unknownDays = model.unknownRequestDaysByDistribution.get(distributionId) ?? 0;
  if (requests === undefined) return fail('its CloudFront Requests are unknown');
  if (unknownDays > 0) return fail(`its CloudFront Requests are unknown on ${unknownDays} day${unknownDays === 1 ? '' : 's'}`);
  if (requests <= 0) return fail('it served no request');

  const distribution = model.snapshot.inventory.distributions.find((d) => d.id === distributionId);
  const behaviors = distribution?.behaviors.map((b) => b.pathPattern) ?? [];
  const originRequest = model.allAssociations.filter((a) => a.binding.distributionId === distributionId && a.binding.eventType === 'origin-request');
  if (originRequest.length === 0) return fail('no origin-request function runs on it');
  const covered = new Set(originRequest.map((a) => a.binding.pathPattern));
  const uncovered = behaviors.filter((p) => !covered.has(p));
  if (uncovered.length > 0) {
    return fail(
      `origin-request functions run on ${[...covered].map(behaviorText).join(', ')} but not on ${uncovered.map(behaviorText).join(', ')}, whose cache misses would be missing (the rate would be overstated)`,
    );
  }

  // Each origin-request version must run only on this distribution's origin-request events, so that
  // all of its invocations are this distribution's cache misses (measured, not split by estimate).
  const versions = new Map<string, VersionUsage>();
  for (const association of originRequest) {
    const version = association.version;
    const name = describe(association.binding, version?.config.functionName);
    if (!version) return fail(`the configuration of ${name} is not in the data`);
    const elsewhere = model.allAssociations.filter((a) => a.version === version && (a.binding.distributionId !== distributionId || a.binding.eventType !== 'origin-request'));
    if (elsewhere.length > 0) {
      return fail(
        `${name} also runs on ${elsewhere.map((a) => `${a.binding.eventType} of ${a.binding.distributionId}`).join(', ')}, so its invocations here are not measured apart`,
      );
    }
    if (version.unknownDays > 0) return fail(`${version.config.functionName} has ${version.unknownDays} region-day(s) with no data, so its invocations are a lower bound`);
    versions.set(version.config.key, version);
  }
  if (model.failedRegions.length > 0) {
    return fail(
      `region${model.failedRegions.length === 1 ? '' : 's'} ${model.failedRegions.join(', ')} failed, so origin-request invocations are a lower bound (the rate would be overstated)`,
    );
  }
  const misses = [...versions.values()].reduce((a, v) => a + v.invocations, 0);
  if (misses > requests)
    return fail(`its origin-request functions ran more often (${formatCount(misses)}) than it served requests (${formatCount(requests)}): the counts do not match`);
  const names = [...versions.values()].map((v) => v.config.functionName).join(' + ');
  return {
    measured: true,
    hitRate: {
      rate: 1 - misses / requests,
      source: 'derived-from-distribution-requests',
      explanation: `derived from the whole distribution, as ${distributionId} has no CloudFront CacheHitRate: origin-request ${versions.size === 1 ? 'function' : 'functions'} ${names} on every cache behavior ran ${formatCount(misses)} times (once per cache miss) against ${formatCount(requests)} CloudFront Requests${behaviors.length > 1 ? '; the distribution-wide rate stands for this cache behavior' : ''}`,
    },
  };
}
