import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * `edgecost gate` spawned as CI runs it, on snapshot fixtures (test/fixtures/gate, hand-computed in
 * test/report/compare.test.ts): the current run-rate is $20.84 a month, +120.0 % over the baseline.
 * Exit codes: 0 passed, 1 a check failed (output still complete), 2 bad input, 3 data incomplete.
 */

const fixture = (name: string) => new URL(`../fixtures/gate/${name}`, import.meta.url).pathname;
const current = fixture('current.json');
const incomplete = fixture('current-incomplete.json');
const baseline = fixture('baseline.json');
const baselineIncomplete = fixture('baseline-incomplete.json');
const unknownDay = fixture('current-unknown-day.json');
const dir = mkdtempSync(join(tmpdir(), 'edgecost-gate-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('edgecost gate on snapshot files', () => {
  it.each([
    [['--budget', '25'], 0, /edgecost gate passed: 1 check/],
    [['--budget', '20'], 1, /edgecost gate FAILED: 1 of 1 check over the limit[\s\S]*│ budget │ ≤ \$20\.00 │ \$20\.84 │ FAIL/],
    [['--max-increase', '150', '--baseline', baseline], 0, /max-increase .*\+120\.02%/],
    [['--max-increase', '100', '--baseline', baseline], 1, /FAIL max-increase: total monthly run-rate \$9\.47 → \$20\.84: \+120\.02% > 100%/],
    [['--config', fixture('config.json'), '--baseline', baseline], 1, /pass budget:fn-a[\s\S]*pass budget:fn-b[\s\S]*FAIL max-increase:fn-b/],
    [['--config', fixture('config.json'), '--baseline', baseline, '--budget', '20'], 1, /FAIL budget: total monthly run-rate \$20\.84 > budget \$20\.00/],
  ])('gate %j → exit %d', async (args, code, pattern) => {
    const run = await runCli(['gate', '--input', current, ...args]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(code);
    expect(run.stdout).toMatch(pattern);
  });

  it('--output json gives the contract, exit 1 when a check fails', async () => {
    const run = await runCli(['gate', '--input', current, '--budget', '20', '--max-increase', '150', '--baseline', baseline, '--output', 'json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, kind: 'edgecost.gate', passed: false, complete: true, basis: 'run-rate' });
    expect(doc.checks.map((c: { name: string; limit: number; passed: boolean }) => [c.name, c.limit, c.passed])).toEqual([
      ['budget', 20, false],
      ['max-increase', 150, true],
    ]);
    expect(doc.checks[0].actual).toBeCloseTo(20.83648409296875, 12);
    expect(doc.checks[1].actual).toBeCloseTo(120.0172010214311, 9);
  });

  it('--forecast gates the month-end forecast of the month to date (clock from EDGECOST_NOW)', async () => {
    const run = await runCli(['gate', '--input', current, '--forecast', '--budget', '20.6', '--output', 'json'], { env: { EDGECOST_NOW: '2026-11-03T00:00:00Z' } });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.basis).toBe('forecast');
    expect(doc.checks[0].actual).toBeCloseTo(20.536986375, 12);
  });

  it('a baseline given as report JSON (detected by kind) works like its snapshot', async () => {
    const report = await runCli(['report', '--input', baseline, '--output', 'json']);
    const file = join(dir, 'baseline-report.json');
    writeFileSync(file, report.stdout);
    const run = await runCli(['gate', '--input', current, '--max-increase', '120', '--baseline', file, '--output', 'json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).checks[0].actual).toBeCloseTo(120.0172010214311, 9);
  });

  it('exit 3 when a region failed: no decision on incomplete data, stdout empty, the reason on stderr', async () => {
    const run = await runCli(['gate', '--input', incomplete, '--budget', '100']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^edgecost: data incomplete, so the gate does not decide: region eu-west-1 failed \(AccessDeniedException: .*cloudwatch:GetMetricData\): its cost is unknown, not zero, and the totals leave it out\n {2}hint: .*--allow-partial/,
    );
  });

  it.each([
    [
      'a day with no data in the current snapshot',
      ['--input', unknownDay, '--budget', '100'],
      /data incomplete, so the gate does not decide: 1 usage series have days with no data/,
    ],
    [
      'a failed region in the baseline snapshot',
      ['--input', current, '--max-increase', '150', '--baseline', baselineIncomplete],
      /data incomplete, so the gate does not decide: baseline .*baseline-incomplete\.json: region eu-west-1 failed \(ThrottlingException: Rate exceeded\)/,
    ],
  ])('exit 3 for %s', async (_name, args, message) => {
    const run = await runCli(['gate', ...args]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('a baseline report JSON whose `incomplete` lists a reason: exit 3', async () => {
    const report = JSON.parse((await runCli(['report', '--input', baseline, '--output', 'json'])).stdout);
    const file = join(dir, 'baseline-incomplete-report.json');
    writeFileSync(file, JSON.stringify({ ...report, incomplete: ['no memory size known for fn-x (10 invocations in us-east-1): its cost is unknown and left out of the totals'] }));
    const run = await runCli(['gate', '--input', current, '--max-increase', '150', '--baseline', file]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/baseline-incomplete-report\.json: no memory size known for fn-x/);
  });

  it.each([
    ['100', 0],
    ['10', 1],
  ])('--allow-partial gates the regions that answered (--budget %s → exit %d) and says the data is incomplete', async (budget, code) => {
    const run = await runCli(['gate', '--input', incomplete, '--budget', budget, '--allow-partial', '--output', 'json']);
    expect(run.code).toBe(code);
    expect(JSON.parse(run.stdout)).toMatchObject({ complete: false, failedRegions: [{ region: 'eu-west-1' }], incomplete: [expect.stringMatching(/^region eu-west-1 failed/)] });
    expect(run.stderr).toMatch(/^warning: data incomplete, gating on what is known \(--allow-partial\): region eu-west-1 failed/);
  });

  it('--allow-partial on an incomplete baseline: the table and the step summary say the result holds only for what is known', async () => {
    const summary = join(dir, 'step-summary-partial.md');
    const run = await runCli(['gate', '--input', current, '--max-increase', '150', '--baseline', baselineIncomplete, '--allow-partial'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^edgecost gate passed: 1 check \(on incomplete data\)\n/);
    expect(run.stdout).toMatch(/Data incomplete: gated on what is known \(--allow-partial\).*\n {2}- baseline .*baseline-incomplete\.json: region eu-west-1 failed/);
    // said once, not again among the warnings
    expect(run.stdout.match(/eu-west-1 failed/g)).toHaveLength(1);
    const text = readFileSync(summary, 'utf8');
    expect(text).toMatch(/^## ⚠️ edgecost gate passed: 1 check \(on incomplete data\)/);
    expect(text).toMatch(
      /- \*\*Data incomplete: gated on what is known \(--allow-partial\).*\*\*\n {2}- baseline .*baseline-incomplete\.json: region eu-west-1 failed \(ThrottlingException: Rate exceeded\)/,
    );
  });

  it('appends a Markdown summary to GITHUB_STEP_SUMMARY, never overwriting it', async () => {
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const pass = await runCli(['gate', '--input', current, '--budget', '25'], { env: { GITHUB_STEP_SUMMARY: summary } });
    const fail = await runCli(['gate', '--input', current, '--budget', '20'], { env: { GITHUB_STEP_SUMMARY: summary } });
    const partial = await runCli(['gate', '--input', incomplete, '--budget', '20'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect([pass.code, fail.code, partial.code]).toEqual([0, 1, 3]);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toMatch(
      /## ✅ edgecost gate passed: 1 check[\s\S]*## ❌ edgecost gate FAILED[\s\S]*\| budget \| ≤ \$20\.00 \| \$20\.84 \| ❌ \*\*fail\*\* \|[\s\S]*## ⚠️ edgecost gate: data incomplete\n\n- region eu-west-1 failed \(AccessDeniedException: .*\): its cost is unknown[\s\S]*--allow-partial/,
    );
  });

  it.each([
    [['--budget', '25', '--config', fixture('config-invalid.json')], /config-invalid\.json:4: unknown key "budget" in functions\["fn-a"\]/],
    [['--max-increase', '10'], /a max-increase limit needs --baseline FILE/],
    [[], /nothing to check/],
    [['--budget', 'lots'], /--budget expects a non-negative number, got "lots"/],
    [['--budget', '5', '--baseline', current.replace('current', 'missing')], /missing\.json: cannot read the baseline \(ENOENT\)/],
    [['--budget', '5', '--forecast'], /--forecast needs a month-to-date window/],
  ])('exit 2 for bad input: %j', async (args, message) => {
    // a clock after November: the fixture's window is not the month to date
    const run = await runCli(['gate', '--input', current, ...args], { env: { EDGECOST_NOW: '2026-12-05T00:00:00Z' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('--help shows the exit codes, the config format and examples', async () => {
    const run = await runCli(['gate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--budget <USD>/);
    expect(run.stdout).toMatch(/--allow-partial/);
    expect(run.stdout).toMatch(/Config file example/);
    expect(run.stdout).toMatch(/\$ edgecost gate --budget 500/);
  });
});
