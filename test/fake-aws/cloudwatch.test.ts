import {
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  GetMetricStatisticsCommand,
  type MetricDataQuery,
  type MetricDataResult,
  paginateGetMetricData,
  paginateListMetrics,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cloudwatch, rejection } from './helpers.js';
import { basicScenario, buildLargeScenario, type FakeAws, startFakeAws, usageTotals } from './index.js';

const WINDOW = { StartTime: new Date('2026-10-01T00:00:00Z'), EndTime: new Date('2026-11-01T00:00:00Z') };

function q(Id: string, MetricName: string, dims: Record<string, string>, Stat = 'Sum', Period = 86_400, Namespace = 'AWS/Lambda'): MetricDataQuery {
  return {
    Id,
    MetricStat: {
      Metric: { Namespace, MetricName, Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })) },
      Period,
      Stat,
    },
  };
}

const fn = (name: string) => ({ FunctionName: `us-east-1.${name}` });
const ver = (name: string, v: string) => ({ FunctionName: `us-east-1.${name}`, Resource: `us-east-1.${name}:${v}` });

/** All pages, results merged by Id. */
async function fetchAll(fake: FakeAws, region: string, input: GetMetricDataCommandInput) {
  const merged = new Map<string, { ts: number[]; values: number[]; statuses: string[] }>();
  for await (const page of paginateGetMetricData({ client: cloudwatch(fake.url, region) }, input)) {
    for (const r of page.MetricDataResults ?? []) {
      const m = merged.get(r.Id ?? '') ?? { ts: [], values: [], statuses: [] };
      m.ts.push(...(r.Timestamps ?? []).map((d) => d.getTime() / 1000));
      m.values.push(...(r.Values ?? []));
      m.statuses.push(r.StatusCode ?? '');
      merged.set(r.Id ?? '', m);
    }
  }
  return merged;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('CloudWatch GetMetricData on basicScenario', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws(basicScenario());
  });
  afterAll(async () => {
    await fake.close();
  });

  test('day datapoints, newest first, with Id/Label/StatusCode; days without data have no datapoint', async () => {
    const out = await cloudwatch(fake.url, 'sa-east-1').send(
      new GetMetricDataCommand({
        ...WINDOW,
        MetricDataQueries: [{ ...q('inv', 'Invocations', fn('auth-viewer')), Label: 'auth invocations' }, q('dur', 'Duration', fn('origin-router'))],
      }),
    );
    const [inv, dur] = out.MetricDataResults as MetricDataResult[];
    expect(inv).toMatchObject({ Id: 'inv', Label: 'auth invocations', StatusCode: 'Complete', Values: [100_000] });
    expect(inv?.Timestamps).toEqual([new Date('2026-10-31T00:00:00Z')]);
    expect(dur?.Label).toBe('Duration');
    expect(dur?.Values).toEqual([500_000, 500_000, 500_000]);
    expect(dur?.Timestamps?.map((d) => d.toISOString().slice(0, 10))).toEqual(['2026-10-31', '2026-10-30', '2026-10-29']);
    expect(out.NextToken).toBeUndefined();
  });

  test('statistics: Sum, Maximum, Average, SampleCount, Minimum; percentiles approximated by Maximum', async () => {
    const stats = ['Sum', 'Maximum', 'Average', 'SampleCount', 'Minimum', 'p99'];
    const out = await cloudwatch(fake.url, 'us-east-1').send(
      new GetMetricDataCommand({
        ...WINDOW,
        ScanBy: 'TimestampAscending',
        MetricDataQueries: stats.map((s, i) => q(`s${i}`, 'Duration', ver('auth-viewer', '3'), s)),
      }),
    );
    const first = (out.MetricDataResults ?? []).map((r) => r.Values?.[0]);
    expect(first).toEqual([2_000_000, 40, 2, 1_000_000, 2, 40]);
  });

  test('FunctionName series sums the versions; Resource series is per version; Resource alone matches nothing', async () => {
    const m = await fetchAll(fake, 'us-east-1', {
      ...WINDOW,
      MetricDataQueries: [
        q('all', 'Invocations', fn('origin-router')),
        q('v7', 'Invocations', ver('origin-router', '7')),
        q('v8', 'Invocations', ver('origin-router', '8')),
        q('alone', 'Invocations', { Resource: 'us-east-1.origin-router:7' }),
        q('maxall', 'Duration', fn('origin-router'), 'Maximum'),
        q('thr', 'Throttles', fn('origin-router')),
      ],
    });
    expect(sum(m.get('all')?.values ?? [])).toBe(360_000);
    expect(sum(m.get('v7')?.values ?? [])).toBe(300_000);
    expect(sum(m.get('v8')?.values ?? [])).toBe(60_000);
    expect(m.get('alone')?.values).toEqual([]);
    expect(m.get('maxall')?.values).toEqual([900, 900, 900]);
    expect(sum(m.get('thr')?.values ?? [])).toBe(150);
  });

  test('periods: multiples of a day aggregate; finer periods put the day value at the day start', async () => {
    const start = new Date('2026-10-29T00:00:00Z');
    const out = await cloudwatch(fake.url, 'us-east-1').send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: new Date('2026-11-01T00:00:00Z'),
        MetricDataQueries: [
          q('three', 'Invocations', fn('auth-viewer'), 'Sum', 3 * 86_400),
          q('max3', 'Duration', fn('headers-response'), 'Maximum', 3 * 86_400),
          q('hourly', 'Invocations', fn('auth-viewer'), 'Sum', 3_600),
        ],
      }),
    );
    const [three, max3, hourly] = out.MetricDataResults as MetricDataResult[];
    expect(three?.Values).toEqual([3_000_000]);
    expect(three?.Timestamps).toEqual([start]);
    expect(max3?.Values).toEqual([4_500]);
    expect(hourly?.Values).toEqual([1_000_000, 1_000_000, 1_000_000]);
  });

  test('CloudFront metrics: us-east-1 only, Region=Global required, CacheHitRate only with the subscription', async () => {
    const dist = (id: string) => ({ DistributionId: id, Region: 'Global' });
    const cf = (Id: string, name: string, dims: Record<string, string>, stat = 'Sum') => q(Id, name, dims, stat, 86_400, 'AWS/CloudFront');
    const input = {
      ...WINDOW,
      MetricDataQueries: [
        cf('reqa', 'Requests', dist('E1AAAAAAAAAAAA')),
        cf('reqb', 'Requests', dist('E2BBBBBBBBBBBB')),
        cf('noglobal', 'Requests', { DistributionId: 'E1AAAAAAAAAAAA' }),
        cf('hita', 'CacheHitRate', dist('E1AAAAAAAAAAAA'), 'Average'),
        cf('hitb', 'CacheHitRate', dist('E2BBBBBBBBBBBB'), 'Average'),
        cf('hitc', 'CacheHitRate', dist('E3CCCCCCCCCCCC'), 'Average'),
        cf('cff', 'FunctionInvocations', { FunctionName: 'rewrite-index', Region: 'Global' }),
      ],
    };
    const m = await fetchAll(fake, 'us-east-1', input);
    expect(sum(m.get('reqa')?.values ?? [])).toBe(3_900_000);
    expect(sum(m.get('reqb')?.values ?? [])).toBe(1_300_000);
    expect(m.get('noglobal')?.values).toEqual([]);
    expect(m.get('hita')?.values).toEqual([80, 80, 80]);
    expect(m.get('hitb')?.values).toEqual([]);
    expect(m.get('hitc')?.values).toEqual([90, 90, 90]);
    expect(sum(m.get('cff')?.values ?? [])).toBe(900_000);
    const elsewhere = await fetchAll(fake, 'eu-west-1', input);
    expect(elsewhere.get('reqa')?.values).toEqual([]);
  });

  test('a Unit that does not match the metric returns no data; the trap day is outside the window', async () => {
    const withUnit = (unit: 'Milliseconds' | 'Seconds'): MetricDataQuery => {
      const base = q(`u${unit.toLowerCase()}`, 'Duration', fn('image-resize'));
      return { ...base, MetricStat: { ...base.MetricStat, Unit: unit } as MetricDataQuery['MetricStat'] };
    };
    const m = await fetchAll(fake, 'us-east-1', {
      StartTime: new Date('2026-09-01T00:00:00Z'),
      EndTime: new Date('2026-11-01T00:00:00Z'),
      MetricDataQueries: [withUnit('Milliseconds'), withUnit('Seconds'), q('inv', 'Invocations', fn('image-resize'))],
    });
    expect(m.get('umilliseconds')?.values.length).toBe(4);
    expect(m.get('useconds')?.values).toEqual([]);
    expect(sum(m.get('inv')?.values ?? [])).toBe(1_030_000);
    const inWindow = await fetchAll(fake, 'us-east-1', { ...WINDOW, MetricDataQueries: [q('inv', 'Invocations', fn('image-resize'))] });
    expect(sum(inWindow.get('inv')?.values ?? [])).toBe(30_000);
  });

  test('more than 500 queries are rejected like AWS (ValidationError), without retries', async () => {
    const queries = Array.from({ length: 501 }, (_, i) => q(`q${i}`, 'Invocations', fn('auth-viewer')));
    const e = await rejection(cloudwatch(fake.url).send(new GetMetricDataCommand({ ...WINDOW, MetricDataQueries: queries })));
    expect(e.name).toBe('ValidationException');
    expect(e.Code).toBe('ValidationError');
    expect(e.message).toMatch(/must not have a size greater than 500/);
    expect((e.$metadata as { httpStatusCode: number; attempts: number }).httpStatusCode).toBe(400);
    expect((e.$metadata as { attempts: number }).attempts).toBe(1);
  });

  test('period rules of reference §4 relative to the scenario now (2026-11-01T06:00Z)', async () => {
    const run = (start: string, Period: number) =>
      cloudwatch(fake.url).send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: new Date('2026-11-01T00:00:00Z'),
          MetricDataQueries: [q('a', 'Invocations', fn('auth-viewer'), 'Sum', Period)],
        }),
      );
    // 31 days ago: multiple of 300 needed
    const e1 = await rejection(run('2026-10-01T00:00:00Z', 60));
    expect(e1.name).toBe('InvalidParameterValueException');
    expect(e1.Code).toBe('InvalidParameterValue');
    await expect(run('2026-10-01T00:00:00Z', 300)).resolves.toBeDefined();
    // 70 days ago: multiple of 3600 needed
    await expect(run('2026-08-23T00:00:00Z', 300)).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(run('2026-08-23T00:00:00Z', 3600)).resolves.toBeDefined();
    // recent: any multiple of 60
    await expect(run('2026-10-25T00:00:00Z', 60)).resolves.toBeDefined();
    await expect(run('2026-10-25T00:00:00Z', 90)).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });

  test('bad and duplicate Ids, StartTime after EndTime and metric math are rejected', async () => {
    const send = (input: GetMetricDataCommandInput) => cloudwatch(fake.url).send(new GetMetricDataCommand(input));
    await expect(send({ ...WINDOW, MetricDataQueries: [q('Bad-Id', 'Invocations', {})] })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(send({ ...WINDOW, MetricDataQueries: [q('a', 'Invocations', {}), q('a', 'Errors', {})] })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(send({ StartTime: WINDOW.EndTime, EndTime: WINDOW.StartTime, MetricDataQueries: [q('a', 'Invocations', {})] })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(send({ ...WINDOW, MetricDataQueries: [{ Id: 'e', Expression: 'SUM(METRICS())' }] })).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  test('MaxDatapoints pages, and a NextToken of another request is InvalidNextToken', async () => {
    const input: GetMetricDataCommandInput = {
      ...WINDOW,
      MaxDatapoints: 2,
      MetricDataQueries: [q('a', 'Invocations', fn('auth-viewer')), q('b', 'Invocations', fn('headers-response'))],
    };
    const first = await cloudwatch(fake.url).send(new GetMetricDataCommand(input));
    expect(first.MetricDataResults).toEqual([expect.objectContaining({ Id: 'a', StatusCode: 'PartialData', Values: [1_000_000, 1_000_000] })]);
    expect(first.NextToken).toBeTypeOf('string');
    const m = await fetchAll(fake, 'us-east-1', input);
    expect(m.get('a')).toMatchObject({ values: [1_000_000, 1_000_000, 1_000_000], statuses: ['PartialData', 'Complete'] });
    expect(m.get('b')?.values).toEqual([800_000, 800_000, 800_000]);
    const e = await rejection(cloudwatch(fake.url).send(new GetMetricDataCommand({ ...input, MetricDataQueries: [q('z', 'Errors', {})], NextToken: first.NextToken })));
    expect(e.name).toBe('InvalidNextToken');
  });

  test('ListMetrics pages and filters by dimension', async () => {
    const metrics = [];
    let pages = 0;
    for await (const page of paginateListMetrics({ client: cloudwatch(fake.url, 'sa-east-1') }, { Namespace: 'AWS/Lambda', Dimensions: [{ Name: 'FunctionName' }] })) {
      pages += 1;
      metrics.push(...(page.Metrics ?? []));
    }
    // auth-viewer (function level + Resource :3) and origin-router (function + :8): 5 metrics each
    expect(metrics).toHaveLength(20);
    expect(pages).toBe(2);
    const resources = metrics.filter((m) => m.Dimensions?.some((d) => d.Name === 'Resource'));
    expect(new Set(resources.flatMap((m) => m.Dimensions?.map((d) => `${d.Name}=${d.Value}`)))).toEqual(
      new Set(['FunctionName=us-east-1.auth-viewer', 'Resource=us-east-1.auth-viewer:3', 'FunctionName=us-east-1.origin-router', 'Resource=us-east-1.origin-router:8']),
    );
  });

  test('GetMetricStatistics answers, and enforces 1,440 datapoints', async () => {
    const out = await cloudwatch(fake.url, 'eu-west-1').send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        Dimensions: [{ Name: 'FunctionName', Value: 'us-east-1.image-resize' }],
        ...WINDOW,
        Period: 86_400,
        Statistics: ['Sum', 'Maximum', 'Average'],
        ExtendedStatistics: ['p99'],
      }),
    );
    expect(out.Datapoints).toHaveLength(3);
    expect(out.Datapoints?.[0]).toMatchObject({ Sum: 1_000_000, Maximum: 2_500, Average: 200, Unit: 'Milliseconds' });
    expect(out.Datapoints?.[0]?.ExtendedStatistics).toEqual({ p99: 2_500 });
    await expect(
      cloudwatch(fake.url).send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/Lambda',
          MetricName: 'Duration',
          StartTime: new Date('2026-10-25T00:00:00Z'),
          EndTime: new Date('2026-11-01T00:00:00Z'),
          Period: 60,
          Statistics: ['Sum'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterCombinationException' });
  });
});

describe('CloudWatch ConcurrentExecutions', () => {
  test("Maximum per version (Resource) and, at function level, the sum of the versions' maxima", async () => {
    const scenario = basicScenario();
    scenario.replicaUsage = [
      { functionName: 'origin-router', version: '7', region: 'us-east-1', date: '2026-10-30', invocations: 100, durationSumMs: 500, durationMaxMs: 9, concurrentExecutionsMax: 40 },
      {
        functionName: 'origin-router',
        version: '8',
        region: 'us-east-1',
        date: '2026-10-30',
        invocations: 300,
        durationSumMs: 900,
        durationMaxMs: 5,
        concurrentExecutionsMax: 150,
      },
      // default: max(1, ceil(durationSumMs / 86,400,000))
      { functionName: 'origin-router', version: '8', region: 'us-east-1', date: '2026-10-31', invocations: 200, durationSumMs: 172_800_001, durationMaxMs: 6 },
    ];
    const fake = await startFakeAws(scenario);
    try {
      const out = await cloudwatch(fake.url, 'us-east-1').send(
        new GetMetricDataCommand({
          ...WINDOW,
          ScanBy: 'TimestampAscending',
          MetricDataQueries: [
            q('v7', 'ConcurrentExecutions', ver('origin-router', '7'), 'Maximum'),
            q('v8', 'ConcurrentExecutions', ver('origin-router', '8'), 'Maximum'),
            q('all', 'ConcurrentExecutions', fn('origin-router'), 'Maximum'),
          ],
        }),
      );
      expect(out.MetricDataResults?.map((r) => [r.Id, r.Values])).toEqual([
        ['v7', [40]],
        ['v8', [150, 3]],
        ['all', [190, 3]],
      ]);
    } finally {
      await fake.close();
    }
  });
});

describe('CloudWatch GetMetricData paging at scale', () => {
  test('500 queries paged by NextToken give the scenario totals', async () => {
    const scenario = buildLargeScenario({ functions: 100, regions: ['eu-west-1'], days: 30, seed: 7 });
    const fake = await startFakeAws(scenario);
    try {
      const metrics = ['Invocations', 'Duration', 'Errors', 'Throttles', 'ConcurrentExecutions'];
      const names = scenario.functions.map((f) => f.name);
      const queries = names.flatMap((n, i) => metrics.map((m, j) => q(`f${i}m${j}`, m, fn(n))));
      expect(queries).toHaveLength(500);
      const m = await fetchAll(fake, 'eu-west-1', {
        StartTime: new Date('2026-10-02T00:00:00Z'),
        EndTime: new Date('2026-11-01T00:00:00Z'),
        MetricDataQueries: queries,
      });
      const totals = usageTotals(scenario, '2026-10-02', '2026-11-01');
      names.forEach((n, i) => {
        const t = totals.get(`${n}:2|eu-west-1`);
        expect(sum(m.get(`f${i}m0`)?.values ?? [])).toBe(t?.invocations);
        expect(sum(m.get(`f${i}m1`)?.values ?? [])).toBe(t?.durationSumMs);
      });
      const calls = fake.requests.filter((r) => r.operation === 'GetMetricData');
      expect(calls.length).toBeGreaterThan(5);
      expect(calls.every((c) => c.queryCount === 500 && c.region === 'eu-west-1')).toBe(true);
      expect([...m.values()].some((r) => r.statuses.includes('PartialData'))).toBe(true);
    } finally {
      await fake.close();
    }
  });
});
