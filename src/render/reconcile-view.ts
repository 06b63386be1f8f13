import { windowText } from '../model/window.js';
import { type Decimal, formatUsd, ZERO } from '../pricing/money.js';
import type { EffectiveRate, Reconciliation, ReconciliationRow } from '../reconcile/document.js';
import { formatCount, formatOneDecimal, roundToCentsPreservingSum } from './report-view.js';

/**
 * One tabular view of a reconciliation, shared by the table, Markdown and CSV renderers. Names
 * that come from the bill or the usage data (usage types, accounts, functions, causes quoting
 * them) are made inert here: control characters (terminal escapes) are removed.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function inert(text: string): string {
  return text.replace(CONTROL, '');
}

const count = (value: number | null) => (value === null ? '—' : formatCount(value));
const gb = (value: number | null) => (value === null ? '—' : formatOneDecimal(value));
const percent = (value: number | null) => (value === null ? '—' : `${value >= 0 ? '+' : ''}${value.toFixed(2)} %`);

export interface ReconciliationView {
  headers: string[];
  /** The row field each column shows (null for the causes' codes), for renderers that label cells. */
  fields: (keyof ReconciliationRow | null)[];
  numeric: boolean[];
  rows: string[][];
  rawHeaders: string[];
  rawRows: (string | number | boolean | null)[][];
  totalRow: string[];
  summary: string[];
  rateHeaders: string[];
  rateFields: (keyof EffectiveRate)[];
  rateNumeric: boolean[];
  rateRows: string[][];
  causes: string[];
}

function where(row: ReconciliationRow): string {
  return inert(row.region ?? `unknown (${row.usageTypePrefix ?? '?'})`);
}

