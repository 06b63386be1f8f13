import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { resolveHitRate } from '../../src/recommend/hit-rate.js';
import { type RecommendOptions, recommend } from '../../src/recommend/index.js';
import type { Recommendation } from '../../src/recommend/types.js';
import { buildUsageModel } from '../../src/recommend/usage.js';
import { buildReport } from '../../src/report/build.js';
import { loadPricing, loadRecommendLimits } from '../../src/sources/data-files.js';
import { parseSnapshot } from '../../src/sources/snapshot.js';

/*
 * Attribution, hit-rate derivation and run-rate days of `recommend`, on variations of
 * test/fixtures/recommend/cases.json (a 2-day window, 2026-10-01 to 10-02, exact billed durations,
 * $0.60 per 1M requests, $0.00005001 per GB-second, GB-s = billed ms × MB / 1,024,000):
 *   viewer-auth     2,000,000 inv, 6,000,000 ms billed, 128 MB → $1.2375075 in the window
 *   derived-viewer    800,000 inv, 1,600,000 ms billed, 128 MB → $0.490002 in the window
 *   derived-origin    200,000 inv
 */

const pricing = loadPricing();
const limits = loadRecommendLimits();
const now = new Date('2026-11-28T12:00:00Z');
const cases = (): Snapshot => parseSnapshot('cases.json', readFileSync(new URL('../fixtures/recommend/cases.json', import.meta.url), 'utf8'));
const VIEWER_AUTH = 'arn:aws:lambda:us-east-1:111122223333:function:viewer-auth:1';
const DERIVED_VIEWER = 'arn:aws:lambda:us-east-1:111122223333:function:derived-viewer:1';
const DERIVED_ORIGIN = 'arn:aws:lambda:us-east-1:111122223333:function:derived-origin:1';

function run(snapshot: Snapshot, options: Partial<RecommendOptions> = {}) {
  return recommend(snapshot, { pricing, now, limits, ...options });
}

function find(list: Recommendation[], kind: Recommendation['kind'], functionName: string, distributionId?: string): Recommendation {
  const found = list.find((r) => r.kind === kind && r.functionName === functionName && (distributionId === undefined || r.distributionId === distributionId));
  if (!found) throw new Error(`no ${kind} for ${functionName}`);
  return found;
}

/** viewer-auth's version also runs on viewer-request of ESHARED, whose daily requests are given. */
function sharedViewerAuth(requests: (number | null)[]): Snapshot {
  const snapshot = cases();
  snapshot.inventory.distributions.push({
    id: 'ESHARED',
    behaviors: [{ pathPattern: '*', lambdaAssociations: [{ eventType: 'viewer-request', functionKey: VIEWER_AUTH, includeBody: false }], functionAssociations: [] }],
  });
  snapshot.distributionMetrics.push({ distributionId: 'ESHARED', requests, monitoringSubscription: false });
  return snapshot;
}

/** EDERIVED with the given behaviors: path pattern → the function keys and events on it. */
function derived(
  behaviors: Readonly<Record<string, readonly (readonly [string, 'viewer-request' | 'viewer-response' | 'origin-request' | 'origin-response'])[]>>,
  requests: (number | null)[] = [500_000, 500_000],
): Snapshot {
  const snapshot = cases();
  const distribution = snapshot.inventory.distributions.find((d) => d.id === 'EDERIVED')!;
  distribution.behaviors = Object.entries(behaviors).map(([pathPattern, associations]) => ({
    pathPattern,
    lambdaAssociations: associations.map(([functionKey, eventType]) => ({ eventType, functionKey, includeBody: false })),
    functionAssociations: [],
  }));
  snapshot.distributionMetrics.find((m) => m.distributionId === 'EDERIVED')!.requests = requests;
  return snapshot;
}

