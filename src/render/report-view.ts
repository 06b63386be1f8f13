import { lastDayOf } from '../model/window.js';
import { Decimal, formatUsd, roundCents, ZERO } from '../pricing/money.js';
import type { GroupBy, Report } from '../report/document.js';

/**
 * One tabular view of the report, shared by the table, Markdown and CSV renderers so they cannot
 * drift apart. Money cells are rounded to cents for display; the total row is the sum of the rounded
 * rows, so a printed table always adds up.
 */
export interface ReportView {
  title: string;
  headers: string[];
  /** Which columns are numeric (right-aligned). */
  numeric: boolean[];
  rows: string[][];
  /** Raw (unrounded) values for machine formats. */
  rawRows: (string | number | null)[][];
  totalRow: string[];
}

// Made on first use: the first Intl formatter of a process sets up ICU (~30 ms of every start otherwise).
let integer: Intl.NumberFormat | undefined;
let oneDecimal: Intl.NumberFormat | undefined;

/** A whole number with thousands separators: 1,234,567. */
export function formatCount(value: number): string {
  integer ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  return integer.format(value);
}

/** A number with one decimal and thousands separators: 12,345.6. */
export function formatOneDecimal(value: number): string {
  oneDecimal ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return oneDecimal.format(value);
}

interface Column<T> {
  header: string;
  numeric?: boolean;
  cell: (row: T) => string;
  raw: (row: T) => string | number | null;
  /** Money columns are totalled as the sum of their rounded cells. */
  money?: (row: T) => number | null;
  count?: (row: T) => number | null;
}

/**
 * Rounds amounts to cents so that the rounded amounts add up to their rounded exact sum
 * (largest-remainder method, as financial statements do): every row is within a cent of its exact
 * value, and the total row — the sum of the printed rows — equals the exact total rounded.
 */
export function roundToCentsPreservingSum(values: (number | null)[]): (Decimal | null)[] {
  const exact = values.map((v) => (v === null ? null : new Decimal(v)));
  const known = exact.filter((v): v is Decimal => v !== null);
  if (known.some((v) => v.isNegative())) return exact.map((v) => (v === null ? null : roundCents(v)));
  const target = roundCents(known.reduce((a, b) => a.plus(b), ZERO)).times(100);
  const floors = exact.map((v) => (v === null ? null : v.times(100).floor()));
  let missing = target.minus(floors.reduce<Decimal>((a, b) => (b === null ? a : a.plus(b)), ZERO)).toNumber();
  const order = exact
    .map((v, index) => ({ index, remainder: v === null ? -1 : v.times(100).minus(floors[index]!).toNumber() }))
    .filter((entry) => entry.remainder >= 0)
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  const result = floors.map((v) => (v === null ? null : v));
  for (const entry of order) {
    if (missing <= 0) break;
    result[entry.index] = result[entry.index]!.plus(1);
    missing--;
  }
  return result.map((v) => (v === null ? null : v.div(100)));
}

function view<T>(title: string, rows: T[], columns: Column<T>[]): ReportView {
  const printed = columns.map((column) => (column.money ? roundToCentsPreservingSum(rows.map((row) => column.money!(row))) : undefined));
  const totalRow = columns.map((column, index) => {
    if (index === 0) return 'Total';
    const money = printed[index];
    if (money) return formatUsd(money.reduce<Decimal>((a, b) => (b === null ? a : a.plus(b)), ZERO));
    if (column.count) {
      let sum = 0;
      for (const row of rows) sum += column.count(row) ?? 0;
      return formatCount(sum);
    }
    return '';
  });
  return {
    title,
    headers: columns.map((c) => c.header),
    numeric: columns.map((c) => c.numeric === true),
    rows: rows.map((row, rowIndex) =>
      columns.map((c, index) => {
        const money = printed[index]?.[rowIndex];
        if (printed[index]) return money === null || money === undefined ? 'unknown' : formatUsd(money);
        return c.cell(row);
      }),
    ),
    rawRows: rows.map((row) => columns.map((c) => c.raw(row))),
    totalRow,
  };
}

function money<T>(header: string, get: (row: T) => number | null): Column<T> {
  return {
    header,
    numeric: true,
    cell: (row) => {
      const value = get(row);
      return value === null ? 'unknown' : formatUsd(value);
    },
    raw: get,
    money: get,
  };
}

function count<T>(header: string, get: (row: T) => number | null): Column<T> {
  return {
    header,
    numeric: true,
    cell: (row) => {
      const value = get(row);
      return value === null ? 'unknown' : formatCount(value);
    },
    raw: get,
    count: get,
  };
}

function text<T>(header: string, get: (row: T) => string): Column<T> {
  return { header, cell: get, raw: get };
}

