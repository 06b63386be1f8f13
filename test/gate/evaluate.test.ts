import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { evaluateGate, type GateLimits } from '../../src/gate/evaluate.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { loadPricing } from '../../src/pricing/sheet.js';
import { buildReport } from '../../src/report/build.js';
import { compareReports, parseBaseline } from '../../src/report/compare.js';
import { parseSnapshot } from '../../src/sources/snapshot.js';

const pricing = loadPricing();
const text = (name: string) => readFileSync(new URL(`../fixtures/gate/${name}`, import.meta.url), 'utf8');

/*
 * test/fixtures/gate/current.json, a 2-day window from 2026-11-01 (hand-computed in test/report/compare.test.ts):
 *   total run-rate $20.83648409296875 (window cost $1.369132425 × 30.4375 / 2); fn-a $18.64304484375;
 *   baseline total $9.4703886769921875 → +120.0172 %; fn-b +159.86 %.
 * At now = 2026-11-03T00:00Z the window is the month to date: forecast = cost × 30 / 2 = $20.536986375 (fn-a $18.375075).
 */
function gate(limits: GateLimits, options: { now?: string; snapshot?: Snapshot; baseline?: boolean } = {}) {
  const now = new Date(options.now ?? '2026-11-20T00:00:00Z');
  const snapshot = options.snapshot ?? parseSnapshot('current.json', text('current.json'));
  const report = buildReport(snapshot, { pricing, now });
  const comparison = options.baseline ? compareReports(report, parseBaseline('baseline.json', text('baseline.json'), { pricing, now }), pricing) : undefined;
  return evaluateGate({ report, snapshot, comparison, now }, limits);
}

describe('evaluateGate', () => {
  it.each([
    [25, true],
    [20.84, true],
    [20.83, false],
    [10, false],
  ])('--budget %d on the run-rate $20.836… → passed %s', (budget, passed) => {
    const doc = gate({ budgetUsd: budget });
    expect(doc).toMatchObject({ kind: 'edgecost.gate', schemaVersion: 1, basis: 'run-rate', passed, complete: true });
    expect(doc.checks).toHaveLength(1);
    expect(doc.checks[0]).toMatchObject({ name: 'budget', limit: budget, passed, unit: 'USD/month' });
    expect(doc.checks[0]!.actual).toBeCloseTo(20.83648409296875, 12);
  });

  it('--forecast compares the month-end forecast of a month-to-date window', () => {
    const doc = gate({ budgetUsd: 20.6, forecast: true, functions: [{ functionName: 'fn-a', budgetUsd: 18.4 }] }, { now: '2026-11-03T00:00:00Z' });
    expect(doc.basis).toBe('forecast');
    expect(doc.checks[0]!.actual).toBeCloseTo(20.536986375, 12);
    expect(doc.checks[1]!.actual).toBeCloseTo(18.375075, 12);
    expect(doc.passed).toBe(true);
    expect(doc.checks[0]!.detail).toMatch(/month-end forecast \$20\.54 ≤ budget \$20\.60/);
  });

  it('--forecast on a window that is not the month to date is a usage error', () => {
    expect(() => gate({ budgetUsd: 20, forecast: true }, { now: '2026-12-05T00:00:00Z' })).toThrow(UsageError);
  });

  it.each([
    [150, true],
    [120, false],
  ])('--max-increase %d against the baseline (+120.02 %) → passed %s', (limit, passed) => {
    const doc = gate({ maxIncreasePercent: limit }, { baseline: true });
    expect(doc.checks[0]).toMatchObject({ name: 'max-increase', limit, passed, unit: 'percent' });
    expect(doc.checks[0]!.actual).toBeCloseTo(120.0172010214311, 9);
    expect(doc.baseline).toMatchObject({ file: 'baseline.json' });
  });

  it('per-function limits: budgets, increases, a new function, an unknown name', () => {
    const doc = gate(
      {
        functions: [
          { functionName: 'fn-a', budgetUsd: 20, maxIncreasePercent: 100 },
          { functionName: 'fn-b', maxIncreasePercent: 150 },
          { functionName: 'fn-new', maxIncreasePercent: 1000 },
          { functionName: 'typo-fn', budgetUsd: 1 },
        ],
      },
      { baseline: true },
    );
    const result = Object.fromEntries(doc.checks.map((c) => [c.name, [c.passed, c.actual === null ? null : Number(c.actual.toFixed(4))]]));
    expect(result).toEqual({
      'budget:fn-a': [true, 18.643],
      'max-increase:fn-a': [true, 100],
      'max-increase:fn-b': [false, 159.8624],
      'max-increase:fn-new': [false, null],
      'budget:typo-fn': [false, null],
    });
    expect(doc.passed).toBe(false);
    expect(doc.checks.find((c) => c.name === 'budget:typo-fn')!.detail).toMatch(/no function of that name/);
    expect(doc.checks.find((c) => c.name === 'max-increase:fn-new')!.detail).toMatch(/new since the baseline/);
  });

  it('a function that is associated but never ran costs $0, not unknown', () => {
    const snapshot = parseSnapshot('current.json', text('current.json'));
    snapshot.usage = snapshot.usage.filter((s) => s.functionName !== 'fn-new');
    const check = gate({ functions: [{ functionName: 'fn-new', budgetUsd: 1 }] }, { snapshot }).checks[0]!;
    expect(check).toMatchObject({ actual: 0, passed: true });
  });

  it('records failed regions (with --allow-partial the CLI still gates)', () => {
    const doc = gate({ budgetUsd: 100 }, { snapshot: parseSnapshot('x.json', text('current-incomplete.json')) });
    expect(doc.complete).toBe(false);
    expect(doc.failedRegions).toEqual([{ region: 'eu-west-1', error: 'AccessDeniedException: User is not authorized to perform: cloudwatch:GetMetricData' }]);
  });

  it.each([
    [{}, /nothing to check/],
    [{ maxIncreasePercent: 10 }, /needs --baseline/],
    [{ functions: [{ functionName: 'fn-a', maxIncreasePercent: 10 }] }, /needs --baseline/],
  ] as [GateLimits, RegExp][])('usage errors: %j', (limits, message) => {
    expect(() => gate(limits)).toThrow(message);
  });
});
