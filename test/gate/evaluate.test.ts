import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { evaluateGate, type GateLimits, gateIncompleteness } from '../../src/gate/evaluate.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { buildReport } from '../../src/report/build.js';
import { type Baseline, compareReports } from '../../src/report/compare.js';
import { loadPricing, parseBaseline } from '../../src/sources/data-files.js';
import { parseSnapshot } from '../../src/sources/snapshot.js';

const pricing = loadPricing();
const text = (name: string) => readFileSync(new URL(`../fixtures/gate/${name}`, import.meta.url), 'utf8');

/*
 * test/fixtures/gate/current.json, a 2-day window from 2026-11-01 (hand-computed in test/report/compare.test.ts):
 *   total run-rate $20.83648409296875 (window cost $1.369132425 × 30.4375 / 2); fn-a $18.64304484375;
 *   baseline total $9.4703886769921875 → +120.0172 %; fn-b +159.86 %.
 * At now = 2026-11-03T00:00Z the window is the month to date: forecast = cost × 30 / 2 = $20.536986375 (fn-a $18.375075).
 */
function gate(limits: GateLimits, options: { now?: string; snapshot?: Snapshot; baseline?: boolean | Baseline } = {}) {
  const now = new Date(options.now ?? '2026-11-20T00:00:00Z');
  const snapshot = options.snapshot ?? parseSnapshot('current.json', text('current.json'));
  const report = buildReport(snapshot, { pricing, now });
  const baseline = options.baseline === true ? parseBaseline('baseline.json', text('baseline.json'), { pricing, now }) : options.baseline === false ? undefined : options.baseline;
  const comparison = baseline ? compareReports(report, baseline, pricing) : undefined;
  return evaluateGate({ report, snapshot, comparison, baseline, now }, limits);
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
    const doc = gate({ budgetUsd: 100, allowPartial: true }, { snapshot: parseSnapshot('x.json', text('current-incomplete.json')) });
    expect(doc.complete).toBe(false);
    expect(doc.passed).toBe(true);
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

/*
 * Completeness: the gate does not decide on part of the bill. test/fixtures/gate:
 *   current-incomplete.json   eu-west-1 failed
 *   current-unknown-day.json  fn-b's second day unknown: fn-b counts 10,000 inv, 200,000 ms at 512 MB
 *                             → $0.006 + 102.5 GB-s × $0.00005001 = $0.011126025 (not $0.02225205), so the
 *                             window costs $1.3580064 and the run-rate is × 30.4375 / 2 = $20.66716990…
 *   baseline-incomplete.json  the baseline with eu-west-1 failed (ThrottlingException)
 */
describe('evaluateGate on incomplete data', () => {
  const snapshotOf = (name: string) => parseSnapshot(name, text(name));
  const baselineOf = (name: string, content = text(name)) => parseBaseline(name, content, { pricing, now: new Date('2026-11-20T00:00:00Z') });

  it.each([
    ['a failed region', { snapshot: snapshotOf('current-incomplete.json') }, /^region eu-west-1 failed \(AccessDeniedException: .*\): its cost is unknown/],
    ['a day with no data', { snapshot: snapshotOf('current-unknown-day.json') }, /1 usage series have days with no data/],
    [
      'a baseline snapshot with a failed region',
      { baseline: baselineOf('baseline-incomplete.json') },
      /^baseline baseline-incomplete\.json: region eu-west-1 failed \(ThrottlingException: Rate exceeded\)/,
    ],
  ] as const)('%s: not complete, the reason listed, and no pass without allowPartial', (_name, options, reason) => {
    const doc = gate({ budgetUsd: 100 }, options);
    expect(doc.complete).toBe(false);
    expect(doc.incomplete).toHaveLength(1);
    expect(doc.incomplete[0]).toMatch(reason);
    expect(doc.checks.every((c) => c.passed)).toBe(true);
    expect(doc.passed).toBe(false);
    // the reason is listed once, not repeated among the warnings
    expect(doc.warnings).not.toContain(doc.incomplete[0]);
    expect(gate({ budgetUsd: 100, allowPartial: true }, options)).toMatchObject({ complete: false, passed: true });
  });

  it('with allowPartial, the checks run on what is known: $20.667… without fn-b’s unknown day', () => {
    const doc = gate({ budgetUsd: 20.7, allowPartial: true }, { snapshot: snapshotOf('current-unknown-day.json') });
    expect(doc.checks[0]!.actual).toBeCloseTo((1.3580064 * 30.4375) / 2, 12);
    expect(doc.passed).toBe(true);
    expect(gate({ budgetUsd: 20.6, allowPartial: true }, { snapshot: snapshotOf('current-unknown-day.json') }).passed).toBe(false);
  });

  it.each([
    [
      'its own incomplete reasons',
      { incomplete: ['no memory size known for fn-x (10 invocations in us-east-1): its cost is unknown'] },
      ['no memory size known for fn-x (10 invocations in us-east-1): its cost is unknown'],
    ],
    [
      'a failed region in regions[] (a report saved before `incomplete` existed)',
      {
        incomplete: undefined,
        regions: [
          { region: 'us-east-1', status: 'ok', invocations: 1, costUsd: 1 },
          { region: 'eu-west-1', status: 'failed', error: 'AccessDenied', invocations: null, costUsd: null },
        ],
      },
      ['region eu-west-1 failed (AccessDenied): its cost is unknown, not zero, and the totals leave it out'],
    ],
    ['nothing missing', { incomplete: [] }, []],
  ])('a baseline report JSON with %s', (_name, patch, reasons) => {
    const saved = { ...buildReport(snapshotOf('baseline.json'), { pricing, now: new Date('2026-11-20T00:00:00Z') }), ...patch };
    const baseline = baselineOf('baseline-report.json', JSON.stringify(saved));
    expect(gateIncompleteness(buildReport(snapshotOf('current.json'), { pricing, now: new Date('2026-11-20T00:00:00Z') }), baseline)).toEqual(
      reasons.map((r) => `baseline baseline-report.json: ${r}`),
    );
    const doc = gate({ maxIncreasePercent: 150 }, { baseline });
    expect(doc.complete).toBe(reasons.length === 0);
    expect(doc.passed).toBe(reasons.length === 0);
  });

  it('a failed region already named among the reasons is not listed twice', () => {
    const report = buildReport(snapshotOf('current-incomplete.json'), { pricing, now: new Date('2026-11-20T00:00:00Z') });
    expect(gateIncompleteness(report)).toHaveLength(1);
    // a report whose builder has not filled `incomplete`: derived from its failed regions
    expect(gateIncompleteness({ ...report, incomplete: undefined as unknown as string[] })).toEqual([
      'region eu-west-1 failed (AccessDeniedException: User is not authorized to perform: cloudwatch:GetMetricData): its cost is unknown, not zero, and the totals leave it out',
    ]);
  });
});

describe('evaluateGate run-rates divide by the days covered', () => {
  /*
   * At 2026-11-02T12:00Z the 2-day window from Nov 1 has covered 1.5 days (as the report's run-rate):
   *   total $1.369132425 × 30.4375 / 1.5 = $27.781978790625; fn-a $1.225005 × 30.4375 / 1.5 = $24.857393125.
   */
  it.each([
    ['budget', { budgetUsd: 30 }, 27.781978790625],
    ['budget:fn-a', { functions: [{ functionName: 'fn-a', budgetUsd: 30 }] }, 24.857393125],
  ] as [string, GateLimits, number][])('%s', (name, limits, actual) => {
    const check = gate(limits, { now: '2026-11-02T12:00:00Z' }).checks.find((c) => c.name === name)!;
    expect(check.actual).toBeCloseTo(actual, 12);
  });
});
