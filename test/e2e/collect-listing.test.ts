import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { buildLargeScenario, type FakeAws, type Scenario, startFakeAws } from '../fake-aws/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

/**
 * `collect` reads the account's Lambda versions (ListFunctions, FunctionVersion=ALL) in a worker
 * thread when it runs built, as here (src/aws/version-listing.ts): the configurations it finds, its
 * page budget, and its failures are the same as in the calling thread.
 */

const PROXY_PAGE = readFileSync(`${PROJECT_ROOT}test/fixtures/wire/proxy-503.html`, 'utf8');
// 12 functions (each listed as $LATEST, 1, 2), 4 of them per distribution, at 2 versions a page
const SCENARIO = buildLargeScenario({ functions: 12, regions: 1, days: 2 });
const NOW = (SCENARIO.now as Date).toISOString();

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws(SCENARIO);
});
afterAll(async () => {
  await fake?.close();
});

function collect(extra: Partial<Scenario> = {}) {
  fake.setScenario({ ...SCENARIO, ...extra });
  fake.clearRequests();
  return runCli(['collect', '--days', '2', '--regions', 'us-east-1'], {
    env: { AWS_ENDPOINT_URL: fake.url, EDGECOST_NOW: NOW, EDGECOST_RETRY_BASE_DELAY_MS: '1' },
  });
}

const associated = (snapshot: Snapshot) => snapshot.inventory.distributions.flatMap((d) => d.behaviors.flatMap((b) => b.lambdaAssociations));
const lambdaCalls = (operation: string) => fake.callCount(operation, { service: 'lambda', region: 'us-east-1' });

describe('collect: the Lambda version listing in its own thread', () => {
  it('finds the associated versions within its page budget; the per-function reads find the rest', async () => {
    const run = await collect();
    expect(run.code).toBe(0);
    const snapshot = JSON.parse(run.stdout) as Snapshot;
    const associations = associated(snapshot);
    expect(associations).toHaveLength(12);
    expect(associations.every((a) => a.functionKey !== undefined)).toBe(true);
    expect(snapshot.inventory.functions.map((f) => f.key).sort()).toEqual([...new Set(associations.map((a) => a.functionKey))].sort());
    // half the calls the per-function path would make: ceil(12 / 2) pages
    expect(lambdaCalls('ListFunctions')).toBe(6);
    expect(lambdaCalls('GetFunctionConfiguration') + lambdaCalls('ListVersionsByFunction')).toBeGreaterThan(0);
  });

  it("the worker's calls count in the caller's statistics (the built modules, as the CLI runs them)", async () => {
    const built = (path: string) => import(pathToFileURL(join(PROJECT_ROOT, 'dist', path)).href);
    const { AwsClients } = (await built('aws/clients.js')) as typeof import('../../src/aws/clients.js');
    const { startVersionListing } = (await built('aws/version-listing.js')) as typeof import('../../src/aws/version-listing.js');
    fake.setScenario(SCENARIO);
    fake.clearRequests();
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = fake.url;
    const aws = new AwsClients({ retry: { baseDelayMs: 1, maxAttempts: 2 } });
    try {
      const listing = startVersionListing(aws, 'us-east-1', { thread: true });
      const wanted = ['arn:aws:lambda:us-east-1:123456789012:function:fn-00012:2'];
      // this thread reads configurations meanwhile: one Lambda budget for both threads
      const here = Array.from({ length: 8 }, (_, i) =>
        aws.call('lambda', 'us-east-1', 'GetFunctionConfiguration', (client, sdk) =>
          client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: `fn-0000${i + 1}`, Qualifier: '1' })),
        ),
      );
      const found = await listing.plan({ wanted, pageBudget: 100 });
      await Promise.all(here);
      expect([...found.keys()]).toEqual(wanted);
      expect(lambdaCalls('ListFunctions')).toBe(18);
      expect(aws.stats.toJSON()).toEqual({ 'lambda:GetFunctionConfiguration': 8, 'lambda:ListFunctions': 18 });
      expect(aws.stats.attempts.get('lambda:ListFunctions')).toBe(18);
      // 26 calls at 15 a second: no second of the run holds more than 15 (+1 for the clock's rounding)
      const times = fake.requests.filter((r) => r.service === 'lambda').map((r) => r.time);
      const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
      expect(busiest).toBeLessThanOrEqual(16);
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(((26 - 2) / 15) * 1000);
    } finally {
      aws.destroy();
      process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  it('ListFunctions denied: the configurations are read one function at a time, with a warning', async () => {
    const run = await collect({ failRegions: { 'lambda/us-east-1/ListFunctions': 'access-denied' } });
    expect(run.code).toBe(0);
    const snapshot = JSON.parse(run.stdout) as Snapshot;
    expect(snapshot.warnings).toContain('lambda:ListFunctions was denied in us-east-1; function configurations were read one function at a time');
    expect(associated(snapshot).every((a) => a.functionKey !== undefined)).toBe(true);
  });

  it.each([
    [
      'a repeated page token',
      { kind: 'repeat-token' as const },
      /lambda:ListFunctions failed in us-east-1: PagingError: lambda:ListFunctions in us-east-1: the same page token came back twice/,
    ],
    ['an HTML page', { kind: 'html' as const, body: PROXY_PAGE }, /unexpected response from lambda ListFunctions: HTTP 200 with an HTML page/],
  ])('%s for ListFunctions: exit 3 with one line, as in the calling thread', async (_, mangle, message) => {
    const run = await collect({ mangle: { 'lambda/us-east-1/ListFunctions': mangle } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
