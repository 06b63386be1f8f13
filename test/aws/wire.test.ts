import { describe, expect, it } from 'vitest';
import { PagingError, paginate } from '../../src/aws/paging.js';
import { TokenBucket } from '../../src/aws/rate-limits.js';
import { checkDocument } from '../../src/aws/wire-guard.js';
import { AwsResponseError } from '../../src/errors.js';

describe('paginate', () => {
  it('follows tokens to the end', async () => {
    const pages = ['a', 'b', undefined];
    const seen: number[] = [];
    let i = 0;
    await paginate({ action: 'x:List', region: 'r', maxPages: 10, fetch: async () => i++, next: (p) => pages[p], onPage: (p) => void seen.push(p) });
    expect(seen).toEqual([0, 1, 2]);
  });

  it('stops with an error on a token seen before, and past the page cap', async () => {
    let calls = 0;
    const loop = paginate({ action: 'x:List', region: 'r', maxPages: 100, fetch: async () => calls++, next: (p) => (p % 2 === 0 ? 't1' : 't2'), onPage: () => {} });
    await expect(loop).rejects.toThrow(PagingError);
    await expect(loop).rejects.toThrow('x:List in r: the same page token came back twice (after 3 pages)');
    expect(calls).toBe(3);
    let n = 0;
    await expect(paginate({ action: 'x:List', region: 'r', maxPages: 5, fetch: async () => n++, next: (p) => `t${p}`, onPage: () => {} })).rejects.toThrow(
      'did not finish after 5 pages',
    );
  });

  it('stops early when a page says so', async () => {
    let calls = 0;
    await paginate({ action: 'x:List', region: 'r', maxPages: 5, fetch: async () => calls++, next: () => 'more', onPage: () => false });
    expect(calls).toBe(1);
  });
});

describe('checkDocument', () => {
  const ok = (protocol: 'json' | 'xml', op: string, body: string) => () => checkDocument('svc', op, protocol, Buffer.from(body));
  it('accepts a JSON object and the operation’s whole XML document', () => {
    expect(ok('json', 'GetMetricData', ' {"MetricDataResults": []}\n')).not.toThrow();
    expect(ok('xml', 'ListDistributions', '<?xml version="1.0"?>\n<DistributionList><Quantity>0</Quantity></DistributionList>')).not.toThrow();
  });
  it.each([
    ['json', 'GetMetricData', '', 'an empty body'],
    ['json', 'GetMetricData', '<!DOCTYPE html><html></html>', 'an HTML page'],
    ['json', 'GetMetricData', '{"MetricDataResults": [', 'JSON that is cut off'],
    ['json', 'GetMetricData', '[]', 'a body that is not a JSON object'],
    ['xml', 'ListDistributions', '', 'an empty body'],
    ['xml', 'ListDistributions', '<html><body>hi</body></html>', 'an HTML page'],
    ['xml', 'ListDistributions', '<DistributionList><Quantity>1</Quan', 'XML that is cut off'],
    ['xml', 'ListDistributions', '<Other/>', 'XML whose root is <Other>, not <DistributionList>'],
  ] as const)('%s %s %j → %s', (protocol, op, body, problem) => {
    expect(ok(protocol, op, body)).toThrow(AwsResponseError);
    expect(ok(protocol, op, body)).toThrow(`unexpected response from svc ${op}: HTTP 200 with ${problem}`);
  });
});

describe('TokenBucket', () => {
  it('lets the burst through, then spaces calls at the rate', async () => {
    let now = 0;
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 2 }, () => now);
    await bucket.take();
    await bucket.take();
    let done = false;
    const third = bucket.take().then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    now = 100; // a tenth of a second later: one token back
    await third;
    expect(done).toBe(true);
  });

  it("buckets over one shared state are one budget (another thread's clients spend from it too)", async () => {
    let now = 1_000;
    const state = TokenBucket.sharedState();
    const here = new TokenBucket({ requestsPerSecond: 15, burst: 1 }, () => now, state);
    const there = new TokenBucket({ requestsPerSecond: 15, burst: 1 }, () => now, state);
    await there.take();
    let done = false;
    const next = here.take().then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    now = 1_000 + 1000 / 15;
    await next;
    expect(done).toBe(true);
  });
});
