import { Decimal, ZERO } from './money.js';
import type { Rates } from './sheet.js';

/**
 * The pricing engine (PRODUCT.md "Pricing rules"). Pure: quantities and rates in, decimals out.
 *
 * Lambda@Edge bills each invocation's duration rounded up to the billing granularity (1 ms).
 * CloudWatch only gives Sum(Duration), so the billed total is estimated as Sum + granularity/2 per
 * invocation (the expected rounding), bounded by Sum (low) and Sum + granularity per invocation (high).
 * With exact billed durations (Logs Insights `@billedDuration`), low = high = point.
 */

export interface LambdaEdgeUsage {
  invocations: number;
  /** Raw CloudWatch Duration sum, ms. */
  durationSumMs: number;
  memoryMB: number;
  /** Exact billed duration sum, ms, when known; replaces the rounding estimate. */
  billedDurationSumMs?: number;
}

export interface LambdaEdgeCost {
  invocations: number;
  billedDurationMs: Decimal;
  billedGbSeconds: Decimal;
  requestCostUsd: Decimal;
  durationCostUsd: Decimal;
  costUsd: Decimal;
  costLowUsd: Decimal;
  costHighUsd: Decimal;
}

const MB_MS_PER_GB_SECOND = 1024 * 1000;

export function gbSeconds(billedDurationMs: Decimal, memoryMB: number): Decimal {
  return billedDurationMs.times(memoryMB).div(MB_MS_PER_GB_SECOND);
}

export function priceLambdaEdge(usage: LambdaEdgeUsage, rates: Rates): LambdaEdgeCost {
  const invocations = new Decimal(usage.invocations);
  const requestCostUsd = invocations.times(rates.lambdaEdgeRequestUsd);
  const durationCost = (billedMs: Decimal) => gbSeconds(billedMs, usage.memoryMB).times(rates.lambdaEdgeGbSecondUsd);
  if (usage.billedDurationSumMs !== undefined) {
    const billed = new Decimal(usage.billedDurationSumMs);
    const durationCostUsd = durationCost(billed);
    const costUsd = requestCostUsd.plus(durationCostUsd);
    return {
      invocations: usage.invocations,
      billedDurationMs: billed,
      billedGbSeconds: gbSeconds(billed, usage.memoryMB),
      requestCostUsd,
      durationCostUsd,
      costUsd,
      costLowUsd: costUsd,
      costHighUsd: costUsd,
    };
  }
  const raw = new Decimal(usage.durationSumMs);
  const granularity = invocations.times(rates.billingGranularityMs);
  const billed = raw.plus(granularity.div(2));
  const durationCostUsd = durationCost(billed);
  return {
    invocations: usage.invocations,
    billedDurationMs: billed,
    billedGbSeconds: gbSeconds(billed, usage.memoryMB),
    requestCostUsd,
    durationCostUsd,
    costUsd: requestCostUsd.plus(durationCostUsd),
    costLowUsd: requestCostUsd.plus(durationCost(raw)),
    costHighUsd: requestCostUsd.plus(durationCost(raw.plus(granularity))),
  };
}

export const NO_COST: LambdaEdgeCost = {
  invocations: 0,
  billedDurationMs: ZERO,
  billedGbSeconds: ZERO,
  requestCostUsd: ZERO,
  durationCostUsd: ZERO,
  costUsd: ZERO,
  costLowUsd: ZERO,
  costHighUsd: ZERO,
};

export function addCosts(a: LambdaEdgeCost, b: LambdaEdgeCost): LambdaEdgeCost {
  return {
    invocations: a.invocations + b.invocations,
    billedDurationMs: a.billedDurationMs.plus(b.billedDurationMs),
    billedGbSeconds: a.billedGbSeconds.plus(b.billedGbSeconds),
    requestCostUsd: a.requestCostUsd.plus(b.requestCostUsd),
    durationCostUsd: a.durationCostUsd.plus(b.durationCostUsd),
    costUsd: a.costUsd.plus(b.costUsd),
    costLowUsd: a.costLowUsd.plus(b.costLowUsd),
    costHighUsd: a.costHighUsd.plus(b.costHighUsd),
  };
}

export function scaleCost(cost: LambdaEdgeCost, factor: Decimal): LambdaEdgeCost {
  return {
    invocations: cost.invocations * factor.toNumber(),
    billedDurationMs: cost.billedDurationMs.times(factor),
    billedGbSeconds: cost.billedGbSeconds.times(factor),
    requestCostUsd: cost.requestCostUsd.times(factor),
    durationCostUsd: cost.durationCostUsd.times(factor),
    costUsd: cost.costUsd.times(factor),
    costLowUsd: cost.costLowUsd.times(factor),
    costHighUsd: cost.costHighUsd.times(factor),
  };
}

/** Billed duration of one invocation: rounded up to the next billing granularity step. */
export function billedDurationPerInvocationMs(durationMs: number, rates: Rates): number {
  const steps = Math.ceil(durationMs / rates.billingGranularityMs - 1e-9);
  return Math.max(1, steps) * rates.billingGranularityMs;
}

/** CloudFront Functions cost for a number of invocations (no free tier: it is per account, not per function). */
export function priceCloudFrontFunctions(invocations: number, rates: Rates): Decimal {
  return new Decimal(invocations).times(rates.cloudfrontFunctionsInvocationUsd);
}

export const DAYS_PER_MONTH = 30.4375;

/** Monthly run-rate: window cost × 30.4375 / window days (PRODUCT.md). */
export function monthlyRunRate(cost: Decimal, windowDays: number): Decimal {
  if (windowDays <= 0) return ZERO;
  return cost.times(DAYS_PER_MONTH).div(windowDays);
}

/** Month-end forecast from a month-to-date cost. */
export function forecastMonthEnd(costToDate: Decimal, elapsedDays: number, monthDays: number): Decimal {
  if (elapsedDays <= 0) return ZERO;
  return costToDate.times(monthDays).div(elapsedDays);
}
