// Index of a scenario: metric series, replicas, log groups, Logs Insights days.
import {
  DAY_SECONDS,
  type DayAggregate,
  DEFAULT_PAGE_SIZES,
  dayStartSeconds,
  type FunctionVersionSpec,
  type LambdaFunctionSpec,
  type LogsInsightsDay,
  type PageSizes,
  type Scenario,
  type ScenarioOptions,
  type StandardUnit,
  scenarioNow,
} from './scenario.js';

export interface Dim {
  Name: string;
  Value: string;
}

export interface Series {
  key: string;
  region: string;
  namespace: string;
  metricName: string;
  dimensions: Dim[];
  unit: StandardUnit;
  /** UTC day start (epoch seconds) → aggregate */
  days: Map<number, DayAggregate>;
  /** latest day with data (epoch seconds) */
  lastDay: number;
  /** `days` in ascending order, sorted once the index is built (days are only added while it is built). */
  sortedDays: [number, DayAggregate][];
}

export interface LogGroupInfo {
  name: string;
  creationTimeMs: number;
  storedBytes: number;
}

export interface ScenarioIndex {
  scenario: Scenario;
  nowSec: number;
  pageSizes: PageSizes;
  options: Required<ScenarioOptions>;
  series: Map<string, Series>;
  /** sorted by key */
  seriesList: Series[];
  functions: Map<string, LambdaFunctionSpec>;
  /** region → replica function name ("us-east-1.<name>") → versions */
  replicas: Map<string, Map<string, Set<string>>>;
  /** region → log group name → info */
  logGroups: Map<string, Map<string, LogGroupInfo>>;
  /** `${region}|${logGroup}` → day start → rows (one per version, or one for the function) */
  logs: Map<string, Map<number, LogsInsightsDay[]>>;
  /** ListMetrics matches per request (pages of one listing reuse them) */
  listMetricsCache: Map<string, Series[]>;
}

export const REPLICA_PREFIX = 'us-east-1.';

export function logGroupName(functionName: string): string {
  return `/aws/lambda/${REPLICA_PREFIX}${functionName}`;
}

export function dimsKey(dims: readonly Dim[]): string {
  // one dimension (most series): no sorted copy
  if (dims.length === 1) return `${dims[0]!.Name}=${dims[0]!.Value}`;
  return [...dims]
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : a.Value < b.Value ? -1 : 1))
    .map((x) => `${x.Name}=${x.Value}`)
    .join(',');
}

export function seriesKey(region: string, namespace: string, metricName: string, dims: readonly Dim[]): string {
  return `${region}|${namespace}|${metricName}|${dimsKey(dims)}`;
}

export function mergeAggregate(a: DayAggregate, b: DayAggregate): DayAggregate {
  return {
    sum: a.sum + b.sum,
    sampleCount: a.sampleCount + b.sampleCount,
    maximum: Math.max(a.maximum, b.maximum),
    minimum: Math.min(a.minimum, b.minimum),
  };
}

/** The numbered versions, highest first. */
export function numberedVersions(fn: LambdaFunctionSpec): FunctionVersionSpec[] {
  return [...fn.versions].sort((a, b) => Number(b.version) - Number(a.version));
}

export function latestConfig(fn: LambdaFunctionSpec): Omit<FunctionVersionSpec, 'version'> | undefined {
  return fn.latest ?? numberedVersions(fn)[0];
}

