// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation syntax, not a missed template literal
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { findingsOf as findings } from '../helpers/lint-json.js';

/** Issue 11, "Wrong answers to fix": each class with a fixture of its own (spawned CLI). */
const DIR = 'test/fixtures/lint/wrong-answers';
const env = { EDGECOST_NOW: '2026-12-03T10:00:00Z' };
const lint = (args: string[], extraEnv: Record<string, string> = {}) => runCli(['lint', ...args], { env: { ...env, ...extraEnv } });

describe.concurrent('lint: wrong answers of issue 11', () => {
  it('1. helpers sharing the edge role (custom resource, event source, schedule, API) get no finding; --verbose says why', async () => {
    const file = `${DIR}/helper-shares-edge-role.yaml`;
    const { code, stdout } = await lint([file, '--output', 'json']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.findings).toEqual([]);
    const verbose = await lint([file, '--verbose']);
    for (const [helper, why] of [
      ['CustomResourceHelper', 'the ServiceToken of custom resource Seeder'],
      ['QueueWorker', 'the target of event source mapping WorkerMapping'],
      ['Nightly', 'a target of EventBridge rule NightlyRule'],
      ['ApiHandler', 'the target of its own Api event Get'],
    ]) {
      expect(verbose.stderr).toContain(`${helper} skipped: its role trusts edgelambda.amazonaws.com, but it is ${why}`);
    }
    expect(verbose.stderr).toContain('Orphan is possibly a Lambda@Edge function, judged by its role alone');
    // EdgeFunction (run by the distribution) and Orphan (possibly edge) only.
    expect(verbose.stdout).toContain('2 Lambda@Edge functions');
  });

  it('2. runtimes blocked by the pinned clock are errors, deprecated-only ones warnings naming the block dates; a stale table is said', async () => {
    const file = `${DIR}/blocked-runtimes.yaml`;
    // On 2026-12-03 nodejs18.x and nodejs20.x are deprecated; Lambda blocks creating functions with them from 2027-02-01.
    const today = await lint([file, '--output', 'json']);
    expect(today.code).toBe(0);
    expect(findings(today.stdout).map((f) => [f.resource, f.ruleId, f.severity, f.line])).toEqual([
      ['Node18', 'runtime-deprecated', 'warning', 13],
      ['Node20', 'runtime-deprecated', 'warning', 17],
    ]);
    expect(findings(today.stdout)[1]!.message).toContain('Lambda blocks creating functions with it from 2027-02-01 and updating them from 2027-03-03');
    expect(today.stderr).not.toContain('more than 6 months ago');
    // From the block-update date on, both are errors: the template cannot deploy.
    const blocked = await lint([file, '--output', 'json'], { EDGECOST_NOW: '2027-03-03T00:00:00Z' });
    expect(blocked.code).toBe(1);
    expect(findings(blocked.stdout).map((f) => [f.resource, f.ruleId, f.severity, f.line])).toEqual([
      ['Node18', 'runtime-unsupported', 'error', 13],
      ['Node20', 'runtime-unsupported', 'error', 17],
    ]);
    expect(findings(blocked.stdout)[1]!.message).toContain('this template cannot deploy: Lambda has rejected creating or updating functions with it since 2027-03-03');
    // The table was retrieved on 2026-12-03: more than 6 months later it is stale.
    const late = await lint([file, '--output', 'json'], { EDGECOST_NOW: '2027-06-04T00:00:00Z' });
    expect(late.stderr).toContain('warning: quotas/runtimes.json was retrieved on 2026-12-03, more than 6 months ago');
    const quiet = await lint([file, '--output', 'json', '--quiet'], { EDGECOST_NOW: '2027-06-04T00:00:00Z' });
    expect(quiet.stderr).toBe('');
  });

  it('3. Fn::If: a violating branch is a finding naming the condition; a branch reads the parameter values its condition needs', async () => {
    const { code, stdout } = await lint([`${DIR}/condition-branches.yaml`, '--output', 'json']);
    expect(code).toBe(1);
    const list = findings(stdout);
    const provisioned = list.find((f) => f.ruleId === 'provisioned-concurrency')!;
    expect([provisioned.resource, provisioned.severity, provisioned.line, provisioned.actual]).toEqual(['EdgeFunction', 'error', 19, 5]);
    expect(provisioned.message).toContain('provisioned concurrency 5 set when condition IsProd is true');
    // The HasExtra branch holds only when ExtraFunctionArn is not its default "": never read as "".
    for (const finding of list) expect(finding.message).not.toContain('"" is not a Lambda function ARN');
    const extra = list.find((f) => f.ruleId === 'unresolved-function')!;
    expect(extra.message).toContain('ExtraFunctionArn');
  });

  it('3. a numeric property under Fn::If is checked at its larger branch, and the finding names the condition(s) that give it', async () => {
    const { code, stdout } = await lint([`${DIR}/condition-values.yaml`, '--output', 'json']);
    expect(code).toBe(1);
    const list = findings(stdout)
      .filter((f) => f.ruleId === 'memory-limit' || f.ruleId === 'timeout-limit')
      .sort((a, b) => `${a.resource}${a.ruleId}`.localeCompare(`${b.resource}${b.ruleId}`));
    expect(list.map((f) => [f.resource, f.ruleId, f.actual])).toEqual([
      ['NestedFunction', 'memory-limit', 256],
      ['ViewerFunction', 'memory-limit', 512],
      ['ViewerFunction', 'timeout-limit', 10],
    ]);
    expect(list[0]!.message).toContain('memory 256 MB (when condition IsProd is false and IsStaging is true) is over the 128 MB limit of viewer-response');
    expect(list[1]!.message).toContain('memory 512 MB (when condition IsProd is true) is over the 128 MB limit of viewer-request');
    expect(list[2]!.message).toContain('timeout 10 s (when condition IsProd is false) is over the 5 s limit of viewer-request');
  });

  it('5. a duplicate key is a finding (last value wins); a folder run lints the other files past a bad one; a bad file named alone exits 2', async () => {
    const folder = `${DIR}/folder-with-bad-files`;
    const { code, stdout, stderr } = await lint([folder, '--output', 'json']);
    expect(code).toBe(1);
    expect(findings(stdout).map((f) => [f.file?.split('/').pop(), f.resource, f.ruleId, f.severity, f.line])).toEqual([
      ['a-duplicate-key.yaml', 'EdgeFunction', 'memory-limit', 'error', 6],
      ['a-duplicate-key.yaml', 'MemorySize', 'invalid-input', 'error', 13],
      ['b-broken.yaml', 'b-broken.yaml', 'invalid-input', 'error', 5],
    ]);
    // The last MemorySize (512) is the one linted, as CloudFormation deploys it.
    expect(findings(stdout)[0]!.actual).toBe(512);
    expect(findings(stdout)[2]!.message).toContain('invalid YAML');
    expect(stderr).toContain('skipped 1 file: c-notes.yaml (YAML without Resources');
    const alone = await lint([`${folder}/b-broken.yaml`]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('b-broken.yaml:5:11: invalid YAML');
  });
});
