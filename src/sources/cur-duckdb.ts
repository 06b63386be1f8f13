import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { TimeWindow } from '../model/snapshot.js';
import type { Bill } from '../reconcile/bill.js';
import { billLinesFromRows, type CurResultRow, checkCurColumns, columnsQuery, curQuery } from '../reconcile/cur-sql.js';
import { curSqlTemplate } from './reconcile-data.js';

/**
 * `--cur PATH|GLOB`: the Parquet files of a CUR 2.0 export read on this machine by DuckDB
 * (embedded, no server). `@duckdb/node-api` and its native binding are imported only here, only
 * for this flag. A folder means every Parquet file below it (exports are partitioned by billing
 * period); a glob is passed to DuckDB as is.
 */

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export async function curPattern(path: string): Promise<string> {
  const stats = await stat(path).catch(() => undefined);
  if (stats?.isDirectory()) return join(path, '**', '*.parquet');
  if (stats?.isFile() || /[*?[]/.test(path)) return path;
  throw new InputError(path, 'no such file or folder (--cur expects a Parquet file, a folder of them, or a glob)');
}

export interface DuckDbRun {
  columns: string[];
  rows: Record<string, string | null>[];
}

/**
 * `@duckdb/node-api` is CommonJS (some 120 files): `require` loads it in about a third of the time
 * an ESM `import()` takes, which first has every file parsed for its named exports.
 */
function loadDuckDb(): typeof import('@duckdb/node-api') {
  return createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
}

/** Runs SQL on an in-memory DuckDB; each row's values as text (the query casts them so). */
export async function withDuckDb<T>(run: (query: (sql: string) => Promise<DuckDbRun>) => Promise<T>): Promise<T> {
  const { DuckDBInstance } = loadDuckDb();
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    return await run(async (sql) => {
      const result = await connection.runAndReadAll(sql);
      const columns = result.columnNames();
      const rows = result.getRowObjectsJS().map((row) => {
        const out: Record<string, string | null> = {};
        for (const column of columns) {
          const value = row[column];
          out[column] = value === null || value === undefined ? null : String(value);
        }
        return out;
      });
      return { columns, rows };
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function readCurBill(path: string, window: TimeWindow): Promise<Bill> {
  const pattern = await curPattern(path);
  const table = `read_parquet(${sqlString(pattern)}, union_by_name = true)`;
  return withDuckDb(async (query) => {
    let columns: string[];
    try {
      columns = (await query(columnsQuery(table))).columns;
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new InputError(path, `cannot read the export as Parquet (${message})`, { cause: error });
    }
    const present = checkCurColumns(path, columns);
    const result = await query(curQuery(curSqlTemplate(), table, window, present));
    return {
      source: 'cur',
      apiRequests: 0,
      lines: billLinesFromRows(path, result.rows as CurResultRow[], present, window),
      resourceIds: present.resourceIds,
      netCost: present.netCost,
      warnings: [],
    };
  });
}
