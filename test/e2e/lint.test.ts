import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sarifValidator } from '../render/sarif-schema.js';

const fixture = (name: string) => new URL(`../fixtures/lint/${name}`, import.meta.url).pathname;
const VIOLATIONS = fixture('snapshot-violations.json');
const WARNINGS = fixture('snapshot-warnings.json');
const NO_EDGE = fixture('snapshot-no-edge.json');
// The lint clock: runtime deprecation is decided by date, so tests pin it.
const env = { EDGECOST_NOW: '2026-11-28T12:00:00Z' };
const lint = (args: string[]) => runCli(['lint', ...args], { env });

describe.concurrent('edgecost lint --input (spawned CLI)', () => {
  it('json: findings, summary, exit 1 on errors', async () => {
    const { code, stdout, stderr } = await lint(['--input', VIOLATIONS, '--output', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({ schemaVersion: 1, kind: 'edgecost.lint', summary: { errors: 1, warnings: 5, infos: 1 }, source: { type: 'snapshot' } });
    expect(document.findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(
      ['concurrency-headroom', 'errors-billed', 'memory-limit', 'near-timeout', 'request-rate-headroom', 'runtime-deprecated', 'throttles'].sort(),
    );
    const memory = document.findings.find((f: { ruleId: string }) => f.ruleId === 'memory-limit');
    expect(memory).toMatchObject({
      severity: 'error',
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:auth-check:12',
      functionName: 'auth-check',
      eventType: 'viewer-request',
      actual: 256,
      limit: 128,
    });
  });

  it.each([
    [WARNINGS, [], 0],
    [WARNINGS, ['--fail-on', 'warning'], 1],
    [WARNINGS, ['--fail-on', 'info'], 1],
    [WARNINGS, ['--fail-on', 'error'], 0],
    [VIOLATIONS, [], 1],
    [VIOLATIONS, ['--rule', 'memory-limit=warning'], 0],
    [VIOLATIONS, ['--rule', 'memory-limit=off', '--fail-on', 'warning'], 1],
    [VIOLATIONS, ['--quota', 'viewer.memoryMB=256'], 0],
    [WARNINGS, ['--rule', 'runtime-deprecated=error'], 1],
  ])('%s %j exits %i', async (file, args, expected) => {
    const { code } = await lint(['--input', file, '--output', 'json', ...args]);
    expect(code).toBe(expected);
  });

  it('--config sets rules, quotas and failOn; flags win over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-lint-'));
    const config = join(dir, 'lint.json');
    writeFileSync(config, JSON.stringify({ rules: { 'memory-limit': 'warning' }, quotas: { 'thresholds.errorRatePercent': 10 }, failOn: 'warning' }));
    const fromConfig = await lint(['--input', VIOLATIONS, '--output', 'json', '--config', config]);
    expect(fromConfig.code).toBe(1);
    const document = JSON.parse(fromConfig.stdout);
    expect(document.findings.find((f: { ruleId: string }) => f.ruleId === 'memory-limit').severity).toBe('warning');
    expect(document.findings.some((f: { ruleId: string }) => f.ruleId === 'errors-billed')).toBe(false);
    expect(document.quotas.overrides).toEqual([{ key: 'thresholds.errorRatePercent', value: 10, defaultValue: 5, by: `--config ${config}` }]);
    const flagsWin = await lint(['--input', WARNINGS, '--output', 'json', '--config', config, '--fail-on', 'error']);
    expect(flagsWin.code).toBe(0);
  });

  it('github annotations', async () => {
    const { code, stdout } = await lint(['--input', VIOLATIONS, '--output', 'github']);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) title=edgecost [a-z-]+( \([a-z-]+\))?::\S/);
    expect(lines).toContain(
      '::error title=edgecost memory-limit (viewer-request)::arn:aws:lambda:us-east-1:123456789012:function:auth-check:12: memory 256 MB is over the 128 MB limit of viewer-request; lower MemorySize or move the function to an origin event',
    );
  });

  it('sarif to a file (-o), valid SARIF 2.1.0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-lint-'));
    const out = join(dir, 'lint.sarif');
    const { code, stdout } = await lint(['--input', VIOLATIONS, '--output', 'sarif', '-o', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0].results).toHaveLength(7);
    expect(sarif.runs[0].tool.driver).toMatchObject({ name: 'edgecost', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('--input is repeatable, one file each: both snapshots are linted together', async () => {
    const { code, stdout } = await lint(['--input', VIOLATIONS, '--input', WARNINGS, '--output', 'json']);
    expect(code).toBe(1);
    const document = JSON.parse(stdout);
    expect(document.source.files).toEqual([VIOLATIONS, WARNINGS]);
    const names = new Set(document.findings.map((f: { functionName?: string }) => f.functionName).filter(Boolean));
    expect(names.has('auth-check')).toBe(true);
    expect(names.has('legacy-redirect')).toBe(true);
  });

  it('table groups by resource and prints the summary', async () => {
    const { code, stdout } = await lint(['--input', WARNINGS]);
    expect(code).toBe(0);
    expect(stdout).toContain('arn:aws:lambda:us-east-1:123456789012:function:legacy-redirect:2 (legacy-redirect)');
    expect(stdout).toMatch(/0 errors, 1 warning, 1 info — 1 Lambda@Edge function and 1 association checked by 27 rules\.\n$/);
  });

  it('--function filters the findings', async () => {
    const { stdout } = await lint(['--input', VIOLATIONS, '--output', 'json', '--function', 'origin-router']);
    const ids = JSON.parse(stdout).findings.map((f: { ruleId: string; functionName?: string }) => `${f.ruleId}:${f.functionName ?? ''}`);
    expect(ids.sort()).toEqual(['errors-billed:origin-router', 'near-timeout:origin-router', 'request-rate-headroom:', 'runtime-deprecated:origin-router']);
  });

  it('no Lambda@Edge function: says so on stderr, exits 0', async () => {
    const { code, stdout, stderr } = await lint(['--input', NO_EDGE, '--output', 'json']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/no Lambda@Edge functions found in .*snapshot-no-edge\.json/);
    expect(JSON.parse(stdout).findings).toEqual([]);
  });

  it('runtime deprecation follows the clock', async () => {
    const before = await runCli(['lint', '--input', WARNINGS, '--output', 'json'], { env: { EDGECOST_NOW: '2026-04-29T23:59:59Z' } });
    expect(JSON.parse(before.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'runtime-deprecated')).toBe(false);
  });
});

