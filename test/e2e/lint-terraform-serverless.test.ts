// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is Terraform syntax in findings
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type Finding, findingsOf as findings } from '../helpers/lint-json.js';

const TF = 'test/fixtures/templates/terraform-hcl/site';
const TF_CFN = 'test/fixtures/templates/terraform-hcl/site-cloudformation';
const SLS = 'test/fixtures/templates/serverless/edge-site/serverless.yml';
const SLS_CFN = 'test/fixtures/templates/serverless/edge-site-cloudformation';
const MIXED = 'test/fixtures/templates/mixed-folder';
const env = { EDGECOST_NOW: '2026-11-28T12:00:00Z' };
const lint = (args: string[]) => runCli(['lint', ...args], { env });

const essence = (list: Finding[]) =>
  list.map((f) => `${f.ruleId} ${f.severity} ${f.eventType ?? ''} ${JSON.stringify(f.actual ?? null)} ${JSON.stringify(f.limit ?? null)}`).sort();

describe.concurrent('edgecost lint on Terraform folders and serverless.yml (spawned CLI)', () => {
  it('a .tf folder with a module and a provider alias: the same findings as its CloudFormation equivalent, with .tf file and line', async () => {
    const [tf, cfn] = await Promise.all([lint([TF, '--output', 'json']), lint([TF_CFN, '--output', 'json'])]);
    expect(tf.code).toBe(1);
    expect(cfn.code).toBe(1);
    expect(essence(findings(tf.stdout))).toEqual(essence(findings(cfn.stdout)));
    const where = findings(tf.stdout)
      .filter((f) => f.severity === 'error')
      .map((f) => [f.ruleId, f.resource, f.file, f.line]);
    expect(where).toEqual(
      expect.arrayContaining([
        ['memory-limit', 'module.auth.aws_lambda_function.this', join(TF, 'modules/edge/main.tf'), 31],
        ['timeout-limit', 'aws_lambda_function.headers', join(TF, 'main.tf'), 41],
        ['environment-variables', 'aws_lambda_function.rewrite', join(TF, 'main.tf'), 54],
        ['unversioned-function-arn', 'aws_cloudfront_distribution.site', join(TF, 'main.tf'), 109],
      ]),
    );
    expect(JSON.parse(tf.stdout).source.files).toContain(join(TF, 'modules/edge/main.tf'));
  });

  it('--var-file changes what is linted; a .tf file stands for its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-e2e-varfile-'));
    const varFile = join(dir, 'fix.tfvars');
    writeFileSync(varFile, 'auth_memory = 128\n');
    const { code, stdout } = await lint([join(TF, 'main.tf'), '--var-file', varFile, '--output', 'json']);
    expect(code).toBe(1);
    const rules = findings(stdout).map((f) => f.ruleId);
    expect(rules).not.toContain('memory-limit');
    expect(rules).toContain('timeout-limit');
  });

  it('--var-file with a missing file is an input error naming it (exit 2)', async () => {
    const { code, stderr } = await lint([TF, '--var-file', 'no/such.tfvars']);
    expect(code).toBe(2);
    expect(stderr).toContain('no/such.tfvars');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('serverless.yml with the cloudFront event and the plugin form: the same findings as the packaged CloudFormation', async () => {
    const [sls, cfn] = await Promise.all([lint([SLS, '--output', 'json']), lint([SLS_CFN, '--output', 'json'])]);
    expect(sls.code).toBe(1);
    expect(essence(findings(sls.stdout))).toEqual(essence(findings(cfn.stdout)));
    expect(findings(sls.stdout).find((f) => f.ruleId === 'timeout-limit')).toMatchObject({ resource: 'HeadersLambdaFunction', file: SLS, line: 30, actual: 8, limit: 5 });
  });

  it('folder mode reads serverless.yml and says which files it skipped and why', async () => {
    const { code, stdout, stderr } = await lint([MIXED, '--output', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).source.files).toEqual([join(MIXED, 'serverless.yml')]);
    expect(stderr).toContain(
      `warning: ${MIXED}: skipped 2 files: notes.yaml (YAML without Resources, and not named serverless.yml); package.json (JSON without Resources or format_version)`,
    );
  });

  it('an HCL syntax error: exit 2, file and line, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-e2e-badtf-'));
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_lambda_function" "x" {\n  timeout = = 3\n}\n');
    const { code, stderr } = await lint([dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`${join(dir, 'main.tf')}:2(:\\d+)?: HCL syntax error`));
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
