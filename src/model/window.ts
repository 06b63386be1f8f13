import { UsageError } from '../errors.js';
import type { TimeWindow } from './snapshot.js';

const DAY_MS = 86_400_000;

/**
 * CloudWatch keeps hourly data 455 days (GetMetricData API reference, "Period"), counted back from
 * now; a window of N whole days before today starts N days and a part of today ago, so the longest
 * `--days` that CloudWatch can answer whole is one less. Said here once: the flag's range and its
 * message come from it.
 */
export const CLOUDWATCH_RETENTION_DAYS = 455;

/** The window's last UTC day, `YYYY-MM-DD` (`end` is exclusive). */
export function lastDayOf(window: Pick<TimeWindow, 'end'>): string {
  return new Date(Date.parse(window.end) - DAY_MS).toISOString().slice(0, 10);
}

/** `2026-10-01 to 2026-10-31 (31 days)`: a window by its first and last UTC day. */
export function windowText(window: TimeWindow): string {
  return `${window.start.slice(0, 10)} to ${lastDayOf(window)} (${window.days} days)`;
}
export const MAX_WINDOW_DAYS = CLOUDWATCH_RETENTION_DAYS - 1;

export interface WindowOptions {
  month?: string;
  since?: string;
  until?: string;
  days?: string | number;
}

function parseDay(value: string, flag: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new UsageError(`${flag} expects a UTC date as YYYY-MM-DD, got "${value}"`);
  }
  const date = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag}: "${value}" is not a calendar date`);
  }
  return date;
}

export function windowFromDates(start: Date, end: Date): TimeWindow {
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  return { start: start.toISOString(), end: end.toISOString(), days };
}

/**
 * Resolves the shared window flags (PRODUCT.md): `--month YYYY-MM`, `--since D --until D`
 * (both days included), or `--days N` (the last N complete UTC days before `now`; default 30).
 */
export function resolveWindow(options: WindowOptions, now: Date): TimeWindow {
  const chosen = [options.month !== undefined, options.since !== undefined || options.until !== undefined, options.days !== undefined];
  if (chosen.filter(Boolean).length > 1) {
    throw new UsageError('choose one of --month, --since/--until, --days');
  }
  if (options.month !== undefined) {
    const match = /^(\d{4})-(\d{2})$/.exec(options.month);
    const year = Number(match?.[1]);
    const month = Number(match?.[2]);
    if (!match || month < 1 || month > 12) throw new UsageError(`--month expects YYYY-MM, got "${options.month}"`);
    return notInTheFuture(windowFromDates(new Date(Date.UTC(year, month - 1, 1)), new Date(Date.UTC(year, month, 1))), `--month ${options.month}`, now);
  }
  if (options.since !== undefined || options.until !== undefined) {
    if (options.since === undefined || options.until === undefined) throw new UsageError('--since and --until go together');
    const start = parseDay(options.since, '--since');
    const end = new Date(parseDay(options.until, '--until').getTime() + DAY_MS);
    if (end <= start) throw new UsageError('--until must not be before --since');
    return notInTheFuture(windowFromDates(start, end), `--since ${options.since}`, now);
  }
  const days = options.days === undefined ? 30 : /^\d+$/.test(String(options.days)) ? Number(options.days) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_WINDOW_DAYS) {
    throw new UsageError(
      `--days expects a whole number of days from 1 to ${MAX_WINDOW_DAYS} (CloudWatch keeps hourly data ${CLOUDWATCH_RETENTION_DAYS} days back from now, and the window's first day must lie within them), got "${options.days}"`,
    );
  }
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return windowFromDates(new Date(today - days * DAY_MS), new Date(today));
}

/** A window that has not begun has no usage yet: pricing it would show $0 as if it were measured. */
function notInTheFuture(window: TimeWindow, flag: string, now: Date): TimeWindow {
  if (Date.parse(window.start) > now.getTime()) {
    throw new UsageError(`${flag}: the window starts ${window.start.slice(0, 10)}, after today (${now.toISOString().slice(0, 10)}): there is no usage to read yet`);
  }
  return window;
}

/** The UTC dates (YYYY-MM-DD) of each day of the window, in order. */
export function windowDates(window: TimeWindow): string[] {
  const start = Date.parse(window.start);
  return Array.from({ length: window.days }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/**
 * Days of the window that have happened by `now` (fractional for today): a month still in progress
 * has covered only part of its days, and a run-rate must divide by those, not by the whole month.
 */
export function coveredDays(window: TimeWindow, now: Date): number {
  const start = Date.parse(window.start);
  const end = Math.min(Date.parse(window.end), now.getTime());
  return Math.max(0, Math.min(window.days, (end - start) / DAY_MS));
}

/** How many leading days of the window have begun by `now` (later days cannot have data yet). */
export function begunDays(window: TimeWindow, now: Date): number {
  return Math.min(window.days, Math.ceil(coveredDays(window, now) - 1e-12));
}

/**
 * When the window starts on the 1st of the month `now` is in and reaches today, the report is
 * month-to-date and its forecast projects the whole month from the days elapsed.
 */
export function monthToDate(window: TimeWindow, now: Date): { elapsedDays: number; monthDays: number } | undefined {
  const start = new Date(window.start);
  if (start.getUTCDate() !== 1 || start.getUTCHours() !== 0) return undefined;
  const monthEnd = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
  const end = Date.parse(window.end);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (now.getTime() <= start.getTime() || now.getTime() >= monthEnd || end > monthEnd || end < today) return undefined;
  const monthDays = Math.round((monthEnd - start.getTime()) / DAY_MS);
  return { elapsedDays: coveredDays(window, now), monthDays };
}

export { DAY_MS };
