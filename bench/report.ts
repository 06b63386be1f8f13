import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { renderReportJson, renderReportTable } from '../src/render/report-text.js';
import { buildReport } from '../src/report/build.js';
import { loadPricing } from '../src/sources/data-files.js';
import { readSnapshot } from '../src/sources/snapshot.js';
import { generateSnapshot } from './generate-snapshot.js';

/**
 * `npm run bench`: prices a generated snapshot of 5,000 functions × 13 regions × 31 days.
 * Target (issue 2): under 1 s and under 300 MB peak on a 2-core machine.
 * The parent writes the snapshot; a fresh child process reads, validates, prices and renders it,
 * as `edgecost report --input` would, and reports its own peak memory.
 */
const FUNCTIONS = Number(process.env.BENCH_FUNCTIONS ?? 5000);

async function measure(file: string): Promise<void> {
  const pricing = loadPricing();
  const now = new Date('2026-11-28T00:00:00Z');
  const t0 = performance.now();
  const snapshot = await readSnapshot(file);
  const t1 = performance.now();
  const report = buildReport(snapshot, { pricing, now });
  const t2 = performance.now();
  const output = renderReportJson(report).length + renderReportTable(report, { groupBy: 'function', color: false }).length;
  const t3 = performance.now();
  const warm = performance.now();
  buildReport(snapshot, { pricing, now });
  const warmMs = performance.now() - warm;
  const peakMB = process.resourceUsage().maxRSS / 1024;
  const rows = snapshot.usage.length * snapshot.window.days;
  const line = (label: string, ms: number, extra = '') => console.log(`  ${label.padEnd(38)}${ms.toFixed(0).padStart(6)} ms${extra}`);
  console.log(
    `edgecost bench: ${FUNCTIONS} functions × 13 regions × ${snapshot.window.days} days = ${rows.toLocaleString('en-US')} daily rows (${snapshot.usage.length.toLocaleString('en-US')} series)`,
  );
  line('read + validate snapshot file', t1 - t0, ` (${(statSync(file).size / 1e6).toFixed(0)} MB of JSON)`);
  line('price (buildReport)', t2 - t1, `   → total $${report.totals.costUsd.toFixed(2)}`);
  line('price again (warm)', warmMs);
  line('render json + table', t3 - t2, ` (${(output / 1e6).toFixed(1)} MB)`);
  line('whole run: read, price, render', t3 - t0);
  console.log(`  ${'peak memory (max RSS)'.padEnd(38)}${peakMB.toFixed(0).padStart(6)} MB`);
  console.log(`  target: pricing under 1,000 ms and peak under 300 MB → ${t2 - t1 < 1000 && peakMB < 300 ? 'met' : 'NOT met'}`);
}

if (process.argv[2] === '--measure') {
  await measure(process.argv[3]!);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'edgecost-bench-'));
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, JSON.stringify(generateSnapshot(FUNCTIONS)));
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', file], { stdio: 'inherit' });
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = child.status ?? 1;
}
