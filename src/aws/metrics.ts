import { UsageError } from '../errors.js';
import { replicaName } from '../model/inventory.js';
import type { TimeWindow } from '../model/snapshot.js';
import { DAY_MS } from '../model/window.js';

/**
 * Pure planning and assembly of CloudWatch metric reads: which queries to send, how to batch
 * them, which period the window's age allows, and how answers become daily series. No I/O here.
 */

/** GetMetricData accepts at most 500 queries per call (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html). */
export const MAX_QUERIES_PER_CALL = 500;

/** One datapoint per UTC day: CloudWatch aligns them to StartTime, which is a day start. */
export const DAILY_PERIOD_SECONDS = 86_400;

/**
 * CloudWatch retention (GetMetricData API reference, "Period"): a StartTime up to 15 days ago
 * allows 1-minute data, 15–63 days ago needs a period that is a multiple of 300 s, 63–455 days
 * ago a multiple of 3,600 s; older data is gone.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
export const CLOUDWATCH_RETENTION: readonly { maxAgeDays: number; periodMultipleSeconds: number }[] = [
  { maxAgeDays: 15, periodMultipleSeconds: 60 },
  { maxAgeDays: 63, periodMultipleSeconds: 300 },
  { maxAgeDays: 455, periodMultipleSeconds: 3_600 },
];

/**
 * The period to query a window with: the preferred one (a day) rounded up to the multiple that
 * the age of the window's start requires. A window starting beyond CloudWatch's retention is an
 * error, not a silent run of zeros.
 */
export function choosePeriodSeconds(window: TimeWindow, now: Date, preferredSeconds = DAILY_PERIOD_SECONDS): number {
  const ageDays = (now.getTime() - Date.parse(window.start)) / DAY_MS;
  const rule = CLOUDWATCH_RETENTION.find((r) => ageDays <= r.maxAgeDays);
  if (!rule) {
    const oldest = CLOUDWATCH_RETENTION[CLOUDWATCH_RETENTION.length - 1]!.maxAgeDays;
    throw new UsageError(
      `the window starts ${window.start.slice(0, 10)}, ${Math.floor(ageDays)} days ago: CloudWatch keeps daily (1-hour) data for ${oldest} days, so it cannot be collected`,
      { hint: `choose a window that starts within the last ${oldest} days, or use a snapshot collected at the time (--input)` },
    );
  }
  const multiple = rule.periodMultipleSeconds;
  return Math.max(multiple, Math.ceil(preferredSeconds / multiple) * multiple);
}

/** Splits queries into calls of at most `max`, each full but the last: the fewest calls possible. */
export function batchQueries<T>(queries: readonly T[], max = MAX_QUERIES_PER_CALL): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < queries.length; i += max) batches.push(queries.slice(i, i + max));
  return batches;
}

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricQuery {
  /** GetMetricData query id: `^[a-z][a-zA-Z0-9_]*$`, unique within a call. */
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  stat: string;
}

export interface Datapoint {
  /** ms since epoch */
  timestamp: number;
  value: number;
}

/**
 * The datapoints of one query as CloudWatch sends them: two parallel lists, times (ms since the
 * epoch) and values. A collection reads millions of datapoints; an object each was most of its garbage.
 */
export interface Datapoints {
  timestamps: number[];
  values: number[];
}

export function noDatapoints(): Datapoints {
  return { timestamps: [], values: [] };
}

/** Datapoints from a list of points (tests, small callers). */
export function columns(points: readonly Datapoint[]): Datapoints {
  return { timestamps: points.map((p) => p.timestamp), values: points.map((p) => p.value) };
}

export type DailyValues = (number | null)[];

/**
 * A daily series of `window.days` slots from datapoints: 0 for days without a datapoint (the
 * region answered; CloudWatch stores nothing when nothing ran), null for days that start at or
 * after `now` (not happened yet). Datapoints of one day are combined (sum or max).
 */
