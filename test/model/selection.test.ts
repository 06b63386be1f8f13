import { describe, expect, it } from 'vitest';
import { Selection } from '../../src/model/selection.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:auth-check:7';

describe('Selection: one set of matching rules for --distribution/--function', () => {
  it('selects everything without flags', () => {
    const all = new Selection();
    expect(all.all).toBe(true);
    expect(all.includesDistribution({ id: 'E1' })).toBe(true);
    expect(all.includesFunction({})).toBe(true);
    expect(all.unmatchedFunctions([])).toEqual([]);
    expect(new Selection({ distributionIds: [], functionNames: [] }).all).toBe(true);
  });

  it.each([
    ['by name', { functionName: 'auth-check' }, true],
    ['by the name in a qualified ARN', { functionArn: ARN }, true],
    ['by the name in an unqualified ARN', { functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:auth-check' }, true],
    ['by template resource (logical id)', { functionName: 'other', resource: 'AuthCheck' }, true],
    ['not by another name', { functionName: 'auth-check-v2' }, false],
    ['not by case', { functionName: 'Auth-Check' }, false],
    ['not without any name', {}, false],
    ['the given name wins over the ARN', { functionName: 'other', functionArn: ARN }, false],
  ])('a function matches %s', (_name, fn, expected) => {
    expect(new Selection({ functionNames: ['auth-check', 'AuthCheck'] }).includesFunction(fn)).toBe(expected);
  });

  it.each([
    ['by id', { id: 'E2ABC' }, true],
    ['by template resource', { id: 'E9', resource: 'SiteDistribution' }, true],
    ['not by another id', { id: 'E2ABD' }, false],
    ['not without id or resource', {}, false],
  ])('a distribution matches %s', (_name, distribution, expected) => {
    expect(new Selection({ distributionIds: ['E2ABC', 'SiteDistribution'] }).includesDistribution(distribution)).toBe(expected);
  });

  it('a selection of one kind lets everything of the other kind through', () => {
    expect(new Selection({ functionNames: ['a'] }).includesDistribution({ id: 'E1' })).toBe(true);
    expect(new Selection({ distributionIds: ['E1'] }).includesFunction({ functionName: 'b' })).toBe(true);
  });

  it('names what matched nothing, in flag order', () => {
    const selection = new Selection({ functionNames: ['c', 'a', 'AuthCheck'], distributionIds: ['E3', 'E1', 'Site'] });
    expect(selection.unmatchedFunctions([{ functionName: 'a' }, { functionArn: 'arn:aws:lambda:us-east-1:1:function:b:1', resource: 'AuthCheck' }])).toEqual(['c']);
    expect(selection.unmatchedDistributions([{ id: 'E1' }, { id: 'E7', resource: 'Site' }])).toEqual(['E3']);
    expect(selection.flags).toEqual({ distributionIds: ['E3', 'E1', 'Site'], functionNames: ['c', 'a', 'AuthCheck'] });
  });
});
