import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reconciliation, ReconciliationRow } from '../../src/reconcile/document.js';
import { loadPricing } from '../../src/sources/data-files.js';
import { compileSchema } from '../../src/sources/json-data.js';
import { type FakeAws, generateCurFixture, reconcileScenario, startFakeAws, writeParquetOf } from '../fake-aws/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * `edgecost reconcile` spawned against the fake AWS (CloudWatch usage of reconcileScenario(), its
 * bill in the fake Cost Explorer, the same bill as a CUR 2.0 Parquet export read with DuckDB, and
 * the fake Athena running the received SQL over that export). Hand-computed (see bill.ts): billed
 * requests equal invocations per region; us-east-1 billed GB-s = Σ (Duration sum + 0.45 ms × n) ×
 * memory / 1,024,000 = 918.75 + 435 + 7,567.5 + 756.75 + 6,013.5 = 15,691.5, inside edgecost's
 * [15,300, 16,170] (low = sums only, high = + 1 ms per invocation).
 */
let fake: FakeAws;
let dir: string;
let snapshotFile: string;
const env = () => ({ AWS_ENDPOINT_URL: fake.url, EDGECOST_NOW: '2026-11-01T06:00:00Z', EDGECOST_RETRY_BASE_DELAY_MS: '1', EDGECOST_ATHENA_POLL_MS: '1' });
const row = (doc: Reconciliation, region: string | null, functionName: string | null = null) =>
  doc.rows.find((r) => r.region === region && r.functionName === functionName) as ReconciliationRow;
const codes = (r: ReconciliationRow) => r.causes.map((c) => c.code);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgecost-reconcile-'));
  await generateCurFixture(join(dir, 'cur'));
  const scenario = reconcileScenario();
  scenario.athena = {
    database: 'cur',
    table: 'cur2',
    parquetGlob: join(dir, 'cur', 'data', '**', '*.parquet'),
    workgroups: { primary: undefined, reports: 's3://example-athena-results/edgecost/' },
  };
  fake = await startFakeAws(scenario);
  snapshotFile = join(dir, 'october.json');
  const collected = await runCli(['collect', '--month', '2026-10', '--regions', 'all', '-o', snapshotFile, '--quiet'], { env: env() });
  expect(collected.code).toBe(0);
});

