import { lastDayOf } from '../model/window.js';
import { formatUsd } from '../pricing/money.js';
import type { ReconciliationRow } from '../reconcile/document.js';
import type { Report, ReportComparison, ReportRecommendation, ReportReconciliation } from '../report/document.js';
import { escapeHtml } from './html/escape.js';
import { REPORT_CSS } from './html/styles.js';
import { type BarDatum, barChart, compactNumber, lineChart } from './html/svg.js';
import { reconciliationView } from './reconcile-view.js';
import { comparisonView, signedUsd } from './report-compare.js';
import { formatCount, formatOneDecimal, type ReportView, reportSummaryLines, reportView, roundToCentsPreservingSum } from './report-view.js';

/**
 * `report --output html`: the report as one self-contained page — inline CSS, inline SVG charts, no
 * scripts and nothing to fetch (a Content-Security-Policy of `default-src 'none'` makes sure of it),
 * so it reads offline, as an e-mail attachment or a CI artifact, and prints on A4.
 *
 * Numbers are real text. Printed money is rounded with `roundToCentsPreservingSum`, as in the
 * terminal table, so every table's total row is the sum of its printed rows. Machine-readable
 * `data-value` attributes carry the unrounded JSON values. The only timestamp is the report's
 * `generatedAt`: the same report always renders to the same bytes.
 */
