import { lastDayOf } from '../model/window.js';
import { Decimal, formatUsd, ZERO } from '../pricing/money.js';
import type { FunctionComparison, ReportComparison } from '../report/document.js';
import { formatCount, formatOneDecimal, roundToCentsPreservingSum } from './report-view.js';

/**
 * The baseline comparison of a report (`report --baseline FILE`) as rows shared by the table,
 * Markdown and CSV renderers. Printed amounts add up: baseline and current columns are rounded so
 * that their rows sum to their rounded totals, and each printed change is current − baseline as printed.
 */
export interface ComparisonView {
  title: string;
  summary: string;
  headers: string[];
  numeric: boolean[];
  rows: string[][];
  totalRow: string[];
  notes: string[];
  /** The rows as values, for views that lay them out otherwise (HTML): the same printed figures. */
  items: ComparisonItem[];
  total: { baseline: Decimal; current: Decimal; change: Decimal; changePercent: string };
}

/** One function of the comparison as printed: run-rates rounded so the columns add up, change = current − baseline as printed. */
export interface ComparisonItem {
  comparison: FunctionComparison;
  baseline: Decimal;
  current: Decimal;
  change: Decimal;
  changePercent: string;
  /** Why it changed, biggest driver first (`explainChange`). */
  why: string;
  /** The drivers in short: "invocations +$1.20, duration -$0.35" (`driverSummary`). */
  drivers: string;
}

export function signedUsd(value: Decimal | number): string {
  const decimal = typeof value === 'number' ? new Decimal(value) : value;
  const text = formatUsd(decimal);
  return decimal.toDecimalPlaces(2).gt(0) ? `+${text}` : text;
}

export function signedPercent(value: number | null): string {
  if (value === null) return 'new';
  const text = `${formatOneDecimal(value)}%`;
  return value > 0 && text !== '0.0%' ? `+${text}` : text;
}

function windowText(window: { start: string; end: string; days: number }): string {
  const lastDay = lastDayOf(window);
  return `${window.start.slice(0, 10)} to ${lastDay}, ${window.days} days`;
}

function ms(value: number | null): string {
  return value === null ? 'unknown' : `${Number(value.toFixed(2))} ms`;
}

/** Why a function's cost moved, biggest driver first: "invocations 1.2M → 1.5M a month (+$3.20); …". */
export function explainChange(fn: FunctionComparison): string {
  if (fn.status === 'new') return 'new since the baseline';
  if (fn.status === 'removed') return 'no longer runs (not in the current data)';
  const parts: { amount: number; text: string }[] = [];
  const b = fn.baseline;
  const c = fn.current;
  const significant = (amount: number) => Math.abs(amount) >= 0.005;
  if (significant(fn.drivers.invocationsUsd)) {
    parts.push({
      amount: fn.drivers.invocationsUsd,
      text: `invocations ${b ? formatCount(b.invocationsPerMonth) : '?'} → ${c ? formatCount(c.invocationsPerMonth) : '?'} a month (${signedUsd(fn.drivers.invocationsUsd)})`,
    });
  }
  if (significant(fn.drivers.durationUsd)) {
    parts.push({
      amount: fn.drivers.durationUsd,
      text: `mean duration ${ms(b?.meanDurationMs ?? null)} → ${ms(c?.meanDurationMs ?? null)} (${signedUsd(fn.drivers.durationUsd)})`,
    });
  }
  if (significant(fn.drivers.memoryUsd)) {
    parts.push({ amount: fn.drivers.memoryUsd, text: `memory ${b?.memoryMB ?? '?'} → ${c?.memoryMB ?? '?'} MB (${signedUsd(fn.drivers.memoryUsd)})` });
  }
  if (fn.drivers.priceUsd !== undefined && significant(fn.drivers.priceUsd)) {
    parts.push({ amount: fn.drivers.priceUsd, text: `prices (${signedUsd(fn.drivers.priceUsd)})` });
  }
  if (parts.length === 0) return fn.status === 'unchanged' ? 'unchanged' : 'small changes';
  return parts
    .sort((x, y) => Math.abs(y.amount) - Math.abs(x.amount))
    .map((p) => p.text)
    .join('; ');
}

