import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { basicScenario, cliEnv, fakeAwsEnv, startFakeAws } from './index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

// A child process using the SDK with no explicit endpoint, region or credentials: only the env.
const CHILD = `
const { CloudWatchClient, GetMetricDataCommand } = require('@aws-sdk/client-cloudwatch');
const { CloudFrontClient, ListDistributionsCommand } = require('@aws-sdk/client-cloudfront');
const { LambdaClient, ListFunctionsCommand } = require('@aws-sdk/client-lambda');
(async () => {
  const cw = await new CloudWatchClient({}).send(new GetMetricDataCommand({
    StartTime: new Date('2026-10-01T00:00:00Z'), EndTime: new Date('2026-11-01T00:00:00Z'),
    MetricDataQueries: [{ Id: 'a', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations',
      Dimensions: [{ Name: 'FunctionName', Value: 'us-east-1.auth-viewer' }] }, Period: 86400, Stat: 'Sum' } }],
  }));
  const cf = await new CloudFrontClient({}).send(new ListDistributionsCommand({}));
  const lf = await new LambdaClient({ region: 'sa-east-1' }).send(new ListFunctionsCommand({ MasterRegion: 'us-east-1', FunctionVersion: 'ALL' }));
  console.log(JSON.stringify({ values: cw.MetricDataResults[0].Values, dist: cf.DistributionList.Items[0].Id,
    replicas: lf.Functions.map((f) => f.FunctionArn) }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

test('fakeAwsEnv', () => {
  expect(fakeAwsEnv('http://127.0.0.1:1234')).toMatchObject({
    AWS_ENDPOINT_URL: 'http://127.0.0.1:1234',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const env = cliEnv('http://x', { EXTRA: '1' }, { PATH: '/bin', AWS_PROFILE: 'prod', AWS_ENDPOINT_URL_LAMBDA: 'http://y' });
  expect(env.AWS_PROFILE).toBeUndefined();
  expect(env.AWS_ENDPOINT_URL_LAMBDA).toBeUndefined();
  expect(env).toMatchObject({ PATH: '/bin', EXTRA: '1', AWS_ENDPOINT_URL: 'http://x' });
});

test('a child process configured only by cliEnv() reaches the fake through AWS_ENDPOINT_URL', async () => {
  const fake = await startFakeAws(basicScenario());
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-e', CHILD], {
      cwd: root,
      env: cliEnv(fake.url),
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      values: [1_000_000, 1_000_000, 1_000_000],
      dist: 'E1AAAAAAAAAAAA',
      replicas: ['arn:aws:lambda:sa-east-1:123456789012:function:us-east-1.auth-viewer:3', 'arn:aws:lambda:sa-east-1:123456789012:function:us-east-1.origin-router:8'],
    });
    expect(stderr).not.toMatch(/NodeVersionSupportWarning/);
    expect(fake.requests.map((r) => `${r.service}/${r.region}/${r.operation}`)).toEqual([
      'monitoring/us-east-1/GetMetricData',
      'cloudfront/us-east-1/ListDistributions',
      'lambda/sa-east-1/ListFunctions',
    ]);
  } finally {
    await fake.close();
  }
});
