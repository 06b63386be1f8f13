import type { TimeWindow, UsageSeries } from '../model/snapshot.js';
import { type DailyValues, type Datapoints, dailySeries, REPLICA_METRICS, type ReplicaField, type ReplicaTarget, subtractSeries, sumSeries } from './metrics.js';

/**
 * Pure assembly of collected numbers: usage series from the daily values of each replica target
 * (driven by REPLICA_METRICS), the residual series of invocations without per-version metrics,
 * cache-hit-rate weighting, and the split of a log group's exact billed duration between versions.
 */

export type TargetValues = ReadonlyMap<ReplicaField, DailyValues>;

export interface SeriesIdentity {
  functionName: string;
  functionArn: string;
  version?: string;
  accountId: string;
  region: string;
}

/** A usage series: the identity, then every REPLICA_METRICS field that was read (in the table's order). */
export function usageSeries(identity: SeriesIdentity, fields: TargetValues): UsageSeries {
  const series: Record<string, unknown> = {
    functionName: identity.functionName,
    functionArn: identity.functionArn,
    ...(identity.version === undefined ? {} : { version: identity.version }),
    accountId: identity.accountId,
    region: identity.region,
  };
  for (const metric of REPLICA_METRICS) {
    const values = fields.get(metric.field);
    if (values) series[metric.field] = values;
  }
  return series as unknown as UsageSeries;
}

/** The fields read again at function level for a residual series (those REPLICA_METRICS derives from a function-level total). */
export const RESIDUAL_FIELDS: readonly ReplicaField[] = REPLICA_METRICS.filter((m) => m.residual === 'subtract' || m.residual === 'bound').map((m) => m.field);

/**
 * The residual series of a function: invocations the function-level guard counts beyond its
 * versions' sum, with each field derived as REPLICA_METRICS says (`subtract`: total − Σ versions;
 * `bound`: the function-level value on days the residual ran, else 0; `unknown`: left out).
 */
export function residualFields(invocations: DailyValues, total: TargetValues, parts: readonly TargetValues[]): Map<ReplicaField, DailyValues> {
  const fields = new Map<ReplicaField, DailyValues>();
  for (const metric of REPLICA_METRICS) {
    const values = total.get(metric.field);
    switch (metric.residual) {
      case 'guard':
        fields.set(metric.field, invocations);
        break;
      case 'subtract':
        if (values)
          fields.set(
            metric.field,
            subtractSeries(
              values,
              parts.map((p) => p.get(metric.field) ?? []),
            ),
          );
        break;
      case 'bound':
        if (values)
          fields.set(
            metric.field,
            values.map((v, day) => ((invocations[day] ?? 0) > 0 ? v : 0)),
          );
        break;
      default:
        break;
    }
  }
  return fields;
}

export interface ResidualNeed {
  target: ReplicaTarget;
  invocations: DailyValues;
  parts: TargetValues[];
}

/**
 * Splits a region's read targets into series and residual needs. Per-version reads come with a
 * function-level guard: invocations it counts beyond the versions' sum belong to versions not read
 * per version. A version that is not associated is kept only when it has any value.
 */
export function assembleRegionUsage(
  region: string,
  targets: readonly ReplicaTarget[],
  values: readonly TargetValues[],
  functions: ReadonlyMap<string, { functionName: string; unqualifiedArn: string; accountId: string; qualifiers: ReadonlySet<string> }>,
): { usage: UsageSeries[]; residuals: ResidualNeed[] } {
  const usage: UsageSeries[] = [];
  const residuals: ResidualNeed[] = [];
  const versionValues = new Map<string, TargetValues[]>();
  targets.forEach((target, index) => {
    if (target.guard || target.version === undefined) return;
    versionValues.set(target.functionName, [...(versionValues.get(target.functionName) ?? []), values[index]!]);
  });
  targets.forEach((target, index) => {
    const fields = values[index]!;
    const fn = functions.get(target.functionName)!;
    if (target.guard) {
      const parts = versionValues.get(target.functionName) ?? [];
      const residual = subtractSeries(
        fields.get('invocations')!,
        parts.map((p) => p.get('invocations')!),
      );
      if (sumSeries(residual) > 0) residuals.push({ target, invocations: residual, parts });
      return;
    }
    const associated = target.version === undefined || fn.qualifiers.has(target.version);
    const series = usageSeries(identityOf(fn, region, target.version), fields);
    if (associated || hasAnyValue(series)) usage.push(series);
  });
  return { usage, residuals };
}

export function identityOf(fn: { functionName: string; unqualifiedArn: string; accountId: string }, region: string, version: string | undefined): SeriesIdentity {
  return { functionName: fn.functionName, functionArn: fn.unqualifiedArn, ...(version === undefined ? {} : { version }), accountId: fn.accountId, region };
}

export function hasAnyValue(series: UsageSeries): boolean {
  return [series.invocations, series.errors ?? [], series.throttles ?? []].some((values) => values.some((v) => v !== null && v > 0));
}

/** Series order in a snapshot: by function name, then version number (version-less last). */
export function compareSeries(a: UsageSeries, b: UsageSeries): number {
  return a.functionName.localeCompare(b.functionName, 'en') || versionOrder(a.version) - versionOrder(b.version);
}

function versionOrder(version: string | undefined): number {
  return version === undefined ? Number.MAX_SAFE_INTEGER : Number(version);
}

/** Mean of daily CacheHitRate averages weighted by each day's requests (plain mean without requests). */
export function weightedHitRate(window: TimeWindow, now: Date, hitRate: Datapoints, requests: DailyValues): number | undefined {
  const rates = dailySeries(window, now, hitRate, 'max');
  const present = new Set(hitRate.timestamps.slice(0, hitRate.values.length).map((t) => Math.floor((t - Date.parse(window.start)) / 86_400_000)));
  let weightSum = 0;
  let weighted = 0;
  let plain = 0;
  let count = 0;
  rates.forEach((rate, day) => {
    if (rate === null || !present.has(day)) return;
    const weight = requests[day] ?? 0;
    weighted += rate * weight;
    weightSum += weight;
    plain += rate;
    count++;
  });
  if (count === 0) return undefined;
  const value = weightSum > 0 ? weighted / weightSum : plain / count;
  return Math.min(100, Math.max(0, value));
}

/**
 * Splits one day's exact billed total of a log group (all versions of a function share it) between
 * the series that ran that day, by their expected billed durations: duration plus half the billing
 * granularity per invocation (each invocation rounds up by half of it on average). Equal shares
 * when every estimate is 0; the whole total for a single series.
 */
export function splitBilledDuration(billedMs: number, running: readonly { durationMs: number; invocations: number }[], billingGranularityMs: number): number[] {
  if (running.length === 1) return [billedMs];
  const halfGranularityMs = billingGranularityMs / 2;
  const estimates = running.map((r) => r.durationMs + halfGranularityMs * r.invocations);
  const total = estimates.reduce((a, b) => a + b, 0);
  return estimates.map((estimate) => (total > 0 ? (billedMs * estimate) / total : billedMs / running.length));
}
