import { GetResourcesCommand, type GetResourcesCommandInput, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCredentials } from './helpers.js';
import { basicScenario, type FakeAws, type Scenario, startFakeAws } from './index.js';

/** The fake Tagging API with the real SDK client on the wire (AWS JSON 1.1). */
function scenario(): Scenario {
  const base = basicScenario();
  return {
    ...base,
    functions: base.functions.map((fn, i) => ({ ...fn, tags: { 'aws:cloudformation:logical-id': `Fn${i}`, 'aws:cloudformation:stack-name': 'web', team: 'edge' } })),
    distributions: base.distributions.map((d, i) => (i === 0 ? { ...d, tags: { 'aws:cloudformation:logical-id': 'Site' } } : d)),
  };
}

let fake: FakeAws;
let client: ResourceGroupsTaggingAPIClient;
beforeAll(async () => {
  fake = await startFakeAws(scenario());
  client = new ResourceGroupsTaggingAPIClient({ region: 'us-east-1', endpoint: fake.url, credentials: testCredentials, retryStrategy: new ConfiguredRetryStrategy(3, () => 10) });
});
afterAll(async () => {
  client?.destroy();
  await fake?.close();
});

const arn = (name: string) => `arn:aws:lambda:us-east-1:${fake.scenario().accountId}:function:${name}`;

describe('fake Resource Groups Tagging API', () => {
  it('GetResources with ResourceARNList: tags of the listed resources, untagged and unknown ones left out', async () => {
    const names = fake.scenario().functions.map((f) => f.name);
    const site = `arn:aws:cloudfront::${fake.scenario().accountId}:distribution/${fake.scenario().distributions[0]!.id}`;
    const other = `arn:aws:cloudfront::${fake.scenario().accountId}:distribution/${fake.scenario().distributions[1]!.id}`;
    const answer = await client.send(new GetResourcesCommand({ ResourceARNList: [arn(names[0]!), arn('no-such-function'), site, other] }));
    expect(answer.ResourceTagMappingList?.map((m) => m.ResourceARN)).toEqual([arn(names[0]!), site]);
    expect(answer.ResourceTagMappingList?.[0]?.Tags).toContainEqual({ Key: 'aws:cloudformation:logical-id', Value: 'Fn0' });
    expect(answer.PaginationToken).toBe('');
    expect(fake.requests.at(-1)).toMatchObject({ service: 'tagging', region: 'us-east-1', operation: 'GetResources', status: 200 });
  });

  it('pages ResourceTypeFilters results with ResourcesPerPage and PaginationToken', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new GetResourcesCommand({ ResourceTypeFilters: ['lambda:function'], ResourcesPerPage: 1, ...(token ? { PaginationToken: token } : {}) }));
      seen.push(...(page.ResourceTagMappingList ?? []).map((m) => m.ResourceARN!));
      token = page.PaginationToken;
      pages++;
    } while (token);
    expect(seen).toEqual(fake.scenario().functions.map((f) => arn(f.name)));
    expect(pages).toBe(fake.scenario().functions.length);
  });

  it('rejects what AWS rejects: an ARN list with paging, more than 100 ARNs, ResourcesPerPage over 100', async () => {
    const error = (input: GetResourcesCommandInput) =>
      client.send(new GetResourcesCommand(input)).then(
        () => undefined,
        (e: Error) => e.name,
      );
    expect(await error({ ResourceARNList: [arn('a')], ResourcesPerPage: 10 })).toBe('InvalidParameterException');
    expect(await error({ ResourceARNList: Array.from({ length: 101 }, (_, i) => arn(`f${i}`)) })).toBe('InvalidParameterException');
    expect(await error({ ResourcesPerPage: 101 })).toBe('InvalidParameterException');
  });

  it('answers access denied and throttling as the other services do', async () => {
    fake.setScenario({ ...scenario(), failRegions: { tagging: 'access-denied' } });
    const denied = await client.send(new GetResourcesCommand({ ResourceARNList: [arn('a')] })).catch((e: Error) => e);
    expect((denied as Error).name).toBe('AccessDeniedException');
    expect((denied as Error).message).toMatch(/tag:GetResources/);
    fake.setScenario({ ...scenario(), throttle: { tagging: 2 } });
    const answer = await client.send(new GetResourcesCommand({ ResourceARNList: [arn(fake.scenario().functions[0]!.name)] }));
    expect(answer.ResourceTagMappingList).toHaveLength(1);
    expect(fake.requests.slice(-3).map((r) => r.errorCode ?? 'ok')).toEqual(['ThrottledException', 'ThrottledException', 'ok']);
    fake.setScenario(scenario());
  });
});
