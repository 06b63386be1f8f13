import { type ParsedLambdaArn, parseLambdaArn } from './inventory.js';
import type { Snapshot, TimeWindow, UsageSeries } from './snapshot.js';

/**
 * What a JSON Schema cannot say about a snapshot, checked before anything is priced: numbers are
 * finite, dates are real calendar dates, the window agrees with itself, no usage is there twice,
 * and a region marked failed carries no usage. A snapshot that breaks one of these would price
 * into a wrong number shown as right (a $0 run-rate, a doubled bill), so it is refused instead.
 */

export interface SnapshotIssue {
  /** JSON pointer of the offending value. */
  pointer: string;
  message: string;
}

const DAY_MS = 86_400_000;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** A real instant in RFC 3339 form (`2026-10-01T00:00:00.000Z`), not "2026-02-30T…" or "yesterday". */
export function isIsoDateTime(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return false;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! < 24 &&
    minute! < 60 &&
    second! < 60 &&
    Number.isFinite(Date.parse(text))
  );
}

/** The path to the first number JSON can hold but arithmetic cannot (`1e999` parses to Infinity), built only when one is found. */
function nonFinitePath(value: unknown, depth: number): (string | number)[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : [];
  if (typeof value !== 'object' || value === null || depth > 1000) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      // Most of a snapshot is arrays of daily numbers: test them here rather than one call each.
      if (typeof item === 'number') {
        if (!Number.isFinite(item)) return [i];
        continue;
      }
      const found = nonFinitePath(item, depth + 1);
      if (found) return [i, ...found];
    }
    return undefined;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const found = nonFinitePath((value as Record<string, unknown>)[key], depth + 1);
    if (found) return [key, ...found];
  }
  return undefined;
}

/** The JSON pointer of the first number JSON can hold but arithmetic cannot (`1e999` parses to Infinity). */
export function firstNonFiniteNumber(value: unknown): string | undefined {
  const path = nonFinitePath(value, 0);
  if (!path) return undefined;
  return path.length === 0 ? '/' : path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The account a usage series belongs to: its own, its ARN's, or the snapshot's. */
export function usageAccountId(series: UsageSeries, snapshotAccountId: string | undefined): string | undefined {
  return accountOf(series, series.functionArn ? parseLambdaArn(series.functionArn) : undefined, snapshotAccountId);
}

function accountOf(series: UsageSeries, arn: ParsedLambdaArn | undefined, snapshotAccountId: string | undefined): string | undefined {
  return series.accountId ?? arn?.accountId ?? snapshotAccountId;
}

/** What makes two usage series the same usage: account, function, version and region. */
export function usageIdentity(series: UsageSeries, snapshotAccountId: string | undefined): string {
  // the ARN parsed once (usageAccountId would parse it again): a snapshot has a series per function and region
  const arn = series.functionArn ? parseLambdaArn(series.functionArn) : undefined;
  const accountId = accountOf(series, arn, snapshotAccountId) ?? '';
  const functionId = series.functionArn ? (arn?.functionName ?? series.functionArn) : series.functionName;
  return `${accountId}|${functionId}|${series.version ?? ''}|${series.region}`;
}

export function describeUsage(series: UsageSeries): string {
  return `${series.functionName}${series.version ? `:${series.version}` : ''} in ${series.region}`;
}

/**
 * A window (of a snapshot or a saved report) agrees with itself: real UTC day starts, an end after
 * its start, and `days` the span between them (so at least one day).
 */
export function checkWindow(window: TimeWindow): SnapshotIssue | undefined {
  for (const field of ['start', 'end'] as const) {
    const text = window[field];
    if (!isIsoDateTime(text)) return { pointer: `/window/${field}`, message: `is not an ISO 8601 date-time: ${JSON.stringify(text)}` };
    if (Date.parse(text) % DAY_MS !== 0) return { pointer: `/window/${field}`, message: `must be a UTC day start (00:00:00Z), got ${JSON.stringify(text)}` };
  }
  const spanDays = (Date.parse(window.end) - Date.parse(window.start)) / DAY_MS;
  if (spanDays <= 0) return { pointer: '/window/end', message: `${window.end} is not after the window's start ${window.start}` };
  if (spanDays !== window.days) return { pointer: '/window/days', message: `is ${window.days}, but ${window.start} to ${window.end} is ${spanDays} days` };
  return undefined;
}

/** The first problem of a schema-valid snapshot, or undefined when it can be priced as it is. */
export function checkSnapshot(snapshot: Snapshot, options: { numbersChecked?: boolean } = {}): SnapshotIssue | undefined {
  // A snapshot read from JSON had its numbers checked by the JSON loader, with the exact line.
  const nonFinite = options.numbersChecked ? undefined : firstNonFiniteNumber(snapshot);
  if (nonFinite !== undefined) return { pointer: nonFinite, message: 'is not a finite number (a literal like 1e999 overflows to Infinity)' };

  if (!isIsoDateTime(snapshot.generatedAt)) return { pointer: '/generatedAt', message: `is not an ISO 8601 date-time: ${JSON.stringify(snapshot.generatedAt)}` };
  const window = snapshot.window;
  const windowIssue = checkWindow(window);
  if (windowIssue) return windowIssue;

  const seen = new Map<string, number>();
  for (const [index, series] of snapshot.usage.entries()) {
    for (const field of ['invocations', 'durationSumMs', 'durationMaxMs', 'errors', 'throttles', 'concurrentExecutionsMax', 'billedDurationSumMs'] as const) {
      const days = series[field];
      if (days === undefined) continue;
      if (days.length !== window.days) return { pointer: `/usage/${index}/${field}`, message: `has ${days.length} days, the window has ${window.days}` };
    }
    const identity = usageIdentity(series, snapshot.source.accountId);
    const previous = seen.get(identity);
    if (previous !== undefined) {
      return { pointer: `/usage/${index}`, message: `repeats the usage of ${describeUsage(series)} already at /usage/${previous}: it would be counted twice` };
    }
    seen.set(identity, index);
  }

  const failed = new Map<string, number>();
  snapshot.regions.forEach((status, index) => {
    if (status.status === 'failed') failed.set(`${status.accountId ?? snapshot.source.accountId ?? ''}|${status.region}`, index);
  });
  if (failed.size > 0) {
    for (const [index, series] of snapshot.usage.entries()) {
      const regionIndex = failed.get(`${usageAccountId(series, snapshot.source.accountId) ?? ''}|${series.region}`) ?? failed.get(`|${series.region}`);
      if (regionIndex !== undefined) {
        return {
          pointer: `/usage/${index}`,
          message: `is usage in ${series.region}, which /regions/${regionIndex} marks failed: a failed region's usage is unknown, so the snapshot contradicts itself`,
        };
      }
    }
  }
  return undefined;
}
