import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { buildReport } from '../../src/report/build.js';
import { loadPricing } from '../../src/sources/data-files.js';
import { mergeSnapshots, parseSnapshot } from '../../src/sources/snapshot.js';

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

  it('divides the run-rate by the days that have happened in a month still in progress', () => {
    const snapshot = small();
    // the window is Nov 1–3; on Nov 2 at 12:00 only 1.5 days have happened
    const report = buildReport(snapshot, { pricing, now: new Date('2026-11-02T12:00:00Z') });
    expect(report.coveredDays).toBe(1.5);
    expect(report.totals.monthlyRunRateUsd).toBeCloseTo((report.totals.costUsd * 30.4375) / 1.5, 12);
    // the third day has not begun: its zeros are not "unknown days"
    expect(report.incomplete.some((r) => r.includes('days with no data'))).toBe(false);
  });

  it('gives a forecast only when the month-to-date window reaches today', () => {
    const snapshot = small(); // Nov 1–3
    expect(buildReport(snapshot, { pricing, now: new Date('2026-11-04T10:00:00Z') }).totals.forecastMonthEndUsd).toBeDefined();
    expect(buildReport(snapshot, { pricing, now: new Date('2026-11-20T10:00:00Z') }).totals.forecastMonthEndUsd).toBeUndefined();
  });

  it('lists what it could not price in `incomplete`', () => {
    const snapshot = small();
    snapshot.inventory.functions = snapshot.inventory.functions.filter((f) => f.functionName !== 'fn-b');
    snapshot.usage[1]!.invocations[2] = null;
    const report = buildReport(snapshot, { pricing, now });
    expect(report.incomplete).toEqual([
      expect.stringContaining('1 usage series have days with no data'),
      expect.stringMatching(/no memory size known for fn-b \(300 invocations in us-east-1\)/),
      expect.stringContaining('region ap-south-1 failed'),
    ]);
    const complete = small();
    complete.regions = complete.regions.filter((r) => r.status === 'ok');
    expect(buildReport(complete, { pricing, now }).incomplete).toEqual([]);
  });

  it("with --distribution, counts only that distribution's share of a shared function", () => {
    const demo = demoSnapshot();
    const all = buildReport(demo, { pricing, now });
    const e2 = buildReport(demo, { pricing, now, distributionIds: ['E2DOCSSITE002'] });
    const e2Row = all.byDistribution.find((r) => r.key === 'E2DOCSSITE002')!;
    expect(e2.totals.costUsd).toBeCloseTo(e2Row.costUsd, 9);
    expect(e2.byDistribution.map((r) => r.key)).toEqual(['E2DOCSSITE002']);
    expect(e2.functions.flatMap((f) => f.events.map((e) => e.distributionId))).not.toContain('E1SHOPWEB0001');
    expect(e2.byDay.reduce((a, d) => a + d.costUsd, 0)).toBeCloseTo(e2.totals.costUsd, 9);
  });

  it('reports merged accounts with one row per account and region, adding up to the total', () => {
    const text = readFileSync(fixture, 'utf8');
    const a = parseSnapshot('a.json', text);
    const b = parseSnapshot('b.json', text.replace(/123456789012/g, '210987654321'));
    const merged = mergeSnapshots([
      { file: 'a.json', snapshot: a },
      { file: 'b.json', snapshot: b },
    ]);
    const report = buildReport(merged, { pricing, now });
    expect(report.totals.costUsd).toBeCloseTo(2 * 0.0036948504375, 15);
    expect(
      report.regions
        .filter((r) => r.region === 'us-east-1')
        .map((r) => r.accountId)
        .sort(),
    ).toEqual(['123456789012', '210987654321']);
    const regionSum = report.regions.reduce((sum, r) => sum + (r.costUsd ?? 0), 0);
    expect(regionSum).toBeCloseTo(report.totals.costUsd, 15);
  });

  it('shows every memory size of a function whose versions differ, the most used first', () => {
    const snapshot = small();
    const v1 = snapshot.inventory.functions.find((f) => f.functionName === 'fn-a')!;
    snapshot.inventory.functions.push({ ...v1, key: `${v1.functionArn}:2`, version: '2', memoryMB: 256 });
    snapshot.usage.push({ ...snapshot.usage[0]!, version: '2', invocations: [10, 10, 10], durationSumMs: [10, 10, 10] });
    const fnA = buildReport(snapshot, { pricing, now }).functions.find((f) => f.functionName === 'fn-a')!;
    expect(fnA.memoryMB).toBe(128);
    expect(fnA.memorySizesMB).toEqual([128, 256]);
    // 30 invocations of 10 ms at 256 MB: (30 + 15) ms × 256 / 1,024,000 GB-s on top of version 1
    expect(fnA.billedGbSeconds).toBeCloseTo(0.75 + 0.46875 + (45 * 256) / 1_024_000, 12);
  });
});
