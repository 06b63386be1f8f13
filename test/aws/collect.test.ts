import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients, retrySettingsFromEnv } from '../../src/aws/clients.js';
import { type CollectOptions, collectSnapshot } from '../../src/aws/collect.js';
import { formatProgress } from '../../src/cli/collect-progress.js';
import { AwsError, UsageError } from '../../src/errors.js';
import type { Snapshot, UsageSeries } from '../../src/model/snapshot.js';
import { loadPricing } from '../../src/sources/data-files.js';
import { basicScenario, type FakeAws, functionArn, type Scenario, startFakeAws } from '../fake-aws/index.js';

/**
 * collectSnapshot in process against the wire-level fake AWS (the real SDK on the wire), for the
 * paths the CLI end-to-end tests do not reach cheaply.
 */

const OCTOBER = { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z', days: 31 };
const NOW = new Date('2026-11-01T06:00:00Z');

let fake: FakeAws;
const savedEndpoint = process.env.AWS_ENDPOINT_URL;

beforeAll(async () => {
  fake = await startFakeAws(basicScenario());
  process.env.AWS_ENDPOINT_URL = fake.url;
});
afterAll(async () => {
  process.env.AWS_ENDPOINT_URL = savedEndpoint;
  await fake.close();
});
afterEach(() => fake.clearRequests());

async function collect(scenario: Scenario, options: Partial<CollectOptions> = {}): Promise<{ snapshot: Snapshot; clients: AwsClients }> {
  fake.setScenario(scenario);
  const clients = new AwsClients({ retry: { baseDelayMs: 1, maxAttempts: 3 } });
  try {
    const snapshot = await collectSnapshot({
      window: OCTOBER,
      now: NOW,
      homeRegion: 'us-east-1',
      concurrency: 4,
      exact: false,
      clients,
      logsPolling: { intervalMs: 1 },
      // the price sheet in use is passed in: here the bundled one
      ...(options.exact ? { billingGranularityMs: loadPricing().rates.billingGranularityMs } : {}),
      ...options,
    });
    return { snapshot, clients };
  } finally {
    clients.destroy();
  }
}

const total = (values: (number | null)[] | undefined) => (values ?? []).reduce<number>((a, v) => a + (v ?? 0), 0);
const find = (snapshot: Snapshot, fn: string, region: string, version?: string): UsageSeries[] =>
  snapshot.usage.filter((s) => s.functionName === fn && s.region === region && s.version === version);

/** One function "edge" (v1, v2; v2 associated) whose v1 ran on Oct 2 and v2 on Oct 30–31, in us-east-1. */
function twoVersionScenario(listMetricsRecentDays: number): Scenario {
  const base = basicScenario();
  const edge = { memorySize: 128, timeout: 5, codeSize: 1_000, runtime: 'nodejs22.x' };
  return {
    ...base,
    distributions: [{ id: 'E9ZZZZZZZZZZZZ', defaultCacheBehavior: { lambdaFunctionAssociations: [{ functionArn: functionArn('edge', '2'), eventType: 'viewer-request' }] } }],
    functions: [
      {
        name: 'edge',
        versions: [
          { version: '1', ...edge, memorySize: 256 },
          { version: '2', ...edge },
        ],
      },
    ],
    replicaUsage: [
      { functionName: 'edge', version: '1', region: 'us-east-1', date: '2026-10-02', invocations: 700, durationSumMs: 1_400, durationMaxMs: 9, errors: 7 },
      { functionName: 'edge', version: '2', region: 'us-east-1', date: '2026-10-30', invocations: 100, durationSumMs: 300, durationMaxMs: 5 },
      { functionName: 'edge', version: '2', region: 'us-east-1', date: '2026-10-31', invocations: 200, durationSumMs: 600, durationMaxMs: 6 },
    ],
    replicas: [],
    distributionMetrics: [],
    logsInsights: [],
    customMetrics: [],
    options: { listMetricsRecentDays },
  };
}

describe('per-version attribution', () => {
  it('records invocations of versions CloudWatch no longer lists as a version-less series, not as lost', async () => {
    // ListMetrics lists only metrics with data in the last 14 days: v1 (Oct 2) is not listed
    const { snapshot } = await collect(twoVersionScenario(14), { regions: ['us-east-1'] });
    const v2 = find(snapshot, 'edge', 'us-east-1', '2')[0]!;
    const rest = find(snapshot, 'edge', 'us-east-1', undefined)[0]!;
    expect([total(v2.invocations), total(v2.durationSumMs)]).toEqual([300, 900]);
    expect([total(rest.invocations), total(rest.durationSumMs), total(rest.errors), rest.invocations[1]]).toEqual([700, 1_400, 7, 700]);
    expect(snapshot.warnings).toContain('700 invocations of edge in us-east-1 have no per-version metrics; they are recorded without a version');
  });

  it('reads a listed but no longer associated version per version, and adds its configuration for its memory size', async () => {
    const { snapshot } = await collect(twoVersionScenario(60), { regions: ['us-east-1'] });
    expect(find(snapshot, 'edge', 'us-east-1', undefined)).toEqual([]);
    expect(total(find(snapshot, 'edge', 'us-east-1', '1')[0]!.invocations)).toBe(700);
    expect(snapshot.inventory.functions.map((f) => [f.key, f.memoryMB])).toEqual([
      [functionArn('edge', '1'), 256],
      [functionArn('edge', '2'), 128],
    ]);
  });
});

/** "edge" v1 and v2 (both associated) in us-east-1 with their daily ConcurrentExecutions maxima. */
function concurrencyScenario(): Scenario {
  const base = twoVersionScenario(14);
  return {
    ...base,
    distributions: [
      {
        id: 'E9ZZZZZZZZZZZZ',
        defaultCacheBehavior: {
          lambdaFunctionAssociations: [
            { functionArn: functionArn('edge', '1'), eventType: 'viewer-request' },
            { functionArn: functionArn('edge', '2'), eventType: 'origin-request' },
          ],
        },
      },
    ],
    replicaUsage: [
      { functionName: 'edge', version: '1', region: 'us-east-1', date: '2026-10-30', invocations: 1_000, durationSumMs: 2_000, durationMaxMs: 9, concurrentExecutionsMax: 40 },
      { functionName: 'edge', version: '2', region: 'us-east-1', date: '2026-10-30', invocations: 3_000, durationSumMs: 6_000, durationMaxMs: 5, concurrentExecutionsMax: 150 },
      { functionName: 'edge', version: '2', region: 'us-east-1', date: '2026-10-31', invocations: 2_000, durationSumMs: 4_000, durationMaxMs: 6, concurrentExecutionsMax: 90 },
    ],
  };
}

describe('ConcurrentExecutions', () => {
  it('reads the daily maximum per version in the same GetMetricData calls', async () => {
    const { snapshot } = await collect(concurrencyScenario(), { regions: ['us-east-1'] });
    const v1 = find(snapshot, 'edge', 'us-east-1', '1')[0]!;
    const v2 = find(snapshot, 'edge', 'us-east-1', '2')[0]!;
    expect(v1.concurrentExecutionsMax?.slice(28)).toEqual([0, 40, 0]);
    expect(v2.concurrentExecutionsMax?.slice(28)).toEqual([0, 150, 90]);
    expect(v2.concurrentExecutionsMax).toHaveLength(31);
    // 2 versions × 6 queries + the function-level invocations guard, in one call
    const calls = fake.requests.filter((r) => r.operation === 'GetMetricData' && r.region === 'us-east-1').map((r) => r.queryCount);
    expect(calls.filter((count) => count === 13)).toHaveLength(1);
  });

  it('reads the function-level maximum for functions read at function level', async () => {
    const scenario = { ...concurrencyScenario(), failRegions: { 'monitoring/us-east-1/ListMetrics': 'access-denied' as const } };
    const { snapshot } = await collect(scenario, { regions: ['us-east-1'] });
    const series = snapshot.usage.filter((s) => s.functionName === 'edge');
    expect(series.map((s) => s.version)).toEqual([undefined]);
    // CloudWatch's function-level series (the fake: the sum of the versions' maxima)
    expect(series[0]!.concurrentExecutionsMax?.slice(28)).toEqual([0, 190, 90]);
  });

  it('leaves the peak of invocations without per-version metrics unknown, not counted twice', async () => {
    const { snapshot } = await collect(twoVersionScenario(14), { regions: ['us-east-1'] });
    const rest = find(snapshot, 'edge', 'us-east-1', undefined)[0]!;
    expect(total(rest.invocations)).toBe(700);
    expect(rest.concurrentExecutionsMax).toBeUndefined();
    expect(find(snapshot, 'edge', 'us-east-1', '2')[0]!.concurrentExecutionsMax?.slice(29)).toEqual([1, 1]);
  });
});

describe('ListMetrics denied', () => {
  it('falls back to function-level metrics in that region, with a warning naming cloudwatch:ListMetrics', async () => {
    const scenario: Scenario = { ...basicScenario(), failRegions: { 'monitoring/us-east-1/ListMetrics': 'access-denied' } };
    const { snapshot } = await collect(scenario, { regions: ['us-east-1', 'eu-west-1'] });
    expect(snapshot.regions.map((r) => [r.region, r.status])).toEqual([
      ['eu-west-1', 'ok'],
      ['us-east-1', 'ok'],
    ]);
    const inUsEast = snapshot.usage.filter((s) => s.region === 'us-east-1');
    expect(inUsEast.map((s) => [s.functionName, s.version, total(s.invocations), total(s.durationSumMs)])).toEqual([
      ['auth-viewer', undefined, 3_000_000, 6_000_000],
      ['headers-response', undefined, 2_400_000, 2_400_000],
      ['image-resize', undefined, 30_000, 6_000_000],
      // versions 7 and 8 together
      ['origin-router', undefined, 360_000, 18_000_000],
    ]);
    // eu-west-1 still reads per version
    expect(total(find(snapshot, 'origin-router', 'eu-west-1', '7')[0]?.invocations)).toBe(150_000);
    const warning = snapshot.warnings?.find((w) => w.includes('cloudwatch:ListMetrics'));
    expect(warning).toMatch(/^cloudwatch:ListMetrics is denied in us-east-1 \(AccessDenied: .*\): its replica metrics are read per function/);
    expect(fake.callCount('ListMetrics', { region: 'us-east-1' })).toBe(1);
  });

  it('other ListMetrics failures still fail the region', async () => {
    const scenario: Scenario = { ...basicScenario(), failRegions: { 'monitoring/eu-west-1/ListMetrics': 'not-enabled' } };
    const { snapshot } = await collect(scenario, { regions: ['us-east-1', 'eu-west-1'] });
    expect(snapshot.regions.map((r) => [r.region, r.status])).toEqual([
      ['eu-west-1', 'failed'],
      ['us-east-1', 'ok'],
    ]);
  });
});

describe('no region answered', () => {
  const rejection = async (scenario: Scenario, options: Partial<CollectOptions>) =>
    (await collect(scenario, options).then(
      () => undefined,
      (e: unknown) => e,
    )) as AwsError;

  it('CloudWatch denied in every region → AwsError (exit 3) naming cloudwatch:GetMetricData and the regions, no $0 snapshot', async () => {
    const error = await rejection({ ...basicScenario(), failRegions: { monitoring: 'access-denied' } }, { regions: ['us-east-1', 'eu-west-1', 'sa-east-1'] });
    expect(error).toBeInstanceOf(AwsError);
    expect(error.exitCode).toBe(3);
    expect(error.action).toBe('cloudwatch:GetMetricData');
    expect(error.message).toMatch(
      /^access denied: cloudwatch:GetMetricData in eu-west-1, sa-east-1, us-east-1 \(AccessDenied: .*\): no region answered, so the usage is unknown \(not \$0\)/,
    );
    expect(error.hint).toMatch(/allow cloudwatch:GetMetricData/);
  });

  it('names each failing action with its regions when they fail differently', async () => {
    const scenario: Scenario = { ...basicScenario(), failRegions: { 'monitoring/eu-west-1': 'access-denied', 'monitoring/sa-east-1/ListMetrics': 'network' } };
    const error = await rejection(scenario, { regions: ['eu-west-1', 'sa-east-1'] });
    expect(error).toBeInstanceOf(AwsError);
    expect(error.message).toMatch(/access denied: cloudwatch:GetMetricData in eu-west-1 \(AccessDenied: /);
    expect(error.message).toMatch(/cannot reach AWS for cloudwatch:ListMetrics in sa-east-1: network error/);
    expect(error.hint).toMatch(/allow cloudwatch:GetMetricData .*; check the network/);
  });

  it('--regions all: skipped regions are neither answers nor failures', async () => {
    const scenario: Scenario = { ...basicScenario(), failRegions: { monitoring: 'access-denied', 'me-south-1': 'not-enabled' } };
    const error = await rejection(scenario, { regions: 'all' });
    expect(error).toBeInstanceOf(AwsError);
    expect(error.message).toMatch(/^access denied: cloudwatch:GetMetricData in ap-northeast-1, eu-west-1, sa-east-1, us-east-1, us-west-2 \(/);
    expect(error.message).not.toMatch(/me-south-1|eu-north-1/);
  });

  it('every region skipped (no function selected) is not an error', async () => {
    const { snapshot } = await collect(basicScenario(), { regions: ['us-east-1', 'eu-west-1'], functionNames: ['not-deployed'] });
    expect(snapshot.regions.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(snapshot.usage).toEqual([]);
  });
});

describe('regions', () => {
  it('--regions all reads the regions where Lambda lists replicas; not-enabled regions are skipped, denied ones failed', async () => {
    const scenario: Scenario = { ...basicScenario(), failRegions: { 'me-south-1': 'not-enabled', 'lambda/ca-central-1': 'access-denied' } };
    const { snapshot } = await collect(scenario, { regions: 'all' });
    const byStatus = (status: string) => snapshot.regions.filter((r) => r.status === status).map((r) => r.region);
    expect(byStatus('ok')).toEqual(['ap-northeast-1', 'eu-west-1', 'sa-east-1', 'us-east-1', 'us-west-2']);
    expect(byStatus('failed')).toEqual(['ca-central-1']);
    expect(snapshot.regions.find((r) => r.region === 'me-south-1')).toMatchObject({ status: 'skipped', error: expect.stringMatching(/not enabled/) });
    expect(snapshot.regions.find((r) => r.region === 'eu-north-1')).toMatchObject({ status: 'skipped', error: 'no replicas of the selected functions' });
    expect(total(find(snapshot, 'auth-viewer', 'us-west-2', '3')[0]?.invocations)).toBe(0);
    expect(fake.callCount('ListFunctions', { region: 'eu-north-1' })).toBe(1);
  });

  it('a region whose network fails is failed with the reason, and its usage is left out', async () => {
    const scenario: Scenario = { ...basicScenario(), failRegions: { 'sa-east-1': 'network' } };
    const { snapshot } = await collect(scenario, { regions: ['us-east-1', 'sa-east-1'] });
    expect(snapshot.regions).toEqual([
      { region: 'sa-east-1', status: 'failed', error: expect.stringMatching(/^network error/), accountId: '123456789012' },
      { region: 'us-east-1', status: 'ok', accountId: '123456789012' },
    ]);
    expect(snapshot.usage.filter((s) => s.region === 'sa-east-1')).toEqual([]);
  });
});

describe('filters', () => {
  it('--distribution keeps that distribution and reads only its functions', async () => {
    const { snapshot } = await collect(basicScenario(), { distributionIds: ['E3CCCCCCCCCCCC'], regions: ['us-east-1'] });
    expect(snapshot.inventory.distributions.map((d) => d.id)).toEqual(['E3CCCCCCCCCCCC']);
    expect([...new Set(snapshot.usage.map((s) => s.functionName))].sort()).toEqual(['image-resize', 'origin-router']);
    expect(snapshot.distributionMetrics.map((d) => d.distributionId)).toEqual(['E3CCCCCCCCCCCC']);
  });

  it('--function keeps only associations of that function and says what it left out', async () => {
    const { snapshot } = await collect(basicScenario(), { functionNames: ['auth-viewer'], regions: ['us-east-1'] });
    expect(snapshot.inventory.distributions.map((d) => d.id)).toEqual(['E1AAAAAAAAAAAA', 'E2BBBBBBBBBBBB']);
    expect(snapshot.inventory.functions.map((f) => f.key)).toEqual([functionArn('auth-viewer', '3')]);
    expect(snapshot.warnings).toContain('--function: 4 association(s) of other functions left out of the snapshot');
  });
});

describe('fatal errors', () => {
  it.each([
    { name: 'CloudFront denied', failRegions: { cloudfront: 'access-denied' as const }, action: 'cloudfront:ListDistributions' },
    { name: 'Lambda denied in us-east-1', failRegions: { 'lambda/us-east-1': 'access-denied' as const }, action: 'lambda:GetFunctionConfiguration' },
  ])('$name → AwsError naming $action', async ({ failRegions, action }) => {
    const error = await collect({ ...basicScenario(), failRegions }, { regions: ['us-east-1'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).action).toBe(action);
    expect((error as AwsError).message).toContain(action);
  });

  it('a window older than CloudWatch keeps is a usage error before any call', async () => {
    const error = await collect(basicScenario(), { window: { start: '2025-01-01T00:00:00.000Z', end: '2025-02-01T00:00:00.000Z', days: 31 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(fake.requests).toHaveLength(0);
  });

  it('expired credentials on the home region → AwsError (exit 3) saying so', async () => {
    const cloudfront = mockClient(CloudFrontClient);
    cloudfront
      .onAnyCommand()
      .rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } }));
    try {
      const error = await collect(basicScenario()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsError);
      expect((error as AwsError).message).toMatch(/credentials have expired/);
      expect((error as AwsError).exitCode).toBe(3);
    } finally {
      cloudfront.restore();
    }
  });
});

describe('exact (Logs Insights)', () => {
  it('days with invocations but no REPORT lines stay unknown (null), with a warning', async () => {
    const scenario = basicScenario();
    scenario.logsInsights = scenario.logsInsights?.filter((row) => !(row.functionName === 'auth-viewer' && row.region === 'us-east-1' && row.date === '2026-10-30'));
    const { snapshot } = await collect(scenario, { exact: true, regions: ['us-east-1'] });
    const auth = find(snapshot, 'auth-viewer', 'us-east-1', '3')[0]!;
    expect(auth.billedDurationSumMs?.slice(27)).toEqual([0, 2_250_000, null, 2_250_000]);
    expect(snapshot.warnings).toContain('auth-viewer in us-east-1: no REPORT log lines on 1 day(s) with invocations; those days use the estimate');
  });
});

describe('exact split between versions', () => {
  /** v1 and v2 of "edge" ran on Oct 31 in us-east-1; the log group billed 600 ms that day. */
  function splitScenario(): Scenario {
    return {
      ...concurrencyScenario(),
      replicaUsage: [
        { functionName: 'edge', version: '1', region: 'us-east-1', date: '2026-10-31', invocations: 100, durationSumMs: 100, durationMaxMs: 2 },
        { functionName: 'edge', version: '2', region: 'us-east-1', date: '2026-10-31', invocations: 100, durationSumMs: 300, durationMaxMs: 4 },
      ],
      logsInsights: [{ functionName: 'edge', region: 'us-east-1', date: '2026-10-31', invocations: 200, billedDurationMs: 600, maxMemoryUsedBytes: 10_000_000 }],
    };
  }

  it.each([
    // weights: Sum(Duration) + granularity / 2 × invocations
    { name: "the bundled price sheet's 1 ms", granularity: undefined, v1: (600 * 150) / 500, v2: (600 * 350) / 500 },
    { name: 'a 100 ms granularity', granularity: 100, v1: (600 * 5_100) / 10_400, v2: (600 * 5_300) / 10_400 },
  ])('splits the day by estimated billed durations with $name', async ({ granularity, v1, v2 }) => {
    const { snapshot } = await collect(splitScenario(), { exact: true, regions: ['us-east-1'], ...(granularity === undefined ? {} : { billingGranularityMs: granularity }) });
    const billed = (version: string) => find(snapshot, 'edge', 'us-east-1', version)[0]!.billedDurationSumMs![30]!;
    expect(billed('1')).toBeCloseTo(v1, 9);
    expect(billed('2')).toBeCloseTo(v2, 9);
    expect(billed('1') + billed('2')).toBeCloseTo(600, 9);
  });
});

describe('progress', () => {
  it('reports regions done, calls made and elapsed time', async () => {
    const messages: string[] = [];
    // the collector reports counts; the CLI's ticker (cli/collect-progress.ts) draws them
    await collect(basicScenario(), { regions: ['us-east-1', 'eu-west-1'], onProgress: (progress) => messages.push(formatProgress(progress, 1234)) });
    expect(messages.at(-1)).toMatch(/^collecting: regions 2\/2, \d+ calls, \d+\.\d s$/);
    const calls = Number(/(\d+) calls/.exec(messages.at(-1)!)![1]);
    expect(calls).toBe(fake.requests.length);
  });
});

describe('retries', () => {
  it('honours AWS_MAX_ATTEMPTS and AWS_RETRY_MODE through the SDK: a region throttled past them fails', async () => {
    fake.setScenario({ ...basicScenario(), throttle: { 'monitoring/eu-west-1/ListMetrics': 5 } });
    const env = { AWS_MAX_ATTEMPTS: '2', AWS_RETRY_MODE: 'standard' };
    Object.assign(process.env, env);
    const clients = new AwsClients({ retry: retrySettingsFromEnv(process.env) });
    try {
      const snapshot = await collectSnapshot({ window: OCTOBER, now: NOW, homeRegion: 'us-east-1', regions: ['eu-west-1', 'us-east-1'], concurrency: 2, exact: false, clients });
      expect(snapshot.regions.map((r) => [r.region, r.status])).toEqual([
        ['eu-west-1', 'failed'],
        ['us-east-1', 'ok'],
      ]);
      expect(snapshot.regions[0]!.error).toMatch(/^Throttling/);
      expect(fake.callCount('ListMetrics', { region: 'eu-west-1' })).toBe(2);
      expect(clients.stats.attempts.get('cloudwatch:ListMetrics')).toBeGreaterThanOrEqual(3);
    } finally {
      clients.destroy();
      for (const name of Object.keys(env)) delete process.env[name];
    }
  });
});
