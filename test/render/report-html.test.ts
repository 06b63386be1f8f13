import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { formatUsd } from '../../src/pricing/money.js';
import { escapeHtml } from '../../src/render/html/escape.js';
import { barChart, compactNumber, lineChart, niceTicks } from '../../src/render/html/svg.js';
import { renderReportHtml } from '../../src/render/report-html.js';
import { reportView } from '../../src/render/report-view.js';
import { buildReport } from '../../src/report/build.js';
import type { Report, ReportComparison, ReportRecommendation } from '../../src/report/document.js';
import { loadPricing } from '../../src/sources/data-files.js';
import { expectMatchesGolden } from '../helpers/golden.js';
import { cellByField, cellsOf, cents, count, elementById, elementsWith, externalResourceReferences, structureProblems } from './report-html-parse.js';

const pricing = loadPricing();
/** After the window: a closed month, no forecast. */
const report = buildReport(demoSnapshot(), { pricing, now: new Date('2026-11-28T12:00:00Z') });
const html = renderReportHtml(report);
/** Inside the window's month: the report carries a month-end forecast. */
const current = buildReport(demoSnapshot(), { pricing, now: new Date('2026-10-31T12:00:00Z') });

function clone(document: Report): Report {
  return structuredClone(document);
}

/** Checked-in expected output (see test/helpers/golden.ts). */
function expectMatchesFile(actual: string, name: string): void {
  expectMatchesGolden(actual, new URL(`../fixtures/html/${name}`, import.meta.url));
}

