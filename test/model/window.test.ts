import { describe, expect, it } from 'vitest';
import { choosePeriodSeconds } from '../../src/aws/metrics.js';
import { monthToDate, resolveWindow, windowDates } from '../../src/model/window.js';

const now = new Date('2026-11-28T21:53:00Z');

describe('resolveWindow', () => {
  it.each([
    [{ month: '2026-10' }, '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', 31],
    [{ month: '2024-02' }, '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', 29],
    [{ since: '2026-11-01', until: '2026-11-07' }, '2026-11-01T00:00:00.000Z', '2026-11-08T00:00:00.000Z', 7],
    [{ days: '7' }, '2026-11-21T00:00:00.000Z', '2026-11-28T00:00:00.000Z', 7],
    [{}, '2026-10-29T00:00:00.000Z', '2026-11-28T00:00:00.000Z', 30],
  ])('%j', (flags, start, end, days) => {
    expect(resolveWindow(flags, now)).toEqual({ start, end, days });
  });

  it.each([
    [{ month: '2026-13' }, /--month expects YYYY-MM/],
    [{ since: '2026-11-01' }, /--since and --until go together/],
    [{ since: '2026-02-30', until: '2026-03-01' }, /not a calendar date/],
    [{ since: '2026-11-05', until: '2026-11-01' }, /must not be before/],
    [{ days: '0' }, /--days expects a whole number/],
    [{ days: 'x' }, /--days expects a whole number/],
    [{ month: '2026-10', days: '3' }, /choose one of/],
  ])('rejects %j', (flags, message) => {
    expect(() => resolveWindow(flags, now)).toThrow(message);
  });

  it('lists the days of a window', () => {
    expect(windowDates(resolveWindow({ since: '2026-10-30', until: '2026-11-01' }, now))).toEqual(['2026-10-30', '2026-10-31', '2026-11-01']);
  });

  it('knows a month-to-date window', () => {
    expect(monthToDate(resolveWindow({ month: '2026-11' }, now), now)?.monthDays).toBe(30);
    expect(monthToDate(resolveWindow({ month: '2026-11' }, now), now)?.elapsedDays).toBeCloseTo(27.912, 3);
    expect(monthToDate(resolveWindow({ month: '2026-10' }, now), now)).toBeUndefined();
  });
});

describe('windows that cannot be measured are refused, not priced as $0', () => {
  it.each([
    [{ month: '2027-01' }, /--month 2027-01: the window starts 2027-01-01, after today \(2026-11-28\)/],
    [{ month: '2207-11' }, /--month 2207-11: the window starts 2207-11-01/],
    [{ since: '2026-11-29', until: '2026-11-30' }, /--since 2026-11-29: the window starts 2026-11-29, after today/],
  ])('%j', (options, message) => {
    expect(() => resolveWindow(options, now)).toThrow(message);
  });

  it('the month in progress and today are allowed', () => {
    expect(resolveWindow({ month: '2026-11' }, now).days).toBe(30);
    expect(resolveWindow({ since: '2026-11-28', until: '2026-11-28' }, now).days).toBe(1);
  });

  it('--days allows exactly what CloudWatch can answer: 1 to 454, said once', () => {
    expect(resolveWindow({ days: '454' }, now).days).toBe(454);
    // …and the collector's retention check accepts that window at any time of day.
    for (const time of ['2026-11-28T00:00:01Z', '2026-11-28T23:59:59Z']) {
      const at = new Date(time);
      expect(choosePeriodSeconds(resolveWindow({ days: '454' }, at), at)).toBe(86_400);
    }
    expect(() => resolveWindow({ days: '455' }, now)).toThrow(/--days expects a whole number of days from 1 to 454 \(CloudWatch keeps hourly data 455 days/);
  });
});
