import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicScenario, type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * `edgecost lint --live` spawned against the wire-level fake AWS (the real SDK on the wire):
 * configuration rules on the deployed versions plus the metric rules on October 2026.
 * basicScenario(): auth-viewer v3 runs nodejs20.x (deprecated 2026-04-30); headers-response's
 * longest invocation is 4,500 ms of its 5 s timeout (90 %); origin-router v7 had 50 throttles a day
 * in us-east-1; regional-api breaks every restriction but no distribution runs it.
 */
let fake: FakeAws;

beforeAll(async () => {
  fake = await startFakeAws(basicScenario());
});
afterAll(async () => {
  await fake?.close();
});

function lintLive(args: string[], scenario = basicScenario()) {
  fake.setScenario(scenario);
  return runCli(['lint', '--live', '--month', '2026-10', '--quiet', ...args], {
    env: { AWS_ENDPOINT_URL: fake.url, EDGECOST_NOW: '2026-11-01T06:00:00Z', EDGECOST_RETRY_BASE_DELAY_MS: '1', EDGECOST_LOGS_POLL_MS: '1' },
  });
}

describe('edgecost lint --live against the fake AWS', () => {
  it('reports configuration and metric findings per function ARN', async () => {
    const { code, stdout, stderr } = await lintLive(['--output', 'json']);
    expect(stderr).toBe('');
    const document = JSON.parse(stdout);
    expect(document.source.type).toBe('aws');
    const found = document.findings
      .filter((f: { unknown?: boolean }) => f.unknown !== true)
      .map((f: { ruleId: string; resource: string; severity: string }) => [f.ruleId, f.resource, f.severity]);
    expect(found).toEqual([
      // nodejs20.x: deprecated since 2026-04-30, blocked from 2027-02-01 (quotas/runtimes.json)
      ['runtime-deprecated', 'arn:aws:lambda:us-east-1:123456789012:function:auth-viewer:3', 'warning'],
      ['near-timeout', 'arn:aws:lambda:us-east-1:123456789012:function:headers-response:1', 'warning'],
      ['throttles', 'arn:aws:lambda:us-east-1:123456789012:function:origin-router:7', 'warning'],
    ]);
    expect(document.findings.find((f: { ruleId: string }) => f.ruleId === 'throttles')).toMatchObject({ actual: 150, region: 'us-east-1' });
    expect(document.findings.find((f: { ruleId: string }) => f.ruleId === 'near-timeout')).toMatchObject({ actual: 4500, limit: 5000, eventType: 'viewer-response' });
    // only daily totals: the peaks are said to be unknown, not passed
    expect(
      document.findings
        .filter((f: { unknown?: boolean }) => f.unknown)
        .map((f: { ruleId: string }) => f.ruleId)
        .sort(),
    ).toEqual(['request-rate-headroom']);
    expect(document.checked).toMatchObject({ functions: 5, associations: 7 });
    // regional-api is not associated with any distribution: not a Lambda@Edge function
    expect(JSON.stringify(document.findings)).not.toContain('regional-api');
    expect(document.summary.errors).toBe(0);
    expect(code).toBe(0);
    fake.assertReadOnly();
  });

  it('--fail-on warning fails on the metric warnings', async () => {
    const { code } = await lintLive(['--output', 'json', '--fail-on', 'warning']);
    expect(code).toBe(1);
  });

  it('a region that fails is warned about on stderr and the run goes on', async () => {
    fake.setScenario({ ...basicScenario(), failRegions: { 'monitoring/eu-west-1': 'access-denied' } });
    const { code, stdout, stderr } = await runCli(['lint', '--live', '--month', '2026-10', '--output', 'json'], {
      env: { AWS_ENDPOINT_URL: fake.url, EDGECOST_NOW: '2026-11-01T06:00:00Z', EDGECOST_RETRY_BASE_DELAY_MS: '1', EDGECOST_LOGS_POLL_MS: '1' },
    });
    expect(stderr).toMatch(/warning: region eu-west-1.*failed/);
    const document = JSON.parse(stdout);
    expect(code).toBe(document.summary.errors > 0 ? 1 : 0);
    expect(document.findings.some((f: { ruleId: string }) => f.ruleId === 'runtime-deprecated')).toBe(true);
  });
});
