import { describe, expect, it } from 'vitest';
import * as edgecost from '../../src/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * The library (src/index.ts) and the CLI run the same pipelines: on the demo account, each command's
 * JSON from the spawned CLI is byte for byte the library's document rendered by the one JSON renderer.
 */
const NOW = '2026-11-20T00:00:00.000Z';
const now = new Date(NOW);
const pricing = edgecost.loadPricing();
const snapshot = edgecost.demoSnapshot();

async function cliJson(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runCli([...args, '--output', 'json'], { env: { EDGECOST_NOW: NOW } });
  expect(stderr).toBe('');
  expect([0, 1]).toContain(code);
  return stdout;
}

describe('library and CLI print the same documents (demo account)', () => {
  it('report: the report with its recommendations', async () => {
    const { report } = edgecost.reportDocument(snapshot, { pricing, now });
    expect(report.recommendations?.length).toBeGreaterThan(0);
    expect(await cliJson(['report', '--demo'])).toBe(edgecost.renderJson(report));
  });

  it('report --function: the same selection', async () => {
    const { report } = edgecost.reportDocument(snapshot, { pricing, now, selection: new edgecost.Selection({ functionNames: ['auth-check'] }) });
    expect(report.functions.map((f) => f.functionName)).toEqual(['auth-check']);
    expect(await cliJson(['report', '--demo', '--function', 'auth-check'])).toBe(edgecost.renderJson(report));
  });

  it('recommend', async () => {
    expect(await cliJson(['recommend', '--demo'])).toBe(edgecost.renderJson(edgecost.recommend(snapshot, { pricing, now })));
  });

  it('gate: a failing budget, same checks and the same exit', async () => {
    const run = edgecost.runGate(snapshot, { pricing, now, limits: { budgetUsd: 100 } });
    if (!run.decided) throw new Error('the demo account is complete: the gate decides');
    expect(run.document.passed).toBe(false);
    const { code, stdout } = await runCli(['gate', '--demo', '--budget', '100', '--output', 'json'], { env: { EDGECOST_NOW: NOW } });
    expect(code).toBe(1);
    expect(stdout).toBe(edgecost.renderJson(run.document));
  });

  it('estimate: with the quota warnings of each placement', async () => {
    const input = { requests: 10_000_000, durationMs: 10_000, memoryMB: 1024, event: 'viewer-request' as const };
    const doc = edgecost.estimate(input, pricing, edgecost.loadQuotaTable());
    expect(doc.warnings.length).toBeGreaterThan(0);
    const args = ['estimate', '--requests', '10000000', '--duration-ms', '10000', '--memory-mb', '1024', '--event', 'viewer-request'];
    expect(await cliJson(args)).toBe(edgecost.renderJson(doc));
  });

  it('pricing', async () => {
    expect(await cliJson(['pricing'])).toBe(edgecost.renderJson(edgecost.pricingDocument(pricing.sheet)));
  });
});