export function renderReportHtml(report: Report): string {
  const title = reportSummaryLines(report)[0] ?? 'Lambda@Edge cost report';
  const body = [
    header(report),
    summary(report),
    warnings(report),
    report.comparison ? comparison(report.comparison) : '',
    charts(report),
    functionTable(report),
    distributionTable(report),
    report.reconciliation ? reconciliation(report.reconciliation) : '',
    report.recommendations ? recommendations(report.recommendations) : '',
    footer(report),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="edgecost">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function isoDate(iso: string): string {
  return iso.slice(0, 10);
}

function shortDate(date: string): string {
  const [, month, day] = date.split('-');
  return `${MONTHS[Number(month) - 1] ?? month} ${Number(day)}`;
}

function changeClass(value: number): string {
  return value > 0 ? 'change-up' : value < 0 ? 'change-down' : '';
}

function dataValue(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : ` data-value="${escapeHtml(value)}"`;
}

/** Short names stay on one line (a break after the hyphen of `auth-check` reads badly); long ones wrap. */
function nowrapIfShort(text: string): string {
  return [...text].length <= 28 ? ' class="nowrap"' : '';
}

/** `viewer-request, origin-request` with each item kept whole. */
function unbrokenItems(text: string): string {
  return text
    .split(', ')
    .map((item) => `<span class="nowrap">${escapeHtml(item)}</span>`)
    .join(', ');
}

function header(report: Report): string {
  const source = [report.source.type === 'demo' ? 'bundled demo account' : `${report.source.type} data`, report.source.accountId ? `account ${report.source.accountId}` : '']
    .filter(Boolean)
    .join(', ');
  return `<header>
<h1>Lambda@Edge cost report</h1>
<p class="subtitle" id="window" data-start="${escapeHtml(report.window.start)}" data-end="${escapeHtml(report.window.end)}" data-days="${report.window.days}">${escapeHtml(isoDate(report.window.start))} to ${escapeHtml(lastDayOf(report.window))} (${report.window.days} days, UTC) · ${escapeHtml(source)}</p>
</header>`;
}

function kpi(id: string, label: string, value: string, raw: number | undefined, detail: string, className = ''): string {
  return `<div class="kpi"><dt>${escapeHtml(label)}</dt><dd id="${id}"${className ? ` class="${className}"` : ''}${dataValue(raw)}>${escapeHtml(value)}<span class="detail">${escapeHtml(detail)}</span></dd></div>`;
}

function summary(report: Report): string {
  const t = report.totals;
  const forecast =
    t.forecastMonthEndUsd === undefined
      ? kpi('kpi-forecast', 'Month-end forecast', 'n/a', undefined, 'only for a window in the current month', 'na')
      : kpi('kpi-forecast', 'Month-end forecast', formatUsd(t.forecastMonthEndUsd), t.forecastMonthEndUsd, 'this month projected from the days so far');
  const basis =
    report.durationBasis === 'exact-billed'
      ? 'exact billed durations (Logs Insights)'
      : report.durationBasis === 'mixed'
        ? 'exact billed durations where known, CloudWatch sums + rounding elsewhere'
        : `CloudWatch sums + ${report.pricing.billingGranularityMs / 2} ms rounding per invocation`;
  // The printed parts add up to the printed total.
  const [requestsPrinted, durationPrinted] = roundToCentsPreservingSum([t.requestCostUsd, t.durationCostUsd]);
  return `<section aria-labelledby="summary-heading">
<h2 id="summary-heading" class="visually-hidden">Summary</h2>
<dl class="kpis">
${[
  kpi('kpi-total-cost', 'Total cost', formatUsd(t.costUsd), t.costUsd, `requests ${formatUsd(requestsPrinted!)} + duration ${formatUsd(durationPrinted!)}`),
  kpi('kpi-run-rate', 'Run-rate / month', formatUsd(t.monthlyRunRateUsd), t.monthlyRunRateUsd, `cost × 30.4375 / ${report.window.days} days`),
  forecast,
  kpi('kpi-invocations', 'Invocations', formatCount(t.invocations), t.invocations, `${formatCount(report.functions.length)} functions`),
  kpi('kpi-gb-seconds', 'Billed GB-seconds', formatOneDecimal(t.billedGbSeconds), t.billedGbSeconds, 'billed seconds × memory GB'),
  kpi('kpi-cost-range', 'Cost range', `${formatUsd(t.costLowUsd)} – ${formatUsd(t.costHighUsd)}`, undefined, basis, 'range'),
].join('\n')}
</dl>
</section>`;
}

function warnings(report: Report): string {
  if (report.warnings.length === 0) return '';
  const items = report.warnings.map((w) => `<li class="warning">${escapeHtml(w)}</li>`).join('\n');
  return `<section id="warnings" class="warnings" aria-labelledby="warnings-heading">
<h2 id="warnings-heading">Warnings (${report.warnings.length})</h2>
<ul>
${items}
</ul>
</section>`;
}

function figure(caption: string, note: string, svg: string): string {
  return `<figure>
<figcaption><strong>${escapeHtml(caption)}</strong>${note ? ` — ${escapeHtml(note)}` : ''}</figcaption>
${svg}
</figure>`;
}

function shareOf(value: number, total: number): string {
  return total > 0 ? ` · ${formatOneDecimal((value / total) * 100)}%` : '';
}

function costBars<T>(rows: T[], label: (row: T) => string, cost: (row: T) => number | null, unknownLabel: (row: T) => string): BarDatum[] {
  const printed = roundToCentsPreservingSum(rows.map(cost));
  const knownTotal = rows.reduce((a, row) => a + (cost(row) ?? 0), 0);
  return rows.map((row, index) => {
    const value = cost(row);
    const cents = printed[index];
    return {
      label: label(row),
      value,
      valueLabel: value === null || cents === null || cents === undefined ? unknownLabel(row) : `${formatUsd(cents)}${shareOf(value, knownTotal)}`,
    };
  });
}

function charts(report: Report): string {
  const byFunction = barChart(
    costBars(
      report.functions,
      (f) => f.functionName,
      (f) => f.costUsd,
      () => 'unknown',
    ),
    { id: 'chart-functions', title: 'Cost by function', description: `Lambda@Edge cost of each function over the window, in USD, with its share of the total.` },
  );
  const byEvent = barChart(
    costBars(
      report.byEventType,
      (r) => r.key,
      (r) => r.costUsd,
      () => 'unknown',
    ),
    { id: 'chart-event-types', title: 'Cost by event type', description: 'Lambda@Edge cost of each CloudFront event type over the window, in USD.' },
  );
  const failed = report.regions.filter((r) => r.status === 'failed').length;
  const byRegion = barChart(
    costBars(
      report.regions,
      (r) => (r.status === 'skipped' ? `${r.region} (skipped)` : r.region),
      (r) => (r.status === 'failed' ? null : r.costUsd),
      () => 'unknown — region failed',
    ),
    {
      id: 'chart-regions',
      title: 'Cost by region',
      description: `Lambda@Edge cost in each region over the window, in USD.${failed > 0 ? ` ${failed} region${failed === 1 ? '' : 's'} failed to answer: their cost is unknown, not zero.` : ''}`,
    },
  );
  const days = report.byDay;
  const invocations = lineChart(
    days.map((d) => ({ label: d.date, value: d.invocations })),
    {
      id: 'chart-daily-invocations',
      title: 'Invocations per day',
      description: 'Lambda@Edge invocations per UTC day.',
      seriesClass: 'series-a',
      height: 180,
      formatTick: (value) => compactNumber(value),
      formatValue: (value) => `${formatCount(value)} invocations`,
      formatLabel: shortDate,
    },
  );
  const cost = lineChart(
    days.map((d) => ({ label: d.date, value: d.costUsd })),
    {
      id: 'chart-daily-cost',
      title: 'Cost per day',
      description: 'Lambda@Edge cost per UTC day, in USD.',
      seriesClass: 'series-b',
      height: 180,
      formatTick: (value, step) => formatUsd(value, step >= 0.01 ? 2 : Math.min(8, Math.ceil(-Math.log10(step)))),
      formatValue: (value) => formatUsd(value),
      formatLabel: shortDate,
    },
  );
  const regionNote = failed > 0 ? 'dashed: region failed, cost unknown (not zero)' : '';
  return `<section aria-labelledby="charts-heading">
<h2 id="charts-heading">Where the cost comes from</h2>
<div class="chart-grid">
${figure('Cost by function', 'share of the total', byFunction)}
${figure('Cost by event type', 'a version on several associations is split by their requests', byEvent)}
${figure('Cost by region', regionNote, byRegion)}
</div>
<h3>Daily invocations and cost</h3>
${figure('Invocations per day', '', invocations)}
${figure('Cost per day', '', cost)}
</section>`;
}

/** JSON field each view column shows, for `data-field` / `data-value` attributes. */
const FIELD_BY_HEADER: Record<string, string> = {
  Function: 'functionName',
  'Memory MB': 'memoryMB',
  Events: 'eventTypes',
  Invocations: 'invocations',
  'GB-seconds': 'billedGbSeconds',
  Cost: 'costUsd',
  'Run-rate / month': 'monthlyRunRateUsd',
  Distribution: 'distributionId',
  Requests: 'requests',
  'Cache hit rate': 'cacheHitRatePercent',
};

const HEADER_LABEL: Record<string, string> = { 'GB-seconds': 'Billed GB-seconds' };

/** A view from `reportView` as an accessible table: column headers, row headers, a total row. */
function viewTable(view: ReportView, id: string, rowAttribute: string, caption: string): string {
  const th = view.headers.map((h, i) => `<th scope="col"${view.numeric[i] ? ' class="num"' : ''}>${escapeHtml(HEADER_LABEL[h] ?? h)}</th>`).join('');
  const fieldAttr = (header: string) => {
    const field = FIELD_BY_HEADER[header];
    return field ? ` data-field="${field}"` : '';
  };
  const rows = view.rows
    .map((row, r) => {
      const raw = view.rawRows[r] ?? [];
      const cells = row
        .map((cell, i) => {
          const header = view.headers[i] ?? '';
          const attrs = `${fieldAttr(header)}${typeof raw[i] === 'number' ? dataValue(raw[i]) : ''}`;
          if (i === 0) return `<th scope="row"${nowrapIfShort(cell)}${attrs}>${escapeHtml(cell)}</th>`;
          const content = header === 'Events' ? unbrokenItems(cell) : escapeHtml(cell);
          return `<td${view.numeric[i] ? ' class="num"' : ''}${attrs}>${content}</td>`;
        })
        .join('');
      return `<tr ${rowAttribute}="${escapeHtml(String(raw[0] ?? row[0] ?? ''))}">${cells}</tr>`;
    })
    .join('\n');
  const total = view.totalRow
    .map((cell, i) =>
      i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td${view.numeric[i] ? ' class="num"' : ''}${fieldAttr(view.headers[i] ?? '')}>${escapeHtml(cell)}</td>`,
    )
    .join('');
  return `<div class="table-wrap"><table id="${id}">
<caption>${escapeHtml(caption)}</caption>
<thead><tr>${th}</tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr data-total="">${total}</tr></tfoot>
</table></div>`;
}

function functionTable(report: Report): string {
  const view = reportView(report, 'function');
  return `<section aria-labelledby="functions-heading">
<h2 id="functions-heading">Functions</h2>
${viewTable(view, 'functions-table', 'data-function', `${view.title}, ${isoDate(report.window.start)} to ${lastDayOf(report.window)}; money rounded to cents, the total is the sum of the rows shown`)}
</section>`;
}

function distributionTable(report: Report): string {
  if (report.byDistribution.length === 0) return '';
  const view = reportView(report, 'distribution');
  return `<section aria-labelledby="distributions-heading">
<h2 id="distributions-heading">Distributions</h2>
${viewTable(view, 'distributions-table', 'data-distribution', view.title)}
</section>`;
}

function comparison(c: ReportComparison): string {
  const t = c.totals;
  const direction = t.changeUsd > 0 ? 'up' : t.changeUsd < 0 ? 'down' : 'unchanged';
  // The text comparison's view: the same rounding, the same printed change, status and percent.
  const view = comparisonView(c);
  const rows = view.items
    .map(({ comparison: f, baseline: before, current: after, change, changePercent, drivers }) => {
      return `<tr data-comparison="${escapeHtml(f.functionName)}"><th scope="row"${nowrapIfShort(f.functionName)}>${escapeHtml(f.functionName)}</th><td>${escapeHtml(f.status)}</td><td class="num" data-field="baselineMonthlyRunRateUsd"${dataValue(f.baselineMonthlyRunRateUsd)}>${formatUsd(before)}</td><td class="num" data-field="currentMonthlyRunRateUsd"${dataValue(f.currentMonthlyRunRateUsd)}>${formatUsd(after)}</td><td class="num ${changeClass(change.toNumber())}" data-field="changeUsd"${dataValue(f.changeUsd)}>${signedUsd(change)}</td><td class="num" data-field="changePercent"${dataValue(f.changePercent)}>${escapeHtml(changePercent)}</td><td>${escapeHtml(drivers)}</td></tr>`;
    })
    .join('\n');
  const { baseline: beforeTotal, current: afterTotal, change: changeTotal } = view.total;
  return `<section id="comparison" aria-labelledby="comparison-heading">
<h2 id="comparison-heading">Change since the baseline</h2>
<p id="comparison-headline" data-change-usd="${t.changeUsd}">Run-rate <strong>${formatUsd(t.currentMonthlyRunRateUsd)}</strong> / month against <strong>${formatUsd(t.baselineMonthlyRunRateUsd)}</strong> in the baseline: <strong class="${changeClass(t.changeUsd)}">${direction === 'unchanged' ? direction : `${direction} ${formatUsd(Math.abs(t.changeUsd))}`} (${escapeHtml(view.total.changePercent)})</strong>.</p>
${
  c.warnings && c.warnings.length > 0
    ? `<div id="comparison-warnings" class="warnings" role="note"><p><strong>Not like-for-like:</strong></p><ul>
${c.warnings.map((w) => `<li class="warning">${escapeHtml(w)}</li>`).join('\n')}
</ul></div>
`
    : ''
}<p class="note">Baseline <code>${escapeHtml(c.baseline.file)}</code>, ${escapeHtml(isoDate(c.baseline.window.start))} to ${escapeHtml(lastDayOf(c.baseline.window))} (${c.baseline.window.days} days), prices ${escapeHtml(c.baseline.pricingId)}. Monthly run-rates, so windows of different lengths compare fairly.</p>
<div class="table-wrap"><table id="comparison-table">
<caption>Run-rate per function against the baseline; the total is the sum of the rows shown</caption>
<thead><tr><th scope="col">Function</th><th scope="col">Status</th><th scope="col" class="num">Baseline / month</th><th scope="col" class="num">Current / month</th><th scope="col" class="num">Change</th><th scope="col" class="num">Change %</th><th scope="col">What drove it</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr data-total=""><th scope="row">Total</th><td></td><td class="num" data-field="baselineMonthlyRunRateUsd">${formatUsd(beforeTotal)}</td><td class="num" data-field="currentMonthlyRunRateUsd">${formatUsd(afterTotal)}</td><td class="num ${changeClass(changeTotal.toNumber())}" data-field="changeUsd">${signedUsd(changeTotal)}</td><td class="num">${escapeHtml(view.total.changePercent)}</td><td></td></tr></tfoot>
</table></div>
</section>`;
}

/** Longer headers for the HTML section's columns, by the field they show (the terminal's are short). */
const RECONCILIATION_LABEL: Partial<Record<keyof ReconciliationRow, string>> = {
  billedGbSeconds: 'Billed GB-seconds',
  gbSecondsPoint: 'edgecost GB-seconds [low, high]',
  billedCostUsd: 'Billed cost',
  billedNetCostUsd: 'Net cost',
  costUsd: 'edgecost cost',
  costDiffPercent: 'Cost diff',
  withinTolerance: 'Within tolerance',
};

/** `point [low, high]` with the range on a line of its own, so the widest column of the table halves. */
function gbSecondsRange(field: keyof ReconciliationRow | null, cell: string): string {
  const at = cell.indexOf(' [');
  if (field !== 'gbSecondsPoint' || at < 0) return escapeHtml(cell);
  return `${escapeHtml(cell.slice(0, at))} <span class="block note">${escapeHtml(cell.slice(at + 1))}</span>`;
}

/**
 * `report --reconciliation FILE`: the estimate beside the bill, as `edgecost reconcile` prints it
 * (the same view: rounding, totals as the sum of the printed rows, causes), with what makes it
 * not this report's figures (another window, other prices) said first.
 */
function reconciliation(r: ReportReconciliation): string {
  const doc = r.document;
  const view = reconciliationView(doc);
  const th = view.headers
    .map((h, i) => {
      const field = view.fields[i];
      return `<th scope="col"${view.numeric[i] ? ' class="num"' : ''}>${escapeHtml((field ? RECONCILIATION_LABEL[field] : undefined) ?? h)}</th>`;
    })
    .join('');
  const fieldAttrs = (field: keyof ReconciliationRow | null | undefined, row: ReconciliationRow | undefined): string => {
    if (!field) return '';
    const value = row?.[field];
    const range = field === 'gbSecondsPoint' && row ? `${dataValue(row.gbSecondsPoint)} data-low="${row.gbSecondsLow ?? ''}" data-high="${row.gbSecondsHigh ?? ''}"` : '';
    return ` data-field="${field}"${range || (typeof value === 'number' || typeof value === 'boolean' ? dataValue(String(value)) : '')}`;
  };
  const rows = view.rows
    .map((cells, index) => {
      const row = doc.rows[index];
      const flagged = row?.withinTolerance === false;
      const tds = cells
        .map((cell, i) => {
          const field = view.fields[i] ?? null;
          const attrs = fieldAttrs(field, row);
          if (i === 0) return `<th scope="row"${nowrapIfShort(cell)}${attrs}>${escapeHtml(cell)}</th>`;
          const classes = [view.numeric[i] ? 'num' : '', field === 'withinTolerance' && flagged ? 'flagged' : ''].filter(Boolean).join(' ');
          return `<td${classes ? ` class="${classes}"` : ''}${attrs}>${gbSecondsRange(field, cell)}</td>`;
        })
        .join('');
      return `<tr data-region="${escapeHtml(row?.region ?? '')}" data-within="${flagged ? 'no' : 'yes'}">${tds}</tr>`;
    })
    .join('\n');
  const total = view.totalRow
    .map((cell, i) => {
      if (i === 0) return `<th scope="row">${escapeHtml(cell)}</th>`;
      const field = view.fields[i] ?? null;
      const classes = [view.numeric[i] ? 'num' : '', field === 'withinTolerance' && doc.totals.rowsOutsideTolerance > 0 ? 'flagged' : ''].filter(Boolean).join(' ');
      return `<td${classes ? ` class="${classes}"` : ''}${field ? ` data-field="${field}"` : ''}>${gbSecondsRange(field, cell)}</td>`;
    })
    .join('');
  const notices =
    r.warnings.length > 0
      ? `<div id="reconciliation-warnings" class="warnings" role="note"><p><strong>Not this report's figures:</strong></p><ul>
${r.warnings.map((w) => `<li class="warning">${escapeHtml(w)}</li>`).join('\n')}
</ul></div>
`
      : '';
  const [headline, ...summary] = view.summary;
  const rates = `<div class="table-wrap"><table id="effective-rates-table" class="compact">
<caption>Effective rates: the bill's cost ÷ quantity per unit against the price sheet (net when the bill has it)</caption>
<thead><tr>${view.rateHeaders.map((h, i) => `<th scope="col"${view.rateNumeric[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${view.rateRows
  .map((cells, index) => {
    const rate = doc.effectiveRates[index];
    return `<tr data-unit="${escapeHtml(rate?.unit ?? '')}" data-differs="${rate?.differs ? 'yes' : 'no'}">${cells
      .map((cell, i) => {
        if (i === 0) return `<th scope="row">${escapeHtml(cell)}</th>`;
        const field = view.rateFields[i];
        const value = field && rate ? rate[field] : undefined;
        const flagged = field === 'differs' && rate?.differs;
        return `<td${view.rateNumeric[i] ? ' class="num"' : flagged ? ' class="flagged"' : ''}${view.rateNumeric[i] ? dataValue(value as number | null | undefined) : ''}>${escapeHtml(cell)}</td>`;
      })
      .join('')}</tr>`;
  })
  .join('\n')}
</tbody>
</table></div>`;
  const causes =
    view.causes.length > 0
      ? `<h3>Causes of the differences</h3>
<ul id="reconciliation-causes">
${view.causes.map((c) => `<li>${escapeHtml(c)}</li>`).join('\n')}
</ul>`
      : '';
  return `<section id="reconciliation" aria-labelledby="reconciliation-heading" data-same-window="${r.sameWindow ? 'yes' : 'no'}">
<h2 id="reconciliation-heading">Reconciliation with the bill</h2>
${notices}<p id="reconciliation-headline">${escapeHtml(headline ?? '')}</p>
${summary.map((line) => `<p class="note">${escapeHtml(line)}</p>`).join('\n')}
<div class="table-wrap"><table id="reconciliation-table" class="wide">
<caption>The bill beside edgecost's estimate per row; money rounded to cents, the total is the sum of the rows shown</caption>
<thead><tr>${th}</tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr data-total="">${total}</tr></tfoot>
</table></div>
${rates}
${causes}
<p class="note">From <code>${escapeHtml(r.file)}</code> (edgecost reconcile, generated ${escapeHtml(doc.generatedAt ?? 'at an unknown time')}).</p>
</section>`;
}

const RECOMMENDATION_TITLE: Record<ReportRecommendation['kind'], string> = {
  'move-to-origin-event': 'Move to the origin event',
  'move-to-cloudfront-functions': 'Rewrite as a CloudFront Function',
  'reduce-memory': 'Reduce memory',
  'remove-unused': 'Remove what never runs',
};

function recommendations(list: ReportRecommendation[]): string {
  const body =
    list.length === 0
      ? '<p id="recommendations-none">No cheaper placement or setting found for this window.</p>'
      : `<div class="table-wrap"><table id="recommendations-table">
<caption>Each saving is a monthly run-rate priced with the same engine as this report; read its assumptions before acting</caption>
<thead><tr><th scope="col">Function</th><th scope="col">Recommendation</th><th scope="col" class="num">Current / month</th><th scope="col" class="num">Projected / month</th><th scope="col" class="num">Savings / month</th><th scope="col">Confidence</th></tr></thead>
<tbody>
${list
  .map((r) => {
    const assumptions = r.assumptions.length > 0 ? `<ul>${r.assumptions.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul>` : '';
    const where = r.distributionId ? ` <span class="note block">(${escapeHtml(r.distributionId)})</span>` : '';
    return `<tr data-recommendation="${escapeHtml(r.kind)}"><th scope="row"${nowrapIfShort(r.functionName)}>${escapeHtml(r.functionName)}${where}</th><td><strong>${escapeHtml(RECOMMENDATION_TITLE[r.kind] ?? r.kind)}</strong>: ${unbrokenItems(r.from)} → ${unbrokenItems(r.to)}${assumptions}</td><td class="num" data-field="currentMonthlyCostUsd"${dataValue(r.currentMonthlyCostUsd)}>${formatUsd(r.currentMonthlyCostUsd)}</td><td class="num" data-field="projectedMonthlyCostUsd"${dataValue(r.projectedMonthlyCostUsd)}>${r.projectedMonthlyCostUsd === null ? 'unknown' : formatUsd(r.projectedMonthlyCostUsd)}</td><td class="num" data-field="monthlySavingsUsd"${dataValue(r.monthlySavingsUsd)}>${r.monthlySavingsUsd === null ? 'unknown' : formatUsd(r.monthlySavingsUsd)}</td><td>${escapeHtml(r.confidence)}</td></tr>`;
  })
  .join('\n')}
</tbody>
</table></div>
<p class="note">Recommendations for the same function can be alternatives to each other: their savings do not add up.</p>`;
  return `<section id="recommendations" aria-labelledby="recommendations-heading">
<h2 id="recommendations-heading">Recommendations</h2>
${body}
</section>`;
}

function footer(report: Report): string {
  const basis =
    report.durationBasis === 'exact-billed'
      ? 'exact billed durations from CloudWatch Logs Insights'
      : `CloudWatch Duration sums plus ${report.pricing.billingGranularityMs / 2} ms expected rounding per invocation (range ${formatUsd(report.totals.costLowUsd)} – ${formatUsd(report.totals.costHighUsd)})`;
  return `<footer>
<p>Prices: <code>${escapeHtml(report.pricing.id)}</code> (${escapeHtml(report.pricing.currency)}, effective ${escapeHtml(report.pricing.effectiveDate)}). Duration: ${escapeHtml(basis)}. Money in the JSON output is unrounded; this page rounds to cents.</p>
<p>Generated by edgecost at <time id="generated-at" datetime="${escapeHtml(report.generatedAt)}">${escapeHtml(report.generatedAt)}</time>.</p>
</footer>`;
}
