import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicScenario, type FakeAws, type Mangle, type Scenario, startFakeAws } from '../fake-aws/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

/**
 * Fail closed on the wire (issue 14, items 1–5): answers that are not AWS's documents, pages that
 * never end, bodies that drip or never end. `gate --budget 50` would pass on the basicScenario's
 * true run-rate ($6.91); on any of these faults it must exit 3 (data missing), never 0 on "$0".
 */
const PROXY_PAGE = readFileSync(`${PROJECT_ROOT}test/fixtures/wire/proxy-503.html`, 'utf8');

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws(basicScenario());
});
afterAll(async () => {
  await fake?.close();
});

function withFaults(mangle: Record<string, Mangle>, extra: Partial<Scenario> = {}): void {
  fake.setScenario({ ...basicScenario(), mangle, ...extra });
  fake.clearRequests();
}

function gate(args: string[] = [], env: Record<string, string> = {}) {
  return runCli(['gate', '--month', '2026-10', '--budget', '50', '--quiet', ...args], {
    env: { AWS_ENDPOINT_URL: fake.url, EDGECOST_NOW: '2026-11-01T06:00:00Z', EDGECOST_RETRY_BASE_DELAY_MS: '1', EDGECOST_LOGS_POLL_MS: '1', ...env },
  });
}

function expectOneLineExit3(run: { code: number | null; stderr: string }, message: RegExp): void {
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toMatch(/heap|FATAL ERROR/i);
}

describe('a 200 that is not the protocol document (item 1)', () => {
  it('HTML page for ListDistributions: exit 3 "unexpected response", not an empty account', async () => {
    withFaults({ 'cloudfront/us-east-1/ListDistributions': { kind: 'html', body: PROXY_PAGE } });
    expectOneLineExit3(await gate(), /unexpected response from cloudfront ListDistributions: HTTP 200 with an HTML page/);
  });

  it('empty body for ListDistributions: exit 3', async () => {
    withFaults({ 'cloudfront/us-east-1/ListDistributions': { kind: 'empty' } });
    expectOneLineExit3(await gate(), /unexpected response from cloudfront ListDistributions: HTTP 200 with an empty body/);
  });

  it('body cut in half for ListDistributions: exit 3', async () => {
    withFaults({ 'cloudfront/us-east-1/ListDistributions': { kind: 'truncate' } });
    expectOneLineExit3(await gate(), /unexpected response from cloudfront ListDistributions: HTTP 200 with XML that is cut off/);
  });

  it('empty body for GetMetricData in one region: exit 3, no region priced as $0', async () => {
    withFaults({ 'monitoring/eu-west-1/GetMetricData': { kind: 'empty' } });
    expectOneLineExit3(await gate(), /unexpected response from cloudwatch GetMetricData: HTTP 200 with an empty body/);
  });

  it('HTML page for a Lambda read and a cut JSON body for ListMetrics: exit 3', async () => {
    withFaults({ 'lambda/us-east-1': { kind: 'html', body: PROXY_PAGE } });
    expectOneLineExit3(await gate(), /unexpected response from lambda (GetFunctionConfiguration|ListVersionsByFunction|ListFunctions): HTTP 200 with an HTML page/);
    withFaults({ 'monitoring/us-east-1/ListMetrics': { kind: 'truncate' } });
    expectOneLineExit3(await gate(), /unexpected response from cloudwatch ListMetrics: HTTP 200 with JSON that is cut off/);
  });
});

describe('GetMetricData answers every query id it was sent (item 2)', () => {
  it('a valid answer without the ids fails the region: null cost, gate exit 3', async () => {
    withFaults({ 'monitoring/eu-west-1/GetMetricData': { kind: 'drop-results' } });
    const run = await gate();
    expectOneLineExit3(run, /data incomplete, so the gate does not decide: .*eu-west-1/);
    const collected = await runCli(['collect', '--month', '2026-10', '--quiet'], {
      env: { AWS_ENDPOINT_URL: fake.url, EDGECOST_NOW: '2026-11-01T06:00:00Z', EDGECOST_RETRY_BASE_DELAY_MS: '1' },
    });
    const region = JSON.parse(collected.stdout).regions.find((r: { region: string }) => r.region === 'eu-west-1');
    expect(region).toMatchObject({ status: 'failed' });
    expect(region.error).toMatch(/GetMetricData in eu-west-1 did not answer \d+ of the \d+ query ids it was sent/);
  });
});

