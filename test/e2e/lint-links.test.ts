import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { findingsOf as findings, lintJson } from '../helpers/lint-json.js';

/** Issue 11, items 6 and 7 through the CLI: cross-stack imports, unbuilt packages, CDK assets, inline code. */
const NOW = '2026-12-03T10:00:00Z';
const json = (args: string[]) => lintJson(args, NOW);

describe.concurrent('lint: cross-stack links and package sizes (issue 11)', () => {
  it('6. an export/import pair linted together: findings on both files, exit 1; the importer alone names what it searched, exit 0', async () => {
    const together = await json(['test/fixtures/lint/cross-stack']);
    expect(together.code).toBe(1);
    expect(findings(together.stdout).map((f) => [f.ruleId, f.severity, f.resource, f.file, f.line])).toEqual([
      ['unversioned-function-arn', 'error', 'Distribution', 'test/fixtures/lint/cross-stack/distribution.yaml', 29],
      ['memory-limit', 'error', 'ViewerAuth', 'test/fixtures/lint/cross-stack/edge-functions.yaml', 18],
    ]);
    const alone = await json(['test/fixtures/lint/cross-stack/distribution.yaml']);
    expect(alone.code).toBe(0);
    const unresolved = findings(alone.stdout).filter((f) => f.ruleId === 'unresolved-function');
    expect(unresolved).toHaveLength(2);
    for (const finding of unresolved) {
      expect(finding.severity).toBe('warning');
      expect(finding.message).toContain('which no template of this run exports (searched only this template');
      expect(finding.message).not.toContain("lint that stack's template too");
    }
  });

  it('7a. an unbuilt CodeUri is a lower bound: a warning under the limit (exit 0, exit 1 with --fail-on warning), an error "at least" over it', async () => {
    const file = 'test/fixtures/lint/package-size/sam-unbuilt/template.yaml';
    const { code, stdout } = await json([file]);
    expect(code).toBe(0);
    const list = findings(stdout);
    expect(list.map((f) => [f.ruleId, f.severity, f.resource, f.limit])).toEqual([
      ['package-size-limit', 'warning', 'ViewerAuth', 1_048_576],
      ['package-size-limit', 'warning', 'OriginPy', 52_428_800],
    ]);
    expect(list[0]!.message).toContain('a lower bound (CodeUri viewer-auth/ is not built: its package.json lists 2 dependencies and it has no node_modules folder)');
    expect(list[0]!.message).toContain('run `sam build` and lint test/fixtures/lint/package-size/sam-unbuilt/.aws-sam/build/template.yaml');
    expect(list[1]!.message).toContain('its requirements.txt lists 2 requirements and no installed package');
    expect((await runCli(['lint', file, '--fail-on', 'warning'], { env: { EDGECOST_NOW: NOW } })).code).toBe(1);
    // A lower bound already over the limit is an error.
    const over = await json([file, '--quota', 'viewer.compressedPackageBytes=300']);
    expect(over.code).toBe(1);
    const error = findings(over.stdout).find((f) => f.resource === 'ViewerAuth')!;
    expect([error.severity, error.limit]).toEqual(['error', 300]);
    expect(error.message).toMatch(/^compressed package at least [\d,]+ bytes \(CodeUri viewer-auth\/ is not built: .*\) is over the 300 bytes limit of viewer-request/);
  });

  it('7b. a cdk.out whose asset is named only in *.assets.json is measured', async () => {
    const { code, stdout } = await json(['test/fixtures/lint/package-size/cdk-assets-only/cdk.out', '--quota', 'viewer.compressedPackageBytes=200']);
    expect(code).toBe(1);
    expect(findings(stdout).map((f) => [f.ruleId, f.severity, f.resource, f.actual, f.limit])).toEqual([['package-size-limit', 'error', 'ViewerRewrite', 252, 200]]);
  });

  it('7c. inline !Sub / !Join code is measured from the template and never asks for --artifact', async () => {
    const { code, stdout, stderr } = await json(['test/fixtures/lint/package-size/inline-code.yaml', '--verbose']);
    expect(code).toBe(0);
    expect(findings(stdout)).toEqual([]);
    expect(stderr).not.toContain('--artifact');
    expect(stderr).toContain('SubUnknown: the inline code is about 88 bytes');
  });
});
