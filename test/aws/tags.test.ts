import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { attachCloudFormationTags, readCloudFormationTags, readTagsAhead } from '../../src/aws/tags.js';
import type { Distribution, FunctionConfig } from '../../src/model/inventory.js';
import { basicScenario, type FakeAws, type Scenario, startFakeAws } from '../fake-aws/index.js';

/** src/aws/tags.ts against the fake Tagging API: batches of 100 ARNs, CloudFormation tags only, a denial is a warning. */
const ACCOUNT = basicScenario().accountId;
const arn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

function scenario(functions: number): Scenario {
  const base = basicScenario();
  const version = base.functions[0]!.versions[0]!;
  return {
    ...base,
    functions: Array.from({ length: functions }, (_, i) => ({
      name: `fn-${i}`,
      versions: [version],
      tags: { 'aws:cloudformation:logical-id': `Fn${i}`, 'aws:cloudformation:stack-name': 'web', owner: 'secret-team' },
    })),
  };
}

let fake: FakeAws;
const saved = process.env.AWS_ENDPOINT_URL;
beforeAll(async () => {
  fake = await startFakeAws(scenario(250));
  process.env.AWS_ENDPOINT_URL = fake.url;
});
afterAll(async () => {
  process.env.AWS_ENDPOINT_URL = saved;
  await fake?.close();
});

describe('CloudFormation tags (tag:GetResources)', () => {
  it('reads 250 functions in 3 calls of at most 100 ARNs, keeping only aws:cloudformation: tags', async () => {
    fake.clearRequests();
    const aws = new AwsClients({ retry: { baseDelayMs: 1, maxAttempts: 3 } });
    try {
      const tags = await readCloudFormationTags(
        aws,
        Array.from({ length: 250 }, (_, i) => arn(`fn-${i}`)),
      );
      expect(tags.size).toBe(250);
      expect(tags.get(arn('fn-249'))).toEqual({ 'aws:cloudformation:logical-id': 'Fn249', 'aws:cloudformation:stack-name': 'web' });
      expect(fake.callCount('GetResources')).toBe(3);
      expect(aws.stats.toJSON()).toEqual({ 'tag:GetResources': 3 });
    } finally {
      aws.destroy();
    }
  });

  it('attaches the tags to every version of a function and to distributions; a denied call is a warning, not a failure', async () => {
    const aws = new AwsClients({ retry: { baseDelayMs: 1, maxAttempts: 3 } });
    try {
      const versions: FunctionConfig[] = ['1', '2'].map((version) => ({ key: `${arn('fn-7')}:${version}`, functionName: 'fn-7', functionArn: arn('fn-7'), version }));
      const distributions: Distribution[] = [{ id: 'E1AAAAAAAAAAAA', accountId: ACCOUNT, behaviors: [] }];
      fake.setScenario({ ...scenario(250), distributions: basicScenario().distributions.map((d) => ({ ...d, tags: { 'aws:cloudformation:logical-id': 'Site' } })) });
      expect(await attachCloudFormationTags(aws, versions, distributions)).toEqual([]);
      expect(versions.map((v) => v.tags?.['aws:cloudformation:logical-id'])).toEqual(['Fn7', 'Fn7']);
      expect(distributions[0]!.tags).toEqual({ 'aws:cloudformation:logical-id': 'Site' });

      fake.setScenario({ ...scenario(250), failRegions: { tagging: 'access-denied' } });
      const fresh: FunctionConfig[] = [{ key: arn('fn-1'), functionName: 'fn-1', functionArn: arn('fn-1') }];
      const warnings = await attachCloudFormationTags(aws, fresh, []);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/tag:GetResources failed .*match templates .* only by function name or --map/);
      expect(fresh[0]!.tags).toBeUndefined();
    } finally {
      aws.destroy();
      fake.setScenario(scenario(250));
    }
  });

  it('tags read ahead (beside the metric reads) are used, and only ARNs not read then are read at the end', async () => {
    const aws = new AwsClients({ retry: { baseDelayMs: 1, maxAttempts: 3 } });
    try {
      fake.clearRequests();
      const ahead = readTagsAhead(aws, [arn('fn-1'), arn('fn-2')], []);
      // fn-3 ran in the window without being associated now: its tags are read at the end, in one more call.
      const versions: FunctionConfig[] = ['fn-1', 'fn-2', 'fn-3'].map((name) => ({ key: `${arn(name)}:1`, functionName: name, functionArn: arn(name), version: '1' }));
      expect(await attachCloudFormationTags(aws, versions, [], ahead)).toEqual([]);
      expect(versions.map((v) => v.tags?.['aws:cloudformation:logical-id'])).toEqual(['Fn1', 'Fn2', 'Fn3']);
      expect(fake.callCount('GetResources')).toBe(2);

      // A read ahead that failed is the same warning as a read at the end that fails.
      fake.setScenario({ ...scenario(250), failRegions: { tagging: 'access-denied' } });
      const failed = readTagsAhead(aws, [arn('fn-1')], []);
      await failed;
      fake.setScenario(scenario(250));
      const fresh: FunctionConfig[] = [{ key: arn('fn-1'), functionName: 'fn-1', functionArn: arn('fn-1') }];
      const warnings = await attachCloudFormationTags(aws, fresh, [], failed);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/tag:GetResources failed/);
      expect(fresh[0]!.tags).toBeUndefined();
    } finally {
      aws.destroy();
      fake.setScenario(scenario(250));
    }
  });
});
