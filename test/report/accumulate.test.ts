import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { Selection } from '../../src/model/selection.js';
import { accumulateUsage } from '../../src/report/accumulate.js';
import { buildReport } from '../../src/report/build.js';
import { dayRows, functionRows, priceSum, regionRows } from '../../src/report/rows.js';
import { loadPricing } from '../../src/sources/data-files.js';

const pricing = loadPricing();
const now = new Date('2026-11-20T00:00:00Z');
const snapshot = demoSnapshot();

describe('buildReport in steps: accumulate, rows, assemble', () => {
  it('the rows priced from the accumulation are the report’s, and add up to its total', () => {
    const selection = new Selection();
    const acc = accumulateUsage(snapshot, { rates: pricing.rates, now, selection });
    const report = buildReport(snapshot, { pricing, now });
    expect(functionRows(acc, { rates: pricing.rates, selection, days: 31 })).toEqual(report.functions);
    expect(regionRows(snapshot, acc, pricing.rates)).toEqual(report.regions);
    expect(dayRows(acc, pricing.rates)).toEqual(report.byDay);
    expect(priceSum(acc.total, pricing.rates).costUsd.toNumber()).toBe(report.totals.costUsd);
    const functionsSum = report.functions.reduce((a, f) => a + f.costUsd, 0);
    expect(functionsSum).toBeCloseTo(report.totals.costUsd, 9);
    expect(acc.unpriced.size).toBe(0);
    expect(acc.unknownDaySeries).toBe(0);
  });

  it('a --function selection accumulates only that function, and names what matched nothing', () => {
    const selection = new Selection({ functionNames: ['auth-check', 'no-such-fn'] });
    const acc = accumulateUsage(snapshot, { rates: pricing.rates, now, selection });
    expect([...acc.functions.values()].map((f) => f.functionName)).toEqual(['auth-check']);
    const report = buildReport(snapshot, { pricing, now, selection });
    expect(report.totals.costUsd).toBe(buildReport(snapshot, { pricing, now }).functions.find((f) => f.functionName === 'auth-check')!.costUsd);
    expect(report.warnings).toContain('--function no-such-fn: no usage of a function with that name in the data');
  });
});
