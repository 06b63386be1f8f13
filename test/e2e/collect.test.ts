import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot, UsageSeries } from '../../src/model/snapshot.js';
import { basicScenario, buildLargeScenario, type FakeAws, functionArn, type Scenario, startFakeAws } from '../fake-aws/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

/**
 * `edgecost collect` spawned as a user runs it, against the wire-level fake AWS (the real SDK on
 * the wire): basicScenario() with a region that throttles then answers, a region that fails,
 * small pages everywhere, and the numbers checked against the scenario's hand-computed table.
 */

const dir = mkdtempSync(join(tmpdir(), 'edgecost-collect-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Env for the CLI: the fake's endpoint, the scenario's clock, fast retries and Logs polling. */
function env(fake: FakeAws, extra: Record<string, string | undefined> = {}) {
  return { AWS_ENDPOINT_URL: fake.url, EDGECOST_NOW: '2026-11-01T06:00:00Z', EDGECOST_RETRY_BASE_DELAY_MS: '1', EDGECOST_LOGS_POLL_MS: '1', ...extra };
}

/** Each request the fake saw, as the IAM action it needs; all must be in docs/iam-policy.json. */
function actionsSeen(fake: FakeAws): string[] {
  return [...new Set(fake.requests.map((r) => `${r.service === 'monitoring' ? 'cloudwatch' : r.service === 'tagging' ? 'tag' : r.service}:${r.operation}`))].sort();
}
const POLICY = JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs/iam-policy.json'), 'utf8')) as { Statement: { Action: string[] }[] };
const ALLOWED = new Set(POLICY.Statement.flatMap((s) => s.Action));

const total = (values: (number | null)[] | undefined) => (values ?? []).reduce<number>((a, v) => a + (v ?? 0), 0);
const max = (values: (number | null)[] | undefined) => Math.max(0, ...(values ?? []).map((v) => v ?? 0));

function mainScenario(): Scenario {
  return {
    ...basicScenario(),
    throttle: { 'monitoring/eu-west-1/GetMetricData': 2 },
    failRegions: { 'monitoring/ap-northeast-1': 'access-denied' },
    pageSizes: { listDistributions: 1, listVersionsByFunction: 1, listMetrics: 2, getMetricDataResults: 4, getMetricDataDatapoints: 10 },
  };
}

describe('collect against the fake AWS', () => {
  let fake: FakeAws;
  let run: { code: number | null; stdout: string; stderr: string };
  let snapshot: Snapshot;
  const out = join(dir, 'out', 'snapshot.json');

  beforeAll(async () => {
    mkdirSync(join(dir, 'out'));
    fake = await startFakeAws(mainScenario());
    run = await runCli(['collect', '--month', '2026-10', '-o', out], { env: env(fake) });
    snapshot = JSON.parse(readFileSync(out, 'utf8')) as Snapshot;
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('exits 0 with a failed region, warns about it on stderr, and writes the file atomically', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    // ListMetrics is denied too (a per-function fallback), then GetMetricData fails the region
    expect(run.stderr).toMatch(/warning: region ap-northeast-1 failed: AccessDenied: .*cloudwatch:GetMetricData.* \(its cost is unknown, not zero\)/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['snapshot.json']);
    expect(snapshot).toMatchObject({ schemaVersion: 1, kind: 'edgecost.snapshot', source: { type: 'aws', accountId: '123456789012' } });
    expect(snapshot.window).toEqual({ start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z', days: 31 });
  });

  it('records the failed region as failed with its reason, and leaves its usage out (not zero)', () => {
    const failed = snapshot.regions.filter((r) => r.status === 'failed');
    expect(failed).toEqual([{ region: 'ap-northeast-1', status: 'failed', error: expect.stringMatching(/^AccessDenied/), accountId: '123456789012' }]);
    expect(snapshot.regions.filter((r) => r.status === 'ok')).toHaveLength(12);
    expect(snapshot.usage.filter((s) => s.region === 'ap-northeast-1')).toEqual([]);
  });

  it('retried the throttled region until it answered', () => {
    const throttled = fake.requests.filter((r) => r.region === 'eu-west-1' && r.operation === 'GetMetricData');
    expect(throttled.slice(0, 2).map((r) => r.fault)).toEqual(['throttle', 'throttle']);
    expect(throttled.slice(2).every((r) => r.status === 200)).toBe(true);
    expect(snapshot.regions.find((r) => r.region === 'eu-west-1')?.status).toBe('ok');
  });

  // The scenario's table (October: data on Oct 29–31; the Sept 30 row is outside the window).
  it.each([
    // function, version, region, invocations, duration sum ms, duration max ms, errors, throttles
    ['auth-viewer', '3', 'us-east-1', 3_000_000, 6_000_000, 40, 3_000, 0],
    ['auth-viewer', '3', 'eu-west-1', 1_500_000, 3_000_000, 35, 0, 0],
    ['auth-viewer', '3', 'sa-east-1', 100_000, 200_000, 25, 0, 0],
    // a replica without any datapoint: no per-version metric is listed, read at function level → explicit zeros
    ['auth-viewer', undefined, 'us-west-2', 0, 0, 0, 0, 0],
    ['headers-response', '1', 'us-east-1', 2_400_000, 2_400_000, 4_500, 0, 0],
    ['headers-response', '1', 'eu-west-1', 1_200_000, 1_200_000, 10, 0, 0],
    ['origin-router', '7', 'us-east-1', 300_000, 15_000_000, 900, 0, 150],
    ['origin-router', '7', 'eu-west-1', 150_000, 7_500_000, 800, 0, 0],
    ['origin-router', '8', 'us-east-1', 60_000, 3_000_000, 700, 0, 0],
    ['origin-router', '8', 'sa-east-1', 30_000, 1_500_000, 650, 3_000, 0],
    ['image-resize', '2', 'us-east-1', 30_000, 6_000_000, 3_000, 0, 0],
    ['image-resize', '2', 'eu-west-1', 15_000, 3_000_000, 2_500, 0, 0],
  ] as const)('%s:%s in %s: %i invocations, %i ms', (fn, version, region, invocations, durationMs, durationMaxMs, errors, throttles) => {
    const series = snapshot.usage.filter((s) => s.functionName === fn && s.region === region && s.version === version);
    expect(series).toHaveLength(1);
    const s = series[0] as UsageSeries;
    expect([total(s.invocations), total(s.durationSumMs), max(s.durationMaxMs), total(s.errors), total(s.throttles)]).toEqual([
      invocations,
      durationMs,
      durationMaxMs,
      errors,
      throttles,
    ]);
    expect(s.functionArn).toBe(`arn:aws:lambda:us-east-1:123456789012:function:${fn}`);
    expect(s.invocations).toHaveLength(31);
  });

  it('reads the daily ConcurrentExecutions maximum of every replica series (the fake: 1 per day with invocations)', () => {
    const auth = snapshot.usage.find((s) => s.functionName === 'auth-viewer' && s.region === 'us-east-1')!;
    expect(auth.concurrentExecutionsMax?.slice(27)).toEqual([0, 1, 1, 1]);
    expect(snapshot.usage.every((s) => s.concurrentExecutionsMax?.length === 31)).toBe(true);
  });

  it('writes 0 for answered days without datapoints, never null in an answered region', () => {
    const auth = snapshot.usage.find((s) => s.functionName === 'auth-viewer' && s.region === 'us-east-1')!;
    expect(auth.invocations.slice(0, 28).every((v) => v === 0)).toBe(true);
    expect(auth.invocations.slice(28)).toEqual([1_000_000, 1_000_000, 1_000_000]);
    expect(snapshot.usage.every((s) => s.invocations.every((v) => v !== null))).toBe(true);
  });

  it('inventories the four event types, the shared function once, and the CloudFront Function', () => {
    const bindings = snapshot.inventory.distributions.flatMap((d) =>
      d.behaviors.flatMap((b) => b.lambdaAssociations.map((a) => `${d.id} ${b.pathPattern} ${a.eventType} ${a.functionKey} ${a.includeBody}`)),
    );
    expect(bindings).toEqual([
      `E1AAAAAAAAAAAA * viewer-request ${functionArn('auth-viewer', '3')} false`,
      `E1AAAAAAAAAAAA * viewer-response ${functionArn('headers-response', '1')} false`,
      `E1AAAAAAAAAAAA /api/* viewer-request ${functionArn('auth-viewer', '3')} false`,
      `E1AAAAAAAAAAAA /api/* origin-request ${functionArn('origin-router', '7')} true`,
      `E2BBBBBBBBBBBB * viewer-request ${functionArn('auth-viewer', '3')} false`,
      `E3CCCCCCCCCCCC * origin-request ${functionArn('origin-router', '8')} false`,
      `E3CCCCCCCCCCCC /images/* origin-response ${functionArn('image-resize', '2')} false`,
    ]);
    expect(snapshot.inventory.distributions[1]!.behaviors[1]!.functionAssociations).toEqual([
      { eventType: 'viewer-request', functionArn: 'arn:aws:cloudfront::123456789012:function/rewrite-index' },
    ]);
    expect(snapshot.inventory.functions.map((f) => [f.key, f.memoryMB, f.timeoutSec, f.runtime, f.vpcConfigured])).toEqual([
      [functionArn('auth-viewer', '3'), 128, 5, 'nodejs20.x', false],
      [functionArn('headers-response', '1'), 128, 5, 'nodejs22.x', false],
      [functionArn('image-resize', '2'), 1024, 30, 'nodejs22.x', false],
      [functionArn('origin-router', '7'), 512, 30, 'python3.12', false],
      [functionArn('origin-router', '8'), 256, 30, 'python3.12', false],
    ]);
  });

  it('reads distribution requests, and CacheHitRate only where the monitoring subscription is on', () => {
    expect(snapshot.distributionMetrics.map((d) => [d.distributionId, total(d.requests), d.monitoringSubscription, d.cacheHitRatePercent])).toEqual([
      ['E1AAAAAAAAAAAA', 3_900_000, true, 80],
      ['E2BBBBBBBBBBBB', 1_300_000, false, undefined],
      ['E3CCCCCCCCCCCC', 1_200_000, true, 90],
    ]);
    expect(fake.callCount('GetMonitoringSubscription')).toBe(3);
  });

  it('followed every page: distributions, versions, metric lists and GetMetricData tokens', () => {
    const calls = fake.callsByOperation();
    expect(calls['cloudfront:ListDistributions']).toBe(3);
    expect(calls['lambda:ListVersionsByFunction']).toBeGreaterThanOrEqual(2);
    // us-east-1 lists 6 per-version metrics at 2 per page; its queries span several result pages
    expect(fake.callCount('ListMetrics', { region: 'us-east-1' })).toBe(3);
    expect(fake.callCount('GetMetricData', { region: 'us-east-1' })).toBeGreaterThan(2);
  });

  it('sent only read operations', () => {
    expect(fake.nonReadOnlyRequests()).toEqual([]);
    const operations = new Set(fake.requests.map((r) => r.operation));
    for (const operation of operations) expect(operation).toMatch(/^(Get|List|Describe|StartQuery)/);
    expect(actionsSeen(fake).filter((action) => !ALLOWED.has(action))).toEqual([]);
  });

  it('prices to the hand-computed total without the failed region (report --input)', async () => {
    const report = await runCli(['report', '--input', out, '--output', 'json']);
    expect(report.code).toBe(0);
    const document = JSON.parse(report.stdout) as { totals: { invocations: number; costUsd: number }; regions: { region: string; status: string }[] };
    // account total $7.0420550625 (9,715,000 invocations) minus ap-northeast-1's $0.589131225 (930,000)
    expect(document.totals.invocations).toBe(8_785_000);
    expect(document.totals.costUsd).toBeCloseTo(6.4529238375, 10);
    expect(document.regions.find((r) => r.region === 'ap-northeast-1')?.status).toBe('failed');
  });
});

describe('collect → lint: peak concurrency', () => {
  it('the collected ConcurrentExecutions maxima feed concurrency-headroom as a measured peak', async () => {
    const scenario = basicScenario();
    // us-east-1 on Oct 30: auth-viewer peaks at 600 and origin-router:7 at 250 concurrent executions
    scenario.replicaUsage = scenario.replicaUsage.map((row) => {
      if (row.region !== 'us-east-1' || row.date !== '2026-10-30') return row;
      const peak = row.functionName === 'auth-viewer' ? 600 : row.functionName === 'origin-router' && row.version === '7' ? 250 : 5;
      return { ...row, concurrentExecutionsMax: peak };
    });
    const peak = scenario.replicaUsage
      .filter((row) => row.region === 'us-east-1' && row.date === '2026-10-30' && row.invocations > 0)
      .reduce((sum, row) => sum + (row.concurrentExecutionsMax ?? 0), 0);
    expect(peak).toBeGreaterThanOrEqual(850);
    const fake = await startFakeAws(scenario);
    try {
      const file = join(dir, 'peaks.json');
      const collected = await runCli(['collect', '--month', '2026-10', '--regions', 'us-east-1,eu-west-1', '--quiet', '-o', file], { env: env(fake) });
      expect(collected.code).toBe(0);
      const lint = await runCli(['lint', '--input', file, '--output', 'json', '--quiet']);
      const document = JSON.parse(lint.stdout) as { findings: { ruleId: string; region?: string; actual?: number; limit?: number; unknown?: boolean; message: string }[] };
      const findings = document.findings.filter((f) => f.ruleId === 'concurrency-headroom');
      expect(findings.map((f) => [f.region, f.actual, f.limit, f.unknown === true])).toEqual([['us-east-1', peak, 1000, false]]);
      expect(findings[0]!.message).toMatch(/^peak concurrency in us-east-1 .* on 2026-10-30 \(sum of the daily ConcurrentExecutions maxima/);
    } finally {
      await fake.close();
    }
  });
});

describe('collect --exact', () => {
  it('reads billed durations and max memory from Logs Insights, per function and region', async () => {
    const fake = await startFakeAws(basicScenario());
    try {
      const run = await runCli(['collect', '--month', '2026-10', '--exact', '--regions', 'us-east-1,eu-west-1', '--quiet'], { env: env(fake) });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const snapshot = JSON.parse(run.stdout) as Snapshot;
      expect(snapshot.exact).toBe(true);
      const billed = (fn: string, version: string, region: string) =>
        total(snapshot.usage.find((s) => s.functionName === fn && s.version === version && s.region === region)?.billedDurationSumMs);
      // billed = Sum(Duration) + 0.25 ms × invocations in the scenario
      expect(billed('auth-viewer', '3', 'us-east-1')).toBe(6_750_000);
      expect(billed('headers-response', '1', 'eu-west-1')).toBe(1_500_000);
      expect(billed('origin-router', '7', 'us-east-1') + billed('origin-router', '8', 'us-east-1')).toBeCloseTo(18_090_000, 6);
      const auth = snapshot.usage.find((s) => s.functionName === 'auth-viewer' && s.region === 'us-east-1')!;
      // the fake logs 50 × 1,048,576 bytes; Logs Insights memory bytes are read as decimal MB
      expect(auth.maxMemoryUsedMB).toBeCloseTo((50 * 1_048_576) / 1_000_000, 9);
      expect(fake.nonReadOnlyRequests()).toEqual([]);
      expect(fake.callCount('StartQuery')).toBe(2);
      expect(actionsSeen(fake).filter((action) => !ALLOWED.has(action))).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe('GetMetricData batching', () => {
  it('sends ≤ 500 queries per call, ≥ 400 on average where a region needs ≥ 500', async () => {
    const scenario = buildLargeScenario({ functions: 150, regions: 2, days: 3 });
    const fake = await startFakeAws(scenario);
    try {
      const run = await runCli(['collect', '--days', '3', '--regions', 'us-east-1,us-east-2', '--quiet', '-o', join(dir, 'large.json')], {
        env: env(fake, { EDGECOST_NOW: (scenario.now as Date).toISOString() }),
      });
      expect(run.code).toBe(0);
      for (const region of ['us-east-1', 'us-east-2']) {
        const calls = fake.requests.filter((r) => r.operation === 'GetMetricData' && r.region === region).map((r) => r.queryCount ?? 0);
        const queries = calls.reduce((a, b) => a + b, 0);
        expect(queries).toBeGreaterThanOrEqual(500);
        expect(Math.max(...calls)).toBeLessThanOrEqual(500);
        expect(queries / calls.length).toBeGreaterThanOrEqual(400);
      }
      const snapshot = JSON.parse(readFileSync(join(dir, 'large.json'), 'utf8')) as Snapshot;
      const expected = scenario.replicaUsage.filter((u) => u.region === 'us-east-1').reduce((a, u) => a + u.invocations, 0);
      expect(snapshot.usage.filter((s) => s.region === 'us-east-1').reduce((a, s) => a + total(s.invocations), 0)).toBe(expected);
    } finally {
      await fake.close();
    }
  });
});

describe('collect --profile', () => {
  it('takes credentials from the named profile of the shared credentials file', async () => {
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, '[edge-audit]\naws_access_key_id = AKIDPROFILEEDGE\naws_secret_access_key = profile-secret\n');
    const fake = await startFakeAws(basicScenario());
    try {
      const noEnvKeys = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SHARED_CREDENTIALS_FILE: credentials };
      const withProfile = await runCli(['collect', '--days', '3', '--regions', 'us-east-1', '--profile', 'edge-audit', '--quiet'], { env: env(fake, noEnvKeys) });
      expect(withProfile.code).toBe(0);
      expect((JSON.parse(withProfile.stdout) as Snapshot).regions).toEqual([{ region: 'us-east-1', status: 'ok', accountId: '123456789012' }]);
      const otherProfile = await runCli(['collect', '--days', '3', '--regions', 'us-east-1', '--profile', 'missing'], { env: env(fake, noEnvKeys) });
      expect(otherProfile.code).toBe(3);
    } finally {
      await fake.close();
    }
  });
});

describe('collect errors', () => {
  it.each([
    {
      name: 'no credentials at all',
      scenario: {},
      extra: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
      stderr: /edgecost: no AWS credentials found/,
    },
    {
      name: 'CloudFront access denied',
      scenario: { failRegions: { cloudfront: 'access-denied' as const } },
      extra: {},
      stderr: /edgecost: access denied: cloudfront:ListDistributions in us-east-1[\s\S]*hint: allow cloudfront:ListDistributions/,
    },
    {
      name: 'Lambda access denied in us-east-1',
      scenario: { failRegions: { 'lambda/us-east-1': 'access-denied' as const } },
      extra: {},
      stderr: /edgecost: access denied: lambda:GetFunctionConfiguration/,
    },
    {
      name: 'CloudWatch access denied in every region (no region answered)',
      scenario: { failRegions: { monitoring: 'access-denied' as const } },
      extra: {},
      stderr:
        /edgecost: access denied: cloudwatch:GetMetricData in ap-northeast-1, ap-northeast-2, ap-south-1, ap-southeast-1, ap-southeast-2, eu-central-1, eu-west-1, eu-west-2, sa-east-1, us-east-1, us-east-2, us-west-1, us-west-2 \(AccessDenied: [^\n]*\): no region answered, so the usage is unknown \(not \$0\)[\s\S]*hint: allow cloudwatch:GetMetricData/,
    },
  ])('$name → exit 3 naming what to fix', async ({ scenario, extra, stderr }) => {
    const fake = await startFakeAws({ ...basicScenario(), ...scenario });
    try {
      const out = join(dir, 'never.json');
      const run = await runCli(['collect', '--month', '2026-10', '-o', out], { env: env(fake, extra) });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(stderr);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(dir)).not.toContain('never.json');
    } finally {
      await fake.close();
    }
  });

  it('a window beyond CloudWatch retention is a usage error (exit 2) before any call', async () => {
    const fake = await startFakeAws(basicScenario());
    try {
      const run = await runCli(['collect', '--month', '2025-01'], { env: env(fake) });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/455 days/);
      expect(fake.requests).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe('collect -o into a folder that does not exist', () => {
  it('fails at once with exit 2, before any AWS call', async () => {
    const fake = await startFakeAws(mainScenario());
    try {
      const out = join(dir, 'no-such-folder', 'snapshot.json');
      const { code, stderr } = await runCli(['collect', '--month', '2026-10', '-o', out], { env: env(fake) });
      expect(code).toBe(2);
      expect(stderr).toContain('does not exist');
      expect(fake.requests).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });
});
