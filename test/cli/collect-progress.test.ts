import { describe, expect, it } from 'vitest';
import { formatProgress, parseRegionsFlag } from '../../src/cli/collect-progress.js';
import { UsageError } from '../../src/errors.js';

describe('--regions (validated once, in the CLI)', () => {
  it('rejects a region name that is not one', () => {
    expect(() => parseRegionsFlag('eu-west-1,Paris')).toThrow(UsageError);
    expect(() => parseRegionsFlag('eu-west-1,Paris')).toThrow('--regions: "Paris" is not an AWS region name (e.g. eu-west-1)');
    expect(() => parseRegionsFlag(' , ')).toThrow('--regions needs at least one region, or "all"');
  });

  it('keeps each region once, trimmed; "all" and absent pass through', () => {
    expect(parseRegionsFlag(' eu-west-1, us-east-1,eu-west-1 ')).toEqual(['eu-west-1', 'us-east-1']);
    expect(parseRegionsFlag('all')).toBe('all');
    expect(parseRegionsFlag(undefined)).toBeUndefined();
  });
});

describe('the progress line', () => {
  it('shows regions done, calls and elapsed seconds', () => {
    expect(formatProgress({ regionsDone: 3, regionsTotal: 13, calls: 42 }, 1_250)).toBe('collecting: regions 3/13, 42 calls, 1.3 s');
    expect(formatProgress({ regionsDone: 0, regionsTotal: 0, calls: 1 }, 0)).toBe('collecting: 1 calls, 0.0 s');
  });
});
