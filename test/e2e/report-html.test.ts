import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/pricing/money.js';
import { runCli } from '../helpers/cli.js';
import { cellByField, cents, count, elementById, elementsWith, externalResourceReferences, structureProblems } from '../render/report-html-parse.js';

const smallSnapshot = new URL('../fixtures/snapshots/small.json', import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), 'edgecost-html-e2e-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('edgecost report --output html (spawned CLI)', () => {
  it('--demo renders a valid, self-contained page with the numbers of the JSON output', async () => {
    const [html, json] = await Promise.all([runCli(['report', '--demo', '--output', 'html']), runCli(['report', '--demo', '--output', 'json'])]);
    expect(html.stderr).toBe('');
    expect(html.code).toBe(0);
    expect(json.code).toBe(0);
    const page = html.stdout;
    const report = JSON.parse(json.stdout);
    expect(page.startsWith('<!doctype html>\n')).toBe(true);
    expect(page.endsWith('</html>\n')).toBe(true);
    expect(structureProblems(page)).toEqual([]);
    expect(externalResourceReferences(page)).toEqual([]);

    expect(Number(elementById(page, 'kpi-total-cost')!.attributes['data-value'])).toBe(report.totals.costUsd);
    expect(elementById(page, 'kpi-total-cost')!.text.startsWith('$210.11')).toBe(true);
    const rows = elementsWith(page, 'tr', 'data-function');
    expect(rows.map((r) => r.attributes['data-function'])).toEqual(report.functions.map((f: { functionName: string }) => f.functionName));
    rows.forEach((row, index) => {
      expect(Number(cellByField(row.inner, 'costUsd')!.attributes['data-value'])).toBe(report.functions[index].costUsd);
      expect(count(cellByField(row.inner, 'invocations')!.text)).toBe(report.functions[index].invocations);
    });
    const total = elementsWith(page, 'tr', 'data-total')[0]!;
    expect(cents(cellByField(total.inner, 'costUsd')!.text)).toBe(rows.reduce((a, row) => a + cents(cellByField(row.inner, 'costUsd')!.text), 0));
    expect(cellByField(total.inner, 'costUsd')!.text).toBe(formatUsd(report.totals.costUsd));
  });

  it('-o FILE writes the same page as stdout', async () => {
    const file = join(directory, 'report.html');
    const [written, printed] = await Promise.all([runCli(['report', '--demo', '--output', 'html', '-o', file]), runCli(['report', '--demo', '--output', 'html'])]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    // Same input, same page except the generation time (the CLI's clock).
    const withoutTime = (page: string) => page.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'TIME');
    expect(withoutTime(readFileSync(file, 'utf8'))).toBe(withoutTime(printed.stdout));
  });

  it('a snapshot with a failed region: exit 0, the region shown as unknown and the warning visible', async () => {
    const { code, stdout, stderr } = await runCli(['report', '--input', smallSnapshot, '--output', 'html']);
    expect(code).toBe(0);
    expect(stderr).toContain('ap-south-1');
    expect(structureProblems(stdout)).toEqual([]);
    const bar = elementsWith(elementById(stdout, 'chart-regions')!.inner, 'g', 'data-label', 'ap-south-1')[0]!;
    expect(bar.attributes['data-value']).toBe('unknown');
    expect(bar.text).toContain('unknown — region failed');
    expect(elementById(stdout, 'warnings')!.text).toContain('region ap-south-1 failed (AccessDeniedException: not authorized to perform cloudwatch:GetMetricData)');
  });

  it('html is listed among the formats in --help', async () => {
    const { code, stdout } = await runCli(['report', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/"html"/);
    expect(stdout).toContain('--output html > report.html');
  });
});
