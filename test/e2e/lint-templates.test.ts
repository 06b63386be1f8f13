// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation syntax in findings, not a missed template literal
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { type Finding, findingsOf as findings } from '../helpers/lint-json.js';
import { sarifValidator } from '../render/sarif-schema.js';

const DIR = 'test/fixtures/lint/templates';
const SAM = `${DIR}/sam-violations.yaml`;
const CLEAN = `${DIR}/clean.yaml`;
const PLAN = `${DIR}/plan.json`;
const REAL = `${DIR}/real/cloudfront-authorization-at-edge/template.yaml`;
const env = { EDGECOST_NOW: '2026-11-28T12:00:00Z' };
const lint = (args: string[]) => runCli(['lint', ...args], { env });

/** A zip of exactly `bytes` bytes (one stored entry of incompressible data). */
function zipOfSize(bytes: number): Uint8Array {
  const make = (length: number) => zipSync({ 'index.js': new Uint8Array(length).map((_, i) => (i * 2_654_435_761) >>> 24) }, { level: 0 });
  const overhead = make(0).length;
  const zip = make(bytes - overhead);
  expect(zip.length).toBe(bytes);
  return zip;
}

describe.concurrent('edgecost lint PATH (templates and plans, spawned CLI)', () => {
  it('SAM template: findings with file and line, exit 1', async () => {
    const { code, stdout } = await lint([SAM, '--output', 'json']);
    expect(code).toBe(1);
    const list = findings(stdout).map((f) => [f.resource, f.ruleId, f.severity, f.line]);
    expect(list).toEqual(
      expect.arrayContaining([
        ['AuthFunction', 'memory-limit', 'error', 13],
        ['AuthFunction', 'timeout-limit', 'error', 13],
        ['AuthFunction', 'environment-variables', 'error', 13],
        ['AuthFunction', 'runtime-deprecated', 'warning', 13],
        ['RouterFunction', 'runtime-deprecated', 'warning', 26],
        ['Distribution', 'unversioned-function-arn', 'error', 73],
      ]),
    );
    // AutoPublishAlias + !Ref AuthFunction.Version is a numbered version; RouterFunction fits origin-request
    expect(list.filter(([resource, rule]) => resource === 'Distribution' && rule === 'unversioned-function-arn')).toHaveLength(1);
    expect(list.filter(([resource, rule]) => resource === 'RouterFunction' && rule !== 'runtime-deprecated' && rule !== 'function-region')).toEqual([]);
    for (const finding of findings(stdout)) expect(finding.file).toBe(SAM);
  });

  it('github annotations point at the template lines', async () => {
    const { code, stdout } = await lint([SAM, '--output', 'github']);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    for (const line of lines)
      expect(line).toMatch(/^::(error|warning|notice) file=test\/fixtures\/lint\/templates\/sam-violations\.yaml,line=\d+(,col=\d+)?,title=edgecost [a-z0-9-]+( \([a-z-]+\))?::\S/);
    expect(
      lines.some((line) =>
        /^::error file=test\/fixtures\/lint\/templates\/sam-violations\.yaml,line=13,.*title=edgecost memory-limit \(viewer-request\)::AuthFunction: memory 256 MB is over the 128 MB limit of viewer-request/.test(
          line,
        ),
      ),
    ).toBe(true);
  });

  it('SARIF is valid and uses repository-relative URIs', async () => {
    const { code, stdout } = await lint([SAM, '--output', 'sarif']);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const uris = new Set(
      sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri),
    );
    expect([...uris]).toEqual([SAM]);
  });

  it.each([
    [[], 0],
    [['--fail-on', 'warning'], 0],
    [['--fail-on', 'info'], 1],
  ])('a compliant template %j exits %i', async (args, expected) => {
    const { code, stdout } = await lint([CLEAN, '--output', 'json', ...args]);
    expect(code).toBe(expected);
    // only the region, which a template does not state, is left unchecked
    expect(findings(stdout).map((f) => [f.ruleId, f.severity])).toEqual([['function-region', 'info']]);
  });

  it('no finding in github format prints nothing', async () => {
    const { code, stdout } = await lint([CLEAN, '--output', 'github', '--rule', 'function-region=off', '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });

  it('--fail-on warning fails on a deprecated runtime', async () => {
    const { code } = await lint([
      SAM,
      '--rule',
      'memory-limit=off',
      '--rule',
      'timeout-limit=off',
      '--rule',
      'environment-variables=off',
      '--rule',
      'unversioned-function-arn=off',
      '--fail-on',
      'warning',
      '--output',
      'json',
    ]);
    expect(code).toBe(1);
  });

  it('two templates at once', async () => {
    const { stdout } = await lint([SAM, CLEAN, '--output', 'json']);
    const document = JSON.parse(stdout);
    expect(document.source.files).toEqual([SAM, CLEAN]);
    expect(new Set(document.findings.map((f: Finding) => f.file))).toEqual(new Set([SAM, CLEAN]));
  });

  it('a template without Lambda@Edge says so and exits 0', async () => {
    const { code, stdout, stderr } = await lint([`${DIR}/no-edge.yaml`]);
    expect(code).toBe(0);
    expect(stderr).toContain('no Lambda@Edge functions found in test/fixtures/lint/templates/no-edge.yaml');
    expect(stdout).toContain('No findings');
  });

  it('invalid YAML: exit 2 with file and line, no stack trace', async () => {
    const { code, stdout, stderr } = await lint([`${DIR}/broken.yaml`]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/test\/fixtures\/lint\/templates\/broken\.yaml:\d+(:\d+)?: invalid YAML/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing template: exit 2', async () => {
    const { code, stderr } = await lint([`${DIR}/nope.yaml`]);
    expect(code).toBe(2);
    expect(stderr).toContain('nope.yaml');
  });

  // --input takes one file per occurrence, so a template path after it stays a template path; one
  // run lints either templates or snapshots (templates have no usage, snapshots no file lines).
  it.each([[[SAM, '--input', 'test/fixtures/lint/snapshot-warnings.json']], [['--input', 'test/fixtures/lint/snapshot-warnings.json', SAM]]])(
    'PATH together with --input is a usage error naming both: %j',
    async (args) => {
      const { code, stdout, stderr } = await lint(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`lint reads either template paths or --input/--live, not both (got ${SAM} with --input)`);
      expect(stderr).toContain('hint: run lint twice');
    },
  );

  it.each([
    [1_048_576, 0, undefined],
    [1_048_577, 1, 1_048_577],
  ])('Terraform plan, --artifact zip of %i bytes on viewer-request exits %i', async (bytes, expectedCode, actual) => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-lint-'));
    const zip = join(dir, 'auth.zip');
    writeFileSync(zip, zipOfSize(bytes));
    const images = join(dir, 'images.zip');
    writeFileSync(images, zipOfSize(4096));
    const { code, stdout } = await lint([
      PLAN,
      '--artifact',
      `aws_lambda_function.auth=${zip}`,
      '--artifact',
      `aws_lambda_function.images=${images}`,
      '--rule',
      'arm64-architecture=off',
      '--rule',
      'environment-variables=off',
      '--rule',
      'unversioned-function-arn=off',
      '--output',
      'json',
    ]);
    expect(code).toBe(expectedCode);
    const size = findings(stdout).filter((f) => f.ruleId === 'package-size-limit');
    if (actual === undefined) expect(size).toEqual([]);
    else expect(size).toMatchObject([{ resource: 'aws_lambda_function.auth', severity: 'error', actual, limit: 1_048_576 }]);
  });

  it('Terraform plan: arn (unversioned) vs qualified_arn, arm64, environment variables', async () => {
    const { code, stdout } = await lint([PLAN, '--output', 'json', '--quiet']);
    expect(code).toBe(1);
    expect(findings(stdout).map((f) => [f.resource, f.ruleId, f.severity])).toEqual([
      ['aws_lambda_function.auth', 'package-size-limit', 'info'],
      // in line order: the images function (line 53), its "architectures" (61) and "environment" (67)
      ['aws_lambda_function.images', 'package-size-limit', 'info'],
      ['aws_lambda_function.images', 'arm64-architecture', 'error'],
      ['aws_lambda_function.images', 'environment-variables', 'error'],
      ['aws_cloudfront_distribution.site', 'unversioned-function-arn', 'error'],
    ]);
  });

  it('--artifact with a bad value is a usage error', async () => {
    const { code, stderr } = await lint([PLAN, '--artifact', 'no-equals-sign']);
    expect(code).toBe(2);
    expect(stderr).toContain('--artifact expects NAME=PATH');
  });
});

describe.concurrent('the real SAM template (aws-samples/cloudfront-authorization-at-edge)', () => {
  it('follows the custom resources to the six functions, applies Globals, never passes silently', async () => {
    const { code, stdout, stderr } = await lint([REAL, '--output', 'json']);
    const document = JSON.parse(stdout);
    // Warnings and infos only: nodejs20.x is deprecated (2026-04-30); Lambda blocks creating functions with it from 2027-02-01.
    expect(code).toBe(0);
    expect(document.checked).toMatchObject({ functions: 6, associations: 6 });
    const byRule = (id: string) => document.findings.filter((f: Finding) => f.ruleId === id);
    // Globals: Runtime nodejs20.x for every function, deprecated on 2026-04-30, blocked from 2027-02-01
    expect(byRule('runtime-unsupported')).toEqual([]);
    expect(byRule('runtime-deprecated').every((f: Finding) => f.severity === 'warning' && /from 2027-02-01/.test(f.message))).toBe(true);
    expect(
      byRule('runtime-deprecated')
        .map((f: Finding) => f.resource)
        .sort(),
    ).toEqual(['CheckAuthHandler', 'HttpHeadersHandler', 'ParseAuthHandler', 'RefreshAuthHandler', 'SignOutHandler', 'TrailingSlashHandler']);
    // Globals' memory and timeout fit the viewer events
    expect(byRule('memory-limit')).toEqual([]);
    expect(byRule('timeout-limit')).toEqual([]);
    // what could not be checked is said, not passed: versions through custom resources, package sizes, region
    expect(byRule('unversioned-function-arn')).toHaveLength(6);
    expect(byRule('unversioned-function-arn').every((f: Finding & { unknown?: boolean }) => f.unknown === true && f.severity === 'info')).toBe(true);
    expect(byRule('package-size-limit')).toHaveLength(6);
    expect(document.summary.errors).toBe(0);
    // By default stderr has the warnings (what is unknown), not the loader's notes (how it read the input).
    const lines = stderr.trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('note:'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('warning:') && line.includes('CodeUri'))).toHaveLength(6);
    const checkAuth = resolve(PROJECT_ROOT, `${DIR}/real/cloudfront-authorization-at-edge/src/lambda-edge/check-auth`);
    expect(stderr).toContain(`CheckAuthHandler: CodeUri src/lambda-edge/check-auth/ (resolved to ${checkAuth}) does not exist;`);
    expect(stderr).not.toContain('../');
  });

  it('--verbose adds the notes: how each association was followed', async () => {
    const { code, stderr } = await lint([REAL, '--output', 'json', '--verbose']);
    expect(code).toBe(0);
    const notes = stderr.split('\n').filter((line) => line.startsWith('note:'));
    expect(notes).toHaveLength(9);
    expect(stderr).toContain('through custom resource');
    expect(stderr.split('\n').filter((line) => line.startsWith('warning:'))).toHaveLength(6);
  });

  it.each([
    [['--quiet'], 0],
    [['--quiet', '--verbose'], 2],
  ])('%j exits %i', async (args, expected) => {
    const { code, stderr } = await lint([REAL, '--output', 'json', ...args]);
    expect(code).toBe(expected);
    if (expected === 0) expect(stderr).toBe('');
    else expect(stderr).toContain('--quiet and --verbose contradict each other');
  });

  it('--fail-on warning exits 1', async () => {
    const { code } = await lint([REAL, '--output', 'json', '--quiet', '--fail-on', 'warning']);
    expect(code).toBe(1);
  });

  it('SARIF of the real template is valid', async () => {
    const { stdout } = await lint([REAL, '--output', 'sarif', '--quiet']);
    expect(sarifValidator()(JSON.parse(stdout))).toBe(true);
  });
});

describe('template fixtures are realistic files', () => {
  it('the real template keeps its MIT-0 licence and source', () => {
    expect(readFileSync(`${DIR}/real/cloudfront-authorization-at-edge/LICENSE`, 'utf8')).toContain('Permission is hereby granted');
    expect(readFileSync(`${DIR}/real/cloudfront-authorization-at-edge/SOURCE.md`, 'utf8')).toContain('aws-samples/cloudfront-authorization-at-edge');
  });
});

describe.concurrent('values CloudFront or Lambda would reject are error findings, not notes', () => {
  it('invalid associations: each an invalid-association error with its line, exit 1', async () => {
    const file = `${DIR}/invalid-associations.yaml`;
    const { code, stdout, stderr } = await lint([file, '--output', 'json']);
    expect(code).toBe(1);
    const invalid = findings(stdout).filter((f) => f.ruleId === 'invalid-association');
    expect(invalid.map((f) => [f.line, f.severity, f.actual, f.limit, f.unknown ?? false])).toEqual([
      [43, 'error', 'viewer-requestt', 'viewer-request, viewer-response, origin-request, origin-response', false],
      [45, 'error', 'viewer-response', 'a mapping', false],
      [46, 'error', 'no EventType', 'required', false],
      [47, 'error', 'no LambdaFunctionARN', 'required', false],
      [53, 'error', '5', 'a list', false],
      [59, 'warning', '${EdgeEvent}', 'viewer-request, viewer-response, origin-request, origin-response', true],
    ]);
    for (const finding of invalid) expect(finding).toMatchObject({ resource: 'Distribution', file });
    expect(invalid[3]).toMatchObject({ eventType: 'origin-request' });
    expect(stderr).not.toContain('skipped');
    // The function the misspelt association names is still linted, as a function not yet attached.
    expect(
      findings(stdout)
        .filter((f) => f.ruleId !== 'invalid-association')
        .map((f) => [f.resource, f.ruleId]),
    ).toEqual([['AuthFunction', 'function-region']]);
  });

  it('--rule invalid-association=warning makes it exit 0', async () => {
    const { code } = await lint([`${DIR}/invalid-associations.yaml`, '--rule', 'invalid-association=warning', '--output', 'json', '--quiet']);
    expect(code).toBe(0);
  });

  it("memory and timeout: not a number, not whole, below Lambda's minimum", async () => {
    const file = `${DIR}/invalid-values.yaml`;
    const { code, stdout } = await lint([file, '--output', 'json']);
    expect(code).toBe(1);
    const limits = findings(stdout).filter((f) => f.ruleId === 'memory-limit' || f.ruleId === 'timeout-limit');
    expect(limits.map((f) => [f.resource, f.ruleId, f.severity, f.line, f.actual, f.limit])).toEqual([
      ['WordsFunction', 'timeout-limit', 'error', 8, -4, 1],
      ['WordsFunction', 'memory-limit', 'error', 15, 'lots', 128],
      ['SmallFunction', 'memory-limit', 'error', 18, 64, 128],
      ['SmallFunction', 'timeout-limit', 'error', 18, 0, 1],
      ['HalfFunction', 'timeout-limit', 'error', 35, 2.5, 30],
    ]);
    expect(limits[1]!.message).toMatch(/^MemorySize "lots" is not a number \(CloudFormation rejects it\); the memory must be a whole number from 128 MB/);
    expect(limits[0]!.message).toContain("timeout -4 s is below Lambda's minimum of 1 s, so the deployment is rejected");
    expect(stdout).not.toContain('not a literal in the input');
  });

  it('Terraform plan: unknown event_type, a block without event_type or lambda_arn, memory_size "lots", timeout 0', async () => {
    const file = `${DIR}/invalid-plan.json`;
    const { code, stdout } = await lint([file, '--output', 'json', '--quiet']);
    expect(code).toBe(1);
    const rejected = findings(stdout).filter((f) => ['invalid-association', 'memory-limit', 'timeout-limit'].includes(f.ruleId));
    expect(rejected.map((f) => [f.resource, f.ruleId, f.severity, f.line, f.actual])).toEqual([
      // at the attribute (issue 11, item 8): "timeout": 0 and "memory_size": "lots"
      ['aws_lambda_function.auth', 'timeout-limit', 'error', 47, 0],
      ['aws_lambda_function.images', 'memory-limit', 'error', 87, 'lots'],
      ['aws_cloudfront_distribution.site', 'invalid-association', 'error', 129, 'viewer-requestt'],
      ['aws_cloudfront_distribution.site', 'invalid-association', 'error', 133, 'no event_type'],
    ]);
  });

  it('github annotations carry the line of each invalid association', async () => {
    const { code, stdout } = await lint([`${DIR}/invalid-associations.yaml`, '--output', 'github', '--rule', 'function-region=off']);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.map((line) => /line=(\d+)/.exec(line)?.[1])).toEqual(['43', '45', '46', '47', '53', '59']);
    expect(lines[0]).toMatch(
      /^::error file=test\/fixtures\/lint\/templates\/invalid-associations\.yaml,line=43,col=15,title=edgecost invalid-association::Distribution: a Lambda@Edge association of \* has EventType "viewer-requestt"/,
    );
  });
});
