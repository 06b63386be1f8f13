import { type EventBinding, isViewerEvent } from '../model/inventory.js';
import type { Snapshot } from '../model/snapshot.js';
import { begunDays } from '../model/window.js';

/**
 * One rule, used by the report and by recommend, for splitting the usage of a function version that
 * serves several associations (replica metrics do not say which association an invocation served):
 * by each distribution's requests over the window's known days, origin events weighted by the
 * distribution's cache-miss rate (1 − hit rate) when CloudFront measured one; equally when any
 * distribution's requests are unknown or they add up to zero.
 */

export type AttributionBasis = 'single' | 'requests' | 'equal';

export interface Attribution {
  /** One share per binding, in order; they add up to 1 (empty for no binding). */
  shares: number[];
  /** `single`: one association; `requests`: by requests; `equal`: requests unknown or zero. */
  basis: AttributionBasis;
  /** The weight of each binding (requests, × miss rate for origin events); undefined where requests are unknown. */
  weights: (number | undefined)[];
}

type AttributionBinding = Pick<EventBinding, 'distributionId' | 'eventType'>;

export function attribute(
  bindings: readonly AttributionBinding[],
  requestsByDistribution: ReadonlyMap<string, number>,
  hitRateByDistribution: ReadonlyMap<string, number>,
): Attribution {
  const weights = bindings.map((b) => {
    const requests = requestsByDistribution.get(b.distributionId);
    if (requests === undefined) return undefined;
    const hitRate = hitRateByDistribution.get(b.distributionId);
    return !isViewerEvent(b.eventType) && hitRate !== undefined ? requests * (1 - hitRate) : requests;
  });
  if (bindings.length <= 1) return { shares: bindings.map(() => 1), basis: 'single', weights };
  const sum = weights.reduce<number>((a, w) => a + (w ?? 0), 0);
  if (weights.some((w) => w === undefined) || sum <= 0) return { shares: bindings.map(() => 1 / bindings.length), basis: 'equal', weights };
  return { shares: weights.map((w) => (w ?? 0) / sum), basis: 'requests', weights };
}

/** The shares of `attribute`, for callers that need only the numbers. */
export function attributionShares(
  bindings: readonly AttributionBinding[],
  requestsByDistribution: ReadonlyMap<string, number>,
  hitRateByDistribution: ReadonlyMap<string, number>,
): number[] {
  return attribute(bindings, requestsByDistribution, hitRateByDistribution).shares;
}

export interface DistributionTraffic {
  /** Requests of each distribution summed over its known days (absent when no day is known). */
  requests: Map<string, number>;
  /** CloudFront CacheHitRate, 0–1. */
  hitRates: Map<string, number>;
  /**
   * Days without a request count, per distribution with a request series, counting only days that
   * have begun by `now` (later days cannot have data); 0 when every begun day is known.
   */
  unknownRequestDays: Map<string, number>;
}

/** Requests per distribution over the window's known days, cache-hit rates, and the days missing. */
export function distributionTraffic(snapshot: Snapshot, now?: Date): DistributionTraffic {
  const begun = now === undefined ? snapshot.window.days : begunDays(snapshot.window, now);
  const requests = new Map<string, number>();
  const hitRates = new Map<string, number>();
  const unknownRequestDays = new Map<string, number>();
  for (const metrics of snapshot.distributionMetrics) {
    const key = metrics.distributionId;
    if (metrics.requests) {
      const known = metrics.requests.filter((v): v is number => v !== null && v !== undefined);
      if (known.length > 0) requests.set(key, (requests.get(key) ?? 0) + known.reduce((a, b) => a + b, 0));
      let unknown = 0;
      for (let day = 0; day < begun; day++) {
        const value = metrics.requests[day];
        if (value === null || value === undefined) unknown++;
      }
      unknownRequestDays.set(key, (unknownRequestDays.get(key) ?? 0) + unknown);
    }
    if (metrics.cacheHitRatePercent !== undefined) hitRates.set(key, metrics.cacheHitRatePercent / 100);
  }
  return { requests, hitRates, unknownRequestDays };
}