describe('every paginated call stops on a repeated token (item 3)', () => {
  it.each([
    ['cloudfront/us-east-1/ListDistributions', 'ListDistributions', []],
    ['monitoring/eu-west-1/ListMetrics', 'ListMetrics', []],
    ['monitoring/eu-west-1/GetMetricData', 'GetMetricData', []],
    ['lambda/us-east-1/ListVersionsByFunction', 'ListVersionsByFunction', []],
    ['lambda/ap-south-1/ListFunctions', 'ListFunctions', ['--regions', 'all']],
  ] as const)('%s: exit 3 after two pages, not an endless loop', async (key, operation, args) => {
    withFaults({ [key]: { kind: 'repeat-token' } });
    const run = await gate([...args]);
    expect(run.code).toBe(3);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const [service, region] = key.split('/');
    // the first page, the page its token names, then the repeated token stops it
    expect(fake.callCount(operation, { service: service as 'monitoring', region })).toBeLessThanOrEqual(4);
  });

  it('Logs DescribeLogGroups (--exact): stops after two pages; the estimate is used there, with a warning', async () => {
    withFaults({ 'logs/us-east-1/DescribeLogGroups': { kind: 'repeat-token' } });
    const run = await gate(['--exact', '--output', 'json'], {});
    expect(JSON.parse(run.stdout).warnings.join('\n')).toMatch(
      /exact billed durations in us-east-1 are unknown \(PagingError: logs:DescribeLogGroups in us-east-1: the same page token came back twice/,
    );
    expect(fake.callCount('DescribeLogGroups', { region: 'us-east-1' })).toBe(2);
    expect(run.code).toBe(0);
  });
});

describe('deadlines (item 4)', () => {
  it('a body sent a byte at a time is cut off at EDGECOST_REQUEST_TIMEOUT_MS', async () => {
    withFaults({ 'cloudfront/us-east-1/ListDistributions': { kind: 'slow-drip', intervalMs: 200 } });
    const started = Date.now();
    const run = await gate([], { EDGECOST_REQUEST_TIMEOUT_MS: '600', AWS_MAX_ATTEMPTS: '2' });
    expectOneLineExit3(run, /cloudfront:ListDistributions.*no complete answer from cloudfront ListDistributions within 600 ms/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('the whole run ends at EDGECOST_RUN_TIMEOUT_MS', async () => {
    withFaults({}, { latencyMs: { monitoring: 400 } });
    const started = Date.now();
    const run = await gate([], { EDGECOST_RUN_TIMEOUT_MS: '700' });
    expectOneLineExit3(run, /the run's deadline passed during .* \(EDGECOST_RUN_TIMEOUT_MS\)/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('response size cap (item 5)', () => {
  it('an 80 MiB ListDistributions body (chunked) fails with exit 3 and one line, no out-of-memory', async () => {
    withFaults({ 'cloudfront/us-east-1/ListDistributions': { kind: 'oversize', bytes: 80 * 1024 * 1024 } });
    expectOneLineExit3(await gate(), /unexpected response from cloudfront ListDistributions: the body is larger than 64 MiB/);
  });

  it('a declared content-length over the cap fails before the body is read', async () => {
    withFaults({ 'cloudfront/us-east-1/ListDistributions': { kind: 'oversize', bytes: 2 * 1024 * 1024, declareLength: true } });
    expectOneLineExit3(await gate([], { EDGECOST_MAX_RESPONSE_BYTES: String(1024 * 1024) }), /the body is larger than 1 MiB/);
  });
});
