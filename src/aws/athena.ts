import { AwsError, UsageError } from '../errors.js';
import type { TimeWindow } from '../model/snapshot.js';
import type { Bill } from '../reconcile/bill.js';
import { billLinesFromRows, type CurResultRow, checkCurColumns, columnsQuery, curQuery } from '../reconcile/cur-sql.js';
import { curSqlTemplate } from '../sources/reconcile-data.js';
import type { AwsClients } from './clients.js';
import { fatalAwsError } from './failures.js';
import { PagingError, paginate } from './paging.js';

/**
 * The bill from a CUR 2.0 table on Amazon Athena (AWS JSON 1.1, `AmazonAthena.*`), for exports
 * too large for one machine: the same SQL text as `--cur` (sql/cur-lambda-edge.sql), run with
 * `StartQueryExecution`, `GetQueryExecution` polled with backoff, and `GetQueryResults` paged
 * (the first row of the first page is the header). Athena writes the result to the workgroup's
 * (or `--athena-output`) S3 location: the one write edgecost causes, and only there.
 */

export interface AthenaOptions {
  /** DB.TABLE */
  table: string;
  workgroup: string;
  /** s3://bucket/prefix/ for results, when the workgroup has none. */
  outputLocation?: string;
  region: string;
  /** First poll delay, ms; doubles up to maxPollMs. EDGECOST_ATHENA_POLL_MS overrides it. */
  pollMs?: number;
  maxPollMs?: number;
  /** Give up after this long, ms. */
  timeoutMs?: number;
}

const IDENTIFIER = /^[A-Za-z0-9_-]+$/;

/** `db.table` → `"db"."table"`, refusing anything that is not two plain identifiers. */
export function athenaTableExpression(table: string): { database: string; expression: string } {
  const parts = table.split('.');
  if (parts.length !== 2 || !parts.every((p) => IDENTIFIER.test(p))) {
    throw new UsageError(`--athena-table expects DATABASE.TABLE (letters, digits, _ and -), got "${table}"`);
  }
  const [database, name] = parts as [string, string];
  return { database, expression: `"${database}"."${name}"` };
}

export function checkOutputLocation(location: string | undefined): void {
  if (location !== undefined && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(location)) {
    throw new UsageError(`--athena-output expects an S3 location such as s3://my-bucket/athena-results/, got "${location}"`);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface QueryResult {
  columns: string[];
  rows: Record<string, string | null>[];
}

export class AthenaRunner {
  requests = 0;

  constructor(
    private readonly aws: AwsClients,
    private readonly options: AthenaOptions,
    private readonly database: string,
  ) {}

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    this.requests++;
    try {
      return await run();
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'InvalidRequestException') {
        throw new AwsError(`athena:${operation} refused the request: ${(error as Error).message}`, {
          action: `athena:${operation}`,
          region: this.options.region,
          cause: error,
          hint: 'check --athena-workgroup, --athena-table and --athena-output (a workgroup without an output location needs --athena-output)',
        });
      }
      throw fatalAwsError(error, `athena:${operation}`, this.options.region);
    }
  }

  async query(sql: string): Promise<QueryResult> {
    const { aws, options } = this;
    const started = await this.call('StartQueryExecution', () =>
      aws.call('athena', options.region, 'StartQueryExecution', (client, sdk) =>
        client.send(
          new sdk.StartQueryExecutionCommand({
            QueryString: sql,
            WorkGroup: options.workgroup,
            QueryExecutionContext: { Database: this.database },
            ...(options.outputLocation ? { ResultConfiguration: { OutputLocation: options.outputLocation } } : {}),
          }),
        ),
      ),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new AwsError('athena:StartQueryExecution returned no QueryExecutionId', { action: 'athena:StartQueryExecution', region: options.region });

    const envPoll = Number(process.env.EDGECOST_ATHENA_POLL_MS);
    let delay = Number.isFinite(envPoll) && envPoll >= 0 ? envPoll : (options.pollMs ?? 250);
    const maxDelay = options.maxPollMs ?? 5_000;
    const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
    for (;;) {
      const execution = await this.call('GetQueryExecution', () =>
        aws.call('athena', options.region, 'GetQueryExecution', (client, sdk) => client.send(new sdk.GetQueryExecutionCommand({ QueryExecutionId: id }))),
      );
      const state = execution.QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = execution.QueryExecution?.Status?.StateChangeReason ?? execution.QueryExecution?.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
        throw new AwsError(`the Athena query ${id} ${state === 'FAILED' ? 'failed' : 'was cancelled'}: ${reason}`, {
          action: 'athena:StartQueryExecution',
          region: options.region,
          hint: 'the table must be a CUR 2.0 export (Data Exports) that Athena can read: check the table name, its Glue permissions and the S3 read access of the data',
        });
      }
      if (Date.now() > deadline)
        throw new AwsError(`the Athena query ${id} did not finish in time (state ${state ?? 'unknown'})`, { action: 'athena:GetQueryExecution', region: options.region });
      await sleep(delay);
      delay = Math.min(maxDelay, Math.max(1, delay * 2));
    }

    const rows: Record<string, string | null>[] = [];
    let columns: string[] = [];
    let first = true;
    try {
      await paginate({
        action: 'athena:GetQueryResults',
        region: options.region,
        maxPages: MAX_RESULT_PAGES,
        fetch: (token) =>
          this.call('GetQueryResults', () =>
            aws.call('athena', options.region, 'GetQueryResults', (client, sdk) =>
              client.send(new sdk.GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 })),
            ),
          ),
        next: (page) => page.NextToken,
        onPage: (page) => {
          if (first) columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
          const data = page.ResultSet?.Rows ?? [];
          // The first row of the first page repeats the column names.
          for (const row of first ? data.slice(1) : data) {
            const out: Record<string, string | null> = {};
            (row.Data ?? []).forEach((cell, index) => {
              out[columns[index] ?? `_${index}`] = cell.VarCharValue ?? null;
            });
            rows.push(out);
          }
          first = false;
        },
      });
    } catch (error) {
      if (error instanceof PagingError) throw fatalAwsError(error, 'athena:GetQueryResults', options.region);
      throw error;
    }
    return { columns, rows };
  }
}

/** Result pages at most (1,000 rows each): the reconcile query returns one row per account, usage type and resource. */
const MAX_RESULT_PAGES = 10_000;

export async function readAthenaBill(aws: AwsClients, options: AthenaOptions, window: TimeWindow): Promise<Bill> {
  const { database, expression } = athenaTableExpression(options.table);
  checkOutputLocation(options.outputLocation);
  const runner = new AthenaRunner(aws, options, database);
  const probe = await runner.query(columnsQuery(expression));
  const present = checkCurColumns(`athena table ${options.table}`, probe.columns);
  const result = await runner.query(curQuery(curSqlTemplate(), expression, window, present));
  return {
    source: 'athena',
    apiRequests: runner.requests,
    lines: billLinesFromRows(`athena table ${options.table}`, result.rows as CurResultRow[], present, window),
    resourceIds: present.resourceIds,
    netCost: present.netCost,
    warnings: [],
  };
}