/** The drivers of a change in short, those that print as a cent or more: "invocations +$1.20, prices -$0.35", or "—". */
export function driverSummary(drivers: FunctionComparison['drivers']): string {
  const parts = (
    [
      ['invocations', drivers.invocationsUsd],
      ['duration', drivers.durationUsd],
      ['memory', drivers.memoryUsd],
      ['prices', drivers.priceUsd ?? 0],
    ] as const
  )
    .filter(([, value]) => formatUsd(value) !== '$0.00' && formatUsd(value) !== '-$0.00')
    .map(([name, value]) => `${name} ${signedUsd(value)}`);
  return parts.length > 0 ? parts.join(', ') : '—';
}

export function comparisonView(comparison: ReportComparison): ComparisonView {
  const baseline = roundToCentsPreservingSum(comparison.functions.map((f) => f.baselineMonthlyRunRateUsd));
  const current = roundToCentsPreservingSum(comparison.functions.map((f) => f.currentMonthlyRunRateUsd));
  const sum = (values: (Decimal | null)[]) => values.reduce<Decimal>((a, b) => (b === null ? a : a.plus(b)), ZERO);
  const items: ComparisonItem[] = comparison.functions.map((fn, index) => {
    const before = baseline[index] ?? ZERO;
    const after = current[index] ?? ZERO;
    return {
      comparison: fn,
      baseline: before,
      current: after,
      change: after.minus(before),
      changePercent: signedPercent(fn.changePercent),
      why: explainChange(fn),
      drivers: driverSummary(fn.drivers),
    };
  });
  const rows = items.map((item) => [
    item.comparison.functionName,
    item.comparison.status,
    formatUsd(item.baseline),
    formatUsd(item.current),
    signedUsd(item.change),
    item.changePercent,
    item.why,
  ]);
  const baselineTotal = sum(baseline);
  const currentTotal = sum(current);
  const { totals } = comparison;
  return {
    items,
    total: { baseline: baselineTotal, current: currentTotal, change: currentTotal.minus(baselineTotal), changePercent: signedPercent(totals.changePercent) },
    title: `Change against baseline ${comparison.baseline.file} (${windowText(comparison.baseline.window)}, prices ${comparison.baseline.pricingId})`,
    summary: `Run-rate ${formatUsd(totals.baselineMonthlyRunRateUsd)} → ${formatUsd(totals.currentMonthlyRunRateUsd)} a month: ${signedUsd(totals.changeUsd)} (${signedPercent(totals.changePercent)})`,
    headers: ['Function', 'Status', 'Baseline / month', 'Now / month', 'Change', 'Change %', 'Why'],
    numeric: [false, false, true, true, true, true, false],
    rows,
    totalRow: ['Total', '', formatUsd(baselineTotal), formatUsd(currentTotal), signedUsd(currentTotal.minus(baselineTotal)), signedPercent(totals.changePercent), ''],
    notes: comparison.warnings ?? [],
  };
}

const CSV_HEADERS = [
  'Function',
  'Status',
  'Baseline run-rate / month (USD)',
  'Run-rate / month (USD)',
  'Change (USD)',
  'Change %',
  'Invocations driver (USD)',
  'Duration driver (USD)',
  'Memory driver (USD)',
  'Price driver (USD)',
  'Baseline invocations / month',
  'Invocations / month',
  'Baseline mean duration ms',
  'Mean duration ms',
  'Baseline memory MB',
  'Memory MB',
];

/** Unrounded comparison rows for spreadsheets. */
export function comparisonCsvRows(comparison: ReportComparison): (string | number | null)[][] {
  return [
    CSV_HEADERS,
    ...comparison.functions.map((fn) => [
      fn.functionName,
      fn.status,
      fn.baselineMonthlyRunRateUsd,
      fn.currentMonthlyRunRateUsd,
      fn.changeUsd,
      fn.changePercent,
      fn.drivers.invocationsUsd,
      fn.drivers.durationUsd,
      fn.drivers.memoryUsd,
      fn.drivers.priceUsd ?? null,
      fn.baseline?.invocationsPerMonth ?? null,
      fn.current?.invocationsPerMonth ?? null,
      fn.baseline?.meanDurationMs ?? null,
      fn.current?.meanDurationMs ?? null,
      fn.baseline?.memoryMB ?? null,
      fn.current?.memoryMB ?? null,
    ]),
  ];
}
