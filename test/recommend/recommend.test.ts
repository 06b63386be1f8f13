import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { type RecommendOptions, recommend } from '../../src/recommend/index.js';
import { cloudFrontFunctionsBlocker } from '../../src/recommend/move-to-cloudfront-functions.js';
import type { Recommendation } from '../../src/recommend/types.js';
import { buildUsageModel } from '../../src/recommend/usage.js';
import { buildReport } from '../../src/report/build.js';
import { loadPricing, loadRecommendLimits } from '../../src/sources/data-files.js';
import { parseSnapshot } from '../../src/sources/snapshot.js';

const pricing = loadPricing();
const limits = loadRecommendLimits();
const now = new Date('2026-11-28T12:00:00Z');
const fixture = new URL('../fixtures/recommend/cases.json', import.meta.url);
const cases = (): Snapshot => parseSnapshot('cases.json', readFileSync(fixture, 'utf8'));

function run(snapshot: Snapshot, options: Partial<RecommendOptions> = {}) {
  return recommend(snapshot, { pricing, now, limits, ...options });
}

function find(list: Recommendation[], kind: Recommendation['kind'], functionName: string): Recommendation | undefined {
  return list.find((r) => r.kind === kind && r.functionName === functionName);
}

/*
 * Hand-computed (fixture test/fixtures/recommend/cases.json: a 2-day window, exact billed durations,
 * $0.60 per 1M requests, $0.00005001 per GB-second, GB-s = billed ms × MB / 1,024,000, run-rate
 * factor 30.4375 / 2 = 15.21875):
 *   viewer-auth   2,000,000 inv, 6,000,000 ms billed, 128 MB → 750 GB-s → $1.20 + $0.0375075 = $1.2375075
 *                 a month $18.833317265625; at an 85 % hit rate it runs 300,000 times: $2.82499758984375,
 *                 saving 85 % = $16.00831967578125
 *   tiny-rewrite  2,000,000 inv, 2,000,000 ms billed (1 ms each), 128 MB → 250 GB-s → $1.2125025,
 *                 a month $18.452772421875; as CloudFront Functions 2,000,000 × $0.10 / 1M = $0.20 → $3.04375,
 *                 saving $15.409022421875
 *   fat-origin    20,000 inv, 1,000,000 ms billed, 1,024 MB → 1,000 GB-s → $0.012 + $0.05001 = $0.06201 ($0.9437146875 a month);
 *                 max memory used 100 MB → 100 × 1.5 = 150 → 192 MB: 187.5 GB-s → $0.021376875
 *                 ($0.32532931640625 a month), saving $0.61838537109375
 *   derived-viewer 800,000 inv, 1,600,000 ms billed, 128 MB → $0.490002 ($7.4572179375 a month); its
 *                 origin-response sibling ran 200,000 times: hit rate 1 − 200,000 / 800,000 = 75 %,
 *                 saving $5.59291345312500
 */
