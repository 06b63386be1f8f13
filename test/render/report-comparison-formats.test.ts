import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { comparisonView } from '../../src/render/report-compare.js';
import { renderReportHtml } from '../../src/render/report-html.js';
import { renderReportMarkdown, renderReportTable } from '../../src/render/report-text.js';
import { buildReport } from '../../src/report/build.js';
import type { Report, ReportComparison } from '../../src/report/document.js';
import { loadPricing } from '../../src/sources/data-files.js';
import { cellsOf, elementById, elementsWith } from './report-html-parse.js';

/** A comparison with a function of every status; the total grew from $0 (no percentage). */
const comparison: ReportComparison = {
  baseline: { file: 'main.json', window: { start: '2026-09-01T00:00:00Z', end: '2026-10-01T00:00:00Z', days: 30 }, pricingId: 'aws-public-2026-10' },
  totals: { baselineMonthlyRunRateUsd: 0, currentMonthlyRunRateUsd: 12.5, changeUsd: 12.5, changePercent: null },
  functions: [
    {
      functionName: 'brand-new',
      functionArn: null,
      status: 'new',
      baselineMonthlyRunRateUsd: 0,
      currentMonthlyRunRateUsd: 10.004,
      changeUsd: 10.004,
      changePercent: null,
      drivers: { invocationsUsd: 10.004, durationUsd: 0, memoryUsd: 0 },
    },
    {
      functionName: 'grown',
      functionArn: null,
      status: 'changed',
      baselineMonthlyRunRateUsd: 0.001,
      currentMonthlyRunRateUsd: 2.496,
      changeUsd: 2.495,
      changePercent: 249500,
      drivers: { invocationsUsd: 2.495, durationUsd: 0, memoryUsd: 0 },
    },
    {
      functionName: 'gone',
      functionArn: null,
      status: 'removed',
      baselineMonthlyRunRateUsd: 0,
      currentMonthlyRunRateUsd: 0,
      changeUsd: 0,
      changePercent: 0,
      drivers: { invocationsUsd: 0, durationUsd: 0, memoryUsd: 0 },
    },
  ],
  warnings: [],
};

const pricing = loadPricing();
const report: Report = { ...buildReport(demoSnapshot(), { pricing, now: new Date('2026-11-28T12:00:00Z') }), comparison };

describe('the HTML comparison is the text comparison’s view', () => {
  const view = comparisonView(comparison);
  const html = renderReportHtml(report);
  const htmlRows = elementsWith(elementById(html, 'comparison-table')!.inner, 'tr', 'data-comparison').map((row) => cellsOf(row.inner).map((c) => c.text));

  it('says "new" where the text says "new" (a function with no baseline cost has no percentage)', () => {
    expect(view.rows[0]![5]).toBe('new');
    expect(htmlRows[0]![5]).toBe('new');
    expect(renderReportTable(report, { groupBy: 'function', color: false })).toMatch(/│ brand-new │ new\s+│\s+\$0\.00 │\s+\$10\.00 │\s+\+\$10\.00 │\s+new │/);
    expect(renderReportMarkdown(report, { groupBy: 'function', color: false })).toContain('| brand-new | new | $0.00 | $10.00 | +$10.00 | new |');
  });

  it('prints the same function, status, run-rates, change and percentage on every row', () => {
    expect(htmlRows).toHaveLength(view.rows.length);
    htmlRows.forEach((cells, index) => {
      expect(cells.slice(0, 6)).toEqual(view.rows[index]!.slice(0, 6));
    });
  });

  it('has the same total row and the same headline percentage', () => {
    const total = cellsOf(elementsWith(elementById(html, 'comparison-table')!.inner, 'tr', 'data-total')[0]!.inner).map((c) => c.text);
    expect(total.slice(0, 6)).toEqual(view.totalRow.slice(0, 6));
    expect(view.summary).toBe('Run-rate $0.00 → $12.50 a month: +$12.50 (new)');
    expect(elementById(html, 'comparison-headline')!.text).toBe('Run-rate $12.50 / month against $0.00 in the baseline: up $12.50 (new).');
  });
});
