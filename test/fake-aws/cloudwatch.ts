// CloudWatch, AWS JSON 1.0 (awsQueryCompatible): GetMetricData, GetMetricStatistics, ListMetrics.
import { createHash } from 'node:crypto';
import { type Dim, type ScenarioIndex, type Series, seriesKey } from './data.js';
import { DAY_SECONDS, type DayAggregate } from './scenario.js';
import { AwsError, jsonReply, type Reply } from './wire.js';

const CT = 'application/x-amz-json-1.0';
const MAX_QUERIES = 500;
const MAX_STATISTICS_POINTS = 1440;

type Json = Record<string, unknown>;

export const CLOUDWATCH_OPERATIONS = ['GetMetricData', 'GetMetricStatistics', 'ListMetrics'] as const;

export function handleCloudWatch(idx: ScenarioIndex, region: string, operation: string, body: Json): Reply {
  switch (operation) {
    case 'GetMetricData':
      return getMetricData(idx, region, body);
    case 'GetMetricStatistics':
      return getMetricStatistics(idx, region, body);
    case 'ListMetrics':
      return listMetrics(idx, region, body);
    default:
      throw new AwsError(400, 'UnknownOperation', `fake-aws: CloudWatch operation ${operation} is not implemented`);
  }
}

function hashOf(v: unknown): string {
  return createHash('sha1').update(JSON.stringify(v)).digest('hex').slice(0, 16);
}

