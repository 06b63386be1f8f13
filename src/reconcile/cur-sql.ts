import { InputError } from '../errors.js';
import type { TimeWindow } from '../model/snapshot.js';
import { windowDates } from '../model/window.js';
import { Decimal } from '../pricing/money.js';
import type { BillLine } from './bill.js';

/**
 * The one SQL text (sql/cur-lambda-edge.sql) that DuckDB (`--cur`) and Athena (`--athena-table`)
 * both run over a CUR 2.0 export, and what its rows become. Only edgecost fills the placeholders:
 * the table expression, the window's timestamps and column names chosen from a fixed list.
 */

export const CUR_SQL_FILE = 'sql/cur-lambda-edge.sql';

/** Columns the query cannot do without. */
export const REQUIRED_CUR_COLUMNS = [
  'line_item_usage_start_date',
  'line_item_usage_type',
  'line_item_usage_amount',
  'line_item_unblended_cost',
  'line_item_line_item_type',
  'line_item_usage_account_id',
] as const;

/** A query that returns the table's columns and no rows: the same text on both engines. */
export function columnsQuery(table: string): string {
  return `SELECT * FROM ${table} LIMIT 0`;
}

export interface CurColumns {
  resourceIds: boolean;
  netCost: boolean;
  regionCode: boolean;
}

/** Which optional columns the export has; a missing required one is an input error naming it. */
export function checkCurColumns(where: string, columns: readonly string[]): CurColumns {
  const names = new Set(columns.map((c) => c.toLowerCase()));
  const missing = REQUIRED_CUR_COLUMNS.filter((c) => !names.has(c));
  if (missing.length > 0) {
    throw new InputError(where, `not a CUR 2.0 export: no column ${missing.join(', ')}`, {
      hint: 'point --cur at the Parquet files of a Data Exports "CUR 2.0" export (or --athena-table at its table)',
    });
  }
  return {
    resourceIds: names.has('line_item_resource_id'),
    netCost: names.has('line_item_net_unblended_cost'),
    regionCode: names.has('product_region_code'),
  };
}

/** The query for one table expression and window, with the optional columns the export has. */
export function curQuery(template: string, table: string, window: TimeWindow, columns: CurColumns): string {
  const timestamp = (iso: string) => `${iso.slice(0, 10)} 00:00:00`;
  const values: Record<string, string> = {
    table,
    start: timestamp(window.start),
    end: timestamp(window.end),
    resource_id: columns.resourceIds ? 'line_item_resource_id' : 'CAST(NULL AS VARCHAR)',
    net_unblended_cost: columns.netCost ? 'line_item_net_unblended_cost' : 'CAST(NULL AS DOUBLE)',
    region_code: columns.regionCode ? 'product_region_code' : 'CAST(NULL AS VARCHAR)',
  };
  const body = template
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n');
  return body.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${CUR_SQL_FILE}: unknown placeholder {{${name}}}`);
    return value;
  });
}

/** Result columns of the query, in order (both engines return them as text). */
export const CUR_RESULT_COLUMNS = [
  'first_date',
  'last_date',
  'account_id',
  'usage_type',
  'line_item_type',
  'resource_id',
  'region_code',
  'usage_amount',
  'unblended_cost',
  'net_unblended_cost',
  'line_items',
] as const;

export type CurResultRow = Record<(typeof CUR_RESULT_COLUMNS)[number], string | null>;

function decimal(where: string, column: string, value: string | null): Decimal {
  if (value === null || value === '') return new Decimal(0);
  try {
    return new Decimal(value);
  } catch {
    throw new InputError(where, `column ${column}: "${value}" is not a number`);
  }
}

/**
 * Result rows → bill lines (one per account, usage type, line item type, resource and region over
 * the window; `date` is the first day seen). A day outside the window would mean the engine
 * compared timestamps differently: refused rather than counted.
 */
export function billLinesFromRows(where: string, rows: Iterable<CurResultRow>, columns: CurColumns, window: TimeWindow): BillLine[] {
  const days = new Set(windowDates(window));
  const lines: BillLine[] = [];
  for (const row of rows) {
    const date = row.first_date ?? '';
    for (const day of [date, row.last_date ?? '']) {
      if (!days.has(day)) throw new InputError(where, `the query returned a day outside the window: "${day}"`);
    }
    lines.push({
      date,
      accountId: row.account_id,
      usageType: row.usage_type ?? '',
      lineItemType: row.line_item_type ?? 'Usage',
      resourceId: columns.resourceIds ? row.resource_id : null,
      regionCode: row.region_code,
      quantity: decimal(where, 'line_item_usage_amount', row.usage_amount),
      unblendedCostUsd: decimal(where, 'line_item_unblended_cost', row.unblended_cost),
      netUnblendedCostUsd: columns.netCost && row.net_unblended_cost !== null ? decimal(where, 'line_item_net_unblended_cost', row.net_unblended_cost) : null,
      estimated: false,
    });
  }
  return lines;
}
