import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

/**
 * The package runs from its tarball: `npm pack` (of the built dist/, as `npm test` leaves it) is
 * unpacked into an empty folder, given the project's installed dependencies through a symlinked
 * node_modules (no network), and the CLI is run from there. Every data file the CLI reads at run
 * time must be in the tarball; tests and fixtures must not.
 */

interface PackedFile {
  path: string;
  size: number;
}
interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: PackedFile[];
}

const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; files: string[]; bin: Record<string, string> };
let workspace: string;
let packed: Packed;
let installed: string;
let bin: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'edgecost-tarball-'));
  // --ignore-scripts: dist/ is already built by `npm test`; packing must not rebuild it under the running tests.
  const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workspace], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  packed = (JSON.parse(output) as Packed[])[0]!;
  installed = join(workspace, 'installed');
  mkdirSync(installed);
  execFileSync('tar', ['-xzf', join(workspace, packed.filename), '-C', installed, '--strip-components=1']);
  symlinkSync(realpathSync(join(PROJECT_ROOT, 'node_modules')), join(installed, 'node_modules'), 'dir');
  bin = join(installed, manifest.bin.edgecost ?? 'bin/edgecost.js');
}, 120_000);

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

/** The unpacked package in an unrelated working folder, so nothing is found relative to the clone. */
function runPacked(args: string[]) {
  return runCli(args, { bin, cwd: workspace });
}

describe('the npm package', () => {
  it('is named edgecost-<version>.tgz and every path package.json#files names exists', () => {
    expect(packed.filename).toBe(`${manifest.name}-${manifest.version}.tgz`);
    for (const entry of manifest.files) expect(existsSync(join(PROJECT_ROOT, entry)), `package.json#files names ${entry}`).toBe(true);
  });

  it('holds the CLI, every data file read at run time, and no tests or fixtures', () => {
    const paths = packed.files.map((file) => file.path);
    for (const needed of [
      'bin/edgecost.js',
      'dist/cli/main.js',
      'dist/index.js',
      'pricing/aws-public.json',
      'pricing/pricing.schema.json',
      'schemas/snapshot.schema.json',
      'schemas/report.schema.json',
      'examples/shop-v1.yaml',
      'examples/shop-v2.yaml',
      'sql/cur-lambda-edge.sql',
      'pricing/usage-type-regions.json',
      'schemas/diff.schema.json',
      'schemas/reconciliation.schema.json',
      'docs/iam-policy.json',
      'docs/rules/README.md',
      'README.md',
      'LICENSE',
    ]) {
      expect(paths, needed).toContain(needed);
    }
    for (const file of readdirSync(join(PROJECT_ROOT, 'quotas'))) expect(paths).toContain(`quotas/${file}`);
    expect(paths.filter((path) => /^(test|src|bench|\.ci)\//.test(path) || path.includes('fixtures'))).toEqual([]);
  });

  it('runs --help from the unpacked tarball', async () => {
    const result = await runPacked(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: edgecost');
    for (const command of ['report', 'estimate', 'lint', 'recommend', 'gate', 'pricing', 'collect', 'diff', 'reconcile']) expect(result.stdout).toContain(command);
  });

  it('prices the demo account exactly as the clone does', async () => {
    const fromPackage = await runPacked(['report', '--demo', '--output', 'json']);
    const fromClone = await runCli(['report', '--demo', '--output', 'json']);
    expect(fromPackage.code).toBe(0);
    expect(fromPackage.stderr).toBe('');
    const packagedTotals = (JSON.parse(fromPackage.stdout) as { totals: { costUsd: number; invocations: number } }).totals;
    expect(packagedTotals).toEqual((JSON.parse(fromClone.stdout) as { totals: unknown }).totals);
    expect(packagedTotals.invocations).toBe(222_727_018);
  });

  it('estimates AWS’s worked example with the packaged price sheet', async () => {
    const result = await runPacked(['estimate', '--requests', '10000000', '--duration-ms', '10', '--memory-mb', '128', '--event', 'viewer-request', '--output', 'json']);
    expect(result.code).toBe(0);
    const estimate = JSON.parse(result.stdout) as { requestCostUsd: number; durationCostUsd: number; costUsd: number };
    expect(estimate.requestCostUsd).toBe(6);
    expect(estimate.durationCostUsd).toBe(0.625125);
    expect(estimate.costUsd).toBe(6.625125);
  });

  it('shows the packaged price sheet', async () => {
    const result = await runPacked(['pricing']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('0.60 USD per 1,000,000 requests');
    expect(result.stdout).toContain(join(installed, 'pricing', 'aws-public.json'));
  });

  it('lints the example template it ships', async () => {
    const result = await runPacked(['lint', join(installed, 'examples', 'shop-v1.yaml'), '--output', 'json']);
    expect(result.code).toBe(0);
    const lint = JSON.parse(result.stdout) as { findings: { ruleId: string; resource: string }[]; summary: { errors: number; warnings: number } };
    expect(lint.summary.errors).toBe(0);
    expect(lint.findings.map((finding) => finding.resource).sort()).toEqual(['AuthCheckFunction', 'ImageHeadersFunction', 'OriginRouterFunction']);
  });

  it('prices the example template change against the demo account', async () => {
    const examples = join(installed, 'examples');
    const result = await runPacked(['diff', '--demo', '--base', join(examples, 'shop-v1.yaml'), '--head', join(examples, 'shop-v2.yaml'), '--output', 'json']);
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout) as { kind: string; totals: { changeUsd: number | null } };
    expect(diff.kind).toBe('edgecost.diff');
    const fromClone = await runCli(['diff', '--demo', '--base', 'examples/shop-v1.yaml', '--head', 'examples/shop-v2.yaml', '--output', 'json']);
    expect(diff.totals).toEqual((JSON.parse(fromClone.stdout) as { totals: unknown }).totals);
    expect(diff.totals.changeUsd).toBeCloseTo(-67.59, 2);
  });

  it('reconciles the demo account with its sample bill (region codes and schema from the package)', async () => {
    const result = await runPacked(['reconcile', '--demo', '--output', 'json']);
    expect(result.code).toBe(0);
    const reconciliation = JSON.parse(result.stdout) as { kind: string; rows: unknown[]; totals: unknown };
    expect(reconciliation.kind).toBe('edgecost.reconciliation');
    const fromClone = await runCli(['reconcile', '--demo', '--output', 'json']);
    expect(reconciliation.rows).toEqual((JSON.parse(fromClone.stdout) as { rows: unknown[] }).rows);
    expect(reconciliation.rows.length).toBeGreaterThan(0);
  });
});
