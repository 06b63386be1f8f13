import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/sources/json-data.js';
import { runCli } from '../helpers/cli.js';

const smallSnapshot = new URL('../fixtures/snapshots/small.json', import.meta.url).pathname;

describe('edgecost report (spawned CLI)', () => {
  it('--demo --output json satisfies the JSON contract', async () => {
    const { code, stdout, stderr } = await runCli(['report', '--demo', '--output', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(compileSchema('schemas/report.schema.json')(report)).toBeUndefined();
    expect(report.functions).toHaveLength(7);
    expect(report.regions).toHaveLength(13);
    const sum = report.functions.reduce((a: number, f: { costUsd: number }) => a + f.costUsd, 0);
    expect(sum).toBeCloseTo(report.totals.costUsd, 9);
    // every event type of the demo account is present
    const events = new Set(report.functions.flatMap((f: { events: { eventType: string }[] }) => f.events.map((e) => e.eventType)));
    expect([...events].sort()).toEqual(['origin-request', 'origin-response', 'viewer-request', 'viewer-response']);
  });

  it.each([
    ['table', 'function', /│ Total\s+│/],
    ['markdown', 'event-type', /\| \*\*Total\*\* \|/],
    ['csv', 'region', /^Region,Status,Invocations,Cost \(USD\)\n/],
    ['table', 'day', /2026-10-31/],
  ])('--demo --output %s --group-by %s renders', async (output, groupBy, pattern) => {
    const { code, stdout } = await runCli(['report', '--demo', '--output', output, '--group-by', groupBy]);
    expect(code).toBe(0);
    expect(stdout).toMatch(pattern);
  });

  it('embeds the recommendations of the same snapshot and points to `edgecost recommend`', async () => {
    const report = JSON.parse((await runCli(['report', '--demo', '--output', 'json'])).stdout);
    const advice = JSON.parse((await runCli(['recommend', '--demo', '--output', 'json'])).stdout);
    expect(report.recommendations).toEqual(advice.recommendations);
    expect(report.recommendationSavingsUsd).toBe(advice.totals.monthlySavingsUsd);
    const table = (await runCli(['report', '--demo'])).stdout;
    expect(table).toContain(`${advice.recommendations.length} recommendations, up to $`);
  });

  it("the table's total equals the sum of its printed rows", async () => {
    const { stdout } = await runCli(['report', '--demo']);
    const rows = stdout.split('\n').filter((l) => l.startsWith('│') && !l.includes('Function'));
    const cost = (line: string) => Math.round(Number(line.split('│').slice(1, -1)[5]!.trim().replace(/[$,]/g, '')) * 100);
    const total = rows.find((l) => l.includes('Total'))!;
    const sum = rows.filter((l) => !l.includes('Total')).reduce((a, l) => a + cost(l), 0);
    expect(sum).toBe(cost(total));
    expect(stdout).toContain('$210.11');
  });

  it('prices a snapshot file to hand-computed totals and marks the failed region', async () => {
    const { code, stdout, stderr } = await runCli(['report', '--input', smallSnapshot, '--output', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.totals.costUsd).toBeCloseTo(0.0036948504375, 15);
    expect(report.regions.find((r: { region: string }) => r.region === 'ap-south-1')).toMatchObject({ status: 'failed', costUsd: null });
    expect(stderr).toMatch(/warning: region ap-south-1 failed: AccessDeniedException/);
  });

  it('writes the output atomically with -o and leaves stdout empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-'));
    const out = join(dir, 'report.md');
    writeFileSync(out, 'previous report');
    const { code, stdout } = await runCli(['report', '--demo', '--output', 'markdown', '-o', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^## Lambda@Edge cost/);
  });

  it('uses negotiated prices from --pricing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-'));
    const sheet = JSON.parse(readFileSync(new URL('../../pricing/aws-public.json', import.meta.url), 'utf8'));
    sheet.id = 'negotiated';
    sheet.rates.find((r: { id: string }) => r.id === 'lambdaEdge.request').amount = '0.30';
    const file = join(dir, 'negotiated.json');
    writeFileSync(file, JSON.stringify(sheet));
    const { stdout } = await runCli(['report', '--input', smallSnapshot, '--output', 'json', '--pricing', file]);
    const report = JSON.parse(stdout);
    expect(report.pricing.id).toBe('negotiated');
    expect(report.totals.requestCostUsd).toBeCloseTo(4800 * 0.3e-6, 15);
  });

  it.each([
    [['report', '--input', '/nonexistent/snap.json'], /\/nonexistent\/snap\.json: cannot read the snapshot \(ENOENT\)/],
    [['report', '--demo', '--output', 'pdf'], /argument 'pdf' is invalid/],
    [['report', '--demo', '--group-by', 'week'], /argument 'week' is invalid/],
    [['report', '--demo', '--bogus'], /unknown option '--bogus'/],
    [['report', '--input', 'x.json', '--month', '2026-10'], /--month chooses what a live collection reads; a snapshot has its own window and regions/],
    [['report', '--demo', '--days', '0'], /--days chooses what a live collection reads; --demo has its own window and regions/],
    [[], /Usage: edgecost/],
    [['report', '--demo', '--input', 'x.json'], /--demo and --input both name the data to use/],
    [['report', '--input', 'x.json', '--regions', 'eu-west-1'], /--regions chooses what a live collection reads/],
  ])('%j exits 2 with a clear message and no stack trace', async (args, message) => {
    const { code, stderr, stdout } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a malformed snapshot names its file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, readFileSync(smallSnapshot, 'utf8').replace('[500, 500, 500]', '[500, "many", 500]'));
    const { code, stderr } = await runCli(['report', '--input', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`${file}:\\d+: invalid snapshot: /usage/1/invocations/1 must be`));
  });
});

