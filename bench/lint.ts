import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lintInventory } from '../src/quotas/engine.js';
import { renderLintJson } from '../src/render/lint-json.js';
import { renderLintSarif } from '../src/render/lint-sarif.js';
import { renderLintTable } from '../src/render/lint-table.js';
import { loadQuotaTable, loadRuntimeTable } from '../src/sources/data-files.js';
import { packagePath } from '../src/sources/package-root.js';
import { loadTemplates } from '../src/sources/templates.js';
import { generateLargeTemplate, largeTemplateShape } from './lint-input.js';
import { generateTerraformFolder, terraformFolderShape } from './lint-terraform-input.js';

/**
 * `npm run bench:lint`: lints a generated 2,000-resource CloudFormation template (500 Lambda@Edge
 * functions, their versions, 500 distributions with 1,000 associations) — once in this process,
 * phase by phase, and once as a user runs it (`edgecost lint FILE`, a fresh process printing the table).
 * Target (issue 4): under 1 s. Then the same for a generated 2,000-resource Terraform folder
 * (`.tf` files, no plan: lint-terraform-input.ts), target (issue 11): under 1.5 s through the CLI.
 */
const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 2000);
const TARGET_MS = 1000;

const dir = mkdtempSync(join(tmpdir(), 'edgecost-bench-lint-'));
try {
  const shape = largeTemplateShape(RESOURCES);
  const line = (label: string, ms: number, extra = '') => console.log(`  ${label.padEnd(40)}${ms.toFixed(0).padStart(6)} ms${extra}`);
  console.log(
    `edgecost bench:lint: ${RESOURCES.toLocaleString('en-US')} resources (${shape.functions} functions, ${shape.distributions} distributions, ${shape.associations} associations)`,
  );
  const results: { format: string; cliMs?: number; inProcessMs: number }[] = [];
  for (const format of ['yaml', 'json'] as const) {
    const file = join(dir, `template.${format}`);
    writeFileSync(file, generateLargeTemplate(RESOURCES, format));
    const now = new Date('2026-11-28T12:00:00Z');
    const t0 = performance.now();
    const quotas = loadQuotaTable();
    const runtimes = loadRuntimeTable();
    const t1 = performance.now();
    const loaded = await loadTemplates([file]);
    const t2 = performance.now();
    const document = lintInventory(
      { inventory: loaded.inventory, defects: loaded.defects },
      { now, quotas, runtimes, source: { type: 'templates', files: loaded.files }, includeUnattachedFunctions: true },
    );
    const t3 = performance.now();
    const bytes = renderLintJson(document).length + renderLintTable(document, { color: false }).length + renderLintSarif(document, { toolVersion: 'bench' }).length;
    const t4 = performance.now();
    console.log(`\n ${format.toUpperCase()} template (${(generateLargeTemplate(RESOURCES, format).length / 1e6).toFixed(1)} MB)`);
    line('load quota and runtime tables', t1 - t0);
    line('read + resolve the template', t2 - t1, `   → ${loaded.inventory.functions.length} functions`);
    line('run every rule', t3 - t2, `   → ${document.findings.length.toLocaleString('en-US')} findings (${document.summary.errors} errors)`);
    line('render json + table + sarif', t4 - t3, ` (${(bytes / 1e6).toFixed(1)} MB)`);
    line('in process: load, lint, render', t4 - t0);
    let cliMs: number | undefined;
    const bin = packagePath('bin/edgecost.js');
    if (existsSync(packagePath('dist/cli/main.js'))) {
      const c0 = performance.now();
      const child = spawnSync(process.execPath, [bin, 'lint', file, '--quiet'], { env: { ...process.env, EDGECOST_NOW: now.toISOString() }, maxBuffer: 1 << 28 });
      cliMs = performance.now() - c0;
      line('CLI: edgecost lint FILE (table)', cliMs, ` (exit ${child.status}, startup included)`);
    } else {
      console.log('  (dist/ not built: run `npm run build` to time the CLI too)');
    }
    results.push({ format, inProcessMs: t4 - t0, cliMs });
  }
  const worst = Math.max(...results.map((r) => r.cliMs ?? r.inProcessMs));
  console.log(
    `\n  target: a ${RESOURCES.toLocaleString('en-US')}-resource template linted in under ${TARGET_MS.toLocaleString('en-US')} ms → ${worst < TARGET_MS ? 'met' : 'NOT met'} (slowest: ${worst.toFixed(0)} ms)`,
  );
  await benchTerraform(dir, line);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** The Terraform folder: in process (parse + evaluate + lint) and through the CLI. */
async function benchTerraform(dir: string, line: (label: string, ms: number, extra?: string) => void): Promise<void> {
  const TF_TARGET_MS = 1500;
  const folder = join(dir, 'terraform');
  mkdirSync(folder);
  const files = generateTerraformFolder(RESOURCES);
  let bytes = 0;
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(folder, name), text);
    bytes += text.length;
  }
  const shape = terraformFolderShape(RESOURCES);
  console.log(
    `\n Terraform folder: ${Object.keys(files).length} .tf files (${(bytes / 1e6).toFixed(1)} MB; ${shape.functions} functions, ${shape.distributions} distributions, ${shape.associations} associations)`,
  );
  const now = new Date('2026-11-28T12:00:00Z');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const loaded = await loadTemplates([folder]);
  const cpu = process.cpuUsage(cpu0);
  const t1 = performance.now();
  const document = lintInventory(
    { inventory: loaded.inventory, defects: loaded.defects },
    { now, quotas: loadQuotaTable(), runtimes: loadRuntimeTable(), source: { type: 'templates', files: loaded.files }, includeUnattachedFunctions: true },
  );
  const t2 = performance.now();
  line(
    'read + evaluate the .tf files',
    t1 - t0,
    `   → ${loaded.inventory.functions.length} functions (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms: wall time includes waiting for a busy machine)`,
  );
  line('run every rule', t2 - t1, `   → ${document.findings.length.toLocaleString('en-US')} findings (${document.summary.errors} errors)`);
  let cliMs: number | undefined;
  let cliCpuMs: number | undefined;
  if (existsSync(packagePath('dist/cli/main.js'))) {
    const cpuBefore = childrenCpuMs();
    const c0 = performance.now();
    const child = spawnSync(process.execPath, [packagePath('bin/edgecost.js'), 'lint', folder, '--quiet'], {
      env: { ...process.env, EDGECOST_NOW: now.toISOString() },
      maxBuffer: 1 << 28,
    });
    cliMs = performance.now() - c0;
    const cpuAfter = childrenCpuMs();
    if (cpuBefore !== undefined && cpuAfter !== undefined) cliCpuMs = cpuAfter - cpuBefore;
    line('CLI: edgecost lint FOLDER (table)', cliMs, ` (exit ${child.status}, startup included${cliCpuMs === undefined ? '' : `; CPU ${cliCpuMs.toFixed(0)} ms`})`);
  }
  const measured = cliMs ?? t2 - t0;
  console.log(
    `\n  target: a ${RESOURCES.toLocaleString('en-US')}-resource Terraform folder linted through the CLI in under ${TF_TARGET_MS.toLocaleString('en-US')} ms → ${measured < TF_TARGET_MS ? 'met' : 'NOT met'} (${measured.toFixed(0)} ms${cliCpuMs === undefined ? '' : `; CPU ${cliCpuMs.toFixed(0)} ms — on a busy machine wall time also counts waiting for a core`})`,
  );
}

/** CPU time (user + system) of the child processes waited for so far, from /proc (Linux; elsewhere undefined). */
function childrenCpuMs(): number | undefined {
  try {
    // Fields after "pid (comm) ": state is field 3, cutime 16 and cstime 17, in clock ticks (USER_HZ, 100 on Linux).
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}
