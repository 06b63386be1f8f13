import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../bench/generate-snapshot.js';
import { compileSchema } from '../../src/sources/json-data.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

/** `edgecost diff` spawned on the bundled demo account with the shipped example templates. */
const DEMO = ['diff', '--demo', '--base', 'examples/shop-v1.yaml', '--head', 'examples/shop-v2.yaml'];
const dir = mkdtempSync(join(tmpdir(), 'edgecost-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('edgecost diff --demo (examples/shop-v1.yaml → shop-v2.yaml)', () => {
  it('json: valid against schemas/diff.schema.json; the memory raise, the move and the added association are priced', async () => {
    const run = await runCli([...DEMO, '--output', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(compileSchema('schemas/diff.schema.json')(doc)).toBeUndefined();
    expect(doc.kind).toBe('edgecost.diff');
    const byResource = Object.fromEntries(doc.functions.map((f: { resource: string }) => [f.resource, f]));
    expect(byResource.AuthCheckFunction).toMatchObject({ functionName: 'auth-check', status: 'changed', match: { by: 'function-name' } });
    expect(byResource.AuthCheckFunction.changes).toContainEqual({
      property: 'association',
      from: 'viewer-request on ShopDistribution *',
      to: 'origin-request on ShopDistribution *',
    });
    expect(byResource.AuthCheckFunction.changeUsd).toBeLessThan(0);
    expect(byResource.ImageHeadersFunction.changes).toContainEqual({ property: 'memoryMB', from: 256, to: 512 });
    expect(byResource.ImageHeadersFunction.changes).toContainEqual({ property: 'association', from: null, to: 'origin-response on ShopDistribution *' });
    expect(byResource.ImageHeadersFunction.changeUsd).toBeGreaterThan(0);
    expect(byResource.OriginRouterFunction).toMatchObject({ status: 'removed', headMonthlyUsd: 0 });
    expect(byResource.OriginRouterFunction.changeUsd).toBeCloseTo(-byResource.OriginRouterFunction.baseMonthlyUsd, 12);
    const sum = doc.functions.reduce((a: number, f: { changeUsd: number }) => a + f.changeUsd, 0);
    expect(doc.totals.changeUsd).toBeCloseTo(sum, 9);
    expect(doc.totals.unknownCount).toBe(0);
    // the auth-check move agrees with recommend's move-to-origin-event for the same association
    const advice = JSON.parse((await runCli(['recommend', '--demo', '--output', 'json'])).stdout);
    const move = advice.recommendations.find(
      (r: { kind: string; functionName: string; distributionId: string }) =>
        r.kind === 'move-to-origin-event' && r.functionName === 'auth-check' && r.distributionId === 'E1SHOPWEB0001',
    );
    const report = JSON.parse((await runCli(['report', '--demo', '--output', 'json'])).stdout);
    const authRunRate =
      report.functions.filter((f: { functionName: string }) => f.functionName === 'auth-check').reduce((a: number, f: { costUsd: number }) => a + f.costUsd, 0) * (30.4375 / 31);
    expect(byResource.AuthCheckFunction.baseMonthlyUsd).toBeCloseTo(authRunRate, 9);
    expect(byResource.AuthCheckFunction.changeUsd).toBeCloseTo(move.projectedMonthlyCostUsd - move.currentMonthlyCostUsd, 9);
  });

  it('markdown: one summary line, a table, assumptions folded', async () => {
    const run = await runCli([...DEMO, '--output', 'markdown']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^### .+ Lambda@Edge cost of this change: \*\*-\$\d+\.\d\d \/ month \(-\d+(\.\d)? %\)\*\*$/);
    expect(run.stdout).toContain('| Resource | Function | Status |');
    expect(run.stdout).toMatch(/<details><summary>Assumptions<\/summary>[\s\S]+<\/details>/);
  });

  it('github: notice annotations on the changed lines', async () => {
    const run = await runCli([...DEMO, '--output', 'github']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::notice file=examples\/shop-v2\.yaml,line=25,title=edgecost diff%3A -\$\d+\.\d\d \/ month::AuthCheckFunction/m);
    expect(run.stdout).toMatch(/^::notice file=examples\/shop-v2\.yaml,line=50,title=edgecost diff%3A \+\$/m);
  });

  it('names from the templates cannot inject into the terminal, Markdown or workflow commands', async () => {
    const evil = 'Evil';
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ${evil}:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: "x\\u001b[31m<img src=x>@admin | ::error::boom\\nnext"
      Runtime: nodejs22.x
      Handler: index.handler
      Role: arn:aws:iam::111122223333:role/r
      MemorySize: 128
      Timeout: 5
      Code: { ZipFile: "exports.handler = async () => 1;" }
  EvilVersion:
    Type: AWS::Lambda::Version
    Properties: { FunctionName: !Ref ${evil} }
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        DefaultCacheBehavior:
          LambdaFunctionAssociations:
            - EventType: viewer-request
              LambdaFunctionARN: !Ref EvilVersion
`;
    const head = join(dir, 'evil.yaml');
    writeFileSync(head, text);
    const base = join(dir, 'empty.yaml');
    writeFileSync(base, 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
    const args = ['diff', '--demo', '--base', base, '--head', head];
    const table = await runCli([...args]);
    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain('\u001b');
    expect(table.stdout).toContain('<img src=x>');
    const markdown = (await runCli([...args, '--output', 'markdown'])).stdout;
    // The shared Markdown escaper: a backslash before every markup character, no live @-mention.
    expect(markdown).not.toMatch(/(?<!\\)<img|@admin/);
    expect(markdown).toContain('\\<img src=x\\>@&#8203;admin \\| ::error::boom');
    const github = (await runCli([...args, '--output', 'github'])).stdout;
    for (const line of github.split('\n').filter(Boolean)) expect(line).toMatch(/^::notice /);
    expect(github).not.toMatch(/\n::error/);
  });

  it('bad input: exit 2 with the file and line; missing --base is a usage error', async () => {
    // (A duplicate key is no longer bad input: CloudFormation keeps the last value, and so does lint.)
    const run = await runCli(['diff', '--demo', '--base', 'test/fixtures/templates/malformed/invalid-indentation.yaml', '--head', 'examples/shop-v2.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/invalid-indentation\.yaml:7:1: invalid YAML/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const usage = await runCli(['diff', '--demo', '--head', 'examples/shop-v2.yaml']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--base PATH or --base-ref REF/);
  });

  it('templates are read beside the usage (a worker thread), and their error is still told first', async () => {
    const badSnapshot = join(dir, 'bad-snapshot.json');
    writeFileSync(badSnapshot, '{"schemaVersion": 1,\n  "kind": "edgecost.snapshot",\n  "window": 7\n}\n');
    const badTemplate = 'test/fixtures/templates/malformed/invalid-indentation.yaml';
    const both = await runCli(['diff', '--input', badSnapshot, '--base', badTemplate, '--head', 'examples/shop-v2.yaml']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/invalid-indentation\.yaml:7:1: invalid YAML/);
    expect(both.stderr).not.toMatch(/bad-snapshot/);
    const snapshotOnly = await runCli(['diff', '--input', badSnapshot, '--base', 'examples/shop-v1.yaml', '--head', 'examples/shop-v2.yaml']);
    expect(snapshotOnly.code).toBe(2);
    expect(snapshotOnly.stderr).toMatch(/bad-snapshot\.json:\d+: /);
    expect(snapshotOnly.stderr).not.toMatch(/\n\s+at /);
  });

  it('a template error found while a large snapshot is still being read is told once, exit 2 (no unhandled rejection)', async () => {
    const big = join(dir, 'big-snapshot.json');
    writeFileSync(big, JSON.stringify(generateSnapshot(1500)));
    const run = await runCli(['diff', '--input', big, '--base', 'examples/shop-v1.yaml', '--head', join(dir, 'no-such-template.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no-such-template\.yaml/);
    expect(run.stderr).not.toMatch(/Unhandled|\n\s+at /);
    expect(
      run.stderr
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('edgecost:')),
    ).toHaveLength(1);
  });

  it('--base-ref REF reads the head paths as they were at a git ref (git show REF:path)', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'edgecost-diff-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'pipe' });
    try {
      git('init', '-q');
      copyFileSync(join(PROJECT_ROOT, 'examples/shop-v1.yaml'), join(repo, 'template.yaml'));
      git('add', 'template.yaml');
      git('commit', '-qm', 'v1');
      copyFileSync(join(PROJECT_ROOT, 'examples/shop-v2.yaml'), join(repo, 'template.yaml'));
      const viaRef = await runCli(['diff', '--demo', '--base-ref', 'HEAD', '--head', 'template.yaml', '--output', 'json'], { cwd: repo });
      expect(viaRef.stderr).toBe('');
      expect(viaRef.code).toBe(0);
      const direct = JSON.parse((await runCli([...DEMO, '--output', 'json'])).stdout);
      const doc = JSON.parse(viaRef.stdout);
      expect(doc.base.ref).toBe('HEAD');
      expect(doc.totals).toEqual(direct.totals);
      const missing = await runCli(['diff', '--demo', '--base-ref', 'no-such-ref', '--head', 'template.yaml'], { cwd: repo });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/no-such-ref/);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
