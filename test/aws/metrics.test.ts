import { describe, expect, it } from 'vitest';
import { weightedHitRate } from '../../src/aws/collect.js';
import {
  assembleTargets,
  batchQueries,
  choosePeriodSeconds,
  columns,
  type Dimension,
  dailySeries,
  type ListedVersions,
  parseReplicaVersionMetric,
  planReplicaQueries,
  planReplicaTargets,
  subtractSeries,
} from '../../src/aws/metrics.js';
import { UsageError } from '../../src/errors.js';
import type { TimeWindow } from '../../src/model/snapshot.js';

const DAY = 86_400_000;
const window = (start: string, days: number): TimeWindow => ({
  start: `${start}T00:00:00.000Z`,
  end: new Date(Date.parse(`${start}T00:00:00.000Z`) + days * DAY).toISOString(),
  days,
});
const NOW = new Date('2026-11-01T06:00:00Z');

describe('choosePeriodSeconds', () => {
  it.each([
    // start age ≤ 15 days: 1-minute data is kept, any multiple of 60 works
    { name: 'daily, 10 days old', start: '2026-10-22', preferred: 86_400, expected: 86_400 },
    { name: '60 s, 10 days old', start: '2026-10-22', preferred: 60, expected: 60 },
    // 15–63 days: multiples of 300
    { name: '60 s, 20 days old', start: '2026-10-12', preferred: 60, expected: 300 },
    { name: '420 s, 40 days old', start: '2026-09-22', preferred: 420, expected: 600 },
    { name: 'daily, 40 days old', start: '2026-09-22', preferred: 86_400, expected: 86_400 },
    // 63–455 days: multiples of 3600
    { name: '300 s, 100 days old', start: '2026-07-24', preferred: 300, expected: 3_600 },
    { name: 'daily, 400 days old', start: '2025-09-27', preferred: 86_400, expected: 86_400 },
  ])('$name → $expected s', ({ start, preferred, expected }) => {
    const period = choosePeriodSeconds(window(start, 3), NOW, preferred);
    expect(period).toBe(expected);
  });

  it('rejects a window that starts beyond the 455 days CloudWatch keeps, naming the limit', () => {
    expect(() => choosePeriodSeconds(window('2025-07-01', 31), NOW)).toThrow(UsageError);
    expect(() => choosePeriodSeconds(window('2025-07-01', 31), NOW)).toThrow(/455 days/);
  });
});

describe('batchQueries', () => {
  it.each([
    { queries: 0, calls: [] },
    { queries: 1, calls: [1] },
    { queries: 500, calls: [500] },
    { queries: 501, calls: [500, 1] },
    { queries: 3_600, calls: [500, 500, 500, 500, 500, 500, 500, 100] },
  ])('$queries queries → $calls.length calls of ≤ 500', ({ queries, calls }) => {
    const batches = batchQueries(Array.from({ length: queries }, (_, i) => i));
    expect(batches.map((b) => b.length)).toEqual(calls);
    expect(batches.flat()).toEqual(Array.from({ length: queries }, (_, i) => i));
  });
});

describe('dailySeries', () => {
  // Oct 29 – Nov 2; now is Nov 1 06:00, so Nov 1 has begun (partial) and Nov 2 has not
  const w = window('2026-10-29', 5);
  const at = (date: string, value: number) => ({ timestamp: Date.parse(`${date}T00:00:00Z`), value });

  it('writes 0 for answered days without a datapoint and null for days not yet begun', () => {
    const series = dailySeries(w, NOW, columns([at('2026-10-30', 7)]), 'sum');
    expect(series).toEqual([0, 7, 0, 0, null]);
  });

  it('sums (or takes the max of) datapoints of the same day, across pages', () => {
    const points = columns([at('2026-10-29', 2), at('2026-10-29', 3), { timestamp: Date.parse('2026-10-29T12:00:00Z'), value: 5 }]);
    expect(dailySeries(w, NOW, points, 'sum')).toEqual([10, 0, 0, 0, null]);
    expect(dailySeries(w, NOW, points, 'max')).toEqual([5, 0, 0, 0, null]);
  });

  it('ignores datapoints outside the window', () => {
    expect(dailySeries(w, NOW, columns([at('2026-10-28', 9), at('2026-11-03', 9)]), 'sum')).toEqual([0, 0, 0, 0, null]);
  });
});