describe('recommend: hand-computed cases, one per kind', () => {
  const doc = run(cases());

  it('move-to-origin-event: a viewer-request function on an 85 % hit-rate distribution saves 85 % of its cost', () => {
    const r = find(doc.recommendations, 'move-to-origin-event', 'viewer-auth')!;
    expect(r).toMatchObject({ distributionId: 'EHIT85', from: 'viewer-request on EHIT85 (default behavior)', confidence: 'high' });
    expect(r.to).toMatch(/^origin-request on EHIT85/);
    expect(r.currentMonthlyCostUsd).toBeCloseTo(18.833317265625, 12);
    expect(r.projectedMonthlyCostUsd).toBeCloseTo(2.82499758984375, 12);
    expect(r.monthlySavingsUsd).toBeCloseTo(16.00831967578125, 12);
    expect(r.monthlySavingsUsd! / r.currentMonthlyCostUsd).toBeCloseTo(0.85, 12);
    expect(r.inputs).toMatchObject({ invocations: 2_000_000, projectedInvocations: 300_000, hitRatePercent: 85, hitRateSource: 'cloudfront-cache-hit-rate' });
    expect(r.assumptions.join('\n')).toMatch(/cache-hit rate 85\.0%: CloudFront CacheHitRate of EHIT85/);
    expect(r.assumptions[0]).toMatch(/per-viewer data outside the cache key/);
  });

  it('move-to-cloudfront-functions: a 1 ms Node.js viewer function is priced at the CloudFront Functions rate', () => {
    const r = find(doc.recommendations, 'move-to-cloudfront-functions', 'tiny-rewrite')!;
    expect(r).toMatchObject({ distributionId: 'ECFF', to: 'CloudFront Functions on viewer-request', confidence: 'medium' });
    expect(r.currentMonthlyCostUsd).toBeCloseTo(18.452772421875, 12);
    expect(r.projectedMonthlyCostUsd).toBeCloseTo(3.04375, 12);
    expect(r.monthlySavingsUsd).toBeCloseTo(15.409022421875, 12);
    expect(r.inputs).toMatchObject({ meanDurationMs: 1, runtime: 'nodejs22.x', packageBytes: 1200, packageBytesKind: 'compressed' });
    expect(r.review.join('\n')).toMatch(/network calls/);
    expect(r.review.join('\n')).toMatch(/per-viewer/);
    expect(r.review.join('\n')).toMatch(/body/);
    expect(r.assumptions.join('\n')).toContain('https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-choosing.html');
  });

  it('reduce-memory: 100 MB used of 1,024 MB → 192 MB, assuming the duration does not grow', () => {
    const r = find(doc.recommendations, 'reduce-memory', 'fat-origin')!;
    expect(r).toMatchObject({ from: '1024 MB', to: '192 MB', confidence: 'medium', distributionId: 'EORIGIN' });
    expect(r.currentMonthlyCostUsd).toBeCloseTo(0.9437146875, 12);
    expect(r.projectedMonthlyCostUsd).toBeCloseTo(0.32532931640625, 12);
    expect(r.monthlySavingsUsd).toBeCloseTo(0.61838537109375, 12);
    expect(r.assumptions.join('\n')).toMatch(/does not grow/);
    expect(r.inputs).toMatchObject({ maxMemoryUsedMB: 100, memoryMB: 1024, projectedMemoryMB: 192 });
  });

  it('remove-unused: an association whose version never ran, with $0 direct saving and what it removes', () => {
    const r = find(doc.recommendations, 'remove-unused', 'never-runs')!;
    expect(r).toMatchObject({ distributionId: 'EUNUSED', currentMonthlyCostUsd: 0, projectedMonthlyCostUsd: 0, monthlySavingsUsd: 0, confidence: 'high', to: 'no association' });
    expect(r.assumptions.join('\n')).toMatch(/saves \$0 directly/);
    expect(r.assumptions.join('\n')).toMatch(/replicas/);
  });

  it('derives the hit rate from an origin-event function on the same cache behavior when CloudFront has none', () => {
    const r = find(doc.recommendations, 'move-to-origin-event', 'derived-viewer')!;
    expect(r.inputs.hitRateSource).toBe('derived-from-origin-events');
    expect(r.inputs.hitRatePercent).toBeCloseTo(75, 12);
    expect(r.monthlySavingsUsd).toBeCloseTo(5.592913453125, 12);
    expect(r.confidence).toBe('medium');
    expect(r.assumptions.join('\n')).toMatch(
      /cache-hit rate 75\.0%: derived from the same cache behavior, as EDERIVED has no CloudFront CacheHitRate: derived-origin on origin-response ran 200,000 times .* against 800,000 viewer invocations/,
    );
  });
});

