import type { DiffChange, DiffDocument, DiffFunction } from '../diff/types.js';
import { lastDayOf } from '../model/window.js';
import { Decimal, formatUsd, ZERO } from '../pricing/money.js';
import { roundToCentsPreservingSum } from './report-view.js';

/**
 * The diff as printed rows, shared by the table and Markdown views. Base and head columns are
 * rounded so their rows add up to the printed totals (functions with an unknown cost are shown as
 * "unknown" and left out of the totals); each printed change is head − base as printed.
 */
export interface DiffRow {
  fn: DiffFunction;
  base: string;
  head: string;
  change: string;
  percent: string;
  changes: string;
}

export interface DiffView {
  rows: DiffRow[];
  totalBase: string;
  totalHead: string;
  totalChange: string;
  totalPercent: string;
  /** "+$41.20 / month (+18 %)", or with unknown costs "… ; 2 functions of unknown cost not counted". */
  summary: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Text from the input as one inert line: no terminal escapes, no line breaks (U+2028/9 included). */
export function plainText(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}

export function signedMoney(value: Decimal): string {
  const rounded = value.toDecimalPlaces(2);
  return rounded.gt(0) ? `+${formatUsd(rounded)}` : formatUsd(rounded);
}

export function signedPercentText(value: number | null): string {
  if (value === null) return 'n/a';
  const shown = Number(value.toFixed(1));
  return `${shown > 0 ? '+' : ''}${shown} %`;
}

export function describeChange(change: DiffChange): string {
  const value = (v: DiffChange['from']) => (v === null ? '—' : String(v));
  if (change.property === 'association') {
    if (change.from === null) return `+ ${value(change.to)}`;
    if (change.to === null) return `− ${value(change.from)}`;
  }
  const label = change.property === 'association' ? '' : `${change.property} `;
  return `${label}${value(change.from)} → ${value(change.to)}`;
}

export function diffView(doc: DiffDocument): DiffView {
  const known = (fn: DiffFunction) => fn.baseMonthlyUsd !== null && fn.headMonthlyUsd !== null;
  const base = roundToCentsPreservingSum(doc.functions.map((fn) => (known(fn) ? fn.baseMonthlyUsd : null)));
  const head = roundToCentsPreservingSum(doc.functions.map((fn) => (known(fn) ? fn.headMonthlyUsd : null)));
  let totalBase = ZERO;
  let totalHead = ZERO;
  const rows = doc.functions.map((fn, index) => {
    const b = base[index] ?? null;
    const h = head[index] ?? null;
    if (b !== null && h !== null) {
      totalBase = totalBase.plus(b);
      totalHead = totalHead.plus(h);
    }
    const lone = (v: number | null) => (v === null ? 'unknown' : formatUsd(v));
    const change = b !== null && h !== null ? h.minus(b) : null;
    return {
      fn,
      base: b !== null ? formatUsd(b) : lone(fn.baseMonthlyUsd),
      head: h !== null ? `${formatUsd(h)}${fn.lowerBound ? ' (≥)' : ''}` : `${lone(fn.headMonthlyUsd)}${fn.lowerBound && fn.headMonthlyUsd !== null ? ' (≥)' : ''}`,
      change: change === null ? 'unknown' : signedMoney(change),
      percent: fn.status === 'added' ? 'new' : signedPercentText(fn.changePercent),
      changes: fn.changes.length === 0 ? '' : plainText(fn.changes.map(describeChange).join('; ')),
    };
  });
  const totalChange = totalHead.minus(totalBase);
  const percent = totalBase.isZero() ? null : totalChange.div(totalBase).times(100).toNumber();
  const unknown = doc.totals.unknownCount;
  const bounds = doc.totals.lowerBoundCount;
  const notes = [
    unknown > 0 ? `${unknown} function${unknown === 1 ? '' : 's'} of unknown cost not counted` : '',
    bounds > 0 ? `${bounds} priced as a request-only lower bound` : '',
  ].filter(Boolean);
  return {
    rows,
    totalBase: formatUsd(totalBase),
    totalHead: formatUsd(totalHead),
    totalChange: signedMoney(totalChange),
    totalPercent: signedPercentText(percent),
    summary: `${signedMoney(totalChange)} / month${percent === null ? '' : ` (${signedPercentText(percent)})`}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
  };
}

export function windowLine(doc: DiffDocument): string {
  const lastDay = lastDayOf(doc.window);
  return `monthly run-rates from usage measured ${doc.window.start.slice(0, 10)} to ${lastDay} (${doc.window.days} days, UTC); prices ${doc.pricingId}`;
}

export { Decimal };
