import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { renderReportHtml } from '../../src/render/report-html.js';
import type { Report } from '../../src/report/document.js';
import { reportDocument } from '../../src/report/pipeline.js';
import { loadPricing, loadRecommendLimits, parseReconciliation } from '../../src/sources/data-files.js';
import { cellByField, cellsOf, elementById, elementsWith, externalResourceReferences, structureProblems } from './report-html-parse.js';

/**
 * `report --reconciliation`: the HTML section, from a hand-written reconciliation
 * (test/fixtures/reconcile/hostile-names.json) whose figures are checked here by hand:
 * us-east-1 billed 0.6 + 2,500 GB-s × 0.00005001 = $0.725025, edgecost 0.6 + 2,450.5 × 0.00005001 =
 * $0.722549505, diff −0.3414 %; the second row's names are markup and a terminal escape.
 */
const FILE = new URL('../fixtures/reconcile/hostile-names.json', import.meta.url).pathname;
const pricing = loadPricing();
const now = new Date('2026-11-28T12:00:00Z');

function reconciliation(edit: (doc: ReturnType<typeof parseReconciliation>) => void = () => {}) {
  const document = parseReconciliation(FILE, readFileSync(FILE, 'utf8'));
  document.pricingId = pricing.sheet.id;
  edit(document);
  return document;
}

function reportWith(document = reconciliation()): { report: Report; html: string } {
  const { report } = reportDocument(demoSnapshot(), { pricing, now, limits: loadRecommendLimits(), reconciliation: { file: 'bill.json', document } });
  return { report, html: renderReportHtml(report) };
}

describe('HTML report: the reconciliation section', () => {
  const { report, html } = reportWith();
  const section = elementById(html, 'reconciliation')!;

  it('is there, in a well-formed, self-contained page, with the same window and prices (no notice)', () => {
    expect(report.reconciliation).toMatchObject({ file: 'bill.json', sameWindow: true, warnings: [] });
    expect(structureProblems(html)).toEqual([]);
    expect(externalResourceReferences(html)).toEqual([]);
    expect(section.attributes['data-same-window']).toBe('yes');
    expect(section.inner).toContain('<h2 id="reconciliation-heading">Reconciliation with the bill</h2>');
    expect(elementById(html, 'reconciliation-warnings')).toBeUndefined();
    expect(elementById(html, 'reconciliation-headline')!.text).toBe('Lambda@Edge estimate vs bill, 2026-10-01 to 2026-10-31 (31 days)');
    expect(section.text).toContain('Bill: CUR 2.0 export (DuckDB)');
    expect(section.text).toContain('1 of 2 row(s) outside ±1 %.');
    expect(section.text).toContain('Not usage (kept apart): Credit -$0.50');
  });

  it('shows the hand-checked figures of each row', () => {
    const table = elementById(html, 'reconciliation-table')!;
    const rows = elementsWith(table.inner, 'tr', 'data-within');
    expect(rows).toHaveLength(2);
    const east = rows[0]!;
    expect(east.attributes).toMatchObject({ 'data-region': 'us-east-1', 'data-within': 'yes' });
    const text = (field: string) => cellByField(east.inner, field)!.text;
    expect(text('region')).toBe('us-east-1');
    expect(text('functionName')).toBe('auth-check');
    expect(text('billedRequests')).toBe('1,000,000');
    expect(text('invocations')).toBe('1,000,000');
    expect(text('billedGbSeconds')).toBe('2,500.0');
    expect(text('gbSecondsPoint')).toBe('2,450.5 [2,400.0, 2,501.0]');
    expect(cellByField(east.inner, 'gbSecondsPoint')!.attributes).toMatchObject({ 'data-value': '2450.5', 'data-low': '2400', 'data-high': '2501' });
    expect(text('billedCostUsd')).toBe('$0.73');
    expect(text('billedNetCostUsd')).toBe('$0.70');
    expect(text('costUsd')).toBe('$0.72');
    expect(Number(cellByField(east.inner, 'costUsd')!.attributes['data-value'])).toBe(0.722549505);
    expect(text('costDiffPercent')).toBe('-0.34 %');
    expect(text('withinTolerance')).toBe('yes');
    expect(cellsOf(east.inner).at(-1)!.text).toBe('discount');

    const unknown = rows[1]!;
    expect(unknown.attributes).toMatchObject({ 'data-region': '', 'data-within': 'no' });
    expect(cellByField(unknown.inner, 'invocations')!.text).toBe('—');
    expect(cellByField(unknown.inner, 'costUsd')!.text).toBe('—');
    expect(cellByField(unknown.inner, 'withinTolerance')!.attributes.class).toBe('flagged');
    expect(cellByField(unknown.inner, 'withinTolerance')!.text).toBe('NO');

    const total = elementsWith(table.inner, 'tr', 'data-total')[0]!;
    expect(cellByField(total.inner, 'billedRequests')!.text).toBe('1,000,500');
    expect(cellByField(total.inner, 'billedGbSeconds')!.text).toBe('2,510.0');
    // The total is the sum of the printed rows: $0.73 + $0.00.
    expect(cellByField(total.inner, 'billedCostUsd')!.text).toBe('$0.73');
    expect(cellByField(total.inner, 'costUsd')!.text).toBe('$0.72');
    expect(cellByField(total.inner, 'withinTolerance')!.text).toBe('1 NO');
  });

  it('shows the effective rates, the differing one flagged', () => {
    const rates = elementById(html, 'effective-rates-table')!;
    const request = elementsWith(rates.inner, 'tr', 'data-unit', 'request')[0]!;
    expect(request.attributes['data-differs']).toBe('yes');
    expect(cellsOf(request.inner).map((c) => c.text)).toEqual(['request', '$0.600000 / 1M', '$0.600000 / 1M', '$0.580000 / 1M', 'YES']);
    const gb = elementsWith(rates.inner, 'tr', 'data-unit', 'gb-second')[0]!;
    expect(gb.attributes['data-differs']).toBe('no');
    expect(cellsOf(gb.inner).map((c) => c.text)).toEqual(['gb-second', '$0.0000500100 / GB-s', '$0.0000500100 / GB-s', '—', 'no']);
  });

  it('lists the causes', () => {
    const causes = elementById(html, 'reconciliation-causes')!;
    expect(causes.text).toContain('us-east-1 auth-check: net cost is 3.45 % below unblended: a discount applies');
    expect(causes.text).toContain("request rate: the bill's net rate is -3.33 % from the sheet's");
  });

  it('names from the input cannot inject markup or terminal escapes', () => {
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/<svg onload/i);
    expect(html).not.toMatch(/<b>/);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).not.toContain('\u001b');
    expect(section.inner).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(section.inner).toContain('unknown (&lt;img src=x onerror=alert(1)&gt;)');
    expect(section.inner).toContain('&quot;&gt;&lt;svg onload=alert(2)&gt;');
    expect(section.inner).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('says so, above its table, when the reconciliation is of another window or other prices', () => {
    const other = reportWith(
      reconciliation((doc) => {
        doc.window = { start: '2026-09-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z', days: 30 };
        doc.pricingId = 'learned-rates';
      }),
    );
    expect(other.report.reconciliation?.sameWindow).toBe(false);
    const notes = elementById(other.html, 'reconciliation-warnings')!;
    expect(elementById(other.html, 'reconciliation')!.attributes['data-same-window']).toBe('no');
    expect(notes.text).toContain("the reconciliation covers 2026-09-01 to 2026-09-30 (30 days), this report 2026-10-01 to 2026-10-31 (31 days): its figures are not this report's");
    expect(notes.text).toContain(`the reconciliation priced edgecost's estimate with learned-rates, this report with ${pricing.sheet.id}`);
    expect(other.html.indexOf('id="reconciliation-warnings"')).toBeLessThan(other.html.indexOf('id="reconciliation-table"'));
  });

  it('is absent without a reconciliation', () => {
    const { report: plain } = reportDocument(demoSnapshot(), { pricing, now, limits: loadRecommendLimits() });
    expect(plain.reconciliation).toBeUndefined();
    expect(renderReportHtml(plain)).not.toContain('id="reconciliation"');
  });
});

