import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicScenario, type FakeAws, type Scenario, startFakeAws } from '../fake-aws/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * `edgecost gate` and `edgecost recommend` live, spawned against the wire-level fake AWS
 * (test/fake-aws, the real SDK on the wire), for each gate exit code.
 *
 * basicScenario(), October 2026 (data on Oct 29–31), billed = Duration + 0.5 ms × invocations:
 *   auth-viewer 5,200,000 inv, 13,000,000 ms × 128 MB = 1,625 GB-s; headers-response 3,900,000 inv,
 *   5,850,000 ms × 128 MB = 731.25 GB-s; origin-router v7 450,000 inv, 22,725,000 ms × 512 MB =
 *   11,362.5 GB-s; v8 120,000 inv, 6,060,000 ms × 256 MB = 1,515 GB-s; image-resize 45,000 inv,
 *   9,022,500 ms × 1,024 MB = 9,022.5 GB-s → 9,715,000 × $0.60/1M + 24,256.25 GB-s × $0.00005001
 *   = $7.0420550625 in 31 days → run-rate $6.914275837575605 a month.
 */
const RUN_RATE = 6.914275837575605;

const dir = mkdtempSync(join(tmpdir(), 'edgecost-gate-fake-aws-'));
let fake: FakeAws;

beforeAll(async () => {
  fake = await startFakeAws(basicScenario());
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}) {
  return { AWS_ENDPOINT_URL: fake.url, EDGECOST_NOW: '2026-11-01T06:00:00Z', EDGECOST_RETRY_BASE_DELAY_MS: '1', EDGECOST_LOGS_POLL_MS: '1', ...extra };
}

function gate(args: string[], extra: Record<string, string> = {}) {
  return runCli(['gate', '--month', '2026-10', '--quiet', ...args], { env: env(extra) });
}

/** auth-viewer's traffic doubled: +5,200,000 × $0.60/1M + 1,625 GB-s × $0.00005001 = +$3.20126625 in the window. */
function busierScenario(): Scenario {
  const scenario = basicScenario();
  return {
    ...scenario,
    replicaUsage: scenario.replicaUsage.map((row) =>
      row.functionName === 'auth-viewer' ? { ...row, invocations: row.invocations * 2, durationSumMs: row.durationSumMs * 2 } : row,
    ),
  };
}

describe('edgecost gate against the fake AWS', () => {
  it('exit 0: the run-rate is within --budget', async () => {
    fake.setScenario(basicScenario());
    const run = await gate(['--budget', '7', '--output', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ kind: 'edgecost.gate', passed: true, complete: true });
    expect(doc.checks[0].actual).toBeCloseTo(RUN_RATE, 9);
  });

  it('exit 1: over --budget, with the Markdown summary appended for GitHub Actions', async () => {
    fake.setScenario(basicScenario());
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, 'previous step\n');
    const run = await gate(['--budget', '6.5'], { GITHUB_STEP_SUMMARY: summary });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL budget: total monthly run-rate \$6\.91 > budget \$6\.50/);
    expect(readFileSync(summary, 'utf8')).toMatch(/^previous step\n## ❌ edgecost gate FAILED/);
  });

  it('exit 3: a region that fails makes the data incomplete; --allow-partial gates the rest', async () => {
    fake.setScenario({ ...basicScenario(), failRegions: { 'monitoring/eu-west-1': 'access-denied' } });
    const summary = join(dir, 'summary-incomplete.md');
    const strict = await gate(['--budget', '100'], { GITHUB_STEP_SUMMARY: summary });
    expect(strict.code).toBe(3);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(
      /^edgecost: data incomplete, so the gate does not decide: region eu-west-1 \(account 123456789012\) failed \(AccessDenied.*\): its cost is unknown/,
    );
    expect(readFileSync(summary, 'utf8')).toMatch(/## ⚠️ edgecost gate: data incomplete\n\n- region eu-west-1 \(account 123456789012\) failed/);

    const partial = await gate(['--budget', '100', '--allow-partial', '--output', 'json']);
    expect(partial.code).toBe(0);
    const doc = JSON.parse(partial.stdout);
    expect(doc).toMatchObject({ passed: true, complete: false, failedRegions: [{ region: 'eu-west-1' }] });
    expect(doc.incomplete).toEqual([expect.stringMatching(/^region eu-west-1 \(account 123456789012\) failed/)]);
    // eu-west-1's usage is unknown and left out: less than the whole account
    expect(doc.checks[0].actual).toBeLessThan(RUN_RATE);
  });

  it('exit 3: credentials rejected by CloudFront', async () => {
    fake.setScenario({ ...basicScenario(), failRegions: { cloudfront: 'not-enabled' } });
    const run = await gate(['--budget', '100']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^edgecost: /);
    expect(run.stderr).not.toMatch(/data incomplete/);
  });

  it('exit 0 / 1 with --max-increase against a baseline collected from the same account', async () => {
    fake.setScenario(basicScenario());
    const baseline = join(dir, 'baseline.json');
    const collect = await runCli(['collect', '--month', '2026-10', '--quiet', '-o', baseline], { env: env() });
    expect(collect.code).toBe(0);

    const same = await gate(['--max-increase', '10', '--baseline', baseline, '--output', 'json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).checks[0].actual).toBeCloseTo(0, 9);

    fake.setScenario(busierScenario());
    const busier = await gate(['--max-increase', '10', '--baseline', baseline, '--output', 'json']);
    expect(busier.code).toBe(1);
    // +$3.20126625 in the window on $7.0420550625: +45.459… %
    expect(JSON.parse(busier.stdout).checks[0].actual).toBeCloseTo((3.20126625 / 7.0420550625) * 100, 9);
  });
});

describe('edgecost recommend against the fake AWS', () => {
  it('--exact reads max memory used: reduce-memory for origin-router, moves for the viewer functions', async () => {
    fake.setScenario(basicScenario());
    const run = await runCli(['recommend', '--month', '2026-10', '--exact', '--quiet', '--output', 'json'], { env: env() });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      recommendations: { kind: string; functionName: string; from: string; to: string; distributionId?: string; monthlySavingsUsd: number | null }[];
    };
    const summary = doc.recommendations.map((r) => `${r.kind}:${r.functionName}:${r.distributionId ?? ''}:${r.kind === 'reduce-memory' ? `${r.from}→${r.to}` : ''}`).sort();
    expect(summary).toEqual(
      [
        'move-to-cloudfront-functions:headers-response:E1AAAAAAAAAAAA:',
        'move-to-origin-event:auth-viewer:E1AAAAAAAAAAAA:',
        'move-to-origin-event:auth-viewer:E1AAAAAAAAAAAA:',
        'move-to-origin-event:auth-viewer:E2BBBBBBBBBBBB:',
        'move-to-origin-event:headers-response:E1AAAAAAAAAAAA:',
        // 100 MB used (Logs Insights) × 1.5 → 192 MB for both associated versions
        'reduce-memory:origin-router:E1AAAAAAAAAAAA:512 MB→192 MB',
        'reduce-memory:origin-router:E3CCCCCCCCCCCC:256 MB→192 MB',
      ].sort(),
    );
    // E2 has no CacheHitRate (no subscription) and no origin-event function: the saving is unknown
    expect(doc.recommendations.find((r) => r.distributionId === 'E2BBBBBBBBBBBB')!.monthlySavingsUsd).toBeNull();
  });

  it('no request of the runs above was a write (the gate and recommend read AWS read-only)', () => {
    expect(fake.nonReadOnlyRequests()).toEqual([]);
    expect(fake.requests.length).toBeGreaterThan(0);
  });
});