export function dailySeries(window: TimeWindow, now: Date, points: Datapoints, combine: 'sum' | 'max'): DailyValues {
  const start = Date.parse(window.start);
  const nowMs = now.getTime();
  const series: DailyValues = new Array(window.days);
  for (let day = 0; day < window.days; day++) series[day] = start + day * DAY_MS >= nowMs ? null : 0;
  const { timestamps, values } = points;
  const count = Math.min(timestamps.length, values.length);
  for (let i = 0; i < count; i++) {
    const day = Math.floor((timestamps[i]! - start) / DAY_MS);
    const value = values[i]!;
    if (day < 0 || day >= window.days || !Number.isFinite(value)) continue;
    const current = series[day];
    if (current === null || current === undefined) continue;
    series[day] = combine === 'sum' ? current + value : Math.max(current, value);
  }
  return series;
}

/**
 * Replica metrics read per series (AWS/Lambda), with the UsageSeries field each fills.
 * `ConcurrentExecutions` is emitted for functions, versions and aliases ("Monitoring concurrency",
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-concurrency.html); its daily Maximum
 * is the peak the `concurrency-headroom` rule needs.
 */
/**
 * `residual`: how the series of invocations that have no per-version metrics is derived from the
 * function-level total and the versions' series — `guard` (read by the function-level guard
 * query), `subtract` (total − Σ versions), `bound` (the function-level maximum on days the
 * residual ran), `unknown` (not derivable: the function-level maximum also counts the versions' peaks).
 */
export const REPLICA_METRICS = [
  { field: 'invocations', metricName: 'Invocations', stat: 'Sum', combine: 'sum', residual: 'guard' },
  { field: 'durationSumMs', metricName: 'Duration', stat: 'Sum', combine: 'sum', residual: 'subtract' },
  { field: 'durationMaxMs', metricName: 'Duration', stat: 'Maximum', combine: 'max', residual: 'bound' },
  { field: 'errors', metricName: 'Errors', stat: 'Sum', combine: 'sum', residual: 'subtract' },
  { field: 'throttles', metricName: 'Throttles', stat: 'Sum', combine: 'sum', residual: 'subtract' },
  { field: 'concurrentExecutionsMax', metricName: 'ConcurrentExecutions', stat: 'Maximum', combine: 'max', residual: 'unknown' },
] as const;

export type ReplicaField = (typeof REPLICA_METRICS)[number]['field'];
export const REPLICA_FIELDS: readonly ReplicaField[] = REPLICA_METRICS.map((m) => m.field);

export const LAMBDA_NAMESPACE = 'AWS/Lambda';

/**
 * One replica series to read in a region: a version (`Resource` dimension) or the whole function
 * (`FunctionName` dimension). A `guard` target reads the function-level invocations next to the
 * per-version series, to find invocations of versions the per-version queries did not cover.
 */
export interface ReplicaTarget {
  functionName: string;
  version?: string;
  dimensions: Dimension[];
  fields: readonly ReplicaField[];
  guard?: boolean;
}

export function functionDimensions(functionName: string): Dimension[] {
  return [{ Name: 'FunctionName', Value: replicaName(functionName) }];
}

export function versionDimensions(functionName: string, version: string, shape: 'FunctionName+Resource' | 'Resource'): Dimension[] {
  const resource = { Name: 'Resource', Value: `${replicaName(functionName)}:${version}` };
  return shape === 'Resource' ? [resource] : [...functionDimensions(functionName), resource];
}

/**
 * Per-version metrics listed in a region (ListMetrics): function name → version → the exact
 * dimension set CloudWatch stores them under.
 */
export type ListedVersions = Map<string, Map<string, Dimension[]>>;

/** Parses a listed metric's dimensions into (function, version) when it is a Lambda@Edge replica version. */
export function parseReplicaVersionMetric(
  dimensions: readonly { Name?: string; Value?: string }[],
): { functionName: string; version: string; dimensions: Dimension[] } | undefined {
  const resource = dimensions.find((d) => d.Name === 'Resource')?.Value;
  const match = resource === undefined ? null : /^us-east-1\.(.+):(\d+)$/.exec(resource);
  if (!match) return undefined;
  const functionName = match[1]!;
  const fnDimension = dimensions.find((d) => d.Name === 'FunctionName')?.Value;
  if (fnDimension !== undefined && fnDimension !== replicaName(functionName)) return undefined;
  return {
    functionName,
    version: match[2]!,
    dimensions: dimensions.map((d) => ({ Name: d.Name ?? '', Value: d.Value ?? '' })),
  };
}

