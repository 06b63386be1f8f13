import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { checkSnapshot, firstNonFiniteNumber, isIsoDateTime, usageIdentity } from '../../src/model/snapshot-checks.js';

describe('snapshot checks', () => {
  it.each([
    ['2026-10-01T00:00:00.000Z', true],
    ['2026-10-01T00:00:00Z', true],
    ['2026-10-01T12:30:00+02:00', true],
    ['2024-02-29T00:00:00Z', true],
    ['2026-02-29T00:00:00Z', false],
    ['2026-02-30T00:00:00.000Z', false],
    ['2026-13-01T00:00:00Z', false],
    ['2026-10-01T24:00:00Z', false],
    ['2026-10-01', false],
    ['first of November', false],
    [20261001, false],
  ])('isIsoDateTime(%j) is %s', (text, valid) => {
    expect(isIsoDateTime(text)).toBe(valid);
  });

  it('finds the first non-finite number by JSON pointer', () => {
    expect(firstNonFiniteNumber({ a: [1, 2, { 'b/c': Number.POSITIVE_INFINITY }] })).toBe('/a/2/b~1c');
    expect(firstNonFiniteNumber({ a: [1, Number.NaN] })).toBe('/a/1');
    expect(firstNonFiniteNumber({ a: [1, 1e308, null, 'x'] })).toBeUndefined();
  });

  it('the demo snapshot passes', () => {
    expect(checkSnapshot(demoSnapshot())).toBeUndefined();
  });

  it('a series without an account id is the same usage as one with it when the ARN names that account', () => {
    const series = { functionName: 'fn', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn', region: 'eu-west-1', invocations: [], durationSumMs: [] };
    expect(usageIdentity(series, undefined)).toBe(usageIdentity({ ...series, accountId: '123456789012' }, undefined));
    expect(usageIdentity(series, undefined)).not.toBe(usageIdentity({ ...series, region: 'us-east-1' }, undefined));
  });

  it('a failed region of another account does not make this account’s usage contradictory', () => {
    const snapshot = demoSnapshot();
    snapshot.regions.push({ region: 'us-east-1', status: 'failed', accountId: '999999999999', error: 'AccessDenied' });
    expect(checkSnapshot(snapshot)).toBeUndefined();
    snapshot.regions.push({ region: 'us-east-1', status: 'failed', accountId: snapshot.source.accountId ?? '', error: 'AccessDenied' });
    expect(checkSnapshot(snapshot)?.message).toMatch(/is usage in us-east-1, which \/regions\/\d+ marks failed/);
  });
});
