// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation syntax, not a missed template literal
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Issue 11, "Wrong answers to fix": each class with a fixture of its own (spawned CLI). */
const DIR = 'test/fixtures/lint/wrong-answers';
const env = { EDGECOST_NOW: '2026-12-03T10:00:00Z' };
const lint = (args: string[], extraEnv: Record<string, string> = {}) => runCli(['lint', ...args], { env: { ...env, ...extraEnv } });

interface Finding {
  ruleId: string;
  severity: string;
  resource: string;
  file?: string;
  line?: number;
  actual?: unknown;
  message: string;
}

const findings = (stdout: string): Finding[] => JSON.parse(stdout).findings;

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
});
