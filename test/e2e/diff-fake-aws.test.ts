import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { template } from '../diff/fixture.js';
import { type FakeAws, type ReplicaDayUsage, type Scenario, startFakeAws } from '../fake-aws/index.js';
import { functionArn } from '../fake-aws/scenarios.js';
import { runCli } from '../helpers/cli.js';

/**
 * `collect` records the CloudFormation tags (tag:GetResources on the fake Tagging API), and
 * `diff` / `gate --base --head` price template changes against that snapshot, spawned as a user would.
 *
 * The account (October 2026, data on the 22nd–31st, us-east-1), distribution E1WEB (one behavior, *):
 *   edge-a origin-request,  128 MB: 1,000,000 invocations a day × 1.5 ms → billed 2 ms
 *   edge-b origin-response, 1,024 MB: 100,000 a day × 44.5 ms → billed 45 ms
 * Per day: requests $0.60 + $0.06; duration 1e6 × 0.002 s × 0.125 GB × $0.00005001 = $0.0125025 and
 * 1e5 × 0.045 s × 1 GB × $0.00005001 = $0.225045; total $0.8975475. So edge-b at 2,048 MB adds
 * $0.225045 a day (+25.07 %), edge-a at 576 MB adds 3.5 × $0.0125025 = $0.04375875 (+4.88 %).
 */
const ACCOUNT = '111122223333';
const DAYS = Array.from({ length: 10 }, (_, i) => `2026-10-${22 + i}`);
const TAGS = (logicalId: string) => ({ 'aws:cloudformation:stack-name': 'web', 'aws:cloudformation:logical-id': logicalId });

function scenario(): Scenario {
  const rows = (functionName: string, invocations: number, durationSumMs: number): ReplicaDayUsage[] =>
    DAYS.map((date) => ({ functionName, version: '1', region: 'us-east-1', date, invocations, durationSumMs, durationMaxMs: 100 }));
  const version = (memorySize: number) => ({ version: '1', memorySize, timeout: 30, codeSize: 1_000, runtime: 'nodejs22.x' });
  return {
    accountId: ACCOUNT,
    now: '2026-11-01T06:00:00Z',
    distributions: [
      {
        id: 'E1WEB',
        tags: TAGS('Dist'),
        defaultCacheBehavior: {
          lambdaFunctionAssociations: [
            { functionArn: functionArn('edge-a', '1', ACCOUNT), eventType: 'origin-request', includeBody: false },
            { functionArn: functionArn('edge-b', '1', ACCOUNT), eventType: 'origin-response', includeBody: false },
          ],
        },
      },
    ],
    functions: [
      { name: 'edge-a', versions: [version(128)], tags: { ...TAGS('EdgeA'), team: 'web' } },
      { name: 'edge-b', versions: [version(1024)], tags: TAGS('EdgeB') },
      { name: 'unrelated', versions: [version(128)] },
    ],
    replicaUsage: [...rows('edge-a', 1_000_000, 1_500_000), ...rows('edge-b', 100_000, 4_450_000)],
    distributionMetrics: DAYS.map((date) => ({ distributionId: 'E1WEB', date, requests: 2_000_000 })),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'edgecost-diff-fake-'));
const snapshot = join(dir, 'snapshot.json');
let fake: FakeAws;

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ASSOCIATIONS = [
  { logicalId: 'EdgeA', eventType: 'origin-request' },
  { logicalId: 'EdgeB', eventType: 'origin-response' },
];
// No FunctionName: the functions are matched by their logical-id tags.
const base = () =>
  file(
    'base.yaml',
    template(
      [
        { logicalId: 'EdgeA', memoryMB: 128 },
        { logicalId: 'EdgeB', memoryMB: 1024 },
      ],
      ASSOCIATIONS,
    ),
  );

beforeAll(async () => {
  fake = await startFakeAws(scenario());
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ AWS_ENDPOINT_URL: fake.url, EDGECOST_NOW: '2026-11-01T06:00:00Z', EDGECOST_RETRY_BASE_DELAY_MS: '1' });

