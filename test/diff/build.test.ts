import { describe, expect, it } from 'vitest';
import { buildDiff, type DiffOptions } from '../../src/diff/build.js';
import { Decimal } from '../../src/pricing/money.js';
import { recommend } from '../../src/recommend/index.js';
import { loadPricing, loadRecommendLimits } from '../../src/sources/data-files.js';
import { loadTemplateSources } from '../../src/sources/templates.js';
import { BASE_ASSOCIATIONS, BASE_FUNCTIONS, NOW, type TemplateFunction, template, testSnapshot } from './fixture.js';

const pricing = loadPricing();
const RUN_RATE = new Decimal('30.4375').div(30);
/** $0.60 per 1M requests, $0.00005001 per GB-second (pricing/aws-public.json). */
const REQUEST_USD = new Decimal('0.0000006');
const GB_SECOND_USD = new Decimal('0.00005001');

async function diff(headFunctions: TemplateFunction[], headAssociations: { logicalId: string; eventType: string }[], options: Partial<DiffOptions> = {}) {
  const base = await loadTemplateSources([{ file: 'base.yaml', text: template(BASE_FUNCTIONS, BASE_ASSOCIATIONS) }]);
  const head = await loadTemplateSources([{ file: 'head.yaml', text: template(headFunctions, headAssociations) }]);
  return buildDiff(base, head, testSnapshot(), { pricing, now: NOW, map: new Map(), ...options });
}

const row = (doc: Awaited<ReturnType<typeof diff>>, resource: string) => doc.functions.find((f) => f.resource === resource)!;

