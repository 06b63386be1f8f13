import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/pricing/money.js';
import { compileSchema } from '../../src/sources/json-data.js';
import { runCli } from '../helpers/cli.js';
import { cellByField, cents, elementById, elementsWith, externalResourceReferences, structureProblems } from '../render/report-html-parse.js';

/** `report --reconciliation FILE` with the file `reconcile --demo --output json` writes (spawned CLI). */
const dir = mkdtempSync(join(tmpdir(), 'edgecost-report-reconciliation-'));
const bill = join(dir, 'bill.json');
let reconciliation: {
  window: { start: string; end: string };
  rows: { region: string | null; billedRequests: number; invocations: number | null; billedCostUsd: number; withinTolerance: boolean }[];
  totals: { billedCostUsd: number; costUsd: number };
};
const NOW = { EDGECOST_NOW: '2026-11-28T00:00:00Z' };

beforeAll(async () => {
  const run = await runCli(['reconcile', '--demo', '--output', 'json', '--out', bill, '--quiet'], { env: NOW });
  expect(run.code).toBe(0);
  reconciliation = JSON.parse(readFileSync(bill, 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('edgecost report --reconciliation', () => {
  it('--output html: a section with the bill beside the estimate, per region, as reconcile computed it', async () => {
    const { code, stdout: page, stderr } = await runCli(['report', '--demo', '--output', 'html', '--reconciliation', bill], { env: NOW });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(structureProblems(page)).toEqual([]);
    expect(externalResourceReferences(page)).toEqual([]);
    const section = elementById(page, 'reconciliation')!;
    expect(section.attributes['data-same-window']).toBe('yes');
    expect(elementById(page, 'reconciliation-warnings')).toBeUndefined();
    const table = elementById(page, 'reconciliation-table')!;
    const rows = elementsWith(table.inner, 'tr', 'data-within');
    expect(rows.map((r) => r.attributes['data-region'])).toEqual(reconciliation.rows.map((r) => r.region ?? ''));
    rows.forEach((row, index) => {
      const expected = reconciliation.rows[index]!;
      expect(Number(cellByField(row.inner, 'billedRequests')!.attributes['data-value'])).toBe(expected.billedRequests);
      // The demo bill is consistent with the demo account: every region's billed requests are its invocations.
      expect(Number(cellByField(row.inner, 'invocations')!.attributes['data-value'])).toBe(expected.billedRequests);
      expect(Number(cellByField(row.inner, 'billedCostUsd')!.attributes['data-value'])).toBe(expected.billedCostUsd);
      expect(cellByField(row.inner, 'withinTolerance')!.text).toBe('yes');
    });
    const total = elementsWith(table.inner, 'tr', 'data-total')[0]!;
    const printedBilled = cellByField(total.inner, 'billedCostUsd')!.text;
    expect(cents(printedBilled)).toBe(rows.reduce((sum, row) => sum + cents(cellByField(row.inner, 'billedCostUsd')!.text), 0));
    expect(printedBilled).toBe(formatUsd(reconciliation.totals.billedCostUsd));
    expect(elementsWith(page, 'tr', 'data-unit').map((r) => r.attributes['data-unit'])).toEqual(['request', 'gb-second']);
  });

  it('--output json: the report carries it under "reconciliation", valid against the report schema', async () => {
    const { code, stdout } = await runCli(['report', '--demo', '--output', 'json', '--reconciliation', bill], { env: NOW });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(compileSchema('schemas/report.schema.json')(report)).toBeUndefined();
    expect(report.reconciliation).toMatchObject({ file: bill, sameWindow: true, warnings: [] });
    expect(report.reconciliation.document).toEqual(reconciliation);
  });

  it('another window is said in the section and on stderr, never mixed silently', async () => {
    const shifted = join(dir, 'september.json');
    writeFileSync(shifted, JSON.stringify({ ...reconciliation, window: { start: '2026-09-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z', days: 30 } }));
    const { code, stdout, stderr } = await runCli(['report', '--demo', '--output', 'html', '--reconciliation', shifted], { env: NOW });
    expect(code).toBe(0);
    const notice = "the reconciliation covers 2026-09-01 to 2026-09-30 (30 days), this report 2026-10-01 to 2026-10-31 (31 days): its figures are not this report's";
    expect(stderr).toContain(notice);
    expect(elementById(stdout, 'reconciliation')!.attributes['data-same-window']).toBe('no');
    expect(elementById(stdout, 'reconciliation-warnings')!.text).toContain(notice);
  });

  it.each(['table', 'markdown', 'csv'])('--output %s refuses it with exit 2, pointing at reconcile', async (format) => {
    const { code, stdout, stderr } = await runCli(['report', '--demo', '--output', format, '--reconciliation', bill]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`--reconciliation is shown by --output html (and carried by --output json), not by --output ${format}`);
  });

  it.each([
    ['a snapshot', () => new URL('../fixtures/snapshots/small.json', import.meta.url).pathname, /not a reconciliation: "kind" is "edgecost\.snapshot"/],
    ['malformed JSON', () => writeText('broken.json', '{ "kind": "edgecost.reconciliation",\n  "rows": [\n'), /broken\.json:\d+/],
    ['a missing file', () => join(dir, 'nope.json'), /nope\.json/],
  ])('a bad file (%s) is exit 2 with a message naming it, no stack trace', async (_name, file, message) => {
    const { code, stderr } = await runCli(['report', '--demo', '--output', 'html', '--reconciliation', file()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

function writeText(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
