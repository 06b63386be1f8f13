import { type DistributionSummary, GetMonitoringSubscriptionCommand, ListDistributionsCommand, paginateListDistributions } from '@aws-sdk/client-cloudfront';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cloudfront, rejection } from './helpers.js';
import { basicScenario, type FakeAws, startFakeAws } from './index.js';

describe('CloudFront on basicScenario', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws(basicScenario());
  });
  afterAll(async () => {
    await fake.close();
  });

  test('paginateListDistributions follows NextMarker (one distribution per page by default)', async () => {
    const all: DistributionSummary[] = [];
    let pages = 0;
    for await (const page of paginateListDistributions({ client: cloudfront(fake.url) }, {})) {
      pages += 1;
      all.push(...(page.DistributionList?.Items ?? []));
    }
    expect(pages).toBe(3);
    expect(all.map((d) => d.Id)).toEqual(['E1AAAAAAAAAAAA', 'E2BBBBBBBBBBBB', 'E3CCCCCCCCCCCC']);
    const calls = fake.requests.filter((r) => r.operation === 'ListDistributions');
    expect(calls.every((c) => c.service === 'cloudfront' && c.region === 'us-east-1')).toBe(true);

    const [a, b, c] = all;
    expect(a?.ARN).toBe('arn:aws:cloudfront::123456789012:distribution/E1AAAAAAAAAAAA');
    expect(a?.LastModifiedTime).toBeInstanceOf(Date);
    expect(a?.Aliases?.Items).toEqual(['www.example.com']);
    expect(a?.DefaultCacheBehavior?.LambdaFunctionAssociations).toEqual({
      Quantity: 2,
      Items: [
        {
          LambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:auth-viewer:3',
          EventType: 'viewer-request',
          IncludeBody: false,
        },
        {
          LambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:headers-response:1',
          EventType: 'viewer-response',
          IncludeBody: false,
        },
      ],
    });
    // Quantity 0 without Items → Items undefined
    expect(a?.DefaultCacheBehavior?.FunctionAssociations).toEqual({ Quantity: 0 });
    expect(b?.Aliases).toEqual({ Quantity: 0 });
    const api = a?.CacheBehaviors?.Items?.[0];
    expect(api?.PathPattern).toBe('/api/*');
    expect(api?.LambdaFunctionAssociations?.Items?.[1]).toEqual({
      LambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:origin-router:7',
      EventType: 'origin-request',
      IncludeBody: true,
    });
    expect(b?.CacheBehaviors?.Items?.[0]?.FunctionAssociations?.Items).toEqual([
      { FunctionARN: 'arn:aws:cloudfront::123456789012:function/rewrite-index', EventType: 'viewer-request' },
    ]);
    expect(b?.CacheBehaviors?.Items?.[0]?.LambdaFunctionAssociations).toEqual({ Quantity: 0 });
    expect(c?.CacheBehaviors?.Items?.map((x) => x.PathPattern)).toEqual(['/images/*']);
  });

  test('Marker/MaxItems/IsTruncated/NextMarker', async () => {
    const first = await cloudfront(fake.url).send(new ListDistributionsCommand({ MaxItems: 5 }));
    expect(first.DistributionList).toMatchObject({
      Marker: '',
      MaxItems: 5,
      IsTruncated: true,
      Quantity: 1,
      NextMarker: 'E1AAAAAAAAAAAA',
    });
    const last = await cloudfront(fake.url).send(new ListDistributionsCommand({ Marker: 'E2BBBBBBBBBBBB' }));
    expect(last.DistributionList).toMatchObject({ IsTruncated: false, Quantity: 1 });
    expect(last.DistributionList?.NextMarker).toBeUndefined();
    expect(last.DistributionList?.Items?.[0]?.Id).toBe('E3CCCCCCCCCCCC');
  });

  test('GetMonitoringSubscription: Enabled, or 404 NoSuchMonitoringSubscription / NoSuchDistribution', async () => {
    const on = await cloudfront(fake.url).send(new GetMonitoringSubscriptionCommand({ DistributionId: 'E3CCCCCCCCCCCC' }));
    expect(on.MonitoringSubscription?.RealtimeMetricsSubscriptionConfig?.RealtimeMetricsSubscriptionStatus).toBe('Enabled');
    const off = await rejection(cloudfront(fake.url).send(new GetMonitoringSubscriptionCommand({ DistributionId: 'E2BBBBBBBBBBBB' })));
    expect(off.name).toBe('NoSuchMonitoringSubscription');
    expect((off.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(404);
    const none = await rejection(cloudfront(fake.url).send(new GetMonitoringSubscriptionCommand({ DistributionId: 'EXXX' })));
    expect(none.name).toBe('NoSuchDistribution');
  });
});

test('page size and a Disabled subscription are scenario settings', async () => {
  const s = basicScenario();
  const fake = await startFakeAws({
    ...s,
    pageSizes: { listDistributions: 2 },
    distributions: s.distributions.map((d) => (d.id === 'E1AAAAAAAAAAAA' ? { ...d, monitoringSubscription: 'disabled' } : d)),
  });
  try {
    let pages = 0;
    for await (const _ of paginateListDistributions({ client: cloudfront(fake.url) }, {})) pages += 1;
    expect(pages).toBe(2);
    const sub = await cloudfront(fake.url).send(new GetMonitoringSubscriptionCommand({ DistributionId: 'E1AAAAAAAAAAAA' }));
    expect(sub.MonitoringSubscription?.RealtimeMetricsSubscriptionConfig?.RealtimeMetricsSubscriptionStatus).toBe('Disabled');
  } finally {
    await fake.close();
  }
});