export function reportView(report: Report, groupBy: GroupBy): ReportView {
  switch (groupBy) {
    case 'function':
      return view('Cost by function', report.functions, [
        text('Function', (f) => f.functionName),
        {
          header: 'Memory MB',
          numeric: true,
          cell: (f) => (f.memorySizesMB ? f.memorySizesMB.join('/') : f.memoryMB === null ? 'unknown' : String(f.memoryMB)),
          raw: (f) => (f.memorySizesMB ? f.memorySizesMB.join('/') : f.memoryMB),
        },
        text('Events', (f) => [...new Set(f.events.map((e) => e.eventType))].join(', ') || '(none)'),
        count('Invocations', (f) => f.invocations),
        { header: 'GB-seconds', numeric: true, cell: (f) => formatOneDecimal(f.billedGbSeconds), raw: (f) => f.billedGbSeconds },
        money('Cost', (f) => f.costUsd),
        money('Run-rate / month', (f) => f.monthlyRunRateUsd),
      ]);
    case 'event-type':
      return view('Cost by event type', report.byEventType, [
        text('Event type', (r) => r.key),
        count('Invocations', (r) => r.invocations),
        { header: 'GB-seconds', numeric: true, cell: (r) => formatOneDecimal(r.billedGbSeconds), raw: (r) => r.billedGbSeconds },
        money('Cost', (r) => r.costUsd),
      ]);
    case 'distribution':
      return view('Cost by distribution', report.byDistribution, [
        text('Distribution', (r) => r.key),
        { header: 'Requests', numeric: true, cell: (r) => (r.requests === undefined ? 'unknown' : formatCount(r.requests)), raw: (r) => r.requests ?? null },
        {
          header: 'Cache hit rate',
          numeric: true,
          cell: (r) => (r.cacheHitRatePercent === undefined ? 'unknown' : `${formatOneDecimal(r.cacheHitRatePercent)}%`),
          raw: (r) => r.cacheHitRatePercent ?? null,
        },
        count('Invocations', (r) => r.invocations),
        money('Cost', (r) => r.costUsd),
      ]);
    case 'region':
      return view('Cost by region', report.regions, [
        text('Region', (r) => r.region),
        text('Status', (r) => (r.status === 'failed' ? `failed: ${r.error ?? 'unknown error'}` : r.status)),
        count('Invocations', (r) => r.invocations),
        money('Cost', (r) => r.costUsd),
      ]);
    case 'day':
      return view('Cost by day', report.byDay, [text('Date', (d) => d.date), count('Invocations', (d) => d.invocations), money('Cost', (d) => d.costUsd)]);
  }
}

/** Lines that frame a human-readable report: window, prices, basis, run-rate and forecast. */
export function reportSummaryLines(report: Report): string[] {
  const start = report.window.start.slice(0, 10);
  const lastDay = lastDayOf(report.window);
  // The printed parts add up to the printed total.
  const [requestsPrinted, durationPrinted] = roundToCentsPreservingSum([report.totals.requestCostUsd, report.totals.durationCostUsd]);
  const soFar = report.coveredDays === undefined ? '' : `, ${report.coveredDays.toFixed(1)} of them so far`;
  const lines = [
    `Lambda@Edge cost, ${start} to ${lastDay} (${report.window.days} days, UTC${soFar})`,
    `Total ${formatUsd(report.totals.costUsd)} (requests ${formatUsd(requestsPrinted!)}, duration ${formatUsd(durationPrinted!)}); run-rate ${formatUsd(report.totals.monthlyRunRateUsd)} / month`,
  ];
  if (report.totals.forecastMonthEndUsd !== undefined) lines.push(`Month-end forecast ${formatUsd(report.totals.forecastMonthEndUsd)}`);
  lines.push(
    report.durationBasis === 'exact-billed'
      ? 'Duration: exact billed durations (Logs Insights)'
      : report.durationBasis === 'mixed'
        ? `Duration: exact billed durations where Logs Insights had them, CloudWatch sums + rounding elsewhere (range ${formatUsd(report.totals.costLowUsd)} – ${formatUsd(report.totals.costHighUsd)})`
        : `Duration: CloudWatch sums + ${report.pricing.billingGranularityMs / 2} ms rounding per invocation (range ${formatUsd(report.totals.costLowUsd)} – ${formatUsd(report.totals.costHighUsd)})`,
  );
  lines.push(`Prices: ${report.pricing.id} (${report.pricing.currency})`);
  if (report.recommendations && report.recommendations.length > 0) {
    const savings = report.recommendationSavingsUsd;
    lines.push(
      `${report.recommendations.length} recommendation${report.recommendations.length === 1 ? '' : 's'}${savings ? `, up to ${formatUsd(savings)} / month in known savings` : ''}: run \`edgecost recommend\` with the same input for details`,
    );
  }
  return lines;
}
