import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** `edgecost recommend` spawned as a user runs it (numbers hand-computed in test/recommend/recommend.test.ts). */

const cases = new URL('../fixtures/recommend/cases.json', import.meta.url).pathname;
const incomplete = new URL('../fixtures/gate/current-incomplete.json', import.meta.url).pathname;

interface Item {
  kind: string;
  functionName: string;
  distributionId?: string;
  from: string;
  to: string;
  currentMonthlyCostUsd: number;
  projectedMonthlyCostUsd: number | null;
  monthlySavingsUsd: number | null;
  confidence: string;
  assumptions: string[];
}

describe('edgecost recommend (spawned CLI)', () => {
  it('--demo --output json follows the contract, sorted by savings', async () => {
    const run = await runCli(['recommend', '--demo', '--output', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { schemaVersion: number; kind: string; recommendations: Item[]; totals: { monthlySavingsUsd: number } };
    expect(doc).toMatchObject({ schemaVersion: 1, kind: 'edgecost.recommendations' });
    expect(doc.recommendations.length).toBeGreaterThan(0);
    for (const r of doc.recommendations) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['kind', 'functionName', 'from', 'to', 'currentMonthlyCostUsd', 'projectedMonthlyCostUsd', 'monthlySavingsUsd', 'confidence', 'assumptions']),
      );
      expect(['move-to-origin-event', 'move-to-cloudfront-functions', 'reduce-memory', 'remove-unused']).toContain(r.kind);
      expect(['high', 'medium', 'low']).toContain(r.confidence);
      expect(r.assumptions.length).toBeGreaterThan(0);
    }
    const known = doc.recommendations.map((r) => r.monthlySavingsUsd).filter((s): s is number => s !== null && s > 0);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(doc.recommendations[0]).toMatchObject({ kind: 'move-to-origin-event', functionName: 'auth-check', distributionId: 'E1SHOPWEB0001' });
    expect(doc.totals.monthlySavingsUsd).toBeGreaterThan(known[0]!);
  });

  it('table: one row per recommendation, then assumptions and review points', async () => {
    const run = await runCli(['recommend', '--input', cases]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Recommendations for Lambda@Edge, 2026-10-01 to 2026-10-02 \(2 days, UTC\)\n8 recommendations: up to \$37\.63 a month/);
    expect(run.stdout).toMatch(/│ 1 │ move-to-origin-event\s+│ viewer-auth\s+│ EHIT85 \*\s+│ viewer-request → origin-request\s+│\s+\$18\.83 │\s+\$2\.82 │\s+\$16\.01 │ high/);
    expect(run.stdout).toMatch(/│ tiny-rewrite\s+│ ECFF \*\s+│ viewer-request → origin-request\s+│\s+\$18\.45 │\s+unknown │\s+needs hit rate │ low/);
    expect(run.stdout).toMatch(/review:\n {3}- network calls/);
  });

  it('--hit-rate and --min-savings', async () => {
    const run = await runCli(['recommend', '--input', cases, '--hit-rate', '50%', '--min-savings', '9', '--output', 'json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { recommendations: Item[]; totals: { belowMinSavings: number } };
    expect(doc.recommendations.map((r) => `${r.kind}:${r.functionName}:${r.monthlySavingsUsd?.toFixed(4)}`)).toEqual([
      'move-to-origin-event:viewer-auth:16.0083',
      'move-to-cloudfront-functions:tiny-rewrite:15.4090',
      'move-to-origin-event:tiny-rewrite:9.2264',
    ]);
    expect(doc.totals.belowMinSavings).toBe(5);
  });

  it('markdown: a table and a section per recommendation with a review checklist', async () => {
    const run = await runCli(['recommend', '--input', cases, '--output', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^## Recommendations for Lambda@Edge/);
    expect(run.stdout).toMatch(/\| # \| Kind \| Function \| Where \| Change \|/);
    expect(run.stdout).toMatch(/### 2\. move-to-cloudfront-functions: tiny-rewrite @ ECFF/);
    expect(run.stdout).toMatch(/- \[ \] network calls/);
  });

  it('a failed region does not fail recommend: exit 0, a warning, and lower-bound savings', async () => {
    const run = await runCli(['recommend', '--input', incomplete, '--output', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: region eu-west-1 failed/);
    expect(JSON.parse(run.stdout).warnings.join('\n')).toMatch(/eu-west-1 failed .* lower bounds/);
  });

  it.each([
    [['--hit-rate', '1.5'], /--hit-rate expects a fraction from 0 to 1/],
    [['--min-savings', '-1'], /--min-savings expects a non-negative number/],
    [['--output', 'csv'], /argument 'csv' is invalid/],
  ])('exit 2 for %j', async (args, message) => {
    const run = await runCli(['recommend', '--input', cases, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('--help lists the kinds and examples', async () => {
    const run = await runCli(['recommend', '--help']);
    expect(run.code).toBe(0);
    for (const kind of ['move-to-origin-event', 'move-to-cloudfront-functions', 'reduce-memory', 'remove-unused']) expect(run.stdout).toContain(kind);
    expect(run.stdout).toMatch(/\$ edgecost recommend --demo/);
  });
});
