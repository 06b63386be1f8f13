import {
  type FunctionConfiguration,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  paginateListFunctions,
  paginateListVersionsByFunction,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lambda, rejection } from './helpers.js';
import { basicScenario, type FakeAws, functionArn, startFakeAws } from './index.js';

async function listAll(fake: FakeAws, region: string, input: { MasterRegion?: string; FunctionVersion?: 'ALL' }) {
  const out: FunctionConfiguration[] = [];
  for await (const page of paginateListFunctions({ client: lambda(fake.url, region) }, input)) {
    out.push(...(page.Functions ?? []));
  }
  return out;
}

describe('Lambda on basicScenario', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws(basicScenario());
  });
  afterAll(async () => {
    await fake.close();
  });

  test('GetFunctionConfiguration by versioned ARN has the real shapes', async () => {
    const c = await lambda(fake.url).send(new GetFunctionConfigurationCommand({ FunctionName: functionArn('origin-router', '8') }));
    expect(c).toMatchObject({
      FunctionName: 'origin-router',
      FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:origin-router:8',
      Version: '8',
      MemorySize: 256,
      Timeout: 30,
      CodeSize: 500_000,
      Runtime: 'python3.12',
      Handler: 'app.handler',
      Architectures: ['x86_64'],
      PackageType: 'Zip',
      TracingConfig: { Mode: 'PassThrough' },
      EphemeralStorage: { Size: 512 },
      Role: 'arn:aws:iam::123456789012:role/origin-router-edge-role',
    });
    expect(typeof c.LastModified).toBe('string');
    expect(c.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(c.Environment).toBeUndefined();
    expect(c.Layers).toBeUndefined();
    expect(c.VpcConfig).toBeUndefined();
    expect(c.DeadLetterConfig).toBeUndefined();
  });

  test('every restricted field parses (non-edge function regional-api); empty VpcConfig of image-resize:2', async () => {
    const c = await lambda(fake.url).send(new GetFunctionConfigurationCommand({ FunctionName: 'regional-api', Qualifier: '1' }));
    expect(c).toMatchObject({
      Architectures: ['arm64'],
      Environment: { Variables: { TABLE: 'orders' } },
      Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:shared:4', CodeSize: 1_000_000 }],
      VpcConfig: { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d'], VpcId: 'vpc-0a1b2c3d' },
      TracingConfig: { Mode: 'Active' },
      DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:regional-api-dlq' },
      EphemeralStorage: { Size: 1024 },
    });
    const img = await lambda(fake.url).send(new GetFunctionConfigurationCommand({ FunctionName: '123456789012:function:image-resize:2' }));
    expect(img.VpcConfig).toEqual({ SubnetIds: [], SecurityGroupIds: [], VpcId: '', Ipv6AllowedForDualStack: false });
  });

  test('$LATEST, GetFunction, replicas in other regions', async () => {
    const latest = await lambda(fake.url).send(new GetFunctionConfigurationCommand({ FunctionName: 'auth-viewer' }));
    expect(latest).toMatchObject({
      Version: '$LATEST',
      FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:auth-viewer',
    });
    const fn = await lambda(fake.url).send(new GetFunctionCommand({ FunctionName: 'headers-response', Qualifier: '1' }));
    expect(fn.Configuration?.CodeSize).toBe(2_000);
    expect(fn.Code?.RepositoryType).toBe('S3');
    const replica = await lambda(fake.url, 'eu-west-1').send(new GetFunctionConfigurationCommand({ FunctionName: 'us-east-1.auth-viewer', Qualifier: '3' }));
    expect(replica).toMatchObject({
      FunctionName: 'us-east-1.auth-viewer',
      FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:us-east-1.auth-viewer:3',
      MasterArn: 'arn:aws:lambda:us-east-1:123456789012:function:auth-viewer',
      Version: '3',
    });
  });

  test('errors: not found (404), a us-east-1 ARN from another region, a conflicting qualifier', async () => {
    const nf = await rejection(lambda(fake.url).send(new GetFunctionConfigurationCommand({ FunctionName: functionArn('auth-viewer', '9') })));
    expect(nf.name).toBe('ResourceNotFoundException');
    expect(nf.message).toBe('Function not found: arn:aws:lambda:us-east-1:123456789012:function:auth-viewer:9');
    expect((nf.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(404);
    const x = await rejection(lambda(fake.url, 'eu-west-1').send(new GetFunctionConfigurationCommand({ FunctionName: functionArn('auth-viewer', '3') })));
    expect(x.name).toBe('InvalidParameterValueException');
    expect(x.message).toBe("Functions from 'us-east-1' are not reachable in this region ('eu-west-1')");
    const q = await rejection(lambda(fake.url).send(new GetFunctionConfigurationCommand({ FunctionName: functionArn('auth-viewer', '3'), Qualifier: '2' })));
    expect(q.name).toBe('InvalidParameterValueException');
  });

  test('ListVersionsByFunction pages with Marker/NextMarker: $LATEST then versions', async () => {
    const versions: FunctionConfiguration[] = [];
    let pages = 0;
    for await (const page of paginateListVersionsByFunction({ client: lambda(fake.url) }, { FunctionName: 'auth-viewer' })) {
      pages += 1;
      versions.push(...(page.Versions ?? []));
    }
    expect(pages).toBe(2);
    expect(versions.map((v) => v.Version)).toEqual(['$LATEST', '1', '2', '3']);
    expect(versions[0]?.FunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:auth-viewer:$LATEST');
    expect(versions.map((v) => v.Runtime)).toEqual(['nodejs20.x', 'nodejs20.x', 'nodejs20.x', 'nodejs20.x']);
  });

  test('ListFunctions: masters in us-east-1, replicas (us-east-1.<name>) with MasterRegion elsewhere', async () => {
    const masters = await listAll(fake, 'us-east-1', {});
    expect(masters.map((f) => `${f.FunctionName}:${f.Version}`)).toEqual([
      'auth-viewer:$LATEST',
      'headers-response:$LATEST',
      'image-resize:$LATEST',
      'origin-router:$LATEST',
      'regional-api:$LATEST',
    ]);
    const allVersions = await listAll(fake, 'us-east-1', { FunctionVersion: 'ALL' });
    expect(allVersions).toHaveLength(15);
    const eu = await listAll(fake, 'eu-west-1', { MasterRegion: 'us-east-1', FunctionVersion: 'ALL' });
    expect(eu.map((f) => f.FunctionArn)).toEqual([
      'arn:aws:lambda:eu-west-1:123456789012:function:us-east-1.auth-viewer:2',
      'arn:aws:lambda:eu-west-1:123456789012:function:us-east-1.auth-viewer:3',
      'arn:aws:lambda:eu-west-1:123456789012:function:us-east-1.headers-response:1',
      'arn:aws:lambda:eu-west-1:123456789012:function:us-east-1.image-resize:2',
      'arn:aws:lambda:eu-west-1:123456789012:function:us-east-1.origin-router:7',
    ]);
    const usw2 = await listAll(fake, 'us-west-2', { MasterRegion: 'us-east-1', FunctionVersion: 'ALL' });
    expect(usw2.map((f) => f.FunctionName)).toEqual(['us-east-1.auth-viewer']);
    expect(await listAll(fake, 'eu-central-1', { MasterRegion: 'us-east-1', FunctionVersion: 'ALL' })).toEqual([]);
    expect(await listAll(fake, 'eu-west-1', {})).toEqual([]);
    await expect(lambda(fake.url, 'eu-west-1').send(new ListFunctionsCommand({ MasterRegion: 'us-east-1' }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });
});