describe('parseReconciliation: the file of report --reconciliation', () => {
  const text = readFileSync(FILE, 'utf8');

  it('reads a reconciliation, filling what absence means', () => {
    const minimal = JSON.parse(text);
    delete minimal.bill.estimatedDays;
    delete minimal.totals.adjustmentsUsd;
    delete minimal.totals.rows;
    delete minimal.rows[0].adjustmentsUsd;
    const doc = parseReconciliation('bill.json', JSON.stringify(minimal, null, 2));
    expect(doc.bill.estimatedDays).toEqual([]);
    expect(doc.totals.adjustmentsUsd).toEqual({});
    expect(doc.totals.rows).toBe(2);
    expect(doc.rows[0]!.adjustmentsUsd).toEqual({});
  });

  it.each([
    [
      'another kind',
      (d: Record<string, unknown>) => Object.assign(d, { kind: 'edgecost.report' }),
      /bill\.json:3: not a reconciliation: "kind" is "edgecost\.report", expected "edgecost\.reconciliation"/,
    ],
    [
      'a figure of the wrong type',
      (d: Record<string, unknown>) => Object.assign((d.rows as Record<string, unknown>[])[0]!, { billedRequests: '1000000' }),
      /bill\.json:26: invalid reconciliation: \/rows\/0\/billedRequests must be number/,
    ],
    ['no tolerance', (d: Record<string, unknown>) => delete d.tolerancePercent, /invalid reconciliation: no "tolerancePercent"/],
    [
      'a window that is not a time',
      (d: Record<string, unknown>) => Object.assign(d.window as object, { start: 'October' }),
      /bill\.json:6: invalid reconciliation: \/window\/start "October" is not an ISO 8601 time/,
    ],
  ])('refuses %s, naming the file and line', (_name, edit, message) => {
    const data = JSON.parse(text);
    edit(data);
    expect(() => parseReconciliation('bill.json', JSON.stringify(data, null, 2))).toThrow(message);
  });
});
