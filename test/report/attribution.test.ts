import { describe, expect, it } from 'vitest';
import type { EventType } from '../../src/model/inventory.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { attribute, attributionShares, distributionTraffic } from '../../src/report/attribution.js';

const b = (distributionId: string, eventType: EventType = 'viewer-request') => ({ distributionId, eventType });

describe('attributionShares: one rule for the report and recommend', () => {
  const requests = new Map([
    ['EA', 3_000],
    ['EB', 1_000],
    ['EZERO', 0],
  ]);
  const hitRates = new Map([['EB', 0.75]]);

  it.each([
    ['one association takes all', [b('EA')], [1], 'single'],
    ['no association', [], [], 'single'],
    ['by requests: 3,000 vs 1,000', [b('EA'), b('EB')], [0.75, 0.25], 'requests'],
    // origin-request on EB runs on its misses only: 1,000 × (1 − 0.75) = 250 → 3,000 / 3,250 and 250 / 3,250
    ['an origin event weighted by the miss rate', [b('EA'), b('EB', 'origin-request')], [3_000 / 3_250, 250 / 3_250], 'requests'],
    // EA has no hit rate: its origin event keeps the full requests
    ['no miss-rate weight without a hit rate', [b('EA', 'origin-response'), b('EB')], [0.75, 0.25], 'requests'],
    ['equal when a distribution has no known requests', [b('EA'), b('EUNKNOWN'), b('EB')], [1 / 3, 1 / 3, 1 / 3], 'equal'],
    ['equal when the requests add up to zero', [b('EZERO'), b('EZERO', 'viewer-response')], [0.5, 0.5], 'equal'],
  ])('%s', (_name, bindings, shares, basis) => {
    const result = attribute(bindings, requests, hitRates);
    expect(result.basis).toBe(basis);
    expect(result.shares).toHaveLength(shares.length);
    for (const [i, share] of result.shares.entries()) expect(share).toBeCloseTo(shares[i]!, 15);
    expect(attributionShares(bindings, requests, hitRates)).toEqual(result.shares);
  });
});

describe('distributionTraffic', () => {
  const snapshot = {
    window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-05T00:00:00.000Z', days: 4 },
    distributionMetrics: [
      { distributionId: 'EA', requests: [100, null, 300, null], cacheHitRatePercent: 80 },
      { distributionId: 'EB', requests: [null, null, null, null] },
      { distributionId: 'EC' },
    ],
  } as unknown as Snapshot;

  it('sums the known days, counts the unknown ones, converts hit rates to 0–1', () => {
    const traffic = distributionTraffic(snapshot);
    expect(traffic.requests).toEqual(new Map([['EA', 400]]));
    expect(traffic.hitRates).toEqual(new Map([['EA', 0.8]]));
    expect(traffic.unknownRequestDays).toEqual(
      new Map([
        ['EA', 2],
        ['EB', 4],
      ]),
    );
  });

  it.each([
    ['2026-11-02T06:00:00Z', 1, 2],
    ['2026-11-03T00:00:00Z', 1, 2],
    ['2026-11-04T00:00:01Z', 2, 4],
  ])('days that have not begun by %s are not unknown (EA %d, EB %d)', (now, ea, eb) => {
    expect(distributionTraffic(snapshot, new Date(now)).unknownRequestDays).toEqual(
      new Map([
        ['EA', ea],
        ['EB', eb],
      ]),
    );
  });
});
