import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * Issue 14 (14): a snapshot that lists edge functions but has no region entries, and a window that
 * has not begun at the clock (a typo'd year), used to price to $0 and pass `gate --budget`. Both are
 * incomplete data: the report lists them in `incomplete` and the gate exits 3 unless --allow-partial.
 */
const fixture = (name: string) => new URL(`../fixtures/snapshots/incomplete/${name}`, import.meta.url).pathname;
const env = { EDGECOST_NOW: '2026-11-20T00:00:00Z' };

const cases = [
  ['no-regions.json', 'the data lists 2 edge functions but no region was read for usage: the cost is unknown, not zero'],
  [
    'window-not-begun.json',
    "the window 2027-11-01T00:00:00.000Z to 2027-11-04T00:00:00.000Z has not begun at this report's clock: no day of it is covered, so its cost is unknown, not zero",
  ],
] as const;

describe('zero regions read or zero covered days is incomplete data', () => {
  it.each(cases)('%s: gate --budget exits 3 and says why', async (name, reason) => {
    const run = await runCli(['gate', '--budget', '50', '--input', fixture(name)], { env });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`data incomplete, so the gate does not decide: ${reason}`);
  });

  it.each(cases)('%s: report lists it in incomplete, the total is not a measured zero', async (name, reason) => {
    const run = await runCli(['report', '--output', 'json', '--input', fixture(name)], { env });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { incomplete: string[] };
    expect(report.incomplete).toEqual([reason]);
  });

  it.each(cases)('%s: with --allow-partial the gate decides on what is known and says what it left out', async (name, reason) => {
    const run = await runCli(['gate', '--budget', '50', '--allow-partial', '--output', 'json', '--input', fixture(name)], { env });
    expect(run.code, run.stderr).toBe(0);
    const gate = JSON.parse(run.stdout) as { complete: boolean; incomplete: string[] };
    expect(gate.complete).toBe(false);
    expect(gate.incomplete).toEqual([reason]);
  });
});
