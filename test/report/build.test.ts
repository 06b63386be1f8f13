import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { buildReport } from '../../src/report/build.js';
import { loadPricing } from '../../src/pricing/sheet.js';
import { parseSnapshot } from '../../src/sources/snapshot.js';

const pricing = loadPricing();
const fixture = new URL('../fixtures/snapshots/small.json', import.meta.url);
const small = () => parseSnapshot('small.json', readFileSync(fixture, 'utf8'));
const now = new Date('2026-11-28T12:00:00Z');

/*
 * Hand-computed (billed = Sum + 0.5 ms × invocations; GB-s = ms × MB / 1,024,000):
 *   fn-a us-east-1: 3,000 inv, 4,500 ms → 6,000 ms billed, 0.75 GB-s    → $0.0018 + $0.0000375075      = $0.0018375075
 *   fn-a eu-west-1: 1,500 inv, 3,000 ms → 3,750 ms billed, 0.46875 GB-s → $0.0009 + $0.0000234421875   = $0.0009234421875
 *   fn-b us-east-1:   300 inv, 30,000 ms → 30,150 ms × 512 MB, 15.075 GB-s → $0.00018 + $0.00075390075 = $0.00093390075
 *   total $0.0036948504375; run-rate × 30.4375 / 3 = $0.03748733673046875
 */
describe('buildReport', () => {
  it('prices each function and region to hand-computed values', () => {
    const report = buildReport(small(), { pricing, now });
    expect(report.kind).toBe('edgecost.report');
    expect(report.totals.invocations).toBe(4800);
    expect(report.totals.costUsd).toBeCloseTo(0.0036948504375, 15);
    expect(report.totals.monthlyRunRateUsd).toBeCloseTo(0.03748733673046875, 15);
    const fnA = report.functions.find((f) => f.functionName === 'fn-a')!;
    expect(fnA.costUsd).toBeCloseTo(0.0018375075 + 0.0009234421875, 15);
    expect(fnA.memoryMB).toBe(128);
    expect(fnA.maxDurationMs).toBe(4);
    expect(fnA.events).toEqual([{ distributionId: 'EDIST1', eventType: 'viewer-request', pathPattern: '*' }]);
    expect(fnA.regions.map((r) => [r.region, r.invocations, r.durationMs])).toEqual([
      ['us-east-1', 3000, 4500],
      ['eu-west-1', 1500, 3000],
    ]);
    const fnB = report.functions.find((f) => f.functionName === 'fn-b')!;
    expect(fnB.costUsd).toBeCloseTo(0.00093390075, 15);
    expect(fnB.billedGbSeconds).toBeCloseTo(15.075, 12);
  });

  it('reports a failed region as unknown, never as zero, and warns', () => {
    const report = buildReport(small(), { pricing, now });
    const failed = report.regions.find((r) => r.region === 'ap-south-1')!;
    expect(failed).toMatchObject({ status: 'failed', costUsd: null, invocations: null });
    expect(failed.error).toContain('cloudwatch:GetMetricData');
    expect(report.warnings.some((w) => w.includes('ap-south-1') && w.includes('unknown'))).toBe(true);
    const usEast = report.regions.find((r) => r.region === 'us-east-1')!;
    expect(usEast.costUsd).toBeCloseTo(0.0018375075 + 0.00093390075, 15);
  });

  it('groups by event type, distribution and day with the same total', () => {
    const report = buildReport(small(), { pricing, now });
    const byEvent = Object.fromEntries(report.byEventType.map((r) => [r.key, r.costUsd]));
    expect(byEvent['viewer-request']).toBeCloseTo(0.0018375075 + 0.0009234421875, 15);
    expect(byEvent['origin-request']).toBeCloseTo(0.00093390075, 15);
    expect(report.byDistribution).toHaveLength(1);
    expect(report.byDistribution[0]!.costUsd).toBeCloseTo(report.totals.costUsd, 15);
    expect(report.byDay.map((d) => d.invocations)).toEqual([1600, 2600, 600]);
    expect(report.byDay.reduce((a, d) => a + d.costUsd, 0)).toBeCloseTo(report.totals.costUsd, 15);
  });

  it('filters by function and distribution', () => {
    expect(buildReport(small(), { pricing, now, functionNames: ['fn-b'] }).totals.invocations).toBe(300);
    expect(buildReport(small(), { pricing, now, distributionIds: ['ENOPE'] }).totals.invocations).toBe(0);
  });

  it('uses exact billed durations when the snapshot has them', () => {
    const snapshot = small();
    snapshot.exact = true;
    for (const series of snapshot.usage) series.billedDurationSumMs = series.durationSumMs.map((d, i) => (d ?? 0) + (series.invocations[i] ?? 0));
    const report = buildReport(snapshot, { pricing, now });
    expect(report.durationBasis).toBe('exact-billed');
    expect(report.totals.costLowUsd).toBe(report.totals.costUsd);
    expect(report.totals.costHighUsd).toBe(report.totals.costUsd);
  });

  it('forecasts the month end when the window is the current month to date', () => {
    const snapshot = small();
    const report = buildReport(snapshot, { pricing, now: new Date('2026-11-04T00:00:00Z') });
    // 3 of 30 days elapsed: forecast = cost × 30 / 3
    expect(report.totals.forecastMonthEndUsd).toBeCloseTo(0.0036948504375 * 10, 14);
    expect(buildReport(snapshot, { pricing, now: new Date('2026-12-05T00:00:00Z') }).totals.forecastMonthEndUsd).toBeUndefined();
  });

  it('splits a function shared by two distributions by their requests', () => {
    const report = buildReport(demoSnapshot(), { pricing, now });
    const authCheck = report.functions.find((f) => f.functionName === 'auth-check')!;
    expect(authCheck.events.map((e) => e.distributionId).sort()).toEqual(['E1SHOPWEB0001', 'E2DOCSSITE002']);
    const dist = Object.fromEntries(report.byDistribution.map((r) => [r.key, r]));
    const total = report.byDistribution.reduce((a, r) => a + r.costUsd, 0);
    expect(total).toBeCloseTo(report.totals.costUsd, 9);
    expect(dist.E2DOCSSITE002!.invocations).toBeGreaterThan(0);
  });

  it('reports a function with no known memory as unknown, not as zero cost', () => {
    const snapshot = small();
    snapshot.inventory.functions = snapshot.inventory.functions.filter((f) => f.functionName !== 'fn-b');
    const report = buildReport(snapshot, { pricing, now });
    expect(report.functions.map((f) => f.functionName)).toEqual(['fn-a']);
    expect(report.warnings.some((w) => w.includes('fn-b') && w.includes('unknown'))).toBe(true);
  });
});