describe('edgecost estimate (spawned CLI)', () => {
  it("gives AWS's published example: requests $6.00, duration $0.625125, total $6.625125", async () => {
    const { code, stdout } = await runCli(['estimate', '--requests', '10000000', '--duration-ms', '10', '--memory-mb', '128', '--event', 'viewer-request', '--output', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ kind: 'edgecost.estimate', schemaVersion: 1, requestCostUsd: 6, durationCostUsd: 0.625125, costUsd: 6.625125 });
    const table = await runCli(['estimate', '--requests', '10000000', '--duration-ms', '10', '--memory-mb', '128', '--event', 'viewer-request']);
    expect(table.stdout).toContain('requests $6.00 + duration $0.625125');
    expect(table.stdout).toContain('= $6.625125 a month');
  });

  it.each([
    [['estimate', '--requests', '10', '--duration-ms', '1', '--memory-mb', '64', '--event', 'viewer-request'], /--memory-mb expects a whole number of MB from 128 to 10240/],
    [['estimate', '--requests', '10', '--duration-ms', '1', '--memory-mb', '128', '--event', 'viewer'], /expected one of viewer-request/],
    [['estimate', '--requests', '-1', '--duration-ms', '1', '--memory-mb', '128', '--event', 'viewer-request'], /--requests expects a non-negative number/],
    [['estimate', '--requests', '10', '--duration-ms', '1', '--memory-mb', '128', '--event', 'origin-request', '--hit-rate', '1.5'], /--hit-rate expects a fraction/],
    [['estimate', '--requests', '10'], /required option '--duration-ms/],
  ])('%j exits 2', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('edgecost pricing and help', () => {
  it('prints every rate with its source', async () => {
    const { code, stdout } = await runCli(['pricing']);
    expect(code).toBe(0);
    expect(stdout).toContain('lambdaEdge.gbSecond');
    expect(stdout).toContain('0.00005001');
    expect(stdout).toContain('https://aws.amazon.com/lambda/pricing/');
    const json = JSON.parse((await runCli(['pricing', '--output', 'json'])).stdout);
    expect(json.rates.length).toBeGreaterThanOrEqual(4);
  });

  it('a broken --pricing file exits 2 naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-'));
    const file = join(dir, 'prices.json');
    writeFileSync(
      file,
      '{ "schemaVersion": 1, "kind": "edgecost.pricing", "id": "x", "currency": "EUR", "effectiveDate": "2026-01-01", "retrievedDate": "2026-01-01", "rates": [] }',
    );
    const { code, stderr } = await runCli(['pricing', '--pricing', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:1: not a valid price sheet`);
  });

  it.each(['--help', 'report --help', 'estimate --help', 'pricing --help'])('%s exits 0 with an example', async (args) => {
    const { code, stdout } = await runCli(args.split(' '));
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: edgecost/);
    if (args !== '--help') expect(stdout).toMatch(/\$ edgecost/);
    else expect(stdout).toMatch(/Exit codes:/);
  });
});

describe('pipes', () => {
  it('a reader that closes early (| head -c 1) ends the output without an error', async () => {
    const { spawn } = await import('node:child_process');
    const { PROJECT_ROOT } = await import('../helpers/cli.js');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [`${PROJECT_ROOT}bin/edgecost.js`, 'report', '--demo', '--output', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
