import { ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { GetMetricDataCommand, type GetMetricDataCommandInput, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { describe, expect, test } from 'vitest';
import { cloudfront, cloudwatch, lambda, logs, rejection } from './helpers.js';
import { basicScenario, countCalls, isReadOnlyOperation, type Scenario, startFakeAws } from './index.js';

const GMD: GetMetricDataCommandInput = {
  StartTime: new Date('2026-10-01T00:00:00Z'),
  EndTime: new Date('2026-11-01T00:00:00Z'),
  MetricDataQueries: [
    {
      Id: 'a',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Lambda',
          MetricName: 'Invocations',
          Dimensions: [{ Name: 'FunctionName', Value: 'us-east-1.auth-viewer' }],
        },
        Period: 86_400,
        Stat: 'Sum',
      },
    },
  ],
};

async function withFake<T>(extra: Partial<Scenario>, fn: (fake: Awaited<ReturnType<typeof startFakeAws>>) => Promise<T>) {
  const fake = await startFakeAws({ ...basicScenario(), ...extra });
  try {
    return await fn(fake);
  } finally {
    await fake.close();
  }
}

const meta = (e: unknown) => (e as { $metadata: { httpStatusCode?: number; attempts?: number } }).$metadata;

describe('throttling is retried by the real SDK, then answers normally', () => {
  test('CloudWatch (400 Throttling), Lambda (429 TooManyRequestsException), CloudFront, Logs', async () => {
    await withFake(
      {
        throttle: {
          'monitoring/eu-west-1': 2,
          'lambda/us-east-1/GetFunctionConfiguration': 2,
          cloudfront: 1,
          'logs/us-east-1': 2,
        },
      },
      async (fake) => {
        const cw = await cloudwatch(fake.url, 'eu-west-1').send(new GetMetricDataCommand(GMD));
        expect(cw.MetricDataResults?.[0]?.Values).toEqual([500_000, 500_000, 500_000]);
        expect(cw.$metadata.attempts).toBe(3);
        const lc = await lambda(fake.url).send(new GetFunctionConfigurationCommand({ FunctionName: 'auth-viewer:3' }));
        expect(lc.$metadata.attempts).toBe(3);
        const cf = await cloudfront(fake.url).send(new ListDistributionsCommand({}));
        expect(cf.$metadata.attempts).toBe(2);
        const lg = await logs(fake.url).send(new DescribeLogGroupsCommand({}));
        expect(lg.$metadata.attempts).toBe(3);
        const throttled = fake.requests.filter((r) => r.fault === 'throttle');
        expect(throttled.map((r) => `${r.service}:${r.status}:${r.errorCode}`)).toEqual([
          'monitoring:400:Throttling',
          'monitoring:400:Throttling',
          'lambda:429:TooManyRequestsException',
          'lambda:429:TooManyRequestsException',
          'cloudfront:400:Throttling',
          'logs:400:ThrottlingException',
          'logs:400:ThrottlingException',
        ]);
        // other regions and operations are not throttled
        const other = await cloudwatch(fake.url, 'us-east-1').send(new GetMetricDataCommand(GMD));
        expect(other.$metadata.attempts).toBe(1);
      },
    );
  });

  test('more throttles than attempts: the error reaches the caller with the throttling name', async () => {
    await withFake({ throttle: { 'monitoring/sa-east-1': 5, 'lambda/us-east-1': 5 } }, async (fake) => {
      const e = await rejection(cloudwatch(fake.url, 'sa-east-1', 2).send(new GetMetricDataCommand(GMD)));
      expect(e.name).toBe('Throttling');
      expect(meta(e)).toMatchObject({ httpStatusCode: 400, attempts: 2 });
      const l = await rejection(lambda(fake.url, 'us-east-1', 2).send(new ListFunctionsCommand({})));
      expect(l.name).toBe('TooManyRequestsException');
      expect(meta(l).httpStatusCode).toBe(429);
    });
  });
});