afterAll(async () => {
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reconcile against Cost Explorer (fake AWS)', () => {
  it('matches requests exactly, puts billed GB-s inside [low, high], names the region it did not read, and exits 1', async () => {
    fake.clearRequests();
    const { code, stdout, stderr } = await runCli(['reconcile', '--month', '2026-10', '--output', 'json'], { env: env() });
    expect(code).toBe(1);
    const doc = JSON.parse(stdout) as Reconciliation;
    expect(doc.kind).toBe('edgecost.reconciliation');
    expect(compileSchema('schemas/reconciliation.schema.json')(doc)).toBeUndefined();
    expect(doc.bill.source).toBe('cost-explorer');
    const ceCalls = fake.callCount(undefined, { service: 'ce' });
    expect(doc.bill.apiRequests).toBe(ceCalls);
    expect(ceCalls).toBeGreaterThanOrEqual(3 + 2); // usage types paged by 3, two daily queries paged by 2 days
    expect(stderr).toContain(`Cost Explorer: ${ceCalls} request(s) made, billed $0.01 each`);
    expect(doc.bill.estimatedDays).toEqual(['2026-10-31']);

    const expected: Record<string, number> = { 'us-east-1': 5_790_000, 'eu-west-1': 2_865_000, 'ap-northeast-1': 930_000, 'sa-east-1': 130_000 };
    for (const [region, invocations] of Object.entries(expected)) {
      const r = row(doc, region);
      expect(r.billedRequests).toBe(invocations);
      expect(r.invocations).toBe(invocations);
      expect(r.billedGbSeconds).toBeGreaterThanOrEqual(r.gbSecondsLow!);
      expect(r.billedGbSeconds).toBeLessThanOrEqual(r.gbSecondsHigh!);
      expect(r.withinTolerance).toBe(true);
      expect(codes(r)).not.toContain('requests-differ');
    }
    const east = row(doc, 'us-east-1');
    expect(east.billedGbSeconds).toBeCloseTo(15_691.5, 6);
    expect([east.gbSecondsLow, east.gbSecondsPoint, east.gbSecondsHigh]).toEqual([15_300, 15_735, 16_170]);
    expect(east.billedCostUsd).toBeCloseTo(3.474 + 15_691.5 * 0.00005001, 8);
    expect(east.costUsd).toBeCloseTo(4.26090735, 10);
    expect(codes(east)).toEqual(expect.arrayContaining(['days-not-final', 'credits', 'discount']));
    expect(east.adjustmentsUsd).toEqual({ Credit: -0.25 });

    const paris = row(doc, 'eu-west-3');
    expect(paris).toMatchObject({ usageTypePrefix: 'EUW3', billedRequests: 150_000, invocations: null, costUsd: null, withinTolerance: false });
    expect(codes(paris)).toContain('region-not-collected');
    expect(paris.causes.find((c) => c.code === 'region-not-collected')?.message).toContain('--regions all');
    expect(doc.totals.rowsOutsideTolerance).toBe(1);

    const gb = doc.effectiveRates.find((r) => r.unit === 'gb-second')!;
    expect(gb.billedUsd).toBeCloseTo(0.00005001, 12);
    expect(gb.differs).toBe(true);
    expect(gb.netUsd!).toBeLessThan(0.00005001);
    expect(doc.effectiveRates.find((r) => r.unit === 'request')).toMatchObject({ differs: false });
    expect(fake.nonReadOnlyRequests()).toEqual([]);
  });

  it('with --regions all every row is within tolerance (exit 0), and --write-pricing learns the discount so that report matches the bill within 0.1 %', async () => {
    const sheetFile = join(dir, 'effective.json');
    const reconciled = await runCli(['reconcile', '--month', '2026-10', '--regions', 'all', '--output', 'json', '--quiet', '--write-pricing', sheetFile], { env: env() });
    expect(reconciled.stderr).toBe('');
    expect(reconciled.code).toBe(0);
    const doc = JSON.parse(reconciled.stdout) as Reconciliation;
    expect(doc.rows.every((r) => r.withinTolerance)).toBe(true);
    expect(row(doc, 'eu-west-3')).toMatchObject({ billedRequests: 150_000, invocations: 150_000 });

    const sheet = loadPricing(sheetFile); // valid against pricing/pricing.schema.json
    expect(sheet.rates.lambdaEdgeRequestUsd.toNumber()).toBeCloseTo(0.6 / 1e6, 15);
    expect(sheet.rates.lambdaEdgeGbSecondUsd.toNumber()).toBeLessThan(0.00005001);
    expect(sheet.rates.lambdaEdgeGbSecondUsd.toNumber()).toBeCloseTo(doc.effectiveRates.find((r) => r.unit === 'gb-second')!.netUsd!, 14);

    const report = await runCli(['report', '--month', '2026-10', '--regions', 'all', '--pricing', sheetFile, '--output', 'json', '--quiet'], { env: env() });
    expect(report.code).toBe(0);
    const cost = JSON.parse(report.stdout).totals.costUsd as number;
    const bill = doc.totals.billedNetCostUsd!;
    expect(Math.abs(cost - bill) / bill).toBeLessThan(0.001);
    // …and with the public sheet it does not (the discount is real money)
    expect(Math.abs(doc.totals.costUsd! - bill) / bill).toBeGreaterThan(0.001);
  });
});

describe('reconcile against a CUR 2.0 export: DuckDB (--cur) and Athena (--athena-table) agree', () => {
  it('gives identical reconciliations, per function from the resource IDs', async () => {
    const local = await runCli(['reconcile', '--input', snapshotFile, '--cur', join(dir, 'cur'), '--output', 'json', '--quiet'], { env: env() });
    expect(local.stderr).toBe('');
    expect(local.code).toBe(0);
    fake.clearRequests();
    const athena = await runCli(['reconcile', '--input', snapshotFile, '--athena-table', 'cur.cur2', '--athena-workgroup', 'reports', '--output', 'json', '--quiet'], {
      env: env(),
    });
    expect(athena.stderr).toBe('');
    expect(athena.code).toBe(0);
    const a = JSON.parse(local.stdout) as Reconciliation;
    const b = JSON.parse(athena.stdout) as Reconciliation;
    expect(a.bill).toMatchObject({ source: 'cur', apiRequests: 0, resourceIds: true, netCost: true });
    expect(b.bill).toMatchObject({ source: 'athena', resourceIds: true, netCost: true });
    expect(b.bill.apiRequests).toBe(fake.callCount(undefined, { service: 'athena' }));
    expect(fake.callCount('StartQueryExecution')).toBe(2);
    expect(b.rows).toEqual(a.rows);
    expect(b.totals).toEqual(a.totals);
    expect(b.effectiveRates).toEqual(a.effectiveRates);

    const viewer = row(a, 'us-east-1', 'auth-viewer');
    expect(viewer).toMatchObject({ billedRequests: 3_000_000, invocations: 3_000_000 });
    expect(viewer.billedGbSeconds).toBeCloseTo(918.75, 8);
    expect(row(a, 'eu-west-3', 'auth-viewer')).toMatchObject({ billedRequests: 150_000, invocations: 150_000 });
    // Regional Lambda and September's line items are not in it
    expect(a.totals.billedRequests).toBe(9_715_000 + 150_000);
    expect(a.rows.every((r) => r.functionName !== null)).toBe(true);
  });

  it('a workgroup without a result location and no --athena-output is an AWS error naming the action (exit 3); --athena-output fixes it', async () => {
    const failed = await runCli(['reconcile', '--input', snapshotFile, '--athena-table', 'cur.cur2', '--athena-workgroup', 'primary', '--output', 'json'], { env: env() });
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('athena:StartQueryExecution');
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    fake.clearRequests();
    const ok = await runCli(
      [
        'reconcile',
        '--input',
        snapshotFile,
        '--athena-table',
        'cur.cur2',
        '--athena-workgroup',
        'primary',
        '--athena-output',
        's3://my-results/edgecost/',
        '--output',
        'json',
        '--quiet',
      ],
      { env: env() },
    );
    expect(ok.code).toBe(0);
  });
});

