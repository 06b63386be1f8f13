import type { TimeWindow } from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import { batchQueries, type Datapoint, type ListedVersions, type MetricQuery, parseReplicaVersionMetric } from './metrics.js';
import { mapWithConcurrency } from './pool.js';

/** GetMetricData calls of one region sent at once (CloudWatch allows ~50 calls/s per region). */
const CALLS_IN_FLIGHT_PER_REGION = 2;
/** A NextToken chain longer than this is a server bug, not data. */
const MAX_PAGES = 10_000;

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
 * Runs metric queries in one region: batches of up to 500 per GetMetricData call, every
 * NextToken followed (a page may hold part of a query's datapoints), datapoints gathered per id.
 */
export async function runMetricQueries(
  aws: AwsClients,
  region: string,
  window: TimeWindow,
  periodSeconds: number,
  queries: readonly MetricQuery[],
): Promise<Map<string, Datapoint[]>> {
  const points = new Map<string, Datapoint[]>(queries.map((q) => [q.id, []]));
  await mapWithConcurrency(batchQueries(queries), CALLS_IN_FLIGHT_PER_REGION, async (batch) => {
    const metricDataQueries = batch.map((q) => ({
      Id: q.id,
      MetricStat: {
        Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: q.dimensions },
        Period: periodSeconds,
        Stat: q.stat,
      },
      ReturnData: true,
    }));
    let nextToken: string | undefined;
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const token = nextToken;
      const answer = await aws.call('cloudwatch', region, 'GetMetricData', (client, sdk) =>
        client.send(
          new sdk.GetMetricDataCommand({
            MetricDataQueries: metricDataQueries,
            StartTime: new Date(window.start),
            EndTime: new Date(window.end),
            ScanBy: 'TimestampAscending',
            NextToken: token,
          }),
        ),
      );
      aws.stats.metricQueriesPerCall.push(metricDataQueries.length);
      for (const result of answer.MetricDataResults ?? []) {
        if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
          const detail = result.Messages?.map((m) => `${m.Code ?? ''} ${m.Value ?? ''}`.trim()).join('; ');
          throw new MetricQueryError(`GetMetricData query ${result.Id ?? '?'} answered ${result.StatusCode}${detail ? `: ${detail}` : ''}`, result.StatusCode);
        }
        const list = result.Id === undefined ? undefined : points.get(result.Id);
        if (!list) continue;
        const timestamps = result.Timestamps ?? [];
        const values = result.Values ?? [];
        for (let i = 0; i < Math.min(timestamps.length, values.length); i++) {
          list.push({ timestamp: new Date(timestamps[i]!).getTime(), value: values[i]! });
        }
      }
      nextToken = answer.NextToken;
      if (!nextToken) return;
      if (seen.has(nextToken)) throw new Error(`GetMetricData returned the same NextToken twice in ${region}`);
      seen.add(nextToken);
    }
    throw new Error(`GetMetricData in ${region} did not finish after ${MAX_PAGES} pages`);
  });
  return points;
}

/**
 * The per-version (`Resource`) Invocations metrics of Lambda@Edge replicas in a region, all pages.
 * ListMetrics only lists metrics with data in the last two weeks: callers add the versions they
 * know from the distributions.
 */
export async function listReplicaVersionMetrics(aws: AwsClients, region: string, functionNames: ReadonlySet<string>): Promise<ListedVersions> {
  const listed: ListedVersions = new Map();
  let nextToken: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const token = nextToken;
    const answer = await aws.call('cloudwatch', region, 'ListMetrics', (client, sdk) =>
      client.send(new sdk.ListMetricsCommand({ Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'Resource' }], NextToken: token })),
    );
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
    nextToken = answer.NextToken;
    if (!nextToken) return listed;
    if (seen.has(nextToken)) throw new Error(`ListMetrics returned the same NextToken twice in ${region}`);
    seen.add(nextToken);
  }
  throw new Error(`ListMetrics in ${region} did not finish after ${MAX_PAGES} pages`);
}
