import type { GetMetricDataInput } from '@aws-sdk/client-cloudwatch';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsClients, NATIVE_MEMBERS } from '../../src/aws/clients.js';

/**
 * GetMetricData's queries are put on the wire with JSON.stringify (clients.ts, NATIVE_MEMBERS), not
 * by the SDK's serializer: the body sent must be the one the SDK would have sent.
 */
describe('native request members', () => {
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
  const aws = new AwsClients({ retry: { baseDelayMs: 1, maxAttempts: 1 } });
  afterAll(() => {
    aws.destroy();
    process.env = saved;
  });

  /** The body and headers the client would send for this input (captured before any network). */
  async function wire(input: GetMetricDataInput): Promise<{ body: unknown; length: string | undefined }> {
    const client = await aws.client('cloudwatch', 'eu-west-1');
    let captured: { body: unknown; length: string | undefined } | undefined;
    const name = `capture-${Math.random()}`;
    client.middlewareStack.add(
      (() => async (args: { request: { body: Uint8Array | string; headers: Record<string, string> } }) => {
        const { body, headers } = args.request;
        captured = {
          body: JSON.parse(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')),
          length: headers['content-length'],
        };
        throw new Error('captured');
      }) as never,
      { step: 'finalizeRequest', priority: 'low', name },
    );
    await aws.call('cloudwatch', 'eu-west-1', 'GetMetricData', (c, sdk) => c.send(new sdk.GetMetricDataCommand(input))).catch(() => undefined);
    client.middlewareStack.remove(name);
    if (!captured) throw new Error('no request was built');
    return captured;
  }

  const queries = [
    {
      Id: 'q0',
      MetricStat: {
        Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: 'us-east-1.auth "édge"' }] },
        Period: 86_400,
        Stat: 'Sum',
      },
      ReturnData: true,
    },
    { Id: 'q1', MetricStat: { Metric: { Namespace: 'AWS/CloudFront', MetricName: 'Requests', Dimensions: [] }, Period: 3_600, Stat: 'Maximum' }, ReturnData: true },
  ];
  const rest = { StartTime: new Date('2026-10-01T00:00:00Z'), EndTime: new Date('2026-11-01T00:00:00Z'), ScanBy: 'TimestampAscending' as const, NextToken: 'page 2' };

  it('sends the same JSON document as the SDK, with a content-length that matches it', async () => {
    const bySdk = await wire({ MetricDataQueries: queries, ...rest });
    const native = await wire({ MetricDataQueries: [], [NATIVE_MEMBERS]: { MetricDataQueries: queries }, ...rest } as GetMetricDataInput);
    expect(native.body).toEqual(bySdk.body);
    expect((native.body as { MetricDataQueries: unknown[] }).MetricDataQueries).toHaveLength(2);
    expect(native.length).toBe(String(Buffer.byteLength(JSON.stringify(native.body))));
  });
});
