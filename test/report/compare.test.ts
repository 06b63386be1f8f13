import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { renderReportCsv, renderReportJson, renderReportMarkdown, renderReportTable } from '../../src/render/report-text.js';
import { buildReport } from '../../src/report/build.js';
import { compareReports } from '../../src/report/compare.js';
import type { FunctionComparison, Report } from '../../src/report/document.js';
import { loadPricing, parseBaseline } from '../../src/sources/data-files.js';
import { parseSnapshot } from '../../src/sources/snapshot.js';

const pricing = loadPricing();
const now = new Date('2026-11-28T12:00:00Z');
const text = (name: string) => readFileSync(new URL(`../fixtures/gate/${name}`, import.meta.url), 'utf8');
const currentReport = (): Report => buildReport(parseSnapshot('current.json', text('current.json')), { pricing, now });
const byName = (functions: FunctionComparison[], name: string) => functions.find((f) => f.functionName === name)!;

/*
 * Hand-computed (test/fixtures/gate): billed = Duration + 0.5 ms × invocations; run-rate = window cost × 30.4375 / days.
 *   current (2 days)   fn-a 2,000,000 inv, 4,000,000 ms, 128 MB → $1.225005  → $18.64304484375 a month
 *                      fn-b 20,000 inv, 410,000 ms, 512 MB      → $0.02225205 → $0.3386483859375
 *                      fn-new 200,000 inv, 300,000 ms, 128 MB    → $0.121875375 → $1.85479086328125
 *   baseline (4 days)  fn-a 2,000,000 inv, 4,000,000 ms, 128 MB → $1.225005  → $9.321522421875
 *                      fn-b 20,000 inv, 410,000 ms, 256 MB      → $0.017126025 → $0.130318346484375
 *                      fn-old 4,000 inv, 6,000 ms, 128 MB        → $0.0024375075 → $0.0185479086328125
 *   totals $9.4703886769921875 → $20.83648409296875: +$11.3660954159765625 (+120.0172 %)
 *   fn-b: invocations a month double (152,187.5 → 304,375): + C0 = $0.130318346484375;
 *         memory 256 → 512 MB: G1 × (1 − 256/512) × $0.00005001 = 3,119.84375 GB-s × 0.5 × … = $0.07801169296875;
 *         duration per invocation unchanged: $0
 */
describe('compareReports against a baseline snapshot', () => {
  const comparison = compareReports(currentReport(), parseBaseline('baseline.json', text('baseline.json'), { pricing, now }), pricing);

  it('totals are monthly run-rates, so windows of different lengths compare', () => {
    expect(comparison.baseline).toMatchObject({ file: 'baseline.json', pricingId: pricing.sheet.id, window: { days: 4 } });
    expect(comparison.totals.baselineMonthlyRunRateUsd).toBeCloseTo(9.470388676992188, 12);
    expect(comparison.totals.currentMonthlyRunRateUsd).toBeCloseTo(20.83648409296875, 12);
    expect(comparison.totals.changeUsd).toBeCloseTo(11.366095415976563, 12);
    expect(comparison.totals.changePercent).toBeCloseTo(120.0172010214311, 9);
  });

  it('fn-a doubled its invocations: the whole change is the invocations driver', () => {
    const fnA = byName(comparison.functions, 'fn-a');
    expect(fnA).toMatchObject({ status: 'changed', changePercent: 100 });
    expect(fnA.changeUsd).toBeCloseTo(9.321522421875, 12);
    expect(fnA.drivers.invocationsUsd).toBeCloseTo(9.321522421875, 12);
    expect(fnA.drivers.durationUsd).toBeCloseTo(0, 12);
    expect(fnA.drivers.memoryUsd).toBe(0);
    expect(fnA.baseline).toEqual({ invocationsPerMonth: 15_218_750, meanDurationMs: 1.5, memoryMB: 128 });
    expect(fnA.current).toEqual({ invocationsPerMonth: 30_437_500, meanDurationMs: 1.5, memoryMB: 128 });
  });

  it('fn-b doubled its invocations and its memory: each driver is hand-computed and they add up', () => {
    const fnB = byName(comparison.functions, 'fn-b');
    expect(fnB.changeUsd).toBeCloseTo(0.208330039453125, 12);
    expect(fnB.drivers.invocationsUsd).toBeCloseTo(0.130318346484375, 12);
    expect(fnB.drivers.memoryUsd).toBeCloseTo(0.07801169296875, 12);
    expect(fnB.drivers.durationUsd).toBeCloseTo(0, 12);
    expect(fnB.drivers.priceUsd).toBeUndefined();
  });

  it.each([
    ['fn-new', 'new', 0, 1.85479086328125, null],
    ['fn-old', 'removed', 0.0185479086328125, 0, -100],
  ] as const)('%s is %s', (name, status, before, after, percent) => {
    const fn = byName(comparison.functions, name);
    expect(fn.status).toBe(status);
    expect(fn.baselineMonthlyRunRateUsd).toBeCloseTo(before, 12);
    expect(fn.currentMonthlyRunRateUsd).toBeCloseTo(after, 12);
    expect(fn.changePercent === null ? null : Math.round(fn.changePercent)).toBe(percent);
    expect(fn.drivers.invocationsUsd).toBeCloseTo(after - before, 12);
  });

  it('drivers add up to each change, and functions are sorted by the size of the change', () => {
    for (const fn of comparison.functions) {
      const sum = fn.drivers.invocationsUsd + fn.drivers.durationUsd + fn.drivers.memoryUsd + (fn.drivers.priceUsd ?? 0);
      expect(sum).toBeCloseTo(fn.changeUsd, 12);
    }
    expect(comparison.functions.map((f) => f.functionName)).toEqual(['fn-a', 'fn-new', 'fn-b', 'fn-old']);
    expect(comparison.warnings).toEqual([]);
  });
});