describe('edgecost diff: hand-computed costs', () => {
  it('memory 1,024 → 2,048 MB adds exactly the duration cost (same billed duration, run-rate)', async () => {
    const doc = await diff(
      BASE_FUNCTIONS.map((f) => (f.logicalId === 'MemFn' ? { ...f, memoryMB: 2048 } : f)),
      BASE_ASSOCIATIONS,
    );
    const mem = row(doc, 'MemFn');
    // billed 60,000,000 ms + 0.5 ms × 3,000,000 = 61,500,000 ms at 1 GB = 61,500 GB-s → $3.07557615 in 30 days
    const durationRunRate = new Decimal(61_500).times(GB_SECOND_USD).times(RUN_RATE);
    const requestRunRate = new Decimal(3_000_000).times(REQUEST_USD).times(RUN_RATE);
    expect(mem.status).toBe('changed');
    expect(mem.changes).toContainEqual({ property: 'memoryMB', from: 1024, to: 2048 });
    expect(mem.baseMonthlyUsd).toBeCloseTo(durationRunRate.plus(requestRunRate).toNumber(), 10);
    expect(mem.changeUsd).toBeCloseTo(durationRunRate.toNumber(), 10);
    expect(mem.changePercent).toBeCloseTo(durationRunRate.div(durationRunRate.plus(requestRunRate)).times(100).toNumber(), 8);
    expect(mem.assumptions.join(' ')).toMatch(/same billed duration at the new memory/);
    expect(doc.totals.changeUsd).toBeCloseTo(durationRunRate.toNumber(), 10);
    expect(row(doc, 'ViewerFn').status).toBe('unchanged');
    expect(row(doc, 'ViewerFn').changeUsd).toBe(0);
  });

  it('viewer → origin at an 85 % hit rate equals what recommend says for the same move', async () => {
    const doc = await diff(
      BASE_FUNCTIONS,
      BASE_ASSOCIATIONS.map((a) => (a.logicalId === 'ViewerFn' ? { ...a, eventType: 'origin-request' } : a)),
    );
    const viewer = row(doc, 'ViewerFn');
    const advice = recommend(testSnapshot(), { pricing, now: NOW, limits: loadRecommendLimits() }).recommendations.find(
      (r) => r.kind === 'move-to-origin-event' && r.functionName === 'viewer-fn',
    )!;
    expect(advice.projectedMonthlyCostUsd).not.toBeNull();
    expect(viewer.headMonthlyUsd).toBe(advice.projectedMonthlyCostUsd);
    expect(viewer.baseMonthlyUsd).toBe(advice.currentMonthlyCostUsd);
    expect(-viewer.changeUsd!).toBeCloseTo(advice.monthlySavingsUsd!, 12);
    // by hand: 6,000,000 × 0.15 = 900,000 invocations, (12,000,000 × 0.15 + 0.5 × 900,000) ms × 128 MB
    const gbSeconds = new Decimal(1_800_000 + 450_000).div(1000).times(0.125);
    const expected = new Decimal(900_000).times(REQUEST_USD).plus(gbSeconds.times(GB_SECOND_USD)).times(RUN_RATE);
    expect(viewer.headMonthlyUsd).toBeCloseTo(expected.toNumber(), 10);
    expect(viewer.changes).toContainEqual({ property: 'association', from: 'viewer-request on Dist *', to: 'origin-request on Dist *' });
    expect(viewer.confidence).toBe('high');
  });

  it('a removed function subtracts its run-rate', async () => {
    const doc = await diff(
      BASE_FUNCTIONS.filter((f) => f.logicalId !== 'OldFn'),
      BASE_ASSOCIATIONS.filter((a) => a.logicalId !== 'OldFn'),
    );
    const old = row(doc, 'OldFn');
    // 6,000,000 × $0.60/1M + (6,000,000 + 3,000,000) ms × 0.125 GB / 1000 × $0.00005001
    const runRate = new Decimal(6_000_000).times(REQUEST_USD).plus(new Decimal(9_000_000).div(1000).times(0.125).times(GB_SECOND_USD)).times(RUN_RATE);
    expect(old.status).toBe('removed');
    expect(old.baseMonthlyUsd).toBeCloseTo(runRate.toNumber(), 10);
    expect(old.headMonthlyUsd).toBe(0);
    expect(old.changeUsd).toBeCloseTo(-runRate.toNumber(), 10);
    expect(doc.totals.changeUsd).toBeCloseTo(-runRate.toNumber(), 10);
  });

  it('an added association on a measured distribution: requests × miss rate, duration from the measured mean', async () => {
    const doc = await diff(BASE_FUNCTIONS, [...BASE_ASSOCIATIONS, { logicalId: 'MemFn', eventType: 'origin-request' }]);
    const mem = row(doc, 'MemFn');
    // viewer requests of *: viewer-fn's 6,000,000 invocations × 0.15 = 900,000; 20 ms mean + 0.5 ms at 1,024 MB
    const added = new Decimal(900_000).times(REQUEST_USD).plus(new Decimal(900_000).times(20.5).div(1000).times(GB_SECOND_USD)).times(RUN_RATE);
    expect(mem.changeUsd).toBeCloseTo(added.toNumber(), 10);
    expect(mem.changes).toContainEqual({ property: 'association', from: null, to: 'origin-request on Dist *' });
    expect(mem.lowerBound).toBe(false);
  });

  it('a new function: --duration-ms prices its duration, else a request-only lower bound, never $0', async () => {
    const functions = [...BASE_FUNCTIONS, { logicalId: 'NewFn', name: 'new-fn', memoryMB: 128 }];
    const associations = [...BASE_ASSOCIATIONS, { logicalId: 'NewFn', eventType: 'origin-request' }];
    const requests = new Decimal(900_000).times(REQUEST_USD).times(RUN_RATE);
    const bound = row(await diff(functions, associations), 'NewFn');
    expect(bound).toMatchObject({ status: 'added', functionName: null, baseMonthlyUsd: 0, lowerBound: true, confidence: 'low' });
    expect(bound.headMonthlyUsd).toBeCloseTo(requests.toNumber(), 10);
    expect(bound.assumptions.join(' ')).toMatch(/request-only lower bound/);
    const priced = row(await diff(functions, associations, { durationMs: 4.2 }), 'NewFn');
    // 4.2 ms is billed as 5 ms: 900,000 × 5 ms × 0.125 GB = 562.5 GB-s
    expect(priced.headMonthlyUsd).toBeCloseTo(requests.plus(new Decimal(562.5).times(GB_SECOND_USD).times(RUN_RATE)).toNumber(), 10);
    expect(priced.lowerBound).toBe(false);
  });

  it('matches a function without FunctionName by its CloudFormation logical-id tag, and an unmatched one is unknown', async () => {
    const unnamed = BASE_FUNCTIONS.map((f) => (f.logicalId === 'MemFn' ? { logicalId: 'MemFn', memoryMB: 2048 } : f));
    const doc = await diff(unnamed, BASE_ASSOCIATIONS);
    expect(row(doc, 'MemFn')).toMatchObject({ functionName: 'mem-fn', match: { by: 'cloudformation-tags' } });
    expect(row(doc, 'MemFn').changeUsd).toBeGreaterThan(0);
    const renamed = BASE_FUNCTIONS.map((f) => (f.logicalId === 'MemFn' ? { logicalId: 'OtherFn', memoryMB: 1024 } : f));
    const other = await diff(
      renamed,
      BASE_ASSOCIATIONS.map((a) => (a.logicalId === 'MemFn' ? { ...a, logicalId: 'OtherFn' } : a)),
    );
    expect(row(other, 'OtherFn').functionName).toBeNull();
    expect(row(other, 'OtherFn').headMonthlyUsd).not.toBe(0);
    const mapped = await diff(
      renamed,
      BASE_ASSOCIATIONS.map((a) => (a.logicalId === 'MemFn' ? { ...a, logicalId: 'OtherFn' } : a)),
      { map: new Map([['OtherFn', 'mem-fn']]) },
    );
    expect(row(mapped, 'OtherFn')).toMatchObject({ functionName: 'mem-fn', match: { by: 'map' }, status: 'added' });
  });
});