describe('parseReplicaVersionMetric', () => {
  it.each([
    {
      name: 'FunctionName + Resource',
      dims: [
        { Name: 'FunctionName', Value: 'us-east-1.auth' },
        { Name: 'Resource', Value: 'us-east-1.auth:3' },
      ],
      expected: { functionName: 'auth', version: '3' },
    },
    { name: 'Resource only', dims: [{ Name: 'Resource', Value: 'us-east-1.a.b:12' }], expected: { functionName: 'a.b', version: '12' } },
    { name: 'a regional function alias', dims: [{ Name: 'Resource', Value: 'orders:prod' }], expected: undefined },
    { name: 'an alias of a replica', dims: [{ Name: 'Resource', Value: 'us-east-1.auth:live' }], expected: undefined },
    {
      name: 'mismatched FunctionName',
      dims: [
        { Name: 'FunctionName', Value: 'us-east-1.other' },
        { Name: 'Resource', Value: 'us-east-1.auth:3' },
      ],
      expected: undefined,
    },
  ])('$name', ({ dims, expected }) => {
    const parsed = parseReplicaVersionMetric(dims);
    if (expected === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toMatchObject({ ...expected, dimensions: dims });
  });
});

describe('planReplicaTargets', () => {
  const dims = (fn: string, v: string): Dimension[] => [
    { Name: 'FunctionName', Value: `us-east-1.${fn}` },
    { Name: 'Resource', Value: `us-east-1.${fn}:${v}` },
  ];

  it('reads per version (listed ∪ associated) plus a function-level invocations guard when versions are listed', () => {
    const listed: ListedVersions = new Map([['router', new Map([['8', dims('router', '8')]])]]);
    const targets = planReplicaTargets([{ functionName: 'router', versions: ['7', '8'] }], listed);
    expect(targets.map((t) => [t.version ?? '-', t.fields.length, t.guard === true])).toEqual([
      ['7', 6, false],
      ['8', 6, false],
      ['-', 1, true],
    ]);
    expect(targets[0]!.dimensions).toEqual(dims('router', '7'));
  });

  it('reads the function-level series when no per-version metric is listed', () => {
    const targets = planReplicaTargets([{ functionName: 'auth', versions: ['3'] }], new Map());
    expect(targets).toEqual([{ functionName: 'auth', dimensions: [{ Name: 'FunctionName', Value: 'us-east-1.auth' }], fields: expect.any(Array) }]);
    expect(targets[0]!.fields).toEqual(['invocations', 'durationSumMs', 'durationMaxMs', 'errors', 'throttles', 'concurrentExecutionsMax']);
  });

  it('uses the dimension shape CloudWatch lists (Resource alone) for unlisted associated versions', () => {
    const listed: ListedVersions = new Map([['a', new Map([['1', [{ Name: 'Resource', Value: 'us-east-1.a:1' }]]])]]);
    const targets = planReplicaTargets([{ functionName: 'a', versions: ['2'] }], listed);
    expect(targets.find((t) => t.version === '2')!.dimensions).toEqual([{ Name: 'Resource', Value: 'us-east-1.a:2' }]);
  });

  it('gives every query a unique id of the allowed form and maps answers back to fields', () => {
    const targets = planReplicaTargets(
      [
        { functionName: 'a', versions: ['1'] },
        { functionName: 'b', versions: ['1'] },
      ],
      new Map(),
    );
    const queries = planReplicaQueries(targets);
    expect(queries).toHaveLength(12);
    expect(new Set(queries.map((q) => q.id)).size).toBe(12);
    for (const q of queries) expect(q.id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
    const w = window('2026-10-30', 2);
    const invocationsOfB = queries.find((q) => q.target === 1 && q.field === 'invocations')!;
    const values = assembleTargets(w, NOW, targets, queries, new Map([[invocationsOfB.id, columns([{ timestamp: Date.parse(w.start), value: 42 }])]]));
    expect(values[1]!.get('invocations')).toEqual([42, 0]);
    expect(values[0]!.get('invocations')).toEqual([0, 0]);
  });

  it('reads the daily ConcurrentExecutions Maximum of each replica series in the same plan, combined by max', () => {
    const targets = planReplicaTargets([{ functionName: 'a', versions: ['1'] }], new Map());
    const queries = planReplicaQueries(targets);
    const concurrency = queries.filter((q) => q.field === 'concurrentExecutionsMax');
    expect(concurrency.map((q) => [q.metricName, q.stat, q.combine, q.dimensions])).toEqual([
      ['ConcurrentExecutions', 'Maximum', 'max', [{ Name: 'FunctionName', Value: 'us-east-1.a' }]],
    ]);
    const w = window('2026-10-30', 2);
    const day = Date.parse(w.start);
    const points = new Map([
      [
        concurrency[0]!.id,
        columns([
          { timestamp: day, value: 7 },
          { timestamp: day + 3_600_000, value: 12 },
          { timestamp: day + 86_400_000, value: 3 },
        ]),
      ],
    ]);
    expect(assembleTargets(w, NOW, targets, queries, points)[0]!.get('concurrentExecutionsMax')).toEqual([12, 3]);
  });
});

describe('subtractSeries', () => {
  it.each([
    { total: [10, 5, 0], parts: [[4, 5, 0]], expected: [6, 0, 0] },
    { total: [10, null], parts: [[1, 1]], expected: [9, null] },
    { total: [10, 10], parts: [[1, null]], expected: [9, null] },
    // float noise of summed durations is not a residual
    { total: [0.30000000000000004], parts: [[0.1], [0.2]], expected: [0] },
    { total: [3], parts: [[4]], expected: [0] },
  ])('$total − $parts = $expected', ({ total, parts, expected }) => {
    expect(subtractSeries(total, parts)).toEqual(expected);
  });
});

describe('weightedHitRate', () => {
  const w = window('2026-10-29', 3);
  const at = (date: string, value: number) => ({ timestamp: Date.parse(`${date}T00:00:00Z`), value });
  it('weights daily averages by requests', () => {
    const rate = weightedHitRate(w, NOW, columns([at('2026-10-29', 90), at('2026-10-30', 60)]), [300, 100, 0]);
    expect(rate).toBeCloseTo((90 * 300 + 60 * 100) / 400, 12);
  });
  it('is a plain mean without requests, and undefined without datapoints', () => {
    expect(weightedHitRate(w, NOW, columns([at('2026-10-29', 90), at('2026-10-30', 60)]), [0, 0, 0])).toBe(75);
    expect(weightedHitRate(w, NOW, columns([]), [1, 2, 3])).toBeUndefined();
  });
});
