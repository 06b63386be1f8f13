import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { classifyAwsError } from '../../src/aws/failures.js';
import { configKey } from '../../src/aws/function-config.js';
import { type ListingPlan, listVersions, PAGES_AHEAD, startVersionListing } from '../../src/aws/version-listing.js';
import { buildLargeScenario, type FakeAws, startFakeAws } from '../fake-aws/index.js';

/**
 * The Lambda version listing (src/aws/version-listing.ts) in this thread, against the fake AWS:
 * it reads PAGES_AHEAD pages before its plan, stops when told it is not needed, keeps to its page
 * budget, and its errors wait for the plan.
 */

// 10 functions, each listed as $LATEST, 1, 2, at 2 a page: 15 pages of ListFunctions
const scenario = buildLargeScenario({ functions: 10, regions: 1, days: 2 });
const arn = (name: string) => `arn:aws:lambda:us-east-1:${scenario.accountId ?? '123456789012'}:function:${name}`;
const key = (n: number, version: string) => configKey(arn(`fn-${String(n).padStart(5, '0')}`), version);
/** The page (from 1) that lists version `version` of function `n`. */
const pageOf = (n: number, version: '1' | '2') => Math.floor(((n - 1) * 3 + Number(version)) / 2) + 1;

let fake: FakeAws;
const savedEndpoint = process.env.AWS_ENDPOINT_URL;
beforeAll(async () => {
  fake = await startFakeAws(scenario);
  process.env.AWS_ENDPOINT_URL = fake.url;
});
afterAll(async () => {
  process.env.AWS_ENDPOINT_URL = savedEndpoint;
  await fake.close();
});

async function withClients<T>(run: (aws: AwsClients) => Promise<T>): Promise<T> {
  fake.clearRequests();
  const aws = new AwsClients({ retry: { baseDelayMs: 1, maxAttempts: 2 } });
  try {
    return await run(aws);
  } finally {
    aws.destroy();
  }
}

const listCalls = () => fake.callCount('ListFunctions', { region: 'us-east-1' });
const later = <T>(value: T, ms = 300) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('listVersions', () => {
  it('reads PAGES_AHEAD pages before its plan; a listing not needed stops there and finds nothing', async () => {
    const found = await withClients((aws) => listVersions(aws, 'us-east-1', later(undefined)));
    expect(found.size).toBe(0);
    expect(listCalls()).toBe(PAGES_AHEAD);
  });

  it('a plan known from the start reads only until the wanted versions are found', async () => {
    const plan: ListingPlan = { wanted: [key(3, '1')], pageBudget: 10 };
    const found = await withClients((aws) => listVersions(aws, 'us-east-1', plan));
    expect([...found.keys()]).toEqual([key(3, '1')]);
    expect(found.get(key(3, '1'))).toMatchObject({ functionName: 'fn-00003', version: '1' });
    expect(listCalls()).toBe(pageOf(3, '1'));
  });

  it('a plan that comes later picks from the pages read ahead and goes on to its budget', async () => {
    const functions = Array.from({ length: 10 }, (_, i) => i + 1);
    const found = await withClients((aws) => listVersions(aws, 'us-east-1', later({ wanted: functions.map((n) => key(n, '2')), pageBudget: 5 })));
    expect([...found.keys()].sort()).toEqual(functions.filter((n) => pageOf(n, '2') <= 5).map((n) => key(n, '2')));
    expect(found.size).toBe(3);
    expect(listCalls()).toBe(5);
  });

  it('a listing shorter than the pages read ahead waits for its plan and picks from all of it', async () => {
    // one function: $LATEST, 1, 2 on 2 pages
    const small = await startFakeAws(buildLargeScenario({ functions: 1, regions: 1, days: 2 }));
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = small.url;
    const aws = new AwsClients({ retry: { baseDelayMs: 1, maxAttempts: 2 } });
    try {
      const found = await listVersions(aws, 'us-east-1', later({ wanted: [key(1, '1'), key(1, '2')], pageBudget: 1 }, 100));
      // pages read ahead are read: the budget does not hide what they hold
      expect([...found.keys()].sort()).toEqual([key(1, '1'), key(1, '2')]);
      expect(small.callCount('ListFunctions')).toBe(2);
    } finally {
      aws.destroy();
      process.env.AWS_ENDPOINT_URL = saved;
      await small.close();
    }
  });

  it('a worker that cannot start leaves the listing to this thread', async () => {
    const broken = new URL('../fixtures/aws/broken-worker.mjs', import.meta.url);
    const found = await withClients((aws) => startVersionListing(aws, 'us-east-1', { thread: true, workerModule: broken }).plan({ wanted: [key(2, '2')], pageBudget: 10 }));
    expect([...found.keys()]).toEqual([key(2, '2')]);
    expect(listCalls()).toBe(pageOf(2, '2'));
  });

  it('an error before the plan is told by the plan, and by nobody when the listing is not needed', async () => {
    fake.setScenario({ ...scenario, failRegions: { 'lambda/us-east-1/ListFunctions': 'access-denied' } });
    try {
      // not needed: closed after its first call failed, no unhandled rejection (vitest fails on one)
      await withClients(async (aws) => {
        const notNeeded = startVersionListing(aws, 'us-east-1');
        await later(undefined, 100);
        notNeeded.close();
        await later(undefined, 50);
      });
      expect(listCalls()).toBe(1);
      await withClients(async (aws) => {
        const needed = startVersionListing(aws, 'us-east-1');
        await expect(needed.plan({ wanted: [key(1, '1')], pageBudget: 3 })).rejects.toSatisfy((error) => classifyAwsError(error) === 'access-denied');
      });
    } finally {
      fake.setScenario(scenario);
    }
  });
});
