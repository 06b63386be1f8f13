import { EVENT_TYPES, type EventType, isEventType, isViewerEvent } from '../model/inventory.js';
import { billedDurationPerInvocationMs, priceCloudFrontFunctions, priceQuantities } from './engine.js';
import { Decimal } from './money.js';
import type { Pricing } from './sheet.js';

export const ESTIMATE_KIND = 'edgecost.estimate';

export interface EstimateInput {
  /** Viewer requests per month. */
  requests: number;
  /** Duration of one invocation, ms (rounded up to the billing granularity). */
  durationMs: number;
  memoryMB: number;
  event: EventType;
  /** Cache-hit rate 0–1: origin events run only on misses. Undefined means 0 (every request a miss). */
  hitRate?: number;
}

export type Placement = EventType | 'cloudfront-functions';

export interface EstimateAlternative {
  placement: Placement;
  invocations: number;
  costUsd: number;
  monthlySavingsUsd: number;
  notes: string[];
}

export interface Estimate {
  schemaVersion: 1;
  kind: typeof ESTIMATE_KIND;
  pricing: { id: string; currency: 'USD' };
  input: { requests: number; durationMs: number; billedDurationMs: number; memoryMB: number; event: EventType; hitRate: number; hitRateGiven: boolean };
  event: EventType;
  invocations: number;
  billedGbSeconds: number;
  requestCostUsd: number;
  durationCostUsd: number;
  costUsd: number;
  alternatives: EstimateAlternative[];
  assumptions: string[];
  /** Placements whose event quotas the planned function would break (CloudFront would reject them). */
  warnings: string[];
}

/** Viewer events run on every request; origin events on misses only. Decimal, so 10M × (1 − 0.85) is 1,500,000 exactly. */
function invocationsFor(event: EventType, requests: number, hitRate: number): Decimal {
  return isViewerEvent(event) ? new Decimal(requests) : new Decimal(requests).times(new Decimal(1).minus(hitRate));
}

/** The per-event quotas an estimate checks (a `QuotaTable` from quotas/lambda-edge.json). */
export interface EventQuotas {
  forEvent(eventType: EventType, name: string): { value: number; source: string };
}

/** What CloudFront would reject at each placement: the estimate still prices it, and says so. */
export function quotaWarnings(input: Pick<EstimateInput, 'memoryMB' | 'durationMs'>, placements: readonly EventType[], quotas: EventQuotas): string[] {
  const warnings: string[] = [];
  for (const event of placements) {
    const memory = quotas.forEvent(event, 'memoryMB');
    if (input.memoryMB > memory.value) warnings.push(`${event}: ${input.memoryMB} MB is over the ${memory.value} MB limit of the event (${memory.source})`);
    const timeout = quotas.forEvent(event, 'timeoutSec');
    if (input.durationMs > timeout.value * 1000) warnings.push(`${event}: ${input.durationMs} ms is over the ${timeout.value} s timeout limit of the event (${timeout.source})`);
  }
  return warnings;
}

/**
 * What-if calculator (PRODUCT.md `estimate`): the monthly cost of a planned function at its event,
 * at each other event placement, and as a CloudFront Function. Viewer events run once per viewer
 * request; origin events only on cache misses. With `quotas`, `warnings` names the placements
 * whose memory or timeout limit the function would break (the event's first, then the others').
 */
export function estimate(input: EstimateInput, pricing: Pricing, quotas?: EventQuotas): Estimate {
  const { rates } = pricing;
  const hitRate = input.hitRate ?? 0;
  const billedMs = billedDurationPerInvocationMs(input.durationMs, rates);
  const priceAt = (event: EventType) => {
    const invocations = invocationsFor(event, input.requests, hitRate);
    const mbMs = invocations.times(billedMs).times(input.memoryMB);
    return priceQuantities({ invocations, lowMbMs: mbMs, pointMbMs: mbMs, highMbMs: mbMs }, rates);
  };
  const current = priceAt(input.event);
  const savings = (cost: Decimal) => current.costUsd.minus(cost).toNumber();

  const alternatives: EstimateAlternative[] = EVENT_TYPES.filter((event) => event !== input.event).map((event) => {
    const cost = priceAt(event);
    const notes: string[] = [];
    if (!isViewerEvent(event)) {
      notes.push(
        input.hitRate === undefined
          ? 'no --hit-rate given: assumes every request is a cache miss, so the origin event runs as often as the viewer event'
          : `runs only on cache misses (${(hitRate * 100).toFixed(1)}% hit rate)`,
      );
      if (isViewerEvent(input.event)) notes.push('valid only if the logic does not depend on per-viewer data outside the cache key');
    }
    if ((input.event.endsWith('request') && event.endsWith('response')) || (input.event.endsWith('response') && event.endsWith('request'))) {
      notes.push('request and response events see different data: moving between them changes what the function can do');
    }
    return { placement: event, invocations: cost.invocations, costUsd: cost.costUsd.toNumber(), monthlySavingsUsd: savings(cost.costUsd), notes };
  });

  // CloudFront Functions run on viewer events only: from an origin event they would run on every request.
  const cffCost = priceCloudFrontFunctions(input.requests, rates);
  alternatives.push({
    placement: 'cloudfront-functions',
    invocations: input.requests,
    costUsd: cffCost.toNumber(),
    monthlySavingsUsd: savings(cffCost),
    notes: [
      'CloudFront Functions run JavaScript only, with no network or body access and a sub-millisecond compute budget: the logic must fit',
      ...(isViewerEvent(input.event) ? [] : ['CloudFront Functions run on viewer events only: on every request, cache hits included, not only on misses']),
      `the first ${rates.cloudfrontFunctionsFreeInvocations?.toLocaleString('en-US') ?? 'free'} invocations a month are free per account; not subtracted here`,
    ],
  });
  alternatives.sort((a, b) => b.monthlySavingsUsd - a.monthlySavingsUsd);

  const assumptions = [
    `${input.requests.toLocaleString('en-US')} viewer requests a month`,
    `each invocation billed ${billedMs} ms (duration ${input.durationMs} ms rounded up to ${rates.billingGranularityMs} ms)`,
    `${input.memoryMB} MB memory`,
  ];
  if (!isViewerEvent(input.event)) {
    assumptions.push(input.hitRate === undefined ? 'no --hit-rate: every request assumed a cache miss' : `cache-hit rate ${(hitRate * 100).toFixed(1)}%`);
  }

  return {
    schemaVersion: 1,
    kind: ESTIMATE_KIND,
    pricing: { id: pricing.sheet.id, currency: pricing.sheet.currency },
    // Field by field, so the document is the same whatever else (or in which order) the caller's input holds.
    input: {
      requests: input.requests,
      durationMs: input.durationMs,
      memoryMB: input.memoryMB,
      event: input.event,
      hitRate,
      billedDurationMs: billedMs,
      hitRateGiven: input.hitRate !== undefined,
    },
    event: input.event,
    invocations: current.invocations,
    billedGbSeconds: current.billedGbSeconds.toNumber(),
    requestCostUsd: current.requestCostUsd.toNumber(),
    durationCostUsd: current.durationCostUsd.toNumber(),
    costUsd: current.costUsd.toNumber(),
    alternatives,
    assumptions,
    warnings: quotas ? quotaWarnings(input, [input.event, ...alternatives.map((a) => a.placement).filter(isEventType)], quotas) : [],
  };
}
