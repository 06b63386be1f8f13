import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';

/**
 * ListMetrics answers are read with JSON.parse (clients.ts, listMetricsOutput), not the SDK's
 * parser: the output has the SDK's shape, and a member of the wrong type fails the call as the
 * SDK's parser would, rather than reading as "no metrics".
 */
let answer = '{}';
let server: Server;
const saved = { ...process.env };
let aws: AwsClients;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  aws = new AwsClients({ retry: { baseDelayMs: 1, maxAttempts: 1 } });
});
afterAll(async () => {
  aws.destroy();
  process.env = saved;
  await new Promise((resolve) => server.close(resolve));
});

function listMetrics(body: unknown) {
  answer = JSON.stringify(body);
  return aws.call('cloudwatch', 'eu-west-1', 'ListMetrics', (client, sdk) => client.send(new sdk.ListMetricsCommand({ Namespace: 'AWS/Lambda' })));
}

describe('ListMetrics read natively', () => {
  it("has the SDK's shape", async () => {
    const output = await listMetrics({
      Metrics: [{ Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'Resource', Value: 'us-east-1.edge:3' }] }],
      NextToken: 'next',
    });
    expect(output.Metrics).toEqual([{ Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'Resource', Value: 'us-east-1.edge:3' }] }]);
    expect(output.NextToken).toBe('next');
    expect((await listMetrics({})).Metrics).toEqual([]);
  });

  it.each([
    [{ Metrics: {} }, 'Metrics is not a list'],
    [{ Metrics: ['AWS/Lambda'] }, 'a metric is not an object'],
    [{ Metrics: [{ Dimensions: 'Resource' }] }, 'Dimensions is not a list'],
    [{ Metrics: [{ Dimensions: [{ Name: 'Resource', Value: 3 }] }] }, 'a dimension Value is not a string'],
    [{ Metrics: [], NextToken: 7 }, 'NextToken is not a string'],
  ])('%j fails: %s', async (body, what) => {
    await expect(listMetrics(body)).rejects.toMatchObject({ name: 'SerializationException', message: `ListMetrics answered a malformed document: ${what}` });
  });
});