export function buildIndex(scenario: Scenario): ScenarioIndex {
  const now = scenarioNow(scenario);
  if (Number.isNaN(now.getTime())) throw new Error('fake-aws scenario: invalid now');
  const options: Required<ScenarioOptions> = {
    versionDimensions: scenario.options?.versionDimensions ?? 'FunctionName+Resource',
    listMetricsRecentDays: scenario.options?.listMetricsRecentDays ?? 14,
    logsRunningPolls: scenario.options?.logsRunningPolls ?? 1,
    retentionDays: scenario.options?.retentionDays ?? 455,
  };
  const idx: ScenarioIndex = {
    scenario,
    nowSec: now.getTime() / 1000,
    pageSizes: { ...DEFAULT_PAGE_SIZES, ...scenario.pageSizes },
    options,
    series: new Map(),
    seriesList: [],
    functions: new Map(),
    replicas: new Map(),
    logGroups: new Map(),
    logs: new Map(),
    listMetricsCache: new Map(),
  };
  for (const fn of scenario.functions) {
    if (idx.functions.has(fn.name)) throw new Error(`fake-aws scenario: duplicate function ${fn.name}`);
    idx.functions.set(fn.name, fn);
  }

  // series grouped by region + namespace + dimensions, so that a usage row looks its group up once
  const groups = new Map<string, Map<string, Series>>();
  const groupOf = (region: string, namespace: string, dk: string): Map<string, Series> => {
    const gk = `${region}|${namespace}|${dk}`;
    let g = groups.get(gk);
    if (!g) {
      g = new Map();
      groups.set(gk, g);
    }
    return g;
  };
  const add = (
    region: string,
    namespace: string,
    metricName: string,
    dims: Dim[],
    unit: StandardUnit,
    day: number,
    agg: DayAggregate,
    merge: (a: DayAggregate, b: DayAggregate) => DayAggregate = mergeAggregate,
    group: Map<string, Series> = groupOf(region, namespace, dimsKey(dims)),
  ): void => {
    let s = group.get(metricName);
    if (!s) {
      const key = seriesKey(region, namespace, metricName, dims);
      s = { key, region, namespace, metricName, dimensions: dims, unit, days: new Map(), lastDay: day, sortedDays: [] };
      idx.series.set(key, s);
      group.set(metricName, s);
    }
    const prev = s.days.get(day);
    s.days.set(day, prev ? merge(prev, agg) : agg);
    if (day > s.lastDay) s.lastDay = day;
  };
  // ConcurrentExecutions of the function-level series: sum of the versions' maxima.
  const sumMax = (a: DayAggregate, b: DayAggregate): DayAggregate => {
    const v = a.maximum + b.maximum;
    return { sum: v, sampleCount: 1, maximum: v, minimum: v };
  };

  const addReplica = (region: string, functionName: string, version: string): void => {
    let r = idx.replicas.get(region);
    if (!r) {
      r = new Map();
      idx.replicas.set(region, r);
    }
    const name = REPLICA_PREFIX + functionName;
    let set = r.get(name);
    if (!set) {
      set = new Set();
      r.set(name, set);
    }
    set.add(version);
  };
  const addLogGroup = (region: string, name: string, day: number, bytes: number): void => {
    let r = idx.logGroups.get(region);
    if (!r) {
      r = new Map();
      idx.logGroups.set(region, r);
    }
    const g = r.get(name);
    if (!g) r.set(name, { name, creationTimeMs: day * 1000, storedBytes: bytes });
    else {
      g.creationTimeMs = Math.min(g.creationTimeMs, day * 1000);
      g.storedBytes += bytes;
    }
  };

  const dayCache = new Map<string, number>();
  const dayOf = (date: string): number => {
    let d = dayCache.get(date);
    if (d === undefined) {
      d = dayStartSeconds(date);
      dayCache.set(date, d);
    }
    return d;
  };
  for (const u of scenario.replicaUsage) {
    const day = dayOf(u.date);
    const fn = idx.functions.get(u.functionName);
    const version = u.version ?? (fn ? numberedVersions(fn)[0]?.version : undefined);
    if (version !== undefined) addReplica(u.region, u.functionName, version);
    const n = u.invocations;
    const t = u.throttles ?? 0;
    if (n <= 0 && t <= 0) continue;
    const replicaName = REPLICA_PREFIX + u.functionName;
    const fnDims: Dim[] = [{ Name: 'FunctionName', Value: replicaName }];
    const dimSets: Array<{ dims: Dim[]; group: Map<string, Series>; functionLevel: boolean }> = [
      { dims: fnDims, group: groupOf(u.region, 'AWS/Lambda', dimsKey(fnDims)), functionLevel: true },
    ];
    if (u.version !== undefined) {
      const resource = { Name: 'Resource', Value: `${replicaName}:${u.version}` };
      const dims = idx.options.versionDimensions === 'Resource' ? [resource] : [{ Name: 'FunctionName', Value: replicaName }, resource];
      dimSets.push({ dims, group: groupOf(u.region, 'AWS/Lambda', dimsKey(dims)), functionLevel: false });
    }
    const e = u.errors ?? 0;
    const conc = u.concurrentExecutionsMax ?? Math.max(1, Math.ceil(u.durationSumMs / 86_400_000));
    for (const { dims, group, functionLevel } of dimSets) {
      const put = (metric: string, agg: DayAggregate, merge?: (a: DayAggregate, b: DayAggregate) => DayAggregate) =>
        add(u.region, 'AWS/Lambda', metric, dims, metric === 'Duration' ? 'Milliseconds' : 'Count', day, agg, merge, group);
      if (n > 0) {
        put('Invocations', { sum: n, sampleCount: n, maximum: 1, minimum: 1 });
        put('Duration', {
          sum: u.durationSumMs,
          sampleCount: n,
          maximum: u.durationMaxMs,
          minimum: u.durationMinMs ?? u.durationSumMs / n,
        });
        put('Errors', { sum: e, sampleCount: n, maximum: e > 0 ? 1 : 0, minimum: e >= n ? 1 : 0 });
        put('ConcurrentExecutions', { sum: conc, sampleCount: 1, maximum: conc, minimum: conc }, functionLevel ? sumMax : undefined);
      }
      put('Throttles', { sum: t, sampleCount: n + t, maximum: t > 0 ? 1 : 0, minimum: n > 0 ? 0 : 1 });
    }
    if (n > 0) addLogGroup(u.region, logGroupName(u.functionName), day, n * 300);
  }
  for (const r of scenario.replicas ?? []) addReplica(r.region, r.functionName, r.version);

  const distributions = new Map(scenario.distributions.map((d) => [d.id, d]));
  for (const m of scenario.distributionMetrics ?? []) {
    const day = dayStartSeconds(m.date);
    const dims: Dim[] = [
      { Name: 'DistributionId', Value: m.distributionId },
      { Name: 'Region', Value: 'Global' },
    ];
    add('us-east-1', 'AWS/CloudFront', 'Requests', dims, 'None', day, {
      sum: m.requests,
      sampleCount: 1,
      maximum: m.requests,
      minimum: m.requests,
    });
    const sub = distributions.get(m.distributionId)?.monitoringSubscription;
    if (m.cacheHitRatePercent !== undefined && sub === true) {
      const r = m.cacheHitRatePercent;
      add('us-east-1', 'AWS/CloudFront', 'CacheHitRate', dims, 'Percent', day, {
        sum: r,
        sampleCount: 1,
        maximum: r,
        minimum: r,
      });
    }
  }
  for (const c of scenario.customMetrics ?? []) {
    const dims = Object.entries(c.dimensions).map(([Name, Value]) => ({ Name, Value }));
    for (const d of c.days) {
      add(c.region, c.namespace, c.metricName, dims, c.unit ?? 'None', dayStartSeconds(d.date), {
        sum: d.sum,
        maximum: d.maximum ?? d.sum,
        minimum: d.minimum ?? d.sum,
        sampleCount: d.sampleCount ?? 1,
      });
    }
  }

  for (const l of scenario.logsInsights ?? []) {
    const day = dayStartSeconds(l.date);
    const group = logGroupName(l.functionName);
    addLogGroup(l.region, group, day, 0);
    const key = `${l.region}|${group}`;
    let m = idx.logs.get(key);
    if (!m) {
      m = new Map();
      idx.logs.set(key, m);
    }
    const fn = idx.functions.get(l.functionName);
    const spec = fn ? (l.version !== undefined ? fn.versions.find((v) => v.version === l.version) : latestConfig(fn)) : undefined;
    const row: LogsInsightsDay = {
      ...l,
      durationMs: l.durationMs ?? l.billedDurationMs,
      memorySizeBytes: l.memorySizeBytes ?? (spec ? spec.memorySize * 1024 * 1024 : undefined),
    };
    const rows = m.get(day);
    if (rows) rows.push(row);
    else m.set(day, [row]);
  }
  for (const g of scenario.extraLogGroups ?? []) addLogGroup(g.region, g.name, idx.nowSec - (idx.nowSec % DAY_SECONDS), 0);

  idx.seriesList = [...idx.series.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const series of idx.seriesList) series.sortedDays = [...series.days.entries()].sort((a, b) => a[0] - b[0]);
  return idx;
}
