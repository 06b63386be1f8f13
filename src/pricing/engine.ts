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

/**
 * Usage reduced to what the bill is linear in: invocations and MB-milliseconds (billed ms × memory
 * MB) at the low, point and high rounding assumptions. Quantities of many series are added (and
 * split) before pricing, so a large account is priced with a few decimal operations per group.
 */
export interface BillableQuantities {
  invocations: Decimal;
  lowMbMs: Decimal;
  pointMbMs: Decimal;
  highMbMs: Decimal;
}

/** A compensated (Neumaier) sum of numbers: quantities such as GB-seconds, never money. */
export function sumNumbers(values: Iterable<number>): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    compensation += neumaierError(sum, value);
    sum += value;
  }
  return sum + compensation;
}

/** What adding `value` to `sum` in doubles loses, to carry in the compensation (Neumaier). */
function neumaierError(sum: number, value: number): number {
  const next = sum + value;
  return Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
}

/**
 * Compensated (Neumaier) sums of usage quantities. Quantities are measurements (CloudWatch sends
 * doubles); compensated summation keeps a sum of millions of them exact to the last bit that
 * matters, and money is computed from the result in decimal, once per group.
 */
export class QuantitySum {
  private readonly sums = new Float64Array(4);
  private readonly compensation = new Float64Array(4);

  private add(index: number, value: number): void {
    const sum = this.sums[index]!;
    this.compensation[index]! += neumaierError(sum, value);
    this.sums[index] = sum + value;
  }

  /** Adds one series: `invocations`, raw Duration sum (ms), memory, or an exact billed sum. */
  addUsage(usage: LambdaEdgeUsage, rates: Rates, share = 1): this {
    const invocations = usage.invocations * share;
    this.add(0, invocations);
    if (usage.billedDurationSumMs !== undefined) {
      const billed = usage.billedDurationSumMs * usage.memoryMB * share;
      this.add(1, billed);
      this.add(2, billed);
      this.add(3, billed);
      return this;
    }
    const raw = usage.durationSumMs * usage.memoryMB * share;
    const rounding = invocations * rates.billingGranularityMs * usage.memoryMB;
    this.add(1, raw);
    this.add(2, raw);
    this.add(2, rounding / 2);
    this.add(3, raw);
    this.add(3, rounding);
    return this;
  }

  get invocations(): number {
    return this.sums[0]! + this.compensation[0]!;
  }

  /** GB-seconds and cost at the point estimate only: the cheap path for the many per-region rows. */
  pointCost(rates: Rates): { billedGbSeconds: Decimal; costUsd: Decimal } {
    const billedGbSeconds = new Decimal(this.sums[2]!).plus(this.compensation[2]!).div(MB_MS_PER_GB_SECOND);
    const costUsd = new Decimal(this.invocations).times(rates.lambdaEdgeRequestUsd).plus(billedGbSeconds.times(rates.lambdaEdgeGbSecondUsd));
    return { billedGbSeconds, costUsd };
  }

  /**
   * Billed GB-seconds at the low, point and high rounding assumptions, as numbers: quantities
   * (CloudWatch doubles), not money, so a double division is exact enough (to 15 digits).
   */
  gbSecondsRange(): { low: number; point: number; high: number } {
    const value = (index: number) => Number(((this.sums[index]! + this.compensation[index]!) / MB_MS_PER_GB_SECOND).toPrecision(15));
    return { low: value(1), point: value(2), high: value(3) };
  }

  toQuantities(): BillableQuantities {
    const value = (index: number) => new Decimal(this.sums[index]!).plus(this.compensation[index]!);
    return { invocations: value(0), lowMbMs: value(1), pointMbMs: value(2), highMbMs: value(3) };
  }
}

export function priceQuantities(q: BillableQuantities, rates: Rates): LambdaEdgeCost {
  const requestCostUsd = q.invocations.times(rates.lambdaEdgeRequestUsd);
  const durationCost = (mbMs: Decimal) => mbMs.div(MB_MS_PER_GB_SECOND).times(rates.lambdaEdgeGbSecondUsd);
  const durationCostUsd = durationCost(q.pointMbMs);
  return {
    invocations: q.invocations.toNumber(),
    billedGbSeconds: q.pointMbMs.div(MB_MS_PER_GB_SECOND),
    requestCostUsd,
    durationCostUsd,
    costUsd: requestCostUsd.plus(durationCostUsd),
    costLowUsd: requestCostUsd.plus(durationCost(q.lowMbMs)),
    costHighUsd: requestCostUsd.plus(durationCost(q.highMbMs)),
  };
}

/** Prices one usage exactly in decimal (the estimate and tests use it directly). */
export function priceLambdaEdge(usage: LambdaEdgeUsage, rates: Rates): LambdaEdgeCost {
  const invocations = new Decimal(usage.invocations);
  if (usage.billedDurationSumMs !== undefined) {
    const billed = new Decimal(usage.billedDurationSumMs).times(usage.memoryMB);
    return priceQuantities({ invocations, lowMbMs: billed, pointMbMs: billed, highMbMs: billed }, rates);
  }
  const raw = new Decimal(usage.durationSumMs).times(usage.memoryMB);
  const rounding = invocations.times(rates.billingGranularityMs).times(usage.memoryMB);
  return priceQuantities({ invocations, lowMbMs: raw, pointMbMs: raw.plus(rounding.div(2)), highMbMs: raw.plus(rounding) }, rates);
}

/** Billed duration of one invocation: rounded up to the next billing granularity step (at least one). */
export function billedDurationPerInvocationMs(durationMs: number, rates: Rates): number {
  const steps = new Decimal(durationMs).div(rates.billingGranularityMs).ceil();
  return Decimal.max(1, steps).times(rates.billingGranularityMs).toNumber();
}

/** CloudFront Functions cost for a number of invocations (no free tier: it is per account, not per function). */
export function priceCloudFrontFunctions(invocations: number | Decimal, rates: Rates): Decimal {
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
