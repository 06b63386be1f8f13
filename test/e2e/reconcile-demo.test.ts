import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/model/schema.js';
import { loadPricing } from '../../src/pricing/sheet.js';
import { writeParquetOf } from '../fake-aws/index.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

/** `reconcile --demo`: the demo account beside its sample bill, with no AWS and no DuckDB. */
const dir = mkdtempSync(join(tmpdir(), 'edgecost-reconcile-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reconcile --demo', () => {
  it('json: valid against the schema, every row within tolerance, exit 0', async () => {
    const { code, stdout, stderr } = await runCli(['reconcile', '--demo', '--output', 'json', '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(compileSchema('schemas/reconciliation.schema.json')(doc)).toBeUndefined();
    expect(doc.bill).toMatchObject({ source: 'cost-explorer', apiRequests: 0, demo: true });
    expect(doc.totals.billedRequests).toBe(doc.totals.invocations);
    expect(doc.totals.rowsOutsideTolerance).toBe(0);
  });

  it('a tolerance tighter than the rounding difference flags every row and exits 1', async () => {
    const { code, stdout } = await runCli(['reconcile', '--demo', '--tolerance', '0.001', '--output', 'json', '--quiet']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).totals.rowsOutsideTolerance).toBeGreaterThan(0);
  });

  it.each(['table', 'markdown', 'csv'])('%s output names the discount and the credit', async (format) => {
    const { code, stdout } = await runCli(['reconcile', '--demo', '--output', format, '--quiet']);
    expect(code).toBe(0);
    if (format === 'csv') {
      expect(stdout.split('\n')[0]).toBe(
        'region,usageTypePrefix,accountId,functionName,billedRequests,invocations,billedGbSeconds,gbSecondsLow,gbSecondsPoint,gbSecondsHigh,billedCostUsd,billedNetCostUsd,costUsd,costDiffPercent,withinTolerance,causes',
      );
      expect(stdout).toContain('us-east-1,USE1,111122223333,');
    } else {
      expect(stdout).toContain('Effective rates');
      expect(stdout).toMatch(/Credit -\$5\.00/);
      expect(stdout).toMatch(/discount/);
    }
  });

  it('--write-pricing writes a valid sheet with the demo GB-second discount; a bad --tolerance exits 2', async () => {
    const file = join(dir, 'demo-rates.json');
    const { code } = await runCli(['reconcile', '--demo', '--write-pricing', file, '--quiet']);
    expect(code).toBe(0);
    const sheet = loadPricing(file);
    expect(sheet.rates.lambdaEdgeGbSecondUsd.toNumber()).toBeLessThan(0.00005001);
    expect(JSON.parse(readFileSync(file, 'utf8')).kind).toBe('edgecost.pricing');
    // an existing price sheet is replaced (updating learned rates is the intent)
    expect((await runCli(['reconcile', '--demo', '--write-pricing', file, '--quiet'])).code).toBe(0);
    const bad = await runCli(['reconcile', '--demo', '--tolerance', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tolerance expects a percentage');
  });
});

describe('reconcile loads heavy modules only when it needs them', () => {
  const HOOK = pathToFileURL(join(PROJECT_ROOT, 'test/fixtures/aws/sdk-import-log.mjs')).href;
  const loaded = async (args: string[], name: string) => {
    const log = join(dir, `${name}.log`);
    const result = await runCli(args, { env: { NODE_OPTIONS: `--import=${HOOK}`, EDGECOST_SDK_IMPORT_LOG: log } });
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      // nothing was logged
    }
    return { code: result.code, modules: text.split('\n').filter(Boolean) };
  };

  it('--demo loads neither the AWS SDK nor DuckDB', async () => {
    const run = await loaded(['reconcile', '--demo', '--output', 'json'], 'demo');
    expect(run.code).toBe(0);
    expect(run.modules).toEqual([]);
  });

  it('--cur loads DuckDB and no AWS SDK module', async () => {
    const notCur = join(dir, 'one-column.parquet');
    await writeParquetOf('SELECT 1 AS a', notCur);
    const run = await loaded(['reconcile', '--demo', '--cur', notCur], 'cur');
    expect(run.code).toBe(2);
    expect(run.modules).toContain('@duckdb/node-api');
    expect(run.modules.some((m) => m.startsWith('@aws-sdk/'))).toBe(false);
  });
});
