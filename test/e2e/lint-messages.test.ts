import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { Finding } from '../helpers/lint-json.js';

/** Issue 11, item 8 and item 5 for serverless.yml: findings point where the fix goes (spawned CLI). */
const DIR = 'test/fixtures/lint/messages';
const PLAN = `${DIR}/plan.json`;
const FOLDER = `${DIR}/folder`;
const env = { EDGECOST_NOW: '2026-11-28T12:00:00Z' };
const lint = (args: string[]) => runCli(['lint', ...args], { env });

const where = (stdout: string) => (JSON.parse(stdout).findings as Finding[]).map((f) => [f.ruleId, f.resource, f.file, f.line, f.resourceLine ?? null]);

describe.concurrent('lint messages that tell the truth (issue 11, item 8)', () => {
  it('plan JSON: each finding points at its resource, property or association line, with the resource line beside it', async () => {
    const { code, stdout } = await lint([PLAN, '--output', 'json']);
    expect(code).toBe(1);
    expect(where(stdout)).toEqual([
      ['package-size-limit', 'aws_lambda_function.viewer', PLAN, 7, null],
      // "timeout": 10 is written on line 35 of the function's planned values (declared at line 7)
      ['timeout-limit', 'aws_lambda_function.viewer', PLAN, 35, 7],
      // the viewer-response association object, inside the distribution declared at line 40
      ['include-body-event', 'aws_cloudfront_distribution.site', PLAN, 66, 40],
      // a child module's resource: its own object, and its "timeout": 60
      ['package-size-limit', 'module.api.aws_lambda_function.this', PLAN, 108, null],
      ['timeout-limit', 'module.api.aws_lambda_function.this', PLAN, 136, 108],
      // set by the module's aws_lambda_provisioned_concurrency_config: its provisioned_concurrent_executions
      ['provisioned-concurrency', 'module.api.aws_lambda_function.this', PLAN, 148, 108],
    ]);
    const timeout = (JSON.parse(stdout).findings as Finding[]).find((f) => f.resource === 'module.api.aws_lambda_function.this' && f.ruleId === 'timeout-limit');
    expect(timeout?.message).toBe(
      'timeout 60 s is over the 30 s limit of origin-request; no CloudFront event allows it (origin events allow at most 30 s); lower Timeout to 30 s or less',
    );
  });

  it('plan JSON: the table heads each group with its resource line; GitHub and SARIF carry the lines', async () => {
    const [table, github, sarif] = await Promise.all([lint([PLAN]), lint([PLAN, '--output', 'github']), lint([PLAN, '--output', 'sarif'])]);
    expect(table.code).toBe(1);
    const headers = table.stdout.split('\n').filter((line) => /^│ [a-z]+[._]/.test(line));
    expect(headers.map((line) => line.replace(/^│ | +│$/g, ''))).toEqual([
      `aws_lambda_function.viewer (site-viewer) — ${PLAN}:7`,
      `aws_cloudfront_distribution.site (site-viewer) — ${PLAN}:40`,
      `module.api.aws_lambda_function.this (site-api) — ${PLAN}:108`,
    ]);
    expect(github.stdout).toContain(`::error file=${PLAN},line=66,col=19,title=edgecost include-body-event (viewer-response)::aws_cloudfront_distribution.site: IncludeBody`);
    expect(github.stdout).toContain(`::error file=${PLAN},line=35,col=13,title=edgecost timeout-limit (viewer-request)::aws_lambda_function.viewer: timeout 10 s`);
    const results = JSON.parse(sarif.stdout).runs[0].results as { ruleId: string; locations: unknown[]; relatedLocations?: unknown[] }[];
    const includeBody = results.find((r) => r.ruleId === 'include-body-event');
    expect(includeBody?.locations[0]).toMatchObject({ physicalLocation: { artifactLocation: { uri: PLAN }, region: { startLine: 66, startColumn: 19 } } });
    expect(includeBody?.relatedLocations).toEqual([
      {
        id: 0,
        physicalLocation: { artifactLocation: { uri: PLAN }, region: { startLine: 40 } },
        message: { text: 'aws_cloudfront_distribution.site is declared here' },
      },
    ]);
  });

  it('a plan on one line (as `terraform show -json` writes it): line 1 and the column of each resource and property', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-e2e-minified-plan-'));
    const text = JSON.stringify(JSON.parse(readFileSync(PLAN, 'utf8')));
    const file = join(dir, 'plan.json');
    writeFileSync(file, text);
    const { code, stdout } = await lint([file, '--output', 'json']);
    expect(code).toBe(1);
    const found = JSON.parse(stdout).findings as Finding[];
    const timeout = found.find((f) => f.ruleId === 'timeout-limit' && f.resource === 'aws_lambda_function.viewer');
    expect(timeout).toMatchObject({ line: 1, column: text.indexOf('"timeout":10') + 1 });
    const moduleTimeout = found.find((f) => f.ruleId === 'timeout-limit' && f.resource === 'module.api.aws_lambda_function.this');
    expect(moduleTimeout).toMatchObject({ line: 1, column: text.indexOf('"timeout":60') + 1 });
  });

  it('folder run: a duplicate key in serverless.yml is an error finding, the last value is linted, the other files too; distribution headers carry their line', async () => {
    const { code, stdout } = await lint([FOLDER, '--output', 'json']);
    expect(code).toBe(1);
    const sls = `${FOLDER}/serverless.yml`;
    const cfn = `${FOLDER}/template.yaml`;
    expect(where(stdout)).toEqual([
      ['memory-limit', 'EdgeLambdaFunction', sls, 11, null],
      ['package-size-limit', 'EdgeLambdaFunction', sls, 11, null],
      ['invalid-input', 'memorySize', sls, 14, null],
      ['include-body-event', 'CloudFrontDistribution', sls, 20, 17],
      ['include-body-event', 'Distribution', cfn, 27, 18],
      ['unversioned-function-arn', 'Distribution', cfn, 35, 18],
    ]);
    const found = JSON.parse(stdout).findings as (Finding & { actual?: unknown; severity: string })[];
    expect(found.find((f) => f.ruleId === 'invalid-input')).toMatchObject({
      severity: 'error',
      column: 5,
      message:
        'duplicate key "memorySize": the Serverless Framework refuses the file (its YAML reader stops at a duplicated mapping key); edgecost linted the last value; remove one of them',
    });
    expect(found.find((f) => f.ruleId === 'memory-limit')).toMatchObject({ actual: 256, limit: 128 });
    const table = await lint([FOLDER]);
    expect(table.stdout).toContain(`│ CloudFrontDistribution (messages-dev-edge) — ${sls}:17 `);
    expect(table.stdout).toContain(`│ Distribution (EdgeFunction) — ${cfn}:18 `);
  });

  it('folder run: --verbose names every file and subfolder it did not read, and why', async () => {
    const [plain, verbose] = await Promise.all([lint([FOLDER, '--output', 'json']), lint([FOLDER, '--output', 'json', '--verbose'])]);
    const skipped = `warning: ${FOLDER}: skipped 1 file: notes.yaml (YAML without Resources, and not named serverless.yml)\n`;
    const unread = `note: ${FOLDER}: not read: 2 files (not .yaml, .yml, .json or .template): README.md, handler.js; 1 subfolder (subfolders are not searched; name one to lint it): src/\n`;
    expect(plain.stderr).toContain(skipped);
    expect(plain.stderr).not.toContain('not read:');
    expect(verbose.stderr).toContain(skipped);
    expect(verbose.stderr).toContain(unread);
    expect(verbose.code).toBe(1);
  });

  it('a Terraform folder: distribution findings carry the block line; --verbose names what no module block reads, not the module it read', async () => {
    const site = 'test/fixtures/templates/terraform-hcl/site';
    const { stdout, stderr } = await lint([site, '--verbose', '--output', 'json']);
    expect(stderr).not.toContain('not read:');
    // The association's line, and the line of the aws_cloudfront_distribution block around it.
    expect(where(stdout)).toContainEqual(['unversioned-function-arn', 'aws_cloudfront_distribution.site', join(site, 'main.tf'), 109, 76]);
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-e2e-tf-unread-'));
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_lambda_function" "x" {\n  function_name = "x"\n  runtime = "nodejs22.x"\n}\n');
    writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => ({});\n');
    const tf = await lint([dir, '--verbose']);
    expect(tf.stderr).toContain(`note: ${dir}: not read: 1 file (not Terraform, template or plan files): index.js\n`);
  });
});