describe('parseBaseline', () => {
  const baselineReport = buildReport(parseSnapshot('baseline.json', text('baseline.json')), { pricing, now });

  it('a saved report JSON gives the same comparison as its snapshot', () => {
    const fromReport = compareReports(currentReport(), parseBaseline('baseline-report.json', JSON.stringify(baselineReport), { pricing, now }), pricing);
    const fromSnapshot = compareReports(currentReport(), parseBaseline('baseline.json', text('baseline.json'), { pricing, now }), pricing);
    expect(fromReport.totals.changeUsd).toBeCloseTo(fromSnapshot.totals.changeUsd, 12);
    expect(byName(fromReport.functions, 'fn-b').drivers.memoryUsd).toBeCloseTo(0.07801169296875, 12);
  });

  it('a report priced with another sheet shows a price driver and says so', () => {
    const other = { ...baselineReport, pricing: { ...baselineReport.pricing, id: 'negotiated-2025' } };
    // at half the request price, fn-a's baseline was cheaper by the request cost halved
    other.functions = other.functions.map((f) => ({ ...f, requestCostUsd: f.requestCostUsd / 2, costUsd: f.costUsd - f.requestCostUsd / 2 }));
    // …and so were its totals (a saved report whose totals disagree with its functions is refused)
    const costUsd = other.functions.reduce((sum, f) => sum + f.costUsd, 0);
    other.totals = { ...other.totals, costUsd, monthlyRunRateUsd: (costUsd * 30.4375) / other.window.days };
    const comparison = compareReports(currentReport(), parseBaseline('old.json', JSON.stringify(other), { pricing, now }), pricing);
    const fnA = byName(comparison.functions, 'fn-a');
    // request charge a month at the current price: 30,437,500 × $0.60 / 1M = $18.2625; half of it is prices
    expect(fnA.drivers.priceUsd).toBeCloseTo(9.13125, 9);
    expect(fnA.drivers.invocationsUsd + fnA.drivers.durationUsd + fnA.drivers.memoryUsd + fnA.drivers.priceUsd!).toBeCloseTo(fnA.changeUsd, 12);
    expect(comparison.warnings?.join('\n')).toMatch(/negotiated-2025/);
  });

  it('the --function filter applies to a saved report too', () => {
    const baseline = parseBaseline('r.json', JSON.stringify(baselineReport), { pricing, now, functionNames: ['fn-a'] });
    expect(baseline.report.functions.map((f) => f.functionName)).toEqual(['fn-a']);
    expect(baseline.report.totals.monthlyRunRateUsd).toBeCloseTo(9.321522421875, 12);
  });

  it.each([
    ['{"schemaVersion": 1,\n "kind": "edgecost.lint"}', /not a baseline: "kind" is "edgecost.lint"/, 2],
    ['{\n  "kind": "edgecost.report",\n  "schemaVersion": 1\n}', /invalid report/, 1],
    ['{\n  "kind": "edgecost.snapshot",\n  "schemaVersion": 1,\n  "window": 3\n}', /invalid snapshot/, undefined],
    ['{ "kind": ', /invalid JSON/, 1],
  ])('rejects a file that is no baseline (%#) with file and line', (content, message, line) => {
    let error: unknown;
    try {
      parseBaseline('bad.json', content, { pricing, now });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^bad\.json/);
    expect((error as InputError).message).toMatch(message);
    if (line !== undefined) expect((error as InputError).line).toBe(line);
  });
});

