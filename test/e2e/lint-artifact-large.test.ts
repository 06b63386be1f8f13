import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

/** `--artifact` naming a folder with a file over 2 GiB: a finding, not a crash (issue 14, item 19). */
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'edgecost-big-artifact-'));
  await writeFile(join(folder, 'index.js'), 'exports.handler = async (e) => e;\n');
  const big = await open(join(folder, 'weights.bin'), 'w');
  await big.truncate(2_254_857_830); // sparse: nothing is written to disk
  await big.close();
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('lint --artifact with a file over 2 GiB', () => {
  it('reports the unzipped size over Lambda’s limit, exit 1, no stack trace', async () => {
    const run = await runCli(['lint', `${PROJECT_ROOT}examples/shop-v1.yaml`, '--artifact', `AuthCheckFunction=${folder}`, '--output', 'json']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; resource: string; severity: string; actual?: number; limit?: number }[] }).findings;
    const unzipped = findings.filter((f) => f.ruleId === 'package-size-limit' && f.severity === 'error');
    expect(unzipped).toEqual([expect.objectContaining({ resource: 'AuthCheckFunction', actual: 2_254_857_864, limit: 262_144_000 })]);
  });
});