export function encodeToken(o: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

export function decodeToken(token: string, hash: string, code = 'InvalidNextToken'): Record<string, number> {
  try {
    const o = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (o.h !== hash) throw new Error('hash');
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(o)) if (typeof v === 'number') out[k] = v;
    return out;
  } catch {
    throw new AwsError(400, code, 'The service returned an invalid NextToken.');
  }
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function requireTime(body: Json, name: string): number {
  const v = num(body[name]);
  if (v === undefined) throw new AwsError(400, 'MissingParameter', `The parameter ${name} is required.`);
  return v;
}

function dimsOf(v: unknown): Dim[] {
  if (!Array.isArray(v)) return [];
  return v.map((d: unknown) => {
    const o = (d ?? {}) as Json;
    return { Name: String(o.Name ?? ''), Value: String(o.Value ?? '') };
  });
}

/**
 * Period/retention rules (reference §4): a period is 1, 5, 10, 30 or a multiple of 60; a start
 * time more than 3 hours ago needs ≥ 60; more than 15 days ago a multiple of 300; more than
 * 63 days ago a multiple of 3600.
 */
function checkPeriod(idx: ScenarioIndex, period: unknown, startSec: number, param: string): number {
  if (typeof period !== 'number' || !Number.isInteger(period) || period <= 0) {
    throw new AwsError(400, 'InvalidParameterValue', `The parameter ${param} must be a positive integer.`);
  }
  if (![1, 5, 10, 30].includes(period) && period % 60 !== 0) {
    throw new AwsError(400, 'InvalidParameterValue', `The parameter ${param} must be 1, 5, 10, 30 or a multiple of 60.`);
  }
  const age = idx.nowSec - startSec;
  if (age > 63 * DAY_SECONDS && period % 3600 !== 0) {
    throw new AwsError(
      400,
      'InvalidParameterValue',
      `The parameter ${param} must be a multiple of 3600 for data older than 63 days (StartTime is ${Math.floor(age / DAY_SECONDS)} days ago).`,
    );
  }
  if (age > 15 * DAY_SECONDS && period % 300 !== 0) {
    throw new AwsError(
      400,
      'InvalidParameterValue',
      `The parameter ${param} must be a multiple of 300 for data older than 15 days (StartTime is ${Math.floor(age / DAY_SECONDS)} days ago).`,
    );
  }
  if (age > 3 * 3600 && period < 60) {
    throw new AwsError(400, 'InvalidParameterValue', `The parameter ${param} must be at least 60 for data older than 3 hours.`);
  }
  return period;
}

/** CloudWatch rounds the start time down: minute (<15 d), 5 minutes (15–63 d), hour (>63 d). */
function roundStart(idx: ScenarioIndex, startSec: number): number {
  const age = idx.nowSec - startSec;
  const unit = age > 63 * DAY_SECONDS ? 3600 : age > 15 * DAY_SECONDS ? 300 : 60;
  return Math.floor(startSec / unit) * unit;
}

const STAT_RE = /^(SampleCount|Average|Sum|Minimum|Maximum|p\d{1,2}(\.\d+)?|p100|IQM|(tm|wm|tc|ts|pr|TM|WM|TC|TS|PR)(\d{1,2}(\.\d+)?|\(.*\)))$/;

function checkStat(stat: unknown, param: string): string {
  if (typeof stat !== 'string' || !STAT_RE.test(stat)) {
    throw new AwsError(400, 'InvalidParameterValue', `The parameter ${param} has an invalid statistic: ${String(stat)}.`);
  }
  return stat;
}

/** Value of a statistic from an aggregate. Percentiles and other extended statistics are
 *  approximated by the Maximum (documented limitation of the fake). */
function statValue(agg: DayAggregate, stat: string): number {
  switch (stat) {
    case 'Sum':
      return agg.sum;
    case 'Maximum':
      return agg.maximum;
    case 'Minimum':
      return agg.minimum;
    case 'SampleCount':
      return agg.sampleCount;
    case 'Average':
      return agg.sampleCount > 0 ? agg.sum / agg.sampleCount : 0;
    default:
      return agg.maximum;
  }
}

/** Buckets of a series in [start, end), ascending: day data lands in the bucket containing its day start. */
function buckets(idx: ScenarioIndex, s: Series, start: number, end: number, period: number): [number, DayAggregate][] {
  const out: [number, DayAggregate][] = [];
  const oldest = idx.nowSec - idx.options.retentionDays * DAY_SECONDS;
  for (const [day, agg] of s.sortedDays) {
    if (day < start || day >= end || day < oldest) continue;
    const b = start + Math.floor((day - start) / period) * period;
    const last = out[out.length - 1];
    // Days ascend, so the days of one bucket are neighbours.
    if (last && last[0] === b) {
      const prev = last[1];
      last[1] = {
        sum: prev.sum + agg.sum,
        sampleCount: prev.sampleCount + agg.sampleCount,
        maximum: Math.max(prev.maximum, agg.maximum),
        minimum: Math.min(prev.minimum, agg.minimum),
      };
    } else {
      out.push([b, agg]);
    }
  }
  return out;
}

/**
 * The same buckets as `buckets`, as GetMetricData answers them: one statistic's values beside their
 * times, ascending, without a [time, aggregate] pair per datapoint (a bench answers 1.7 million).
 */
function bucketColumns(idx: ScenarioIndex, s: Series, start: number, end: number, period: number, stat: string, into: { Timestamps: number[]; Values: number[] }): void {
  const oldest = idx.nowSec - idx.options.retentionDays * DAY_SECONDS;
  let open = -1;
  let agg: DayAggregate | undefined;
  const close = () => {
    if (agg === undefined) return;
    into.Timestamps.push(open);
    into.Values.push(statValue(agg, stat));
  };
  for (const [day, dayAgg] of s.sortedDays) {
    if (day < start || day >= end || day < oldest) continue;
    const b = start + Math.floor((day - start) / period) * period;
    if (agg !== undefined && b === open) {
      agg = {
        sum: agg.sum + dayAgg.sum,
        sampleCount: agg.sampleCount + dayAgg.sampleCount,
        maximum: Math.max(agg.maximum, dayAgg.maximum),
        minimum: Math.min(agg.minimum, dayAgg.minimum),
      };
    } else {
      close();
      open = b;
      agg = dayAgg;
    }
  }
  close();
}

function findSeries(idx: ScenarioIndex, region: string, metric: Json): Series | undefined {
  const ns = String(metric.Namespace ?? '');
  const name = String(metric.MetricName ?? '');
  return idx.series.get(seriesKey(region, ns, name, dimsOf(metric.Dimensions)));
}

interface ComputedResult {
  Id: string;
  Label: string;
  Timestamps: number[];
  Values: number[];
}

function getMetricData(idx: ScenarioIndex, region: string, body: Json): Reply {
  const queries = body.MetricDataQueries;
  if (!Array.isArray(queries)) throw new AwsError(400, 'MissingParameter', 'The parameter MetricDataQueries is required.');
  if (queries.length > MAX_QUERIES) {
    throw new AwsError(400, 'ValidationError', `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  }
  const startRaw = requireTime(body, 'StartTime');
  const end = requireTime(body, 'EndTime');
  if (startRaw >= end) {
    throw new AwsError(400, 'ValidationError', 'The parameter StartTime must be less than the parameter EndTime.');
  }
  const start = roundStart(idx, startRaw);
  const scanBy = body.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw new AwsError(400, 'ValidationError', `The value ${String(scanBy)} for parameter ScanBy is not valid.`);
  }
  const ids = new Set<string>();
  const results: ComputedResult[] = [];
  queries.forEach((raw: unknown, i: number) => {
    const q = (raw ?? {}) as Json;
    const p = `MetricDataQueries.member.${i + 1}`;
    const id = q.Id;
    if (typeof id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(id) || id.length > 255) {
      throw new AwsError(400, 'ValidationError', `The value ${String(id)} for parameter ${p}.Id is not valid.`);
    }
    if (ids.has(id)) throw new AwsError(400, 'ValidationError', `The value ${id} for parameter ${p}.Id is duplicated.`);
    ids.add(id);
    if (q.Expression !== undefined) {
      throw new AwsError(400, 'ValidationError', `fake-aws does not evaluate metric math (${p}.Expression); use MetricStat queries.`);
    }
    const ms = q.MetricStat as Json | undefined;
    if (!ms) throw new AwsError(400, 'ValidationError', `Either ${p}.MetricStat or ${p}.Expression must be specified.`);
    const metric = (ms.Metric ?? {}) as Json;
    if (typeof metric.Namespace !== 'string' || typeof metric.MetricName !== 'string') {
      throw new AwsError(400, 'MissingParameter', `The parameters ${p}.MetricStat.Metric.Namespace and MetricName are required.`);
    }
    const period = checkPeriod(idx, ms.Period, startRaw, `${p}.MetricStat.Period`);
    const stat = checkStat(ms.Stat, `${p}.MetricStat.Stat`);
    const s = findSeries(idx, region, metric);
    const label = typeof q.Label === 'string' ? q.Label : String(metric.MetricName);
    const r: ComputedResult = { Id: id, Label: label, Timestamps: [], Values: [] };
    if (s && (ms.Unit === undefined || ms.Unit === s.unit)) {
      bucketColumns(idx, s, start, end, period, stat, r);
      if (scanBy !== 'TimestampAscending') {
        r.Timestamps.reverse();
        r.Values.reverse();
      }
    }
    if (q.ReturnData !== false) results.push(r);
  });

  // The token names the request it continues (hashed only when a token is read or written).
  const hash = () => hashOf({ q: queries, s: startRaw, e: end, b: scanBy });
  let r = 0;
  let pIdx = 0;
  if (typeof body.NextToken === 'string' && body.NextToken !== '') {
    const t = decodeToken(body.NextToken, hash());
    r = t.r ?? 0;
    pIdx = t.p ?? 0;
  }
  const maxDp = num(body.MaxDatapoints);
  const maxPoints = Math.max(1, Math.min(idx.pageSizes.getMetricDataDatapoints, maxDp ?? Number.POSITIVE_INFINITY));
  const maxResults = Math.max(1, idx.pageSizes.getMetricDataResults);
  const page: Json[] = [];
  let points = 0;
  while (r < results.length && page.length < maxResults) {
    const res = results[r] as ComputedResult;
    const remaining = res.Timestamps.length - pIdx;
    const room = maxPoints - points;
    if (remaining <= room) {
      page.push({
        Id: res.Id,
        Label: res.Label,
        // a whole result is sent as it is (the page is serialized at once)
        Timestamps: pIdx === 0 ? res.Timestamps : res.Timestamps.slice(pIdx),
        Values: pIdx === 0 ? res.Values : res.Values.slice(pIdx),
        StatusCode: 'Complete',
      });
      points += remaining;
      r += 1;
      pIdx = 0;
    } else {
      if (room === 0) break;
      page.push({
        Id: res.Id,
        Label: res.Label,
        Timestamps: res.Timestamps.slice(pIdx, pIdx + room),
        Values: res.Values.slice(pIdx, pIdx + room),
        StatusCode: 'PartialData',
      });
      pIdx += room;
      break;
    }
  }
  const out: Json = { MetricDataResults: page, Messages: [] };
  if (r < results.length) out.NextToken = encodeToken({ r, p: pIdx, h: hash() });
  return jsonReply(out, CT);
}

function getMetricStatistics(idx: ScenarioIndex, region: string, body: Json): Reply {
  if (typeof body.Namespace !== 'string' || typeof body.MetricName !== 'string') {
    throw new AwsError(400, 'MissingParameter', 'The parameters Namespace and MetricName are required.');
  }
  const startRaw = requireTime(body, 'StartTime');
  const end = requireTime(body, 'EndTime');
  if (startRaw >= end) {
    throw new AwsError(400, 'InvalidParameterValue', 'The parameter StartTime must be less than the parameter EndTime.');
  }
  const period = checkPeriod(idx, body.Period, startRaw, 'Period');
  const stats = Array.isArray(body.Statistics) ? (body.Statistics as unknown[]).map(String) : [];
  const ext = Array.isArray(body.ExtendedStatistics) ? (body.ExtendedStatistics as unknown[]).map(String) : [];
  if (stats.length === 0 && ext.length === 0) {
    throw new AwsError(400, 'InvalidParameterCombination', 'Must specify either Statistics or ExtendedStatistics.');
  }
  for (const s of stats) checkStat(s, 'Statistics');
  for (const s of ext) checkStat(s, 'ExtendedStatistics');
  const start = roundStart(idx, startRaw);
  const requested = Math.ceil((end - start) / period);
  if (requested > MAX_STATISTICS_POINTS) {
    throw new AwsError(
      400,
      'InvalidParameterCombination',
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_STATISTICS_POINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const s = findSeries(idx, region, body);
  const datapoints: Json[] = [];
  if (s && (body.Unit === undefined || body.Unit === s.unit)) {
    const b = buckets(idx, s, start, end, period).reverse();
    for (const [ts, agg] of b) {
      const dp: Json = { Timestamp: ts, Unit: s.unit };
      for (const st of stats) dp[st] = statValue(agg, st);
      if (ext.length > 0) dp.ExtendedStatistics = Object.fromEntries(ext.map((e) => [e, statValue(agg, e)]));
      datapoints.push(dp);
    }
  }
  return jsonReply({ Label: body.MetricName, Datapoints: datapoints }, CT);
}

/** The series of one region, in seriesList order, grouped once per index (ListMetrics filtered every series of every region per call). */
const regionSeries = new WeakMap<ScenarioIndex, Map<string, Series[]>>();

function seriesOfRegion(idx: ScenarioIndex, region: string): Series[] {
  let byRegion = regionSeries.get(idx);
  if (!byRegion) {
    byRegion = new Map();
    for (const s of idx.seriesList) {
      const list = byRegion.get(s.region);
      if (list) list.push(s);
      else byRegion.set(s.region, [s]);
    }
    regionSeries.set(idx, byRegion);
  }
  return byRegion.get(region) ?? [];
}

function listMetrics(idx: ScenarioIndex, region: string, body: Json): Reply {
  const ns = typeof body.Namespace === 'string' ? body.Namespace : undefined;
  const name = typeof body.MetricName === 'string' ? body.MetricName : undefined;
  const filters = Array.isArray(body.Dimensions)
    ? (body.Dimensions as Json[]).map((d) => ({
        Name: String(d.Name ?? ''),
        Value: typeof d.Value === 'string' ? d.Value : undefined,
      }))
    : [];
  const recentSeconds = body.RecentlyActive === 'PT3H' ? 3 * 3600 : idx.options.listMetricsRecentDays * DAY_SECONDS;
  const since = idx.nowSec - recentSeconds;
  const hash = hashOf({ ns, name, filters, r: body.RecentlyActive });
  const cacheKey = `${region}|${hash}`;
  let matching = idx.listMetricsCache.get(cacheKey);
  if (!matching) {
    matching = seriesOfRegion(idx, region).filter(
      (s) =>
        (ns === undefined || s.namespace === ns) &&
        (name === undefined || s.metricName === name) &&
        filters.every((f) => s.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value))) &&
        s.lastDay + DAY_SECONDS > since,
    );
    idx.listMetricsCache.set(cacheKey, matching);
  }
  const offset = typeof body.NextToken === 'string' && body.NextToken !== '' ? (decodeToken(body.NextToken, hash).o ?? 0) : 0;
  const size = Math.max(1, idx.pageSizes.listMetrics);
  const slice = matching.slice(offset, offset + size);
  const out: Json = {
    Metrics: slice.map((s) => ({ Namespace: s.namespace, MetricName: s.metricName, Dimensions: s.dimensions })),
  };
  if (body.IncludeLinkedAccounts === true) out.OwningAccounts = slice.map(() => idx.scenario.accountId);
  if (offset + size < matching.length) out.NextToken = encodeToken({ o: offset + size, h: hash });
  return jsonReply(out, CT);
}
