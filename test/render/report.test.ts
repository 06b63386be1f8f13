import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { renderReportCsv, renderReportJson, renderReportMarkdown, renderReportTable } from '../../src/render/report-text.js';
import { roundToCentsPreservingSum } from '../../src/render/report-view.js';
import { buildReport } from '../../src/report/build.js';
import { GROUP_BY } from '../../src/report/document.js';
import { loadPricing } from '../../src/sources/data-files.js';
import { expectMatchesGolden } from '../helpers/golden.js';

const report = buildReport(demoSnapshot(), { pricing: loadPricing(), now: new Date('2026-11-28T12:00:00Z') });

/** Checked-in expected output (see test/helpers/golden.ts). */
function expectMatchesFile(actual: string, name: string): void {
  expectMatchesGolden(actual, new URL(`../fixtures/expected/${name}`, import.meta.url));
}

describe('report renderers (demo account)', () => {
  it.each(GROUP_BY)('table grouped by %s matches the expected output', (groupBy) => {
    expectMatchesFile(renderReportTable(report, { groupBy, color: false }), `report-demo-${groupBy}.txt`);
  });

  it.each(GROUP_BY)('markdown grouped by %s matches the expected output', (groupBy) => {
    expectMatchesFile(renderReportMarkdown(report, { groupBy, color: false }), `report-demo-${groupBy}.md`);
  });

  it('csv matches the expected output', () => {
    expectMatchesFile(renderReportCsv(report, { groupBy: 'function', color: false }), 'report-demo-function.csv');
  });

  it('json matches the expected output', () => {
    expectMatchesFile(renderReportJson(report), 'report-demo.json');
  });

  it.each(GROUP_BY)("the table's total row is the sum of its printed rows (%s)", (groupBy) => {
    const lines = renderReportTable(report, { groupBy, color: false }).split('\n');
    const costColumn = (line: string) => {
      return line
        .split('│')
        .slice(1, -1)
        .map((c) => c.trim());
    };
    const header = costColumn(lines.find((l) => l.includes('│') && l.includes('Cost'))!);
    const costIndex = header.indexOf('Cost');
    const dataRows = lines.filter((l) => l.startsWith('│') && !l.includes('Cost') && !l.includes('Total')).map(costColumn);
    const totalRow = costColumn(lines.find((l) => l.includes('│ Total'))!);
    const cents = (cell: string) => Math.round(Number(cell.replace(/[$,]/g, '')) * 100);
    const sum = dataRows.reduce((a, row) => a + cents(row[costIndex]!), 0);
    expect(sum).toBe(cents(totalRow[costIndex]!));
    // and the printed total is the exact total rounded
    expect(cents(totalRow[costIndex]!)).toBe(Math.round(report.totals.costUsd * 100));
  });
});

describe('roundToCentsPreservingSum', () => {
  it.each([
    [
      [0.333, 0.333, 0.334],
      ['0.33', '0.33', '0.34'],
    ],
    [
      [1.005, 1.005, 1.005],
      ['1.01', '1.01', '1'],
    ],
    [
      [0.004, 0.004, 0.004],
      ['0.01', '0', '0'],
    ],
    [
      [2.5, null, 1.25],
      ['2.5', null, '1.25'],
    ],
  ])('%j → %j', (values, expected) => {
    expect(roundToCentsPreservingSum(values).map((v) => (v === null ? null : v.toString()))).toEqual(expected);
  });
});
