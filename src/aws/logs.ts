import { replicaName } from '../model/inventory.js';
import type { TimeWindow } from '../model/snapshot.js';
import { DAY_MS } from '../model/window.js';
import type { AwsClients } from './clients.js';
import { paginate } from './paging.js';
import { mapWithConcurrency } from './pool.js';

/**
 * Exact billed durations from CloudWatch Logs Insights (`collect --exact`): the REPORT line of
 * every invocation carries `@billedDuration` and `@maxMemoryUsed`. Replicas log to
 * `/aws/lambda/us-east-1.<name>` in the region where they ran.
 */

export const LOG_GROUP_PREFIX = `/aws/lambda/${replicaName('')}`;

/** StartQuery accepts up to 50 log groups; results hold at most 10,000 rows. */
const MAX_GROUPS_PER_QUERY = 50;
const MAX_RESULT_ROWS = 10_000;
/** Logs Insights queries of one region in flight at once (the account allows a few dozen in total). */
const QUERIES_IN_FLIGHT_PER_REGION = 2;

/** Logs Insights memory fields are bytes in decimal megabytes (AWS's sample queries divide by 1000/1000). */
const BYTES_PER_MB = 1_000_000;

export const EXACT_QUERY = [
  'filter @type = "REPORT"',
  'stats sum(@billedDuration) as billedDurationMs, max(@maxMemoryUsed) as maxMemoryUsedBytes, count(*) as reports by bin(1d), @log',
].join(' | ');

export interface LogsPolling {
  intervalMs: number;
  /** GetQueryResults calls before a query is given up (its days stay unknown). */
  maxPolls: number;
}

export interface ExactUsage {
  /** Billed ms per day; days without REPORT lines are absent. */
  billedMsByDay: Map<number, number>;
  reportsByDay: Map<number, number>;
  maxMemoryUsedMB?: number;
}

export interface ExactResult {
  /** By function name (no prefix). Functions whose log group does not exist are absent. */
  byFunction: Map<string, ExactUsage>;
  warnings: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Existing replica log groups in a region (DescribeLogGroups by prefix, all pages). */
export async function listReplicaLogGroups(aws: AwsClients, region: string): Promise<Set<string>> {
  const groups = new Set<string>();
  await paginate({
    action: 'logs:DescribeLogGroups',
    region,
    // 50,000 replica log groups in one region: more is a server that never stops
    maxPages: 1_000,
    fetch: (token: string | undefined) =>
      aws.call('logs', region, 'DescribeLogGroups', (client, sdk) =>
        client.send(new sdk.DescribeLogGroupsCommand({ logGroupNamePrefix: LOG_GROUP_PREFIX, limit: 50, nextToken: token })),
      ),
    next: (answer) => answer.nextToken,
    onPage: (answer) => {
      for (const group of answer.logGroups ?? []) if (group.logGroupName) groups.add(group.logGroupName);
    },
  });
  return groups;
}

/** Parses a Logs Insights `bin(1d)` value ("2026-10-01 00:00:00.000") into the window's day index. */
export function dayOfBin(window: TimeWindow, value: string): number | undefined {
  const ms = Date.parse(`${value.trim().replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`);
  if (Number.isNaN(ms)) return undefined;
  const day = Math.floor((ms - Date.parse(window.start)) / DAY_MS);
  return day >= 0 && day < window.days ? day : undefined;
}

/**
 * Runs the exact query over the given functions' log groups in one region: groups batched per
 * query (grouped by `@log`), results polled with a bound. Throws on API errors; a query that does
 * not finish in time leaves its functions out with a warning.
 */
export async function queryExactUsage(aws: AwsClients, region: string, window: TimeWindow, functionNames: readonly string[], polling: LogsPolling): Promise<ExactResult> {
  const result: ExactResult = { byFunction: new Map(), warnings: [] };
  if (functionNames.length === 0) return result;
  const existing = await listReplicaLogGroups(aws, region);
  const groups = functionNames.map((name) => `${LOG_GROUP_PREFIX}${name}`).filter((group) => existing.has(group));
  const perQuery = Math.max(1, Math.min(MAX_GROUPS_PER_QUERY, Math.floor(MAX_RESULT_ROWS / Math.max(1, window.days))));
  const batches: string[][] = [];
  for (let i = 0; i < groups.length; i += perQuery) batches.push(groups.slice(i, i + perQuery));
  await mapWithConcurrency(batches, QUERIES_IN_FLIGHT_PER_REGION, async (batch) => {
    const start = await aws.call('logs', region, 'StartQuery', (client, sdk) =>
      client.send(
        new sdk.StartQueryCommand({
          logGroupNames: batch,
          startTime: Math.floor(Date.parse(window.start) / 1000),
          // Logs Insights includes the end second; the window's end is exclusive.
          endTime: Math.floor(Date.parse(window.end) / 1000) - 1,
          queryString: EXACT_QUERY,
          limit: MAX_RESULT_ROWS,
        }),
      ),
    );
    const queryId = start.queryId;
    if (!queryId) throw new Error(`StartQuery in ${region} returned no query id`);
    for (let poll = 0; poll < polling.maxPolls; poll++) {
      const answer = await aws.call('logs', region, 'GetQueryResults', (client, sdk) => client.send(new sdk.GetQueryResultsCommand({ queryId })));
      const status = answer.status ?? 'Unknown';
      if (status === 'Complete') {
        for (const row of answer.results ?? []) addRow(window, row, result.byFunction);
        return;
      }
      if (status === 'Failed' || status === 'Cancelled' || status === 'Timeout' || status === 'Unknown') {
        result.warnings.push(`Logs Insights query in ${region} ended ${status}; exact billed durations of ${batch.length} function(s) are unknown`);
        return;
      }
      await sleep(polling.intervalMs);
    }
    result.warnings.push(`Logs Insights query in ${region} did not finish after ${polling.maxPolls} polls; exact billed durations of ${batch.length} function(s) are unknown`);
  });
  return result;
}

function addRow(window: TimeWindow, row: readonly { field?: string; value?: string }[], byFunction: Map<string, ExactUsage>): void {
  const get = (field: string) => row.find((cell) => cell.field === field)?.value;
  const logGroup = get('@log');
  const dayValue = get('bin(1d)');
  if (logGroup === undefined || dayValue === undefined) return;
  // @log is "<account id>:<log group name>"
  const group = logGroup.includes(':') ? logGroup.slice(logGroup.indexOf(':') + 1) : logGroup;
  if (!group.startsWith(LOG_GROUP_PREFIX)) return;
  const functionName = group.slice(LOG_GROUP_PREFIX.length);
  const day = dayOfBin(window, dayValue);
  if (day === undefined) return;
  let usage = byFunction.get(functionName);
  if (!usage) {
    usage = { billedMsByDay: new Map(), reportsByDay: new Map() };
    byFunction.set(functionName, usage);
  }
  const billed = Number(get('billedDurationMs'));
  const reports = Number(get('reports'));
  const memoryBytes = Number(get('maxMemoryUsedBytes'));
  if (Number.isFinite(billed)) usage.billedMsByDay.set(day, (usage.billedMsByDay.get(day) ?? 0) + billed);
  if (Number.isFinite(reports)) usage.reportsByDay.set(day, (usage.reportsByDay.get(day) ?? 0) + reports);
  if (Number.isFinite(memoryBytes)) usage.maxMemoryUsedMB = Math.max(usage.maxMemoryUsedMB ?? 0, memoryBytes / BYTES_PER_MB);
}