describe.concurrent('edgecost lint usage and input errors (exit 2)', () => {
  it.each([
    [[], /nothing to lint: give template or plan paths, --input SNAPSHOT, or --live/],
    [['--input', WARNINGS, '--live'], /choose one of --input and --live/],
    [['--input', WARNINGS, '--fail-on', 'fatal'], /--fail-on.*fatal/],
    [['--input', WARNINGS, '--rule', 'memory-limit=fatal'], /--rule expects RULE-ID=off\|error\|warning\|info/],
    [['--input', WARNINGS, '--rule', 'no-such-rule=off'], /unknown rule "no-such-rule"/],
    [['--input', WARNINGS, '--quota', 'viewer.memoryGB=1'], /unknown quota "viewer.memoryGB"/],
    [['--input', WARNINGS, '--quota', 'viewer.memoryMB=lots'], /--quota viewer\.memoryMB: expected a number/],
    [['--input', WARNINGS, '--output', 'xml'], /--output.*xml/],
    [['--input', WARNINGS, '--artifact', 'Fn=fn.zip'], /--artifact applies to template paths only/],
    [['--input', '/nonexistent/snapshot.json'], /\/nonexistent\/snapshot\.json: cannot read the snapshot \(ENOENT\)/],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await lint(args as string[]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('a malformed snapshot names file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-lint-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "schemaVersion": 1,\n  "kind": "edgecost.snapshot",\n  oops\n}\n');
    const { code, stderr } = await lint(['--input', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:4`);
  });

  it('a malformed --config names file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-lint-'));
    const config = join(dir, 'lint.json');
    writeFileSync(config, '{\n  "rules": {\n    "memory-limit": "fatal"\n  }\n}\n');
    const { code, stderr } = await lint(['--input', WARNINGS, '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${config}:3: not a valid lint configuration`);
  });

  it('--help shows examples, --verbose, one file per --input and every exit code, 3 included', async () => {
    const { code, stdout } = await runCli(['lint', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('$ edgecost lint template.yaml');
    expect(stdout).toContain('--fail-on <SEVERITY>');
    expect(stdout).toContain('--input <FILE>');
    expect(stdout).not.toContain('--input <FILE...>');
    expect(stdout).toMatch(/--verbose +also print the loaders' notes/);
    expect(stdout).toContain('$ edgecost lint --input us.json --input eu.json');
    expect(stdout).toContain('$ edgecost lint --live');
    for (const exit of ['0', '1', '2', '3']) expect(stdout).toMatch(new RegExp(`^  ${exit}  \\S`, 'm'));
    expect(stdout).toMatch(/^ {2}3 {2}AWS error with --live/m);
  });
});