export function reconciliationView(doc: Reconciliation): ReconciliationView {
  const byAccount = new Set(doc.rows.map((r) => r.accountId)).size > 1;
  const byFunction = doc.rows.some((r) => r.functionName !== null);
  type Column = readonly [header: string, field: keyof ReconciliationRow | null, numeric: boolean];
  const columns: Column[] = [
    ['Region', 'region', false],
    ...(byAccount ? [['Account', 'accountId', false] as Column] : []),
    ...(byFunction ? [['Function', 'functionName', false] as Column] : []),
    ['Billed requests', 'billedRequests', true],
    ['Invocations', 'invocations', true],
    ['Billed GB-s', 'billedGbSeconds', true],
    ['edgecost GB-s [low, high]', 'gbSecondsPoint', true],
    ['Billed', 'billedCostUsd', true],
    ['Net', 'billedNetCostUsd', true],
    ['edgecost', 'costUsd', true],
    ['Diff', 'costDiffPercent', true],
    ['Within', 'withinTolerance', false],
    ['Causes', null, false],
  ];
  const headers = columns.map(([header]) => header);
  const fields = columns.map(([, field]) => field);
  const numeric = columns.map(([, , isNumber]) => isNumber);
  // Money columns print rounded so that the total row is the sum of the printed rows.
  const printed = (pick: (row: ReconciliationRow) => number | null) => roundToCentsPreservingSum(doc.rows.map(pick));
  const billedCents = printed((r) => r.billedCostUsd);
  const netCents = printed((r) => r.billedNetCostUsd);
  const costCents = printed((r) => r.costUsd);
  const cents = (value: Decimal | null | undefined) => (value === null || value === undefined ? '—' : formatUsd(value));
  const sumCents = (values: (Decimal | null)[], whole: number | null) => (whole === null ? '—' : formatUsd(values.reduce<Decimal>((a, b) => (b === null ? a : a.plus(b)), ZERO)));
  const rows = doc.rows.map((row, index) => [
    where(row),
    ...(byAccount ? [inert(row.accountId ?? '—')] : []),
    ...(byFunction ? [inert(row.functionName ?? '—')] : []),
    count(row.billedRequests),
    count(row.invocations),
    gb(row.billedGbSeconds),
    row.gbSecondsPoint === null ? '—' : `${gb(row.gbSecondsPoint)} [${gb(row.gbSecondsLow)}, ${gb(row.gbSecondsHigh)}]`,
    cents(billedCents[index]),
    cents(netCents[index]),
    cents(costCents[index]),
    percent(row.costDiffPercent),
    row.withinTolerance ? 'yes' : 'NO',
    row.causes.map((c) => c.code).join(', '),
  ]);
  const t = doc.totals;
  const totalRow = [
    'Total',
    ...(byAccount ? [''] : []),
    ...(byFunction ? [''] : []),
    count(t.billedRequests),
    count(t.invocations),
    gb(t.billedGbSeconds),
    t.gbSecondsPoint === null ? '—' : `${gb(t.gbSecondsPoint)} [${gb(t.gbSecondsLow)}, ${gb(t.gbSecondsHigh)}]`,
    sumCents(billedCents, t.billedCostUsd),
    sumCents(netCents, t.billedNetCostUsd),
    sumCents(costCents, t.costUsd),
    percent(t.costDiffPercent),
    t.rowsOutsideTolerance === 0 ? 'yes' : `${t.rowsOutsideTolerance} NO`,
    '',
  ];
  const rawHeaders = [
    'region',
    'usageTypePrefix',
    'accountId',
    'functionName',
    'billedRequests',
    'invocations',
    'billedGbSeconds',
    'gbSecondsLow',
    'gbSecondsPoint',
    'gbSecondsHigh',
    'billedCostUsd',
    'billedNetCostUsd',
    'costUsd',
    'costDiffPercent',
    'withinTolerance',
    'causes',
  ];
  const rawRows = doc.rows.map((r) => [
    r.region,
    r.usageTypePrefix,
    r.accountId,
    r.functionName,
    r.billedRequests,
    r.invocations,
    r.billedGbSeconds,
    r.gbSecondsLow,
    r.gbSecondsPoint,
    r.gbSecondsHigh,
    r.billedCostUsd,
    r.billedNetCostUsd,
    r.costUsd,
    r.costDiffPercent,
    r.withinTolerance,
    r.causes.map((c) => c.code).join(' '),
  ]);
  const source = doc.bill.demo
    ? 'demo bill'
    : doc.bill.source === 'cost-explorer'
      ? 'Cost Explorer'
      : doc.bill.source === 'cur'
        ? 'CUR 2.0 export (DuckDB)'
        : 'CUR 2.0 table (Athena)';
  const summary = [
    `Lambda@Edge estimate vs bill, ${windowText(doc.window)}`,
    `Bill: ${source}${doc.bill.source === 'cost-explorer' && !doc.bill.demo ? `, ${doc.bill.apiRequests} request(s) at $0.01 each` : doc.bill.source === 'athena' ? `, ${doc.bill.apiRequests} Athena API call(s)` : ''}; prices: ${inert(doc.pricingId)}; tolerance ±${doc.tolerancePercent} %`,
    t.rowsOutsideTolerance === 0 ? `Every row is within ±${doc.tolerancePercent} %.` : `${t.rowsOutsideTolerance} of ${t.rows} row(s) outside ±${doc.tolerancePercent} %.`,
  ];
  const adjustments = Object.entries(t.adjustmentsUsd);
  if (adjustments.length > 0) summary.push(`Not usage (kept apart): ${adjustments.map(([type, amount]) => `${inert(type)} ${formatUsd(amount, 2)}`).join(', ')}`);
  if (doc.bill.estimatedDays.length > 0) summary.push(`Days not final in the bill: ${doc.bill.estimatedDays.join(', ')}`);
  const rateColumns: [header: string, field: keyof EffectiveRate, numeric: boolean][] = [
    ['Unit', 'unit', false],
    ['Sheet', 'sheetUsd', true],
    ['Billed', 'billedUsd', true],
    ['Net', 'netUsd', true],
    ['Differs', 'differs', false],
  ];
  const rateHeaders = rateColumns.map(([header]) => header);
  const rate = (value: number | null, unit: string) => (value === null ? '—' : unit === 'request' ? `$${(value * 1e6).toPrecision(6)} / 1M` : `$${value.toPrecision(6)} / GB-s`);
  const rateRows = doc.effectiveRates.map((r) => [r.unit, rate(r.sheetUsd, r.unit), rate(r.billedUsd, r.unit), rate(r.netUsd, r.unit), r.differs ? 'YES' : 'no']);
  const causes: string[] = [];
  for (const row of doc.rows) for (const cause of row.causes) causes.push(`${where(row)}${row.functionName ? ` ${inert(row.functionName)}` : ''}: ${inert(cause.message)}`);
  for (const r of doc.effectiveRates) if (r.note) causes.push(`${r.unit} rate: ${inert(r.note)}`);
  return {
    headers,
    fields,
    numeric,
    rows,
    rawHeaders,
    rawRows,
    totalRow,
    summary,
    rateHeaders,
    rateFields: rateColumns.map(([, field]) => field),
    rateNumeric: rateColumns.map(([, , isNumber]) => isNumber),
    rateRows,
    causes,
  };
}
