import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * Issue 14 (15): a saved report used as a baseline (`--baseline report.json`) is checked for meaning
 * before it is compared, so `report --baseline` and `gate --max-increase --baseline` can never
 * disagree on the same file. baseline-report.json is `report --output json` of the gate fixture
 * baseline.json; each file in invalid-baseline/ is it with one defect.
 */
const fixture = (name: string) => new URL(`../fixtures/gate/${name}`, import.meta.url).pathname;
const current = fixture('current.json');
const lineOf = (name: string, needle: string) =>
  readFileSync(fixture(name), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(needle)) + 1;

const commands = [
  ['gate', '--input', current, '--max-increase', '150', '--baseline'],
  ['report', '--input', current, '--output', 'json', '--baseline'],
];

describe('a report-kind baseline is refused when it disagrees with itself', () => {
  it.each([
    ['invalid-baseline/days-zero.json', '"days": 0', /invalid report: \/window\/days is 0: a report covers at least one day/],
    ['invalid-baseline/days-negative.json', '"days": -4', /invalid report: \/window\/days is -4: a report covers at least one day/],
    [
      'invalid-baseline/empty-functions.json',
      '"costUsd": 1.2445685325',
      /invalid report: \/totals\/costUsd is \$1\.2445685325, but it lists no functions: totals and functions disagree/,
    ],
    [
      'invalid-baseline/totals-disagree.json',
      '"costUsd": 12.445685325',
      /invalid report: \/totals\/costUsd is \$12\.445685325, but its 3 functions sum to \$1\.2445685325: totals and functions disagree/,
    ],
    [
      'invalid-baseline/run-rate-disagree.json',
      '"monthlyRunRateUsd": 0.947',
      /invalid report: \/totals\/monthlyRunRateUsd is \$0\.947038867699218\d*, but \$1\.2445685325 over 4 days is \$9\.470389 a month/,
    ],
  ])('%s: exit 2 from gate and report alike, naming file:line and pointer', async (name, needle, message) => {
    const line = lineOf(name, needle);
    expect(line).toBeGreaterThan(0);
    for (const command of commands) {
      const run = await runCli([...command, fixture(name)]);
      expect(run.code, `${command[0]}: ${run.stderr}`).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`${fixture(name)}:${line}: `);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('the valid original: report --baseline and gate --max-increase give the same change', async () => {
    const gate = await runCli(['gate', '--input', current, '--max-increase', '150', '--baseline', fixture('baseline-report.json'), '--output', 'json']);
    const report = await runCli(['report', '--input', current, '--output', 'json', '--baseline', fixture('baseline-report.json')]);
    expect(gate.code, gate.stderr).toBe(0);
    expect(report.code, report.stderr).toBe(0);
    const gateChange = JSON.parse(gate.stdout).checks[0].actual as number;
    const reportChange = JSON.parse(report.stdout).comparison.totals.changePercent as number;
    // Hand-computed in test/report/compare.test.ts: $9.47 → $20.84 a month, +120.02 %.
    expect(gateChange).toBeCloseTo(120.0172010214311, 9);
    expect(reportChange).toBe(gateChange);
  });
});
