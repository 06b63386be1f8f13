import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Crafted cdk.out folders (test/fixtures/templates/hostile-cdk): issue 14, items 9 and 18. */
const dir = 'test/fixtures/templates/hostile-cdk';

describe('lint on a crafted cloud assembly', () => {
  it('a templateFile outside the assembly is refused (exit 2) and its content never quoted', async () => {
    const run = await runCli(['lint', `${dir}/escape`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`edgecost: ${dir}/escape/manifest.json: artifact Stealer templateFile leaves the cloud assembly folder: a manifest may only name files inside it\n`);
    expect(run.stderr).not.toContain('SECRET');
  });

  it('a file that is not JSON is described, not quoted, in the parse error', async () => {
    const run = await runCli(['lint', `${dir}/secret/private-token.txt`]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('SECRET');
    expect(run.stderr).toMatch(/private-token\.txt/);
  });

  it('an assembly that names itself as a nested assembly is read once', async () => {
    const run = await runCli(['lint', `${dir}/recursive`, '--output', 'json']);
    // Exit 1: the template's own findings (it is the CloudFormation fixture); what matters is that it ends.
    expect(run.code).toBe(1);
    const lint = JSON.parse(run.stdout) as { source: { files: string[] }; findings: { resource: string }[] };
    expect(lint.source.files).toEqual([`${dir}/recursive/Stack.template.json`]);
    expect(lint.findings.length).toBeGreaterThan(0);
  });
});
