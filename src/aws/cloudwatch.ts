import type { GetMetricDataInput, GetMetricDataOutput } from '@aws-sdk/client-cloudwatch';
import type { TimeWindow } from '../model/snapshot.js';
import { type AwsClients, EPOCH_MS, NATIVE_MEMBERS } from './clients.js';
import { batchQueries, type Datapoints, type ListedVersions, type MetricQuery, noDatapoints, parseReplicaVersionMetric } from './metrics.js';
import { paginate } from './paging.js';

/**
 * Pages of one listing at most: a GetMetricData batch of 500 queries over 455 days of hourly data
 * is 55 pages of 100,800 datapoints; 1,000 pages of ListMetrics are 500,000 metrics.
 */
const MAX_PAGES = 1_000;

/** A query CloudWatch answered with an error status (Forbidden, InternalError). */
export class MetricQueryError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * Runs metric queries in one region: batches of up to 500 per GetMetricData call, all batches at
 * once within CloudWatch's request and datapoint rates (rate-limits.ts), every NextToken followed
 * (a page may hold part of a query's datapoints), datapoints gathered per id. CloudWatch answers
 * every query id it was sent (a query without data has empty Values): a batch whose pages leave
 * out an id is an error, never a series of zeros.
 */
export async function runMetricQueries(
  aws: AwsClients,
  region: string,
  window: TimeWindow,
  periodSeconds: number,
  queries: readonly MetricQuery[],
): Promise<Map<string, Datapoints>> {
  const points = new Map<string, Datapoints>(queries.map((q) => [q.id, noDatapoints()]));
  const pointsPerQuery = Math.max(1, Math.ceil((Date.parse(window.end) - Date.parse(window.start)) / 1000 / periodSeconds));
  const batches = batchQueries(queries);
  await Promise.all(
    batches.map(async (batch) => {
      const metricDataQueries = batch.map((q) => ({
        Id: q.id,
        MetricStat: {
          Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: q.dimensions },
          Period: periodSeconds,
          Stat: q.stat,
        },
        ReturnData: true,
      }));
      const answered = new Set<string>();
      let first = true;
      await paginate({
        action: 'cloudwatch:GetMetricData',
        region,
        maxPages: MAX_PAGES,
        fetch: (token: string | undefined) => {
          // The datapoints are budgeted once per batch (its pages share them).
          const cost = first ? { datapoints: batch.length * pointsPerQuery } : {};
          first = false;
          const input: GetMetricDataInput & { [NATIVE_MEMBERS]: object } = {
            // the queries go on the wire as their JSON (clients.ts, NATIVE_MEMBERS)
            MetricDataQueries: [],
            [NATIVE_MEMBERS]: { MetricDataQueries: metricDataQueries },
            StartTime: new Date(window.start),
            EndTime: new Date(window.end),
            ScanBy: 'TimestampAscending',
            NextToken: token,
          };
          const send: Parameters<typeof aws.call<'cloudwatch', GetMetricDataOutput>>[3] = (client, sdk) => client.send(new sdk.GetMetricDataCommand(input));
          return aws.call('cloudwatch', region, 'GetMetricData', send, cost);
        },
        next: (answer) => answer.NextToken,
        onPage: (answer) => {
          aws.stats.metricQueriesPerCall.push(metricDataQueries.length);
          for (const result of answer.MetricDataResults ?? []) {
            if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
              const detail = result.Messages?.map((m) => `${m.Code ?? ''} ${m.Value ?? ''}`.trim()).join('; ');
              throw new MetricQueryError(`GetMetricData query ${result.Id ?? '?'} answered ${result.StatusCode}${detail ? `: ${detail}` : ''}`, result.StatusCode);
            }
            const list = result.Id === undefined ? undefined : points.get(result.Id);
            if (!list) continue;
            answered.add(result.Id!);
            const epochMs = (result as { [EPOCH_MS]?: number[] })[EPOCH_MS] ?? (result.Timestamps ?? []).map((at) => (at instanceof Date ? at.getTime() : new Date(at).getTime()));
            appendDatapoints(list, epochMs, result.Values ?? []);
          }
        },
      });
      const missing = batch.filter((q) => !answered.has(q.id));
      if (missing.length > 0) {
        throw new MetricQueryError(
          `GetMetricData in ${region} did not answer ${missing.length} of the ${batch.length} query ids it was sent (${missing
            .slice(0, 3)
            .map((q) => q.id)
            .join(', ')}${missing.length > 3 ? ', …' : ''}): the usage there is unknown`,
          'MissingResults',
        );
      }
    }),
  );
  return points;
}

/** Adds a page's datapoints of one query (a time without a value, or a value without a time, is dropped). */
function appendDatapoints(list: Datapoints, timestamps: number[], values: number[]): void {
  const count = Math.min(timestamps.length, values.length);
  // Most queries fit one page: its lists become the query's, no copy.
  if (list.timestamps.length === 0 && timestamps.length === count && values.length === count) {
    list.timestamps = timestamps;
    list.values = values;
    return;
  }
  for (let i = 0; i < count; i++) {
    list.timestamps.push(timestamps[i]!);
    list.values.push(values[i]!);
  }
}

/**
 * The per-version (`Resource`) Invocations metrics of Lambda@Edge replicas in a region, all pages.
 * ListMetrics only lists metrics with data in the last two weeks: callers add the versions they
 * know from the distributions.
 */
export async function listReplicaVersionMetrics(aws: AwsClients, region: string, functionNames: ReadonlySet<string>): Promise<ListedVersions> {
  const listed: ListedVersions = new Map();
  await paginate({
    action: 'cloudwatch:ListMetrics',
    region,
    maxPages: MAX_PAGES,
    fetch: (token: string | undefined) =>
      aws.call('cloudwatch', region, 'ListMetrics', (client, sdk) =>
        client.send(new sdk.ListMetricsCommand({ Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'Resource' }], NextToken: token })),
      ),
    next: (answer) => answer.NextToken,
    onPage: (answer) => {
      for (const metric of answer.Metrics ?? []) {
        const parsed = parseReplicaVersionMetric(metric.Dimensions ?? []);
        if (!parsed || !functionNames.has(parsed.functionName)) continue;
        let versions = listed.get(parsed.functionName);
        if (!versions) {
          versions = new Map();
          listed.set(parsed.functionName, versions);
        }
        const known = versions.get(parsed.version);
        // Prefer the FunctionName+Resource set when CloudWatch has both shapes.
        if (!known || parsed.dimensions.length > known.length) versions.set(parsed.version, parsed.dimensions);
      }
    },
  });
  return listed;
}