describe('recommend: what must not be recommended', () => {
  const doc = run(cases());

  it.each([
    ['body-check', /exposes the request body \(IncludeBody\)/],
    ['py-viewer', /runtime python3\.12: CloudFront Functions run JavaScript only/],
    ['viewer-auth', /package is 50,000 bytes compressed, already over the 10,240-byte/],
    ['derived-viewer', /package is 50,000 bytes compressed/],
    ['never-runs', /no invocations in the window/],
    ['fat-origin', /origin-request: CloudFront Functions run on viewer events only/],
  ])('no move-to-cloudfront-functions for %s, and the reason', (functionName, reason) => {
    expect(find(doc.recommendations, 'move-to-cloudfront-functions', functionName)).toBeUndefined();
    const model = buildUsageModel(cases(), pricing, { now });
    const association = model.associations.find((a) => a.version?.config.functionName === functionName)!;
    expect(cloudFrontFunctionsBlocker(association, limits)).toMatch(reason);
  });

  it('a Node.js viewer function with a 2.5 ms mean duration is not moved (threshold 2 ms)', () => {
    const snapshot = cases();
    const series = snapshot.usage.find((s) => s.functionName === 'tiny-rewrite')!;
    series.durationSumMs = series.durationSumMs.map((v) => (v === null ? null : v * 2.5));
    const association = buildUsageModel(snapshot, pricing, { now }).associations.find((a) => a.version?.config.functionName === 'tiny-rewrite')!;
    expect(cloudFrontFunctionsBlocker(association, limits)).toMatch(/mean duration 2\.5 ms is over 2 ms/);
    expect(find(run(snapshot).recommendations, 'move-to-cloudfront-functions', 'tiny-rewrite')).toBeUndefined();
  });

  it('no move-to-origin-event for an origin-event function, nor for one that never ran', () => {
    expect(find(doc.recommendations, 'move-to-origin-event', 'fat-origin')).toBeUndefined();
    expect(find(doc.recommendations, 'move-to-origin-event', 'never-runs')).toBeUndefined();
  });

  it('no reduce-memory without a measured max memory used', () => {
    expect(doc.recommendations.filter((r) => r.kind === 'reduce-memory').map((r) => r.functionName)).toEqual(['fat-origin']);
  });

  it('without any hit rate, the move is listed with unknown savings and "needs a hit rate", never a made-up number', () => {
    const r = find(doc.recommendations, 'move-to-origin-event', 'tiny-rewrite')!;
    expect(r.monthlySavingsUsd).toBeNull();
    expect(r.projectedMonthlyCostUsd).toBeNull();
    expect(r.confidence).toBe('low');
    expect(r.assumptions.join('\n')).toMatch(
      /needs a hit rate: ECFF has no CloudFront CacheHitRate .* none could be derived \(no origin-event function on the same cache behavior \(the default behavior \(\*\)\); from ECFF's requests: no origin-request function runs on it\)/,
    );
    expect(r.inputs.hitRatePercent).toBeNull();
  });

  it('a move to CloudFront Functions is never high confidence', () => {
    expect(doc.recommendations.filter((r) => r.kind === 'move-to-cloudfront-functions' && r.confidence === 'high')).toEqual([]);
  });
});

describe('recommend: options, sorting and totals', () => {
  it('--hit-rate fills in where neither CloudFront nor origin events give a rate (low confidence)', () => {
    const r = find(run(cases(), { hitRate: 0.5 }).recommendations, 'move-to-origin-event', 'tiny-rewrite')!;
    expect(r.monthlySavingsUsd).toBeCloseTo(9.2263862109375, 12);
    expect(r.inputs.hitRateSource).toBe('hit-rate-flag');
    expect(r.confidence).toBe('low');
    // a measured CacheHitRate still wins over the flag
    expect(find(run(cases(), { hitRate: 0.5 }).recommendations, 'move-to-origin-event', 'viewer-auth')!.inputs.hitRatePercent).toBe(85);
  });

  it('sorts by savings: known savings first, then unknown savings by current cost, then $0', () => {
    const doc = run(cases());
    const savings = doc.recommendations.map((r) => r.monthlySavingsUsd);
    const known = savings.filter((s): s is number => s !== null && s > 0);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(savings.slice(known.length, known.length + 3)).toEqual([null, null, null]);
    expect(savings.at(-1)).toBe(0);
  });

  it('--min-savings leaves out smaller savings; an unknown saving counts as at most its current cost', () => {
    const doc = run(cases(), { minSavingsUsd: 10 });
    expect(doc.recommendations.map((r) => `${r.kind}:${r.functionName}`)).toEqual([
      'move-to-origin-event:viewer-auth',
      'move-to-cloudfront-functions:tiny-rewrite',
      'move-to-origin-event:tiny-rewrite',
    ]);
    expect(doc.totals.belowMinSavings).toBe(5);
    expect(doc.minSavingsUsd).toBe(10);
  });

  it('totals count the best alternative of each association once', () => {
    const doc = run(cases(), { hitRate: 0.5 });
    // tiny-rewrite: CloudFront Functions ($15.41) and origin-request at 50 % ($9.23) are alternatives
    // + body-check and py-viewer at 50 %: 200,000 inv, 200,000 ms billed → $0.12125025 × 15.21875 / 2 each
    expect(doc.totals.monthlySavingsUsd).toBeCloseTo(16.00831967578125 + 15.409022421875 + 5.592913453125 + 0.61838537109375 + 2 * 0.92263862109375, 12);
    const tiny = doc.recommendations.filter((r) => r.functionName === 'tiny-rewrite');
    expect(new Set(tiny.map((r) => r.group)).size).toBe(1);
    expect(doc).toMatchObject({ schemaVersion: 1, kind: 'edgecost.recommendations' });
  });

  it('--function and --distribution filters', () => {
    expect(new Set(run(cases(), { functionNames: ['tiny-rewrite'] }).recommendations.map((r) => r.functionName))).toEqual(new Set(['tiny-rewrite']));
    expect(new Set(run(cases(), { distributionIds: ['ECFF'] }).recommendations.map((r) => r.distributionId))).toEqual(new Set(['ECFF']));
  });

  it('a failed region makes usage a lower bound: remove-unused drops to low confidence and says why', () => {
    const snapshot = cases();
    snapshot.regions[1] = { region: 'eu-west-1', status: 'failed', error: 'AccessDeniedException' };
    const doc = run(snapshot);
    const r = find(doc.recommendations, 'remove-unused', 'never-runs')!;
    expect(r.confidence).toBe('low');
    expect(r.assumptions.join('\n')).toMatch(/eu-west-1 failed: usage there is unknown/);
    expect(find(doc.recommendations, 'move-to-origin-event', 'viewer-auth')!.confidence).toBe('medium');
    expect(doc.warnings.join('\n')).toMatch(/eu-west-1 failed/);
  });

  it('a move whose target slot is taken on the behavior says the functions must be merged (low confidence)', () => {
    const snapshot = cases();
    const behavior = snapshot.inventory.distributions.find((d) => d.id === 'EDERIVED')!.behaviors[0]!;
    behavior.lambdaAssociations[1]!.eventType = 'origin-request';
    const r = find(run(snapshot).recommendations, 'move-to-origin-event', 'derived-viewer')!;
    expect(r.confidence).toBe('low');
    expect(r.assumptions.join('\n')).toMatch(/already runs derived-origin on origin-request.*merged/);
  });
});

describe('recommend: the demo account', () => {
  const doc = run(demoSnapshot());
  const kinds = (name: string) =>
    doc.recommendations
      .filter((r) => r.functionName === name)
      .map((r) => `${r.kind}@${r.distributionId}`)
      .sort();

  it('finds the cases the demo account was built with', () => {
    expect(kinds('auth-check')).toEqual(['move-to-origin-event@E1SHOPWEB0001', 'move-to-origin-event@E2DOCSSITE002']);
    expect(kinds('geo-redirect')).toEqual(['move-to-cloudfront-functions@E3APIEDGE0003', 'move-to-origin-event@E3APIEDGE0003']);
    expect(kinds('legacy-redirect')).toEqual(['remove-unused@E3APIEDGE0003']);
    expect(kinds('api-signer')).toEqual([]);
    expect(kinds('origin-router')).toEqual([]);
  });

  it('auth-check on E1 (85 % CacheHitRate) saves 85 % of its share; on E2 (no subscription, no origin function) it needs a hit rate', () => {
    const e1 = doc.recommendations.find((r) => r.functionName === 'auth-check' && r.distributionId === 'E1SHOPWEB0001')!;
    expect(e1.monthlySavingsUsd! / e1.currentMonthlyCostUsd).toBeCloseTo(0.85, 12);
    // origin-router already holds origin-request on that behavior
    expect(e1.confidence).toBe('low');
    const e2 = doc.recommendations.find((r) => r.functionName === 'auth-check' && r.distributionId === 'E2DOCSSITE002')!;
    expect(e2.monthlySavingsUsd).toBeNull();
    // the two associations together cost what the report says auth-check costs
    const report = buildReport(demoSnapshot(), { pricing, now });
    expect(e1.currentMonthlyCostUsd + e2.currentMonthlyCostUsd).toBeCloseTo(report.functions.find((f) => f.functionName === 'auth-check')!.monthlyRunRateUsd, 9);
  });
});
