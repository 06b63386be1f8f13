import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/pricing/estimate.js';
import { loadPricing } from '../../src/sources/data-files.js';

const pricing = loadPricing();

describe('estimate', () => {
  it("gives AWS's published example exactly", () => {
    const doc = estimate({ requests: 10_000_000, durationMs: 10, memoryMB: 128, event: 'viewer-request' }, pricing);
    expect(doc).toMatchObject({ kind: 'edgecost.estimate', schemaVersion: 1, event: 'viewer-request', invocations: 10_000_000 });
    expect(doc.requestCostUsd).toBe(6);
    expect(doc.durationCostUsd).toBe(0.625125);
    expect(doc.costUsd).toBe(6.625125);
  });

  it('origin placements run only on cache misses', () => {
    const doc = estimate({ requests: 10_000_000, durationMs: 10, memoryMB: 128, event: 'viewer-request', hitRate: 0.85 }, pricing);
    const origin = doc.alternatives.find((a) => a.placement === 'origin-request')!;
    expect(origin.invocations).toBe(1_500_000); // exactly: no float drift
    // 1.5M × ($0.0000006 + 0.01 s × 0.125 GB × $0.00005001) = $0.9937... = 15% of $6.625125
    expect(origin.costUsd).toBeCloseTo(6.625125 * 0.15, 10);
    expect(origin.monthlySavingsUsd).toBeCloseTo(6.625125 * 0.85, 10);
    expect(origin.notes.join(' ')).toContain('per-viewer data');
  });

  it('prices the CloudFront Functions alternative at $0.10 per 1M for viewer events only', () => {
    const viewer = estimate({ requests: 10_000_000, durationMs: 1, memoryMB: 128, event: 'viewer-request' }, pricing);
    const cff = viewer.alternatives.find((a) => a.placement === 'cloudfront-functions')!;
    expect(cff.costUsd).toBe(1);
    // 10M × ($0.0000006 + 0.001 s × 0.125 GB × $0.00005001) = $6.0625125
    expect(viewer.costUsd).toBeCloseTo(6.0625125, 12);
    expect(cff.monthlySavingsUsd).toBeCloseTo(5.0625125, 12);
    const origin = estimate({ requests: 10_000_000, durationMs: 1, memoryMB: 128, event: 'origin-request', hitRate: 0.5 }, pricing);
    expect(origin.invocations).toBe(5_000_000);
    // from an origin event, a CloudFront Function (viewer events only) would run on every request
    const originCff = origin.alternatives.find((a) => a.placement === 'cloudfront-functions')!;
    expect(originCff.invocations).toBe(10_000_000);
    expect(originCff.notes.join(' ')).toContain('viewer events only');
  });

  it.each([
    [10, 10],
    [10.2, 11],
    [10.0000000001, 11],
    [0.4, 1],
  ])('rounds a %s ms duration up to %s ms billed', (durationMs, billed) => {
    const doc = estimate({ requests: 1_000_000, durationMs, memoryMB: 1024, event: 'origin-request' }, pricing);
    expect(doc.input.billedDurationMs).toBe(billed);
    expect(doc.billedGbSeconds).toBeCloseTo(1_000_000 * (billed / 1000), 9);
  });

  it('says when an origin placement assumed no cache hits', () => {
    const doc = estimate({ requests: 1000, durationMs: 5, memoryMB: 128, event: 'viewer-request' }, pricing);
    expect(doc.input.hitRateGiven).toBe(false);
    expect(doc.alternatives.find((a) => a.placement === 'origin-request')!.notes[0]).toContain('no --hit-rate');
  });
});