describe('report renderers with a baseline comparison', () => {
  const report = currentReport();
  report.comparison = compareReports(report, parseBaseline('baseline.json', text('baseline.json'), { pricing, now }), pricing);

  it('table: the change section adds up as printed (baseline, now and change columns)', () => {
    const out = renderReportTable(report, { groupBy: 'function', color: false });
    expect(out).toContain('Change against baseline baseline.json (2026-10-01 to 2026-10-04, 4 days, prices aws-public-2026-11)');
    expect(out).toContain('Run-rate $9.47 → $20.84 a month: +$11.37 (+120.0%)');
    const section = out.slice(out.indexOf('Change against baseline'));
    const rows = section.split('\n').filter((l) => l.startsWith('│') && !l.includes('Baseline / month'));
    const cells = rows.map((l) =>
      l
        .split('│')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
    const cents = (cell: string) => Math.round(Number(cell.replace(/[$,+]/g, '')) * 100);
    const total = cells.find((c) => c[0] === 'Total')!;
    const data = cells.filter((c) => c[0] !== 'Total');
    for (const column of [2, 3, 4]) expect(data.reduce((a, c) => a + cents(c[column]!), 0)).toBe(cents(total[column]!));
    expect(section).toMatch(/fn-b .*invocations 152,188 → 304,375 a month \(\+\$0\.13\); memory 256 → 512 MB \(\+\$0\.08\)/);
    expect(section).toMatch(/fn-new .* new since the baseline/);
  });

  it('markdown: a PR-comment section with the change table', () => {
    const out = renderReportMarkdown(report, { groupBy: 'function', color: false });
    expect(out).toContain('### Change against baseline baseline.json');
    expect(out).toContain('**Run-rate $9.47 → $20.84 a month: +$11.37 (+120.0%)**');
    expect(out).toMatch(/\| fn-old \| removed \| \$0\.02 \| \$0\.00 \| -\$0\.02 \| -100\.0% \| no longer runs/);
  });

  it('csv: the comparison, one row per function, unrounded', () => {
    const lines = renderReportCsv(report, { groupBy: 'function', color: false }).trim().split('\n');
    expect(lines[0]).toMatch(/^Function,Status,Baseline run-rate \/ month \(USD\),Run-rate \/ month \(USD\),Change \(USD\),Change %,Invocations driver/);
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith('fn-new,'))).toMatch(/^fn-new,new,0,1\.854790863281\d*,1\.854790863281\d*,,/);
  });

  it('json: the comparison is in the document', () => {
    const parsed = JSON.parse(renderReportJson(report));
    expect(parsed.comparison.totals.changeUsd).toBeCloseTo(11.366095415976563, 12);
    expect(parsed.comparison.functions).toHaveLength(4);
  });
});

describe('run-rates of a window in progress divide by the days it covered', () => {
  /*
   * The baseline (4 days from Oct 1) made at 2026-10-03T00:00Z has covered 2 days: fn-a's $1.225005 is
   * $1.225005 × 30.4375 / 2 = $18.64304484375 a month — what the current 2-day window gives — so fn-a is
   * unchanged, whether the baseline is the snapshot or the report JSON saved then (its `coveredDays`).
   * Current at 2026-11-02T12:00Z: 1.5 days covered, fn-a $24.857393125, total $27.781978790625.
   */
  const early = new Date('2026-10-03T00:00:00Z');

  it.each([
    ['snapshot', () => parseBaseline('baseline.json', text('baseline.json'), { pricing, now: early })],
    ['report JSON', () => parseBaseline('r.json', JSON.stringify(buildReport(parseSnapshot('baseline.json', text('baseline.json')), { pricing, now: early })), { pricing, now })],
  ])('a baseline %s', (_name, baseline) => {
    const fnA = byName(compareReports(currentReport(), baseline(), pricing).functions, 'fn-a');
    expect(fnA.baselineMonthlyRunRateUsd).toBeCloseTo(18.64304484375, 12);
    expect(fnA.status).toBe('unchanged');
  });

  it('the current side: functions add up to the total run-rate', () => {
    const current = buildReport(parseSnapshot('current.json', text('current.json')), { pricing, now: new Date('2026-11-02T12:00:00Z') });
    const comparison = compareReports(current, parseBaseline('baseline.json', text('baseline.json'), { pricing, now }), pricing);
    expect(byName(comparison.functions, 'fn-a').currentMonthlyRunRateUsd).toBeCloseTo(24.857393125, 12);
    expect(comparison.totals.currentMonthlyRunRateUsd).toBeCloseTo(27.781978790625, 12);
    expect(comparison.functions.reduce((a, f) => a + f.currentMonthlyRunRateUsd, 0)).toBeCloseTo(27.781978790625, 12);
  });

  it('the --function filter of a saved report divides by its covered days too', () => {
    const saved = JSON.stringify(buildReport(parseSnapshot('baseline.json', text('baseline.json')), { pricing, now: early }));
    expect(parseBaseline('r.json', saved, { pricing, now, functionNames: ['fn-a'] }).report.totals.monthlyRunRateUsd).toBeCloseTo(18.64304484375, 12);
  });
});
