// Checks the numbers documented in basicScenario() against what the fake serves through the
// real SDK (a miniature collector: associations → configurations → per-version metrics → cost).
import { paginateListDistributions } from '@aws-sdk/client-cloudfront';
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { expect, test } from 'vitest';
import { cloudfront, cloudwatch, lambda, logs } from './helpers.js';
import { basicScenario, buildLargeScenario, DEFAULT_EDGE_REGIONS, startFakeAws, usageTotals } from './index.js';

const REQUEST_USD = 0.6 / 1e6;
const GBS_USD = 0.00005001;
const start = new Date('2026-10-01T00:00:00Z');
const end = new Date('2026-11-01T00:00:00Z');

test('basicScenario numbers: per function × region invocations, duration and costs as documented', async () => {
  const fake = await startFakeAws(basicScenario());
  try {
    // 1. associations
    const arns = new Set<string>();
    for await (const page of paginateListDistributions({ client: cloudfront(fake.url) }, {})) {
      for (const d of page.DistributionList?.Items ?? []) {
        for (const b of [d.DefaultCacheBehavior, ...(d.CacheBehaviors?.Items ?? [])]) {
          for (const a of b?.LambdaFunctionAssociations?.Items ?? []) arns.add(a.LambdaFunctionARN ?? '');
        }
      }
    }
    expect([...arns].sort()).toEqual(
      ['auth-viewer:3', 'headers-response:1', 'image-resize:2', 'origin-router:7', 'origin-router:8'].map((x) => `arn:aws:lambda:us-east-1:123456789012:function:${x}`),
    );
    // 2. memory per version
    const memory = new Map<string, number>();
    for (const arn of arns) {
      const c = await lambda(fake.url).send(new GetFunctionConfigurationCommand({ FunctionName: arn }));
      memory.set(`${c.FunctionName}:${c.Version}`, c.MemorySize ?? 0);
    }
    // 3. per-version metrics in the 13 regions
    const rows: Array<{ key: string; region: string; inv: number; dur: number }> = [];
    const keys = [...memory.keys()];
    for (const region of DEFAULT_EDGE_REGIONS) {
      const queries: MetricDataQuery[] = keys.flatMap((k, i) =>
        ['Invocations', 'Duration'].map((m, j) => ({
          Id: `k${i}m${j}`,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: m,
              Dimensions: [
                { Name: 'FunctionName', Value: `us-east-1.${k.split(':')[0]}` },
                { Name: 'Resource', Value: `us-east-1.${k}` },
              ],
            },
            Period: 86_400,
            Stat: 'Sum',
          },
        })),
      );
      const out = await cloudwatch(fake.url, region).send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: queries }));
      const total = (id: string) => (out.MetricDataResults?.find((r) => r.Id === id)?.Values ?? []).reduce((a, b) => a + b, 0);
      keys.forEach((key, i) => {
        const inv = total(`k${i}m0`);
        if (inv > 0) rows.push({ key, region, inv, dur: total(`k${i}m1`) });
      });
    }
    const cost = (r: { key: string; inv: number; dur: number }, extraMs: number) =>
      r.inv * REQUEST_USD + ((((r.dur + extraMs * r.inv) / 1000) * (memory.get(r.key) ?? 0)) / 1024) * GBS_USD;
    const byKey = Object.fromEntries(rows.map((r) => [`${r.key}|${r.region}`, [r.inv, r.dur, cost(r, 0.5)]]));
    const documented: Record<string, [number, number, number]> = {
      'auth-viewer:3|us-east-1': [3_000_000, 6_000_000, 1.846884375],
      'auth-viewer:3|eu-west-1': [1_500_000, 3_000_000, 0.9234421875],
      'auth-viewer:3|ap-northeast-1': [600_000, 1_200_000, 0.369376875],
      'auth-viewer:3|sa-east-1': [100_000, 200_000, 0.0615628125],
      'headers-response:1|us-east-1': [2_400_000, 2_400_000, 1.4625045],
      'headers-response:1|eu-west-1': [1_200_000, 1_200_000, 0.73125225],
      'headers-response:1|ap-northeast-1': [300_000, 300_000, 0.1828130625],
      'origin-router:7|us-east-1': [300_000, 15_000_000, 0.55882575],
      'origin-router:7|eu-west-1': [150_000, 7_500_000, 0.279412875],
      'origin-router:8|us-east-1': [60_000, 3_000_000, 0.073882575],
      'origin-router:8|ap-northeast-1': [30_000, 1_500_000, 0.0369412875],
      'origin-router:8|sa-east-1': [30_000, 1_500_000, 0.0369412875],
      'image-resize:2|us-east-1': [30_000, 6_000_000, 0.31881015],
      'image-resize:2|eu-west-1': [15_000, 3_000_000, 0.159405075],
    };
    expect(Object.keys(byKey).sort()).toEqual(Object.keys(documented).sort());
    for (const [k, [inv, dur, usd]] of Object.entries(documented)) {
      expect(byKey[k]?.[0]).toBe(inv);
      expect(byKey[k]?.[1]).toBe(dur);
      expect(byKey[k]?.[2]).toBeCloseTo(usd, 12);
    }
    const sumOf = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
    expect(sumOf((r) => r.inv)).toBe(9_715_000);
    expect(sumOf((r) => cost(r, 0.5))).toBeCloseTo(7.0420550625, 12);
    expect(sumOf((r) => cost(r, 0))).toBeCloseTo(7.006110375, 12);
    expect(sumOf((r) => cost(r, 1))).toBeCloseTo(7.07799975, 12);

    // 4. exact cost from Logs Insights (billed duration by memory size)
    let exact = 0;
    for (const region of ['us-east-1', 'eu-west-1', 'ap-northeast-1', 'sa-east-1']) {
      const client = logs(fake.url, region);
      for (const fn of ['auth-viewer', 'headers-response', 'origin-router', 'image-resize']) {
        let queryId: string | undefined;
        try {
          ({ queryId } = await client.send(
            new StartQueryCommand({
              logGroupName: `/aws/lambda/us-east-1.${fn}`,
              startTime: start.getTime() / 1000,
              endTime: end.getTime() / 1000,
              queryString: 'stats sum(@billedDuration) as billed, count(*) as n by @memorySize',
            }),
          ));
        } catch (e) {
          expect((e as Error).name).toBe('ResourceNotFoundException');
          continue;
        }
        let res = await client.send(new GetQueryResultsCommand({ queryId }));
        while (res.status === 'Running') res = await client.send(new GetQueryResultsCommand({ queryId }));
        for (const row of res.results ?? []) {
          const f = Object.fromEntries(row.map((x) => [x.field, Number(x.value)]));
          exact += (f.n ?? 0) * REQUEST_USD + ((f.billed ?? 0) / 1000) * ((f['@memorySize'] ?? 0) / 1024 ** 3) * GBS_USD;
        }
      }
    }
    expect(exact).toBeCloseTo(7.02408271875, 12);
    fake.assertReadOnly();
  } finally {
    await fake.close();
  }
});

test('buildLargeScenario is deterministic and sized as asked', () => {
  const a = buildLargeScenario({ functions: 20, regions: 13, days: 30, seed: 1 });
  const b = buildLargeScenario({ functions: 20, regions: 13, days: 30, seed: 1 });
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(JSON.stringify(buildLargeScenario({ functions: 20, regions: 13, days: 30, seed: 2 }))).not.toBe(JSON.stringify(a));
  expect(a.functions).toHaveLength(20);
  expect(a.distributions).toHaveLength(5);
  expect(new Set(a.replicaUsage.map((u) => u.region)).size).toBe(13);
  expect(new Set(a.replicaUsage.map((u) => u.date))).toEqual(new Set(Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 9, 2 + i)).toISOString().slice(0, 10))));
  expect(a.replicaUsage.length).toBeGreaterThan(20 * 13 * 30 * 0.8);
  expect(a.replicaUsage.every((u) => u.invocations % 100 === 0)).toBe(true);
  expect(usageTotals(a, '2026-10-02', '2026-11-01').size).toBe(20 * 13);
});
