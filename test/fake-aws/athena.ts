// Amazon Athena, AWS JSON 1.1 (`X-Amz-Target: AmazonAthena.<Operation>`, signing name `athena`):
// StartQueryExecution, GetQueryExecution, GetQueryResults. The received SQL really runs: on an
// in-memory DuckDB where the scenario's CUR table (`"db"."table"`) is a view over the Parquet
// export, so the Athena path of edgecost runs the very SQL text it sends. Results are text, as
// Athena returns them; the first row of the first GetQueryResults page is the header; pages of
// pageSizes.athenaResults rows follow NextToken. GetQueryExecution answers RUNNING
// `athena.runningPolls` times (default 1) before SUCCEEDED or FAILED. Unknown workgroups and a
// missing result location are InvalidRequestException, as in Athena.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { decodeToken, encodeToken } from './cloudwatch.js';
import type { ScenarioIndex } from './data.js';
import { AwsError, jsonReply, type Reply } from './wire.js';

const CT = 'application/x-amz-json-1.1';
type Json = Record<string, unknown>;

interface Execution {
  id: string;
  sql: string;
  workgroup: string;
  outputLocation: string;
  database?: string;
  submitted: number;
  polls: number;
  done: Promise<void>;
  state: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  error?: string;
  columns: string[];
  rows: (string | null)[][];
}

export class AthenaState {
  private counter = 0;
  readonly executions = new Map<string, Execution>();
  private db?: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }>;

  private connection(idx: ScenarioIndex): Promise<DuckDBConnection> {
    this.db ??= (async () => {
      const spec = idx.scenario.athena;
      if (!spec) throw new Error('fake-aws: the scenario has no athena table');
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
      const connection = await instance.connect();
      const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
      await connection.run(`CREATE SCHEMA ${quote(spec.database)}`);
      await connection.run(
        `CREATE VIEW ${quote(spec.database)}.${quote(spec.table)} AS SELECT * FROM read_parquet('${spec.parquetGlob.replace(/'/g, "''")}', union_by_name = true)`,
      );
      return { instance, connection };
    })();
    return this.db.then((d) => d.connection);
  }

  nextId(): string {
    this.counter += 1;
    return `a7e40000-0000-4000-8000-${this.counter.toString(16).padStart(12, '0')}`;
  }

  close(): void {
    void this.db?.then(({ connection, instance }) => {
      connection.closeSync();
      instance.closeSync();
    });
    this.db = undefined;
  }

  start(idx: ScenarioIndex, body: Json): Reply {
    const spec = idx.scenario.athena;
    const sql = body.QueryString;
    if (typeof sql !== 'string' || sql.trim() === '') throw new AwsError(400, 'InvalidRequestException', 'QueryString is required');
    const workgroup = typeof body.WorkGroup === 'string' ? body.WorkGroup : 'primary';
    if (!spec || !(workgroup in spec.workgroups)) throw new AwsError(400, 'InvalidRequestException', `WorkGroup ${workgroup} is not found.`);
    const requested = (body.ResultConfiguration as { OutputLocation?: string } | undefined)?.OutputLocation;
    const outputLocation = requested ?? spec.workgroups[workgroup];
    if (!outputLocation) {
      throw new AwsError(
        400,
        'InvalidRequestException',
        'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
      );
    }
    const id = this.nextId();
    const execution: Execution = {
      id,
      sql,
      workgroup,
      outputLocation: `${outputLocation.replace(/\/?$/, '/')}${id}.csv`,
      database: (body.QueryExecutionContext as { Database?: string } | undefined)?.Database,
      submitted: Date.now() / 1000,
      polls: 0,
      state: 'RUNNING',
      columns: [],
      rows: [],
      done: Promise.resolve(),
    };
    execution.done = (async () => {
      try {
        const connection = await this.connection(idx);
        const result = await connection.runAndReadAll(sql);
        execution.columns = result.columnNames();
        execution.rows = result.getRowsJS().map((row) => row.map((v) => (v === null || v === undefined ? null : String(v))));
        execution.state = 'SUCCEEDED';
      } catch (error) {
        execution.state = 'FAILED';
        execution.error = `fake-aws: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      }
    })();
    this.executions.set(id, execution);
    return jsonReply({ QueryExecutionId: id }, CT);
  }

  private find(body: Json): Execution {
    const id = body.QueryExecutionId;
    const execution = typeof id === 'string' ? this.executions.get(id) : undefined;
    if (!execution) throw new AwsError(400, 'InvalidRequestException', `QueryExecution ${String(id)} was not found`);
    return execution;
  }

  async get(idx: ScenarioIndex, body: Json): Promise<Reply> {
    const execution = this.find(body);
    execution.polls++;
    const running = execution.polls <= (idx.scenario.athena?.runningPolls ?? 1);
    if (!running) await execution.done;
    const state = running ? (execution.polls === 1 ? 'QUEUED' : 'RUNNING') : execution.state;
    return jsonReply(
      {
        QueryExecution: {
          QueryExecutionId: execution.id,
          Query: execution.sql,
          StatementType: 'DML',
          WorkGroup: execution.workgroup,
          ResultConfiguration: { OutputLocation: execution.outputLocation },
          QueryExecutionContext: execution.database ? { Database: execution.database } : {},
          Status: {
            State: state,
            SubmissionDateTime: execution.submitted,
            ...(state === 'SUCCEEDED' || state === 'FAILED' ? { CompletionDateTime: Date.now() / 1000 } : {}),
            ...(state === 'FAILED'
              ? { StateChangeReason: execution.error, AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: execution.error } }
              : {}),
          },
        },
      },
      CT,
    );
  }

  async results(idx: ScenarioIndex, body: Json): Promise<Reply> {
    const execution = this.find(body);
    await execution.done;
    if (execution.state !== 'SUCCEEDED' || execution.polls <= (idx.scenario.athena?.runningPolls ?? 1)) {
      throw new AwsError(
        400,
        'InvalidRequestException',
        `Query has not yet finished. Current state: ${execution.polls <= (idx.scenario.athena?.runningPolls ?? 1) ? 'RUNNING' : execution.state}`,
      );
    }
    const all = [execution.columns, ...execution.rows];
    const hash = execution.id;
    const offset = typeof body.NextToken === 'string' ? (decodeToken(body.NextToken, hash, 'InvalidRequestException').offset ?? 0) : 0;
    const size = Math.min(idx.pageSizes.athenaResults, typeof body.MaxResults === 'number' ? body.MaxResults : 1000);
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? encodeToken({ h: hash, offset: offset + size }) : undefined;
    return jsonReply(
      {
        UpdateCount: 0,
        ResultSet: {
          Rows: page.map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
          ResultSetMetadata: {
            ColumnInfo: execution.columns.map((Name) => ({
              CatalogName: 'hive',
              SchemaName: '',
              TableName: '',
              Name,
              Label: Name,
              Type: 'varchar',
              Precision: 2147483647,
              Scale: 0,
              Nullable: 'UNKNOWN',
              CaseSensitive: true,
            })),
          },
        },
        ...(next ? { NextToken: next } : {}),
      },
      CT,
    );
  }
}

export async function handleAthena(idx: ScenarioIndex, state: AthenaState, operation: string, body: Json): Promise<Reply> {
  switch (operation) {
    case 'StartQueryExecution':
      return state.start(idx, body);
    case 'GetQueryExecution':
      return state.get(idx, body);
    case 'GetQueryResults':
      return state.results(idx, body);
    default:
      throw new AwsError(400, 'UnknownOperationException', `fake-aws Athena does not implement ${operation}`);
  }
}
