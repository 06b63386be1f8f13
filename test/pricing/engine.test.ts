import { describe, expect, it } from 'vitest';
import { billedDurationPerInvocationMs, forecastMonthEnd, monthlyRunRate, priceCloudFrontFunctions, priceLambdaEdge } from '../../src/pricing/engine.js';
import { Decimal, formatUsd, sumDecimals } from '../../src/pricing/money.js';
import { loadPricing } from '../../src/sources/data-files.js';

const { rates } = loadPricing();

describe('priceLambdaEdge', () => {
  it("reproduces AWS's published example exactly: 10M × 10 ms × 128 MB = $6.625125", () => {
    const cost = priceLambdaEdge({ invocations: 10_000_000, durationSumMs: 0, billedDurationSumMs: 100_000_000, memoryMB: 128 }, rates);
    expect(cost.billedGbSeconds.toString()).toBe('12500');
    expect(cost.requestCostUsd.toString()).toBe('6');
    expect(cost.durationCostUsd.toString()).toBe('0.625125');
    expect(cost.costUsd.toString()).toBe('6.625125');
    expect(formatUsd(cost.costUsd)).toBe('$6.63');
  });

  // Hand-computed: billed = Sum(Duration) + 0.5 ms × invocations; GB-s = billed ms × MB / 1,024,000;
  // $0.60 per 1M requests; $0.00005001 per GB-s. Low: no rounding; high: + 1 ms per invocation.
  it.each([
    {
      name: '128 MB, 1,000 invocations, 2.5 ms mean',
      invocations: 1000,
      durationSumMs: 2500,
      memoryMB: 128,
      point: '0.00061875375',
      low: '0.000615628125',
      high: '0.000621879375',
      gbs: '0.375',
    },
    {
      name: '1024 MB, 1M invocations, 50 ms mean',
      invocations: 1_000_000,
      durationSumMs: 50_000_000,
      memoryMB: 1024,
      point: '3.125505',
      low: '3.1005',
      high: '3.15051',
      gbs: '50500',
    },
    {
      name: '10240 MB, one 1000.2 ms invocation',
      invocations: 1,
      durationSumMs: 1000.2,
      memoryMB: 10240,
      point: '0.00050105007',
      low: '0.00050080002',
      high: '0.00050130012',
      gbs: '10.007',
    },
    { name: 'no invocations', invocations: 0, durationSumMs: 0, memoryMB: 128, point: '0', low: '0', high: '0', gbs: '0' },
  ])('estimates rounding with bounds: $name', ({ invocations, durationSumMs, memoryMB, point, low, high, gbs }) => {
    const cost = priceLambdaEdge({ invocations, durationSumMs, memoryMB }, rates);
    expect(cost.costUsd.equals(new Decimal(point))).toBe(true);
    expect(cost.costLowUsd.equals(new Decimal(low))).toBe(true);
    expect(cost.costHighUsd.equals(new Decimal(high))).toBe(true);
    expect(cost.billedGbSeconds.equals(new Decimal(gbs))).toBe(true);
    expect(cost.costLowUsd.lte(cost.costUsd) && cost.costUsd.lte(cost.costHighUsd)).toBe(true);
  });

  it('uses exact billed durations when known: low = high = point', () => {
    const cost = priceLambdaEdge({ invocations: 1000, durationSumMs: 2500, billedDurationSumMs: 3000, memoryMB: 128 }, rates);
    expect(cost.costUsd.toString()).toBe('0.00061875375');
    expect(cost.costLowUsd.equals(cost.costUsd)).toBe(true);
    expect(cost.costHighUsd.equals(cost.costUsd)).toBe(true);
  });
});

describe('billedDurationPerInvocationMs', () => {
  it.each([
    [10, 10],
    [10.0001, 11],
    [10.0000000001, 11],
    [0.3, 1],
    [0, 1],
    [999.5, 1000],
  ])('%s ms is billed as %s ms', (duration, billed) => {
    expect(billedDurationPerInvocationMs(duration, rates)).toBe(billed);
  });
});

describe('money', () => {
  it('does not drift when summing many small amounts', () => {
    const amounts = Array.from({ length: 10_000 }, () => new Decimal('0.1'));
    expect(sumDecimals(amounts).toString()).toBe('1000');
    let float = 0;
    for (let i = 0; i < 10_000; i++) float += 0.1;
    expect(float).not.toBe(1000); // the drift decimals avoid
  });

  it.each([
    [0, '$0.00'],
    [6.625125, '$6.63'],
    [1234567.891, '$1,234,567.89'],
    [0.005, '$0.01'],
    [-2.5, '-$2.50'],
  ])('formats %s as %s', (value, text) => {
    expect(formatUsd(value)).toBe(text);
  });
});

describe('run-rate and forecast', () => {
  it('run-rate is cost × 30.4375 / window days', () => {
    expect(monthlyRunRate(new Decimal(100), 31).toFixed(10)).toBe('98.1854838710');
    expect(monthlyRunRate(new Decimal(30), 30).toString()).toBe('30.4375');
  });

  it('forecast projects the month from the days elapsed', () => {
    expect(forecastMonthEnd(new Decimal(50), 10, 30).toString()).toBe('150');
    expect(forecastMonthEnd(new Decimal(27), 27, 30).toString()).toBe('30');
  });

  it('prices CloudFront Functions at $0.10 per 1M', () => {
    expect(priceCloudFrontFunctions(10_000_000, rates).toString()).toBe('1');
  });
});