describe('reconcile: errors and input', () => {
  it('access denied on Cost Explorer exits 3 and names ce:GetDimensionValues', async () => {
    fake.setScenario({ ...fake.scenario(), failRegions: { ce: 'access-denied' } });
    try {
      const { code, stderr, stdout } = await runCli(['reconcile', '--input', snapshotFile], { env: env() });
      expect(code).toBe(3);
      expect(stdout).toBe('');
      expect(stderr).toContain('ce:GetDimensionValues');
    } finally {
      fake.setScenario({ ...fake.scenario(), failRegions: undefined });
    }
  });

  it('a missing export, a file that is not CUR 2.0, and bad flags exit 2 with the file named', async () => {
    const missing = await runCli(['reconcile', '--input', snapshotFile, '--cur', join(dir, 'nope')], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(join(dir, 'nope'));
    const notCur = join(dir, 'not-cur.parquet');
    await writeParquetOf('SELECT 1 AS a', notCur);
    const wrong = await runCli(['reconcile', '--input', snapshotFile, '--cur', notCur], { env: env() });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('not a CUR 2.0 export: no column line_item_usage_start_date');
    const both = await runCli(['reconcile', '--demo', '--cur', notCur, '--athena-table', 'a.b', '--athena-workgroup', 'w'], { env: env() });
    expect(both.code).toBe(2);
    const badTable = await runCli(['reconcile', '--demo', '--athena-table', 'a.b; DROP TABLE x', '--athena-workgroup', 'w'], { env: env() });
    expect(badTable.code).toBe(2);
    expect(badTable.stderr).toContain('--athena-table expects DATABASE.TABLE');
  });

  it('--write-pricing never overwrites a file that is not a price sheet', async () => {
    const target = join(dir, 'notes.json');
    writeFileSync(target, '{"kind":"edgecost.snapshot"}\n');
    const { code, stderr } = await runCli(['reconcile', '--demo', '--write-pricing', target], { env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain(`${target}: exists and is not an edgecost price sheet`);
    expect(readFileSync(target, 'utf8')).toBe('{"kind":"edgecost.snapshot"}\n');
  });
});

describe('reconcile fails closed on a bill it cannot read whole (repeated page tokens)', () => {
  it.each([
    ['ce/us-east-1/GetDimensionValues', ['--month', '2026-10'], 'ce:GetDimensionValues'],
    ['ce/us-east-1/GetCostAndUsage', ['--month', '2026-10'], 'ce:GetCostAndUsage'],
    ['athena/us-east-1/GetQueryResults', ['--month', '2026-10', '--athena-table', 'cur.cur2', '--athena-workgroup', 'reports'], 'athena:GetQueryResults'],
  ] as const)('%s repeats its token: exit 3 naming the action, not an endless loop', async (key, args, action) => {
    const scenario = fake.scenario();
    fake.setScenario({ ...scenario, mangle: { [key]: { kind: 'repeat-token' } } });
    try {
      fake.clearRequests();
      const run = await runCli(['reconcile', ...args, '--output', 'json'], { env: env() });
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(action);
      expect(run.stderr).toContain('the same page token came back twice');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const [service, , operation] = key.split('/');
      expect(fake.callCount(operation, { service: service as 'ce' })).toBeLessThanOrEqual(4);
    } finally {
      fake.setScenario(scenario);
    }
  });
});