describe('HTML report: the demo account', () => {
  it('is a well-formed, self-contained page', () => {
    expect(structureProblems(html)).toEqual([]);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).toContain('<title>Lambda@Edge cost, 2026-10-01 to 2026-10-31 (31 days, UTC)</title>');
    expect(externalResourceReferences(html)).toEqual([]);
    expect(html).not.toMatch(/https?:/);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('matches the expected page', () => {
    expectMatchesFile(html, 'report-demo.html');
  });

  it('is deterministic: the same report gives the same bytes, and the only times are the report’s', () => {
    expect(renderReportHtml(clone(report))).toBe(html);
    const timestamps = new Set(html.match(/\d{4}-\d\d-\d\dT\d\d:\d\d[:.\dZ]*/g));
    expect([...timestamps].sort()).toEqual([report.generatedAt, report.window.end, report.window.start].sort());
  });

  it.each([
    ['kpi-total-cost', 'costUsd', '$210.11'],
    ['kpi-run-rate', 'monthlyRunRateUsd', '$206.30'],
    ['kpi-invocations', 'invocations', '222,727,018'],
    ['kpi-gb-seconds', 'billedGbSeconds', '1,529,220.7'],
  ] as const)('summary %s shows totals.%s (%s)', (id, field, printed) => {
    const element = elementById(html, id)!;
    expect(Number(element.attributes['data-value'])).toBe(report.totals[field]);
    expect(element.text.startsWith(printed)).toBe(true);
  });

  it('shows the cost range and says when there is no month-end forecast', () => {
    expect(elementById(html, 'kpi-cost-range')!.text).toContain(`${formatUsd(report.totals.costLowUsd)} – ${formatUsd(report.totals.costHighUsd)}`);
    expect(elementById(html, 'kpi-forecast')!.text).toContain('n/a');
    expect(elementById(html, 'kpi-forecast')!.attributes['data-value']).toBeUndefined();
  });

  it('shows the month-end forecast for a window in the current month', () => {
    expect(current.totals.forecastMonthEndUsd).toBeDefined();
    const element = elementById(renderReportHtml(current), 'kpi-forecast')!;
    expect(Number(element.attributes['data-value'])).toBe(current.totals.forecastMonthEndUsd);
    expect(element.text.startsWith(formatUsd(current.totals.forecastMonthEndUsd!))).toBe(true);
  });

  it('has a table row for every function, with the numbers of the JSON contract', () => {
    const rows = elementsWith(html, 'tr', 'data-function');
    expect(rows.map((r) => r.attributes['data-function'])).toEqual(report.functions.map((f) => f.functionName));
    const view = reportView(report, 'function');
    report.functions.forEach((fn, index) => {
      const row = rows[index]!;
      for (const field of ['memoryMB', 'invocations', 'billedGbSeconds', 'costUsd', 'monthlyRunRateUsd'] as const) {
        expect(Number(cellByField(row.inner, field)!.attributes['data-value']), `${fn.functionName}.${field}`).toBe(fn[field]);
      }
      // The printed cells are the terminal table's cells; money within a cent of the exact value.
      expect(cellsOf(row.inner).map((c) => c.text)).toEqual(view.rows[index]);
      expect(Math.abs(cents(cellByField(row.inner, 'costUsd')!.text) - fn.costUsd * 100)).toBeLessThanOrEqual(1);
      expect(count(cellByField(row.inner, 'invocations')!.text)).toBe(fn.invocations);
      expect(cellByField(row.inner, 'eventTypes')!.text).toBe([...new Set(fn.events.map((e) => e.eventType))].join(', '));
    });
    expect(elementById(html, 'functions-table')!.inner).toContain('<th scope="col" class="num">Billed GB-seconds</th>');
  });

  it.each(['costUsd', 'monthlyRunRateUsd'] as const)("the function table's %s total is the sum of the printed rows and the rounded total", (field) => {
    const table = elementById(html, 'functions-table')!.inner;
    const rows = elementsWith(table, 'tr', 'data-function');
    const total = elementsWith(table, 'tr', 'data-total')[0]!;
    const sum = rows.reduce((a, row) => a + cents(cellByField(row.inner, field)!.text), 0);
    expect(cents(cellByField(total.inner, field)!.text)).toBe(sum);
    expect(sum).toBe(Math.round(report.totals[field] * 100));
  });

  it('totals the invocations column to totals.invocations', () => {
    const total = elementsWith(elementById(html, 'functions-table')!.inner, 'tr', 'data-total')[0]!;
    expect(count(cellByField(total.inner, 'invocations')!.text)).toBe(report.totals.invocations);
  });

  it('has a distribution table that adds up', () => {
    const table = elementById(html, 'distributions-table')!.inner;
    const rows = elementsWith(table, 'tr', 'data-distribution');
    expect(rows.map((r) => r.attributes['data-distribution'])).toEqual(report.byDistribution.map((d) => d.key));
    const sum = rows.reduce((a, row) => a + cents(cellByField(row.inner, 'costUsd')!.text), 0);
    expect(cents(cellByField(elementsWith(table, 'tr', 'data-total')[0]!.inner, 'costUsd')!.text)).toBe(sum);
  });

  it.each([
    ['chart-functions', 'Cost by function', () => report.functions.map((f) => [f.functionName, f.costUsd] as const)],
    ['chart-event-types', 'Cost by event type', () => report.byEventType.map((r) => [r.key, r.costUsd] as const)],
    ['chart-regions', 'Cost by region', () => report.regions.map((r) => [r.region, r.costUsd] as const)],
  ])('bar chart %s has a title, a description and one bar per row with its value', (id, title, expected) => {
    const svg = elementById(html, id)!;
    expect(svg.tag).toBe('svg');
    expect(svg.attributes.role).toBe('img');
    expect(svg.attributes['aria-labelledby']).toBe(`${id}-title ${id}-desc`);
    expect(elementById(svg.inner, `${id}-title`)!.text).toBe(title);
    const bars = elementsWith(svg.inner, 'g', 'data-label');
    expect(bars.map((b) => [b.attributes['data-label'], Number(b.attributes['data-value'])])).toEqual(expected());
    // Every bar's printed amount is in the description too, for screen readers.
    const description = elementById(svg.inner, `${id}-desc`)!.text;
    for (const bar of bars) expect(description).toContain(`${bar.attributes['data-label']}: ${elementsWith(bar.inner, 'text', 'class', 'value')[0]!.text}`);
  });

  it("the function chart's printed amounts are the table's", () => {
    const bars = elementsWith(elementById(html, 'chart-functions')!.inner, 'g', 'data-label');
    const rows = elementsWith(html, 'tr', 'data-function');
    expect(bars.map((b) => elementsWith(b.inner, 'text', 'class', 'value')[0]!.text.split(' · ')[0])).toEqual(rows.map((r) => cellByField(r.inner, 'costUsd')!.text));
  });

  it.each([
    ['chart-daily-invocations', 'invocations'],
    ['chart-daily-cost', 'costUsd'],
  ] as const)('line chart %s has a point per day with byDay.%s', (id, field) => {
    const svg = elementById(html, id)!;
    expect(svg.attributes.role).toBe('img');
    const points = [...svg.inner.matchAll(/<circle [^>]*data-label="([^"]+)" data-value="([^"]+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(points).toEqual(report.byDay.map((d) => [d.date, d[field]]));
    expect(svg.inner).toContain('>Oct 1<');
    expect(svg.inner).toContain('>Oct 31<');
  });

  it('shows the warnings in a visible list', () => {
    const section = elementById(html, 'warnings')!;
    expect(section.tag).toBe('section');
    expect(section.attributes.hidden).toBeUndefined();
    expect(elementsWith(section.inner, 'li', 'class').map((li) => li.text)).toEqual(report.warnings);
    // Before the charts, so nobody scrolls past them.
    expect(html.indexOf('id="warnings"')).toBeLessThan(html.indexOf('id="charts-heading"'));
  });

  it('has print and dark-mode styles', () => {
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('@media print');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toMatch(/break-inside: avoid/);
  });

  it('leaves out the comparison and recommendation sections when the report has none', () => {
    expect(html).not.toContain('id="comparison"');
    expect(html).not.toContain('id="recommendations"');
  });
});

describe('HTML report: failed regions and hostile strings', () => {
  const hostileName = '<script>alert("x")</script>&co';
  const snapshot = demoSnapshot();
  snapshot.regions = snapshot.regions.map((r) => (r.region === 'eu-west-2' ? { region: r.region, status: 'failed', error: 'AccessDenied: <img src=x onerror=alert(1)>' } : r));
  for (const series of snapshot.usage) if (series.functionName === 'geo-redirect') series.functionName = hostileName;
  for (const fn of snapshot.inventory.functions) if (fn.functionName === 'geo-redirect') fn.functionName = hostileName;
  snapshot.warnings = ['warning with </li></ul><script>alert(2)</script>'];
  const document = buildReport(snapshot, { pricing, now: new Date('2026-11-28T12:00:00Z') });
  const page = renderReportHtml(document);

  it('escapes every string from the report', () => {
    expect(document.functions.some((f) => f.functionName === hostileName)).toBe(true);
    expect(structureProblems(page)).toEqual([]);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).toContain(escapeHtml(hostileName));
    expect(externalResourceReferences(page)).toEqual([]);
    const row = elementsWith(page, 'tr', 'data-function', hostileName)[0]!;
    expect(cellsOf(row.inner)[0]!.text).toBe(hostileName);
    expect(elementsWith(elementById(page, 'chart-functions')!.inner, 'g', 'data-label', hostileName)).toHaveLength(1);
    expect(elementsWith(elementById(page, 'warnings')!.inner, 'li', 'class').map((li) => li.text)).toEqual(document.warnings);
  });

  it('shows a failed region as unknown, not zero', () => {
    const bar = elementsWith(elementById(page, 'chart-regions')!.inner, 'g', 'data-label', 'eu-west-2')[0]!;
    expect(bar.attributes['data-value']).toBe('unknown');
    expect(bar.inner).toContain('class="bar-unknown"');
    expect(bar.inner).not.toContain('class="bar"');
    expect(elementsWith(bar.inner, 'text', 'class', 'value')[0]!.text).toBe('unknown — region failed');
    expect(elementById(page, 'chart-regions-desc')!.text).toContain('1 region failed to answer: their cost is unknown, not zero.');
    expect(elementById(page, 'warnings')!.text).toContain('region eu-west-2 failed (AccessDenied: <img src=x onerror=alert(1)>)');
  });

  it('cuts a long name in a chart but keeps it whole in the tooltip and the description', () => {
    const long = 'a-very-long-function-name-that-does-not-fit-the-label-column';
    const svg = barChart([{ label: long, value: 1, valueLabel: '$1.00' }], { id: 'c', title: 'T', description: 'D' });
    expect(svg).toContain('>a-very-long-function-name-tha…</text>');
    expect(svg).toContain(`<title>${long}: $1.00</title>`);
    expect(svg).toContain(`${long}: $1.00.</desc>`);
  });
});

const comparison: ReportComparison = {
  baseline: { file: 'baselines/<september>.json', window: { start: '2026-09-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z', days: 30 }, pricingId: 'aws-public-2026-11' },
  totals: { baselineMonthlyRunRateUsd: 180.004, currentMonthlyRunRateUsd: 206.3000113142674, changeUsd: 26.2960113142674, changePercent: 14.608 },
  functions: [
    {
      functionName: 'auth-check',
      functionArn: null,
      status: 'changed',
      baselineMonthlyRunRateUsd: 70.005,
      currentMonthlyRunRateUsd: 87.86076030393416,
      changeUsd: 17.85576030393416,
      changePercent: 25.5,
      drivers: { invocationsUsd: 15.2, durationUsd: 2.65576030393416, memoryUsd: 0 },
    },
    {
      functionName: 'api-signer',
      functionArn: null,
      status: 'changed',
      baselineMonthlyRunRateUsd: 75.005,
      currentMonthlyRunRateUsd: 66.84,
      changeUsd: -8.165,
      changePercent: -10.886,
      drivers: { invocationsUsd: -1, durationUsd: -7.665, memoryUsd: 0, priceUsd: 0.5 },
    },
    {
      functionName: 'new-fn',
      functionArn: null,
      status: 'new',
      baselineMonthlyRunRateUsd: 0,
      currentMonthlyRunRateUsd: 51.5992510103332,
      changeUsd: 51.5992510103332,
      changePercent: null,
      drivers: { invocationsUsd: 51.5992510103332, durationUsd: 0, memoryUsd: 0 },
    },
    {
      functionName: 'old-fn',
      functionArn: null,
      status: 'removed',
      baselineMonthlyRunRateUsd: 34.994,
      currentMonthlyRunRateUsd: 0,
      changeUsd: -34.994,
      changePercent: -100,
      drivers: { invocationsUsd: -34.994, durationUsd: 0, memoryUsd: 0 },
    },
  ],
  warnings: ['the baseline was priced with aws-public-2026-01 <old>', 'region ap-south-1 failed in the baseline'],
};

const recommendations: ReportRecommendation[] = [
  {
    kind: 'move-to-cloudfront-functions',
    functionName: 'geo-redirect',
    distributionId: 'E3APIEDGE0003',
    from: 'viewer-request',
    to: 'cloudfront-functions',
    currentMonthlyCostUsd: 10.82,
    projectedMonthlyCostUsd: 1.7516,
    monthlySavingsUsd: 9.0684,
    confidence: 'medium',
    assumptions: ['the code needs no network access & no body', 'package ≤ 10 KB <known>'],
  },
  {
    kind: 'move-to-origin-event',
    functionName: 'auth-check',
    from: 'viewer-request',
    to: 'origin-request',
    currentMonthlyCostUsd: 87.86,
    projectedMonthlyCostUsd: null,
    monthlySavingsUsd: null,
    confidence: 'low',
    assumptions: ['valid only when the logic does not depend on per-viewer data outside the cache key'],
  },
];

describe('HTML report: baseline comparison and recommendations (when present)', () => {
  const document: Report = { ...clone(report), comparison, recommendations };
  const page = renderReportHtml(document);

  it('is still a well-formed page with the sections in place', () => {
    expect(structureProblems(page)).toEqual([]);
    expect(externalResourceReferences(page)).toEqual([]);
    expect(elementById(page, 'comparison')).toBeDefined();
    expect(elementById(page, 'recommendations')).toBeDefined();
  });

  it('states the change against the baseline in words and numbers', () => {
    const headline = elementById(page, 'comparison-headline')!;
    expect(headline.text).toBe('Run-rate $206.30 / month against $180.00 in the baseline: up $26.30 (+14.6%).');
    expect(Number(headline.attributes['data-change-usd'])).toBe(comparison.totals.changeUsd);
    expect(elementById(page, 'comparison')!.text).toContain('Baseline baselines/<september>.json, 2026-09-01 to 2026-09-30 (30 days)');
  });

  it('shows why the comparison is not like-for-like', () => {
    const box = elementById(page, 'comparison-warnings')!;
    expect(elementsWith(box.inner, 'li', 'class').map((li) => li.text)).toEqual(comparison.warnings);
    expect(page.indexOf('id="comparison-warnings"')).toBeLessThan(page.indexOf('id="comparison-table"'));
  });

  it('has a row per function with exact data values, and printed columns that add up', () => {
    const table = elementById(page, 'comparison-table')!.inner;
    const rows = elementsWith(table, 'tr', 'data-comparison');
    expect(rows.map((r) => r.attributes['data-comparison'])).toEqual(comparison.functions.map((f) => f.functionName));
    comparison.functions.forEach((fn, index) => {
      for (const field of ['baselineMonthlyRunRateUsd', 'currentMonthlyRunRateUsd', 'changeUsd'] as const) {
        expect(Number(cellByField(rows[index]!.inner, field)!.attributes['data-value'])).toBe(fn[field]);
      }
    });
    const total = elementsWith(table, 'tr', 'data-total')[0]!;
    for (const field of ['baselineMonthlyRunRateUsd', 'currentMonthlyRunRateUsd', 'changeUsd'] as const) {
      const sum = rows.reduce((a, row) => a + cents(cellByField(row.inner, field)!.text), 0);
      expect(cents(cellByField(total.inner, field)!.text), field).toBe(sum);
    }
    // Each printed change is the difference of the printed run-rates.
    for (const row of rows) {
      expect(cents(cellByField(row.inner, 'changeUsd')!.text)).toBe(
        cents(cellByField(row.inner, 'currentMonthlyRunRateUsd')!.text) - cents(cellByField(row.inner, 'baselineMonthlyRunRateUsd')!.text),
      );
    }
    expect(cellsOf(rows[2]!.inner).map((c) => c.text)).toEqual(['new-fn', 'new', '$0.00', '$51.60', '+$51.60', 'new', 'invocations +$51.60']);
    // 70.005 and 75.005: the largest-remainder rounding gives the one spare cent to the first.
    expect(
      cellsOf(rows[0]!.inner)
        .map((c) => c.text)
        .slice(2, 5),
    ).toEqual(['$70.01', '$87.86', '+$17.85']);
    expect(cellsOf(rows[1]!.inner).map((c) => c.text)).toEqual([
      'api-signer',
      'changed',
      '$75.00',
      '$66.84',
      '-$8.16',
      '-10.9%',
      'invocations -$1.00, duration -$7.67, prices +$0.50',
    ]);
  });

  it('lists every recommendation with its savings, confidence and assumptions', () => {
    const rows = elementsWith(elementById(page, 'recommendations-table')!.inner, 'tr', 'data-recommendation');
    expect(rows.map((r) => r.attributes['data-recommendation'])).toEqual(recommendations.map((r) => r.kind));
    expect(cellsOf(rows[0]!.inner).map((c) => c.text)).toEqual([
      'geo-redirect (E3APIEDGE0003)',
      'Rewrite as a CloudFront Function: viewer-request → cloudfront-functions' + 'the code needs no network access & no bodypackage ≤ 10 KB <known>',
      '$10.82',
      '$1.75',
      '$9.07',
      'medium',
    ]);
    expect(Number(cellByField(rows[0]!.inner, 'monthlySavingsUsd')!.attributes['data-value'])).toBe(9.0684);
    expect(cellByField(rows[1]!.inner, 'monthlySavingsUsd')!.text).toBe('unknown');
    expect(cellByField(rows[1]!.inner, 'projectedMonthlyCostUsd')!.text).toBe('unknown');
    expect(cellByField(rows[1]!.inner, 'monthlySavingsUsd')!.attributes['data-value']).toBeUndefined();
  });

  it('says so when the recommender found nothing', () => {
    const none = renderReportHtml({ ...clone(report), recommendations: [] });
    expect(elementById(none, 'recommendations-none')!.text).toBe('No cheaper placement or setting found for this window.');
  });
});

describe('HTML report: an account with no usage', () => {
  const snapshot = demoSnapshot();
  snapshot.usage = [];
  const empty = buildReport(snapshot, { pricing, now: new Date('2026-11-28T12:00:00Z') });
  const page = renderReportHtml(empty);

  it('still renders a sound page with zero totals and empty charts', () => {
    expect(empty.functions).toEqual([]);
    expect(structureProblems(page)).toEqual([]);
    expect(elementById(page, 'kpi-total-cost')!.text.startsWith('$0.00')).toBe(true);
    expect(elementsWith(page, 'tr', 'data-function')).toEqual([]);
    expect(cellByField(elementsWith(elementById(page, 'functions-table')!.inner, 'tr', 'data-total')[0]!.inner, 'costUsd')!.text).toBe('$0.00');
    expect(elementsWith(elementById(page, 'chart-functions')!.inner, 'g', 'data-label')).toEqual([]);
    expect(elementById(page, 'chart-functions')!.inner).toContain('>No data</text>');
    expect(elementById(page, 'chart-daily-cost-desc')!.text).toContain('31 points from 2026-10-01 to 2026-10-31. Lowest $0.00 on 2026-10-01; highest $0.00 on 2026-10-01.');
  });
});

describe('SVG chart helpers', () => {
  it.each([
    [0, [0, 1]],
    [7.9, [0, 2, 4, 6, 8]],
    [8_400_000, [0, 5_000_000, 10_000_000]],
    [0.3, [0, 0.1, 0.2, 0.3]],
    [0.0042, [0, 0.002, 0.004, 0.006]],
    [100, [0, 50, 100]],
  ])('niceTicks(%s) → %j', (max, ticks) => {
    expect(niceTicks(max).ticks).toEqual(ticks);
  });

  it.each([
    [0, '0'],
    [950, '950'],
    [1_500, '1.5k'],
    [5_000_000, '5M'],
    [2_340_000_000, '2.3B'],
  ])('compactNumber(%s) → %s', (value, printed) => {
    expect(compactNumber(value)).toBe(printed);
  });

  it('breaks the line where a day is unknown, and says how many are', () => {
    const svg = lineChart(
      [
        { label: 'd1', value: 1 },
        { label: 'd2', value: 2 },
        { label: 'd3', value: null },
        { label: 'd4', value: 3 },
        { label: 'd5', value: 4 },
      ],
      { id: 'l', title: 'T', description: 'D', seriesClass: 'series-a', formatTick: String, formatValue: (v) => `${v} x` },
    );
    const line = /<path class="line series-a" d="([^"]+)"/.exec(svg)![1]!;
    expect(line.match(/M/g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain('D 5 points from d1 to d5. Lowest 1 x on d1; highest 4 x on d5. 1 points unknown.</desc>');
  });

  it('draws no bar for zero, a sliver for a tiny amount, and a dashed box for unknown', () => {
    const svg = barChart(
      [
        { label: 'big', value: 1000, valueLabel: '$1,000.00' },
        { label: 'tiny', value: 0.001, valueLabel: '$0.00' },
        { label: 'zero', value: 0, valueLabel: '$0.00' },
        { label: 'unknown', value: null, valueLabel: 'unknown' },
      ],
      { id: 'b', title: 'T', description: 'D' },
    );
    const bars = elementsWith(svg, 'g', 'data-label');
    expect(bars.map((b) => (b.inner.match(/class="bar(-unknown)?"/) ?? ['none'])[0])).toEqual(['class="bar"', 'class="bar"', 'none', 'class="bar-unknown"']);
    expect(bars[1]!.inner).toMatch(/class="bar" x="[\d.]+" y="[\d.]+" width="1"/);
  });
});