describe('recommend splits a shared version as the report does', () => {
  /*
   * EHIT85 served 2,000,000 requests; ESHARED 1,000,000 on its one known day (the other is unknown).
   * The report's rule sums the known days: shares 2/3 and 1/3 (the old recommend rule split equally).
   * A month: $1.2375075 × 15.21875 = $18.833317265625 → EHIT85 $12.55554484375, ESHARED $6.277772421875.
   */
  const snapshot = sharedViewerAuth([null, 1_000_000]);
  const doc = run(snapshot);

  it.each([
    ['EHIT85', 12.55554484375, /given 66\.7% of its invocations, its distribution's share of their requests over the days with known requests/],
    ['ESHARED', 6.277772421875, /given 33\.3% of its invocations/],
  ])('%s gets its share of the known requests: $%d a month', (distributionId, monthlyUsd, attribution) => {
    const r = find(doc.recommendations, 'move-to-origin-event', 'viewer-auth', distributionId);
    expect(r.currentMonthlyCostUsd).toBeCloseTo(monthlyUsd, 12);
    expect(r.inputs.attribution).toMatch(attribution);
  });

  it('the shares equal the report distribution view of the same snapshot', () => {
    const report = buildReport(snapshot, { pricing, now });
    for (const distributionId of ['EHIT85', 'ESHARED']) {
      const row = report.byDistribution.find((d) => d.key === distributionId)!;
      const r = find(doc.recommendations, 'move-to-origin-event', 'viewer-auth', distributionId);
      expect(r.currentMonthlyCostUsd).toBeCloseTo((row.costUsd * 30.4375) / 2, 12);
    }
  });

  it('equal split, and why, when a distribution has no known request at all', () => {
    const r = find(run(sharedViewerAuth([null, null])).recommendations, 'move-to-origin-event', 'viewer-auth', 'EHIT85');
    expect(r.currentMonthlyCostUsd).toBeCloseTo(18.833317265625 / 2, 12);
    expect(r.inputs.attribution).toMatch(/runs on 2 associations and the requests of ESHARED are unknown: split equally/);
  });

  it.each([
    [[0, 0], 'medium', /ESHARED served no viewer request in the 2-day window/],
    [[0, null], 'low', /ESHARED served no viewer request on the days its requests are known \(1 day unknown\)/],
  ] as const)('remove-unused for a distribution with requests %j: %s confidence', (requests, confidence, reason) => {
    const r = find(run(sharedViewerAuth([...requests])).recommendations, 'remove-unused', 'viewer-auth', 'ESHARED');
    expect(r.confidence).toBe(confidence);
    expect(r.assumptions[0]).toMatch(reason);
  });
});

describe('cache-hit rate derived from origin events', () => {
  /*
   * derived-viewer on viewer-response of /api/* (800,000 inv); derived-origin on origin-request of every behavior (* and /api/*),
   * 200,000 inv in all, nowhere else; EDERIVED served 1,000,000 requests.
   *   distribution-level: 1 − 200,000 / 1,000,000 = 80 %. (The same-behavior derivation would need
   *   derived-origin's invocations on /api/* alone, which are an estimated half.)
   *   current $0.490002 × 15.21875 = $7.4572179375 a month; at a 20 % miss rate 160,000 inv, 320,000 ms
   *   → $0.096 + 40 GB-s × $0.00005001 = $0.0980004 → $1.4914435875 a month; saving $5.96577435.
   */
  it('from the distribution: origin-request invocations on every behavior against CloudFront Requests', () => {
    // viewer-response → origin-response: the behavior's origin-request slot is taken, its origin-response slot is free
    const snapshot = derived({
      '*': [[DERIVED_ORIGIN, 'origin-request']],
      '/api/*': [
        [DERIVED_VIEWER, 'viewer-response'],
        [DERIVED_ORIGIN, 'origin-request'],
      ],
    });
    const r = find(run(snapshot).recommendations, 'move-to-origin-event', 'derived-viewer');
    expect(r.change).toBe('viewer-response → origin-response');
    expect(r.inputs.hitRateSource).toBe('derived-from-distribution-requests');
    expect(r.inputs.hitRatePercent).toBeCloseTo(80, 12);
    expect(r.currentMonthlyCostUsd).toBeCloseTo(7.4572179375, 12);
    expect(r.projectedMonthlyCostUsd).toBeCloseTo(1.4914435875, 12);
    expect(r.monthlySavingsUsd).toBeCloseTo(5.96577435, 12);
    expect(r.confidence).toBe('medium');
    expect(r.assumptions.join('\n')).toMatch(
      /cache-hit rate 80\.0%: derived from the whole distribution, as EDERIVED has no CloudFront CacheHitRate: origin-request function derived-origin on every cache behavior ran 200,000 times \(once per cache miss\) against 1,000,000 CloudFront Requests; the distribution-wide rate stands for this cache behavior/,
    );
  });

  it('a distribution with only the default behavior: its origin-request function covers all of it', () => {
    // EORIGIN has only the default behavior, with fat-origin on origin-request (20,000 inv, 100,000 requests).
    // derived-viewer's version is added there on viewer-request: its share of EORIGIN is an estimate (1/9 by
    // requests, 800,000 on EDERIVED and 100,000 here), so the distribution gives the rate: 1 − 20,000 / 100,000 = 80 %.
    const snapshot = cases();
    const behavior = snapshot.inventory.distributions.find((d) => d.id === 'EORIGIN')!.behaviors[0]!;
    behavior.lambdaAssociations.push({ eventType: 'viewer-request', functionKey: DERIVED_VIEWER, includeBody: false });
    const model = buildUsageModel(snapshot, pricing, { now });
    const viewer = model.associations.find((a) => a.binding.distributionId === 'EORIGIN' && a.binding.eventType === 'viewer-request')!;
    expect(viewer.share).toBeCloseTo(1 / 9, 12);
    const { hitRate } = resolveHitRate(model, viewer);
    expect(hitRate?.source).toBe('derived-from-distribution-requests');
    expect(hitRate?.rate).toBeCloseTo(0.8, 12);
    expect(hitRate?.explanation).toMatch(/fat-origin on every cache behavior ran 20,000 times .* against 100,000 CloudFront Requests$/);
  });

  it('the same behavior wins when both of its counts are measured (1 − 200,000 / 800,000 = 75 %, not the 80 % of the distribution)', () => {
    const snapshot = derived({
      '*': [
        [DERIVED_VIEWER, 'viewer-request'],
        [DERIVED_ORIGIN, 'origin-request'],
      ],
    });
    const r = find(run(snapshot).recommendations, 'move-to-origin-event', 'derived-viewer');
    expect(r.inputs.hitRateSource).toBe('derived-from-origin-events');
    expect(r.inputs.hitRatePercent).toBeCloseTo(75, 12);
  });

  const UNCOVERED = { '*': [[DERIVED_ORIGIN, 'origin-request']], '/api/*': [[DERIVED_VIEWER, 'viewer-request']], '/static/*': [] } as const;
  const COVERED = {
    '*': [[DERIVED_ORIGIN, 'origin-request']],
    '/api/*': [
      [DERIVED_VIEWER, 'viewer-request'],
      [DERIVED_ORIGIN, 'origin-request'],
    ],
  } as const;
  /*
   * With derived-origin on /api/* too, the same-behavior fallback applies from an estimated half of its
   * invocations (1 − 100,000 / 800,000 = 87.5 %) and says why the distribution gave nothing.
   */
  it.each([
    ['requests unknown on a day', () => derived(COVERED, [500_000, null]), /^from EDERIVED's requests: its CloudFront Requests are unknown on 1 day$/],
    [
      'a failed region',
      () => {
        const snapshot = derived(COVERED);
        snapshot.regions[1] = { region: 'eu-west-1', status: 'failed', error: 'AccessDeniedException' };
        return snapshot;
      },
      /^from EDERIVED's requests: region eu-west-1 failed, so origin-request invocations are a lower bound \(the rate would be overstated\)$/,
    ],
    [
      'the origin-request version also runs on another distribution',
      () => {
        const snapshot = derived(COVERED);
        snapshot.inventory.distributions
          .find((d) => d.id === 'EORIGIN')!
          .behaviors[0]!.lambdaAssociations.push({ eventType: 'origin-request', functionKey: DERIVED_ORIGIN, includeBody: false });
        return snapshot;
      },
      /^from EDERIVED's requests: derived-origin on origin-request also runs on origin-request of EORIGIN, so its invocations here are not measured apart$/,
    ],
    ['more origin invocations than requests', () => derived(COVERED, [50_000, 50_000]), /ran more often \(200,000\) than it served requests \(100,000\): the counts do not match$/],
  ])('no distribution-level rate when %s: the reason is stated', (_name, snapshot, reason) => {
    const model = buildUsageModel(snapshot(), pricing, { now });
    const viewer = model.associations.find((a) => a.version?.config.functionName === 'derived-viewer')!;
    const { hitRate, notDerived } = resolveHitRate(model, viewer);
    expect(notDerived).toHaveLength(1);
    expect(notDerived[0]).toMatch(reason);
    expect(hitRate?.source).toBe('derived-from-origin-events');
    expect(hitRate?.explanation).toMatch(/split by estimate\); not derived from EDERIVED's requests: /);
  });

  it('the fallback from an estimated share: 1 − 100,000 / 800,000 = 87.5 %', () => {
    const r = find(run(derived(COVERED, [500_000, null])).recommendations, 'move-to-origin-event', 'derived-viewer');
    expect(r.inputs.hitRatePercent).toBeCloseTo(87.5, 12);
    expect(r.inputs.hitRateSource).toBe('derived-from-origin-events');
  });

  it('origin-request on the default behavior only, other behaviors uncovered: no rate, the move needs one, and both reasons are stated', () => {
    const r = find(run(derived(UNCOVERED)).recommendations, 'move-to-origin-event', 'derived-viewer');
    expect(r.monthlySavingsUsd).toBeNull();
    expect(r.projectedMonthlyCostUsd).toBeNull();
    expect(r.confidence).toBe('low');
    expect(r.assumptions.join('\n')).toContain(
      "none could be derived (no origin-event function on the same cache behavior (/api/*); from EDERIVED's requests: origin-request functions run on the default behavior (*) but not on /api/*, /static/*, whose cache misses would be missing (the rate would be overstated))",
    );
  });

  it('--hit-rate fills in and says why none was derived', () => {
    const r = find(run(derived(UNCOVERED), { hitRate: 0.5 }).recommendations, 'move-to-origin-event', 'derived-viewer');
    expect(r.inputs.hitRateSource).toBe('hit-rate-flag');
    expect(r.monthlySavingsUsd).toBeCloseTo(7.4572179375 / 2, 12);
    expect(r.assumptions.join('\n')).toMatch(
      /given with --hit-rate, as EDERIVED has no CloudFront CacheHitRate and none could be derived \(no origin-event function on the same cache behavior/,
    );
  });
});

describe('run-rates divide by the days the window has covered', () => {
  /*
   * At 2026-10-02T12:00Z the 2-day window has covered 1.5 days: viewer-auth $1.2375075 × 30.4375 / 1.5
   * = $25.1110896875 a month (not × 30.4375 / 2 = $18.833317265625), as the report's run-rate.
   */
  const early = new Date('2026-10-02T12:00:00Z');

  it('current cost, factor and the stated assumption use 1.5 days', () => {
    const r = find(run(cases(), { now: early }).recommendations, 'move-to-origin-event', 'viewer-auth');
    expect(r.currentMonthlyCostUsd).toBeCloseTo(25.1110896875, 12);
    expect(r.inputs).toMatchObject({ windowDays: 2, coveredDays: 1.5 });
    expect(r.inputs.runRateFactor).toBeCloseTo(30.4375 / 1.5, 12);
    expect(r.assumptions.join('\n')).toContain('monthly figures are run-rates: cost in the 1.5 days so far of the 2-day window × 30.4375 / 1.5');
    const report = buildReport(cases(), { pricing, now: early });
    expect(r.currentMonthlyCostUsd).toBeCloseTo(report.functions.find((f) => f.functionName === 'viewer-auth')!.monthlyRunRateUsd, 12);
  });

  it.each([
    ['2026-10-01T12:00:00Z', 'high'],
    ['2026-11-28T12:00:00Z', 'low'],
  ])('a day without data that has not begun is not unknown (now %s → remove-unused %s)', (clock, confidence) => {
    const snapshot = cases();
    const series = snapshot.usage.find((s) => s.functionName === 'never-runs')!;
    series.invocations = [0, null];
    series.durationSumMs = [0, null];
    const r = find(run(snapshot, { now: new Date(clock) }).recommendations, 'remove-unused', 'never-runs');
    expect(r.confidence).toBe(confidence);
  });
});
