import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicScenario, type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * `edgecost report` with no --input collects in memory from the (fake) AWS and prices it.
 * basicScenario()'s hand-computed totals (see its comment): 9,715,000 invocations, 24,256.25 GB-s,
 * requests $5.829, total $7.0420550625; by region us-east-1 $4.26090735, eu-west-1 $2.0935123875,
 * ap-northeast-1 $0.589131225, sa-east-1 $0.0985041.
 */
let fake: FakeAws;
const env = () => ({ AWS_ENDPOINT_URL: fake.url, EDGECOST_NOW: '2026-11-01T06:00:00Z', EDGECOST_RETRY_BASE_DELAY_MS: '1' });

beforeAll(async () => {
  fake = await startFakeAws({ ...basicScenario(), throttle: { 'monitoring/eu-west-1/GetMetricData': 2 } });
});
afterAll(async () => {
  await fake?.close();
});

describe('report, live against the fake AWS', () => {
  it('prices the collected month to the hand-computed totals, reading AWS only', async () => {
    const { code, stdout, stderr } = await runCli(['report', '--month', '2026-10', '--output', 'json', '--quiet'], { env: env() });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.totals.invocations).toBe(9_715_000);
    expect(report.totals.billedGbSeconds).toBeCloseTo(24_256.25, 9);
    expect(report.totals.requestCostUsd).toBeCloseTo(5.829, 12);
    expect(report.totals.costUsd).toBeCloseTo(7.0420550625, 12);
    const region = (name: string) => report.regions.find((r: { region: string }) => r.region === name).costUsd;
    expect(region('us-east-1')).toBeCloseTo(4.26090735, 12);
    expect(region('eu-west-1')).toBeCloseTo(2.0935123875, 12); // throttled twice, then answered
    expect(region('ap-northeast-1')).toBeCloseTo(0.589131225, 12);
    expect(report.incomplete).toEqual([]);
    expect(fake.nonReadOnlyRequests()).toEqual([]);
  });

  it('a region that fails is unknown, not zero, and the report says so', async () => {
    fake.setScenario({ ...basicScenario(), failRegions: { 'monitoring/ap-northeast-1': 'access-denied' } });
    const { code, stdout, stderr } = await runCli(['report', '--month', '2026-10', '--output', 'json'], { env: env() });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.regions.find((r: { region: string }) => r.region === 'ap-northeast-1')).toMatchObject({ status: 'failed', costUsd: null });
    expect(report.totals.costUsd).toBeCloseTo(7.0420550625 - 0.589131225, 12);
    expect(report.incomplete.join(' ')).toContain('ap-northeast-1');
    expect(stderr.match(/warning: region ap-northeast-1 .*failed/g)).toHaveLength(1);
  });
});
