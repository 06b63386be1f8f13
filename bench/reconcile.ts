import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { reconcile } from '../src/reconcile/reconcile.js';
import { renderJson } from '../src/render/json.js';
import { renderReconciliationTable } from '../src/render/reconcile-text.js';
import { readCurBill } from '../src/sources/cur-duckdb.js';
import { loadPricing } from '../src/sources/data-files.js';
import { usageTypeRegions } from '../src/sources/reconcile-data.js';
import { BENCH_REGIONS, generateSnapshot } from './generate-snapshot.js';

/**
 * `npm run bench:reconcile`: a CUR 2.0 export of 1,000,000 Lambda@Edge line items (Parquet, with
 * resource IDs: 100 functions × 13 regions × 2 usage types, hourly lines over October 2026)
 * reconciled through DuckDB against a generated snapshot of the same functions and regions.
 * Target (issue 13): under 3 s and under 400 MB peak on this machine. The parent writes the export
 * with DuckDB; a fresh child process reads, reconciles and renders it, as `reconcile --cur` would,
 * and reports its own peak memory.
 */
const LINE_ITEMS = Number(process.env.BENCH_LINE_ITEMS ?? 1_000_000);
const FUNCTIONS = 100;

async function writeExport(file: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const codes = BENCH_REGIONS.map((region) => `'${usageTypeRegions().codeByRegion.get(region)}'`).join(', ');
  const perGroup = FUNCTIONS * BENCH_REGIONS.length * 2;
  // Line i: function i % 100, region (i / 100) % 13, unit (i / 1300) % 2, then hour of the month.
  await connection.run(`COPY (
    SELECT
      'line-' || i AS identity_line_item_id,
      '123456789012' AS bill_payer_account_id,
      '123456789012' AS line_item_usage_account_id,
      'Usage' AS line_item_line_item_type,
      TIMESTAMP '2026-10-01 00:00:00' + INTERVAL (CAST(floor(i / ${perGroup}) AS BIGINT) % (31 * 24)) HOUR AS line_item_usage_start_date,
      'AWSLambda' AS line_item_product_code,
      list_extract([${codes}], CAST(floor(i / ${FUNCTIONS}) AS BIGINT) % ${BENCH_REGIONS.length} + 1) || CASE WHEN CAST(floor(i / ${FUNCTIONS * BENCH_REGIONS.length}) AS BIGINT) % 2 = 0 THEN '-Lambda-Edge-Request' ELSE '-Lambda-Edge-GB-Second' END AS line_item_usage_type,
      'arn:aws:lambda:us-east-1:123456789012:function:fn-' || (i % ${FUNCTIONS}) AS line_item_resource_id,
      CAST(1000 + i % 977 AS DOUBLE) AS line_item_usage_amount,
      CAST((1000 + i % 977) * 0.0000006 AS DOUBLE) AS line_item_unblended_cost,
      CAST((1000 + i % 977) * 0.00000057 AS DOUBLE) AS line_item_net_unblended_cost,
      'us-east-1' AS product_region_code
    FROM range(${LINE_ITEMS}) t(i)
  ) TO '${file}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

async function measure(file: string): Promise<void> {
  const pricing = loadPricing();
  const now = new Date('2026-11-28T00:00:00Z');
  const snapshot = generateSnapshot(FUNCTIONS);
  const cpu = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const c0 = cpu();
  const t0 = performance.now();
  const bill = await readCurBill(file, snapshot.window);
  const t1 = performance.now();
  const c1 = cpu();
  const doc = reconcile(snapshot, bill, { pricing, now, tolerancePercent: 1, regions: usageTypeRegions() });
  const t2 = performance.now();
  const c2 = cpu();
  const output = renderJson(doc).length + renderReconciliationTable(doc, { color: false }).length;
  const t3 = performance.now();
  const c3 = cpu();
  const peakMB = process.resourceUsage().maxRSS / 1024;
  // CPU time beside wall time: on a shared machine the wall clock also measures the neighbours.
  const line = (label: string, ms: number, cpuMs: number, extra = '') => console.log(`  ${label.padEnd(44)}${ms.toFixed(0).padStart(6)} ms (cpu ${cpuMs.toFixed(0)} ms)${extra}`);
  console.log(
    `edgecost bench:reconcile: ${LINE_ITEMS.toLocaleString('en-US')} CUR 2.0 line items (${(statSync(file).size / 1e6).toFixed(1)} MB of Parquet), ${FUNCTIONS} functions × ${BENCH_REGIONS.length} regions`,
  );
  line('DuckDB: load, query (sql/cur-lambda-edge.sql)', t1 - t0, c1 - c0, ` → ${bill.lines.length.toLocaleString('en-US')} summed lines`);
  line('reconcile', t2 - t1, c2 - c1, ` → ${doc.rows.length.toLocaleString('en-US')} rows, billed $${doc.totals.billedCostUsd.toFixed(2)}`);
  line('render json + table', t3 - t2, c3 - c2, ` (${(output / 1e6).toFixed(1)} MB)`);
  line('whole run: read, reconcile, render', t3 - t0, c3 - c0);
  console.log(`  ${'peak memory (max RSS)'.padEnd(44)}${peakMB.toFixed(0).padStart(6)} MB`);
  console.log(`  ${'load average (1 min) / cores'.padEnd(44)}${loadavg()[0]!.toFixed(1).padStart(6)} / ${availableParallelism()}`);
  console.log(
    `  target: under 3,000 ms and under 400 MB peak → ${t3 - t0 < 3000 && peakMB < 400 ? 'met' : 'NOT met'} (wall ${(t3 - t0).toFixed(0)} ms, cpu ${(c3 - c0).toFixed(0)} ms, ${peakMB.toFixed(0)} MB)`,
  );
}

if (process.argv[2] === '--measure') {
  await measure(process.argv[3]!);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'edgecost-bench-reconcile-'));
  const file = join(dir, 'cur2.parquet');
  await writeExport(file);
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', file], { stdio: 'inherit' });
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = child.status ?? 1;
}