/**
 * The series to read in one region. Functions whose per-version metrics are listed there are read
 * per version (listed versions and associated ones, so two versions on two distributions are told
 * apart) plus a function-level invocations guard; the others at function level.
 */
export function planReplicaTargets(functions: readonly { functionName: string; versions: readonly string[] }[], listed: ListedVersions): ReplicaTarget[] {
  const shapes = [...listed.values()]
    .flatMap((versions) => [...versions.values()])
    .map((dims) => (dims.some((d) => d.Name === 'FunctionName') ? 'FunctionName+Resource' : 'Resource'));
  const commonShape = shapes.filter((s) => s === 'Resource').length > shapes.length / 2 ? 'Resource' : 'FunctionName+Resource';
  const targets: ReplicaTarget[] = [];
  for (const fn of functions) {
    const found = listed.get(fn.functionName);
    if (!found || found.size === 0) {
      targets.push({ functionName: fn.functionName, dimensions: functionDimensions(fn.functionName), fields: REPLICA_FIELDS });
      continue;
    }
    const versions = new Set([...found.keys(), ...fn.versions.filter((v) => /^\d+$/.test(v))]);
    for (const version of [...versions].sort((a, b) => Number(a) - Number(b))) {
      targets.push({
        functionName: fn.functionName,
        version,
        dimensions: found.get(version) ?? versionDimensions(fn.functionName, version, commonShape),
        fields: REPLICA_FIELDS,
      });
    }
    targets.push({ functionName: fn.functionName, dimensions: functionDimensions(fn.functionName), fields: ['invocations'], guard: true });
  }
  return targets;
}

/** A query of a plan, with what it fills. */
export interface PlannedQuery extends MetricQuery {
  target: number;
  field: ReplicaField;
  combine: 'sum' | 'max';
}

export function planReplicaQueries(targets: readonly ReplicaTarget[]): PlannedQuery[] {
  const queries: PlannedQuery[] = [];
  targets.forEach((target, index) => {
    for (const metric of REPLICA_METRICS) {
      if (!target.fields.includes(metric.field)) continue;
      queries.push({
        id: `q${queries.length}`,
        namespace: LAMBDA_NAMESPACE,
        metricName: metric.metricName,
        dimensions: target.dimensions,
        stat: metric.stat,
        target: index,
        field: metric.field,
        combine: metric.combine,
      });
    }
  });
  return queries;
}

/** Daily values of each field of each target, from the datapoints of each query id. */
export function assembleTargets(
  window: TimeWindow,
  now: Date,
  targets: readonly ReplicaTarget[],
  queries: readonly PlannedQuery[],
  points: ReadonlyMap<string, Datapoints>,
): Map<ReplicaField, DailyValues>[] {
  const values = targets.map(() => new Map<ReplicaField, DailyValues>());
  for (const query of queries) {
    values[query.target]!.set(query.field, dailySeries(window, now, points.get(query.id) ?? noDatapoints(), query.combine));
  }
  return values;
}

/** `total − Σ parts` per day, never below 0 (float noise of sums); null where any input is null. */
export function subtractSeries(total: DailyValues, parts: readonly DailyValues[]): DailyValues {
  return total.map((value, day) => {
    if (value === null) return null;
    let rest = value;
    for (const part of parts) {
      const v = part[day];
      if (v === null || v === undefined) return null;
      rest -= v;
    }
    return rest > 1e-9 * Math.max(1, Math.abs(value)) ? rest : 0;
  });
}

export function sumSeries(series: DailyValues): number {
  return series.reduce<number>((total, v) => total + (v ?? 0), 0);
}