describe('failing regions', () => {
  test('access denied names the IAM action; not enabled = invalid security token; neither is retried', async () => {
    await withFake({ failRegions: { 'ap-south-1': 'access-denied', 'me-south-1': 'not-enabled', 'logs/eu-west-1': 'access-denied' } }, async (fake) => {
      const cw = await rejection(cloudwatch(fake.url, 'ap-south-1').send(new GetMetricDataCommand(GMD)));
      expect(cw.name).toBe('AccessDenied');
      expect(cw.message).toContain('cloudwatch:GetMetricData');
      expect(meta(cw)).toMatchObject({ httpStatusCode: 403, attempts: 1 });
      const lam = await rejection(lambda(fake.url, 'ap-south-1').send(new ListFunctionsCommand({ MasterRegion: 'us-east-1', FunctionVersion: 'ALL' })));
      expect(lam.name).toBe('AccessDeniedException');
      expect(lam.message).toContain('lambda:ListFunctions');
      const lg = await rejection(logs(fake.url, 'eu-west-1').send(new DescribeLogGroupsCommand({})));
      expect(lg.name).toBe('AccessDeniedException');
      expect(lg.message).toContain('logs:DescribeLogGroups');
      // only logs fails in eu-west-1
      await expect(cloudwatch(fake.url, 'eu-west-1').send(new GetMetricDataCommand(GMD))).resolves.toBeDefined();

      const ne = await rejection(cloudwatch(fake.url, 'me-south-1').send(new GetMetricDataCommand(GMD)));
      expect(ne.name).toBe('InvalidClientTokenId');
      expect(ne.message).toBe('The security token included in the request is invalid.');
      expect(meta(ne)).toMatchObject({ httpStatusCode: 403, attempts: 1 });
      const nl = await rejection(lambda(fake.url, 'me-south-1').send(new ListFunctionsCommand({ MasterRegion: 'us-east-1', FunctionVersion: 'ALL' })));
      expect(nl.name).toBe('UnrecognizedClientException');
      const ng = await rejection(logs(fake.url, 'me-south-1').send(new DescribeLogGroupsCommand({})));
      expect(ng.name).toBe('UnrecognizedClientException');
    });
  });

  test('CloudFront access denied (REST-XML error) — CloudFront calls are signed for us-east-1', async () => {
    await withFake({ failRegions: { 'cloudfront/us-east-1': 'access-denied' } }, async (fake) => {
      const e = await rejection(cloudfront(fake.url).send(new ListDistributionsCommand({})));
      expect(e.name).toBe('AccessDenied');
      expect(e.message).toContain('cloudfront:ListDistributions');
    });
  });

  test('network: the socket is destroyed; the SDK retries, then fails', async () => {
    await withFake({ failRegions: { 'ap-southeast-2': 'network' } }, async (fake) => {
      const e = await rejection(cloudwatch(fake.url, 'ap-southeast-2', 2).send(new GetMetricDataCommand(GMD)));
      expect(e.name).toBe('TimeoutError');
      expect(e.code).toBe('ECONNRESET');
      expect(fake.callCount('GetMetricData', { region: 'ap-southeast-2' })).toBe(2);
      expect(fake.requests.every((r) => r.fault === 'network' && r.status === 0)).toBe(true);
    });
  });
});

test('latencyMs delays answers (per fault key)', async () => {
  await withFake({ latencyMs: { 'monitoring/eu-west-1': 60 } }, async (fake) => {
    const t0 = Date.now();
    await cloudwatch(fake.url, 'eu-west-1').send(new GetMetricDataCommand(GMD));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });
});

test('request log: per-operation counts and the read-only check', async () => {
  await withFake({}, async (fake) => {
    await cloudwatch(fake.url, 'eu-west-1').send(new GetMetricDataCommand(GMD));
    await cloudwatch(fake.url, 'eu-west-1').send(new GetMetricDataCommand(GMD));
    await lambda(fake.url).send(new GetFunctionConfigurationCommand({ FunctionName: 'auth-viewer:3' }));
    expect(fake.requests[0]).toMatchObject({
      service: 'monitoring',
      region: 'eu-west-1',
      operation: 'GetMetricData',
      queryCount: 1,
      status: 200,
    });
    expect(typeof fake.requests[0]?.time).toBe('number');
    expect(fake.callCount('GetMetricData')).toBe(2);
    expect(countCalls(fake.requests, undefined, { service: 'lambda' })).toBe(1);
    expect(fake.callsByOperation()).toEqual({ 'monitoring:GetMetricData': 2, 'lambda:GetFunctionConfiguration': 1 });
    expect(() => fake.assertReadOnly()).not.toThrow();

    const put = await rejection(cloudwatch(fake.url).send(new PutMetricDataCommand({ Namespace: 'X', MetricData: [{ MetricName: 'm', Value: 1 }] })));
    expect(put.name).toBe('UnknownOperation');
    expect(fake.nonReadOnlyRequests().map((r) => r.operation)).toEqual(['PutMetricData']);
    expect(() => fake.assertReadOnly()).toThrow(/monitoring:PutMetricData/);
    fake.clearRequests();
    expect(fake.requests).toEqual([]);
    expect(['GetMetricData', 'ListDistributions', 'DescribeLogGroups', 'StartQuery', 'StopQuery'].every(isReadOnlyOperation)).toBe(true);
    expect(isReadOnlyOperation('UpdateDistribution')).toBe(false);
  });
});

test('raw HTTP: unsigned requests are refused, and content-length is always right', async () => {
  await withFake({}, async (fake) => {
    const r = await fetch(`${fake.url}/2020-05-31/distribution`);
    expect(r.status).toBe(403);
    const text = await r.text();
    expect(text).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(Number(r.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(fake.requests[0]).toMatchObject({ service: 'cloudfront', region: 'unknown', status: 403 });
  });
});

test('setScenario swaps the data without restarting; close() ends kept-alive connections', async () => {
  await withFake({}, async (fake) => {
    const client = cloudwatch(fake.url, 'eu-west-1');
    const before = await client.send(new GetMetricDataCommand(GMD));
    expect(before.MetricDataResults?.[0]?.Values).toHaveLength(3);
    fake.setScenario({ ...basicScenario(), replicaUsage: [] });
    const after = await client.send(new GetMetricDataCommand(GMD));
    expect(after.MetricDataResults?.[0]?.Values).toEqual([]);
  });
});