describe('diff against the fake AWS', () => {
  it('collect records the CloudFormation tags of functions and distributions, 100 ARNs a GetResources call', async () => {
    const run = await runCli(['collect', '--month', '2026-10', '--regions', 'us-east-1', '--quiet', '-o', snapshot], { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(readFileSync(snapshot, 'utf8'));
    const tagsOf = (name: string) => doc.inventory.functions.find((f: { functionName: string }) => f.functionName === name)?.tags;
    expect(tagsOf('edge-a')).toEqual(TAGS('EdgeA'));
    expect(tagsOf('edge-b')).toEqual(TAGS('EdgeB'));
    expect(doc.inventory.distributions[0].tags).toEqual(TAGS('Dist'));
    expect(fake.callCount('GetResources')).toBe(1);
    fake.assertReadOnly();
  });

  it('matches a template without FunctionName by logical id, and prices a memory raise', async () => {
    const head = file(
      'head-b.yaml',
      template(
        [
          { logicalId: 'EdgeA', memoryMB: 128 },
          { logicalId: 'EdgeB', memoryMB: 2048 },
        ],
        ASSOCIATIONS,
      ),
    );
    const run = await runCli(['diff', '--input', snapshot, '--base', base(), '--head', head, '--output', 'json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    const edgeB = doc.functions.find((f: { resource: string }) => f.resource === 'EdgeB');
    expect(edgeB).toMatchObject({ functionName: 'edge-b', match: { by: 'cloudformation-tags' }, status: 'changed' });
    const runRate = (perDay: number) => (perDay * 10 * 30.4375) / 31;
    expect(edgeB.changeUsd).toBeCloseTo(runRate(0.225045), 10);
    expect(doc.totals.baseMonthlyUsd).toBeCloseTo(runRate(0.8975475), 10);
    expect(doc.totals.changePercent).toBeCloseTo((0.225045 / 0.8975475) * 100, 8);
  });

  it('gate --base --head --max-increase 10: exit 1 on +25 %, 0 on +5 %, 3 on an unmatched new function', async () => {
    const gate = (head: string, extra: string[] = []) =>
      runCli(['gate', '--input', snapshot, '--base', base(), '--head', head, '--max-increase', '10', '--output', 'json', ...extra]);
    const plus25 = await gate(
      file(
        'head-25.yaml',
        template(
          [
            { logicalId: 'EdgeA', memoryMB: 128 },
            { logicalId: 'EdgeB', memoryMB: 2048 },
          ],
          ASSOCIATIONS,
        ),
      ),
    );
    expect(plus25.code).toBe(1);
    expect(JSON.parse(plus25.stdout).checks[0]).toMatchObject({ name: 'max-increase', passed: false });
    expect(JSON.parse(plus25.stdout).checks[0].actual).toBeCloseTo((0.225045 / 0.8975475) * 100, 8);

    const plus5 = await gate(
      file(
        'head-5.yaml',
        template(
          [
            { logicalId: 'EdgeA', memoryMB: 576 },
            { logicalId: 'EdgeB', memoryMB: 1024 },
          ],
          ASSOCIATIONS,
        ),
      ),
    );
    expect(plus5.code).toBe(0);
    expect(JSON.parse(plus5.stdout).checks[0].actual).toBeCloseTo((0.04375875 / 0.8975475) * 100, 8);

    const withNew = file(
      'head-new.yaml',
      template(
        [
          { logicalId: 'EdgeA', memoryMB: 128 },
          { logicalId: 'EdgeB', memoryMB: 1024 },
          { logicalId: 'NewAuth', memoryMB: 128 },
        ],
        [...ASSOCIATIONS, { logicalId: 'NewAuth', eventType: 'viewer-request' }],
      ),
    );
    const unknown = await gate(withNew);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/NewAuth/);
    // --allow-partial gates what is known: NewAuth's requests alone (2,000,000 a day × $0.60/1M = $1.20) are +133.7 %
    const partial = await gate(withNew, ['--allow-partial']);
    expect(partial.code).toBe(1);
    const doc = JSON.parse(partial.stdout);
    expect(doc).toMatchObject({ complete: false, passed: false });
    expect(doc.checks[0].actual).toBeCloseTo((1.2 / 0.8975475) * 100, 8);
    expect(doc.incomplete.join(' ')).toMatch(/NewAuth: projected cost is a request-only lower bound/);
    expect(partial.stderr).toMatch(/gating on what is known \(--allow-partial\)/);
    const roomy = await gate(withNew, ['--allow-partial', '--max-increase', '150']);
    expect(roomy.code).toBe(0);
  });
});
