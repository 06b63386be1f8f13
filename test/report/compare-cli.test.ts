import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** `edgecost report --baseline FILE` spawned (numbers hand-computed in compare.test.ts). */

const fixture = (name: string) => new URL(`../fixtures/gate/${name}`, import.meta.url).pathname;

describe('edgecost report --baseline (spawned CLI)', () => {
  it.each([
    ['table', /Run-rate \$9\.47 → \$20\.84 a month: \+\$11\.37 \(\+120\.0%\)/],
    ['markdown', /\*\*Run-rate \$9\.47 → \$20\.84 a month: \+\$11\.37 \(\+120\.0%\)\*\*/],
    ['csv', /^Function,Status,Baseline run-rate \/ month \(USD\)/],
    ['json', /"comparison": \{/],
  ])('--output %s renders the comparison', async (output, pattern) => {
    const run = await runCli(['report', '--input', fixture('current.json'), '--baseline', fixture('baseline.json'), '--output', output]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(pattern);
  });

  it('a baseline that is neither a snapshot nor a report is an input error naming the file', async () => {
    const run = await runCli(['report', '--input', fixture('current.json'), '--baseline', fixture('config.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/config\.json:1: not a baseline: "kind" is missing/);
  });

  it('a baseline priced with other prices says so on stderr', async () => {
    const report = await runCli(['report', '--input', fixture('baseline.json'), '--output', 'json']);
    const doc = JSON.parse(report.stdout);
    doc.pricing.id = 'old-prices';
    const file = join(mkdtempSync(join(tmpdir(), 'edgecost-compare-')), 'old.json');
    writeFileSync(file, JSON.stringify(doc));
    const run = await runCli(['report', '--input', fixture('current.json'), '--baseline', file, '--output', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: the baseline was priced with old-prices/);
    expect(JSON.parse(run.stdout).comparison.baseline.pricingId).toBe('old-prices');
  });
});
