import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadRecommendLimits, parseRecommendLimits } from '../../src/sources/data-files.js';

const shippedText = readFileSync(new URL('../../quotas/recommend.json', import.meta.url), 'utf8');

describe('recommend limits (quotas/recommend.json)', () => {
  const limits = loadRecommendLimits();

  it.each([
    ['cloudfrontFunctions.maxFunctionSizeBytes', 10_240],
    ['cloudfrontFunctions.maxMemoryMB', 2],
    ['lambda.minMemoryMB', 128],
  ] as const)('fact %s = %d, with an AWS source URL', (key, value) => {
    expect(limits.fact(key).value).toBe(value);
    expect(limits.fact(key).source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('every heuristic states why edgecost chose it', () => {
    const data = JSON.parse(shippedText) as { heuristics: Record<string, { reason?: string }> };
    for (const [key, entry] of Object.entries(data.heuristics)) expect(entry.reason?.length ?? 0, key).toBeGreaterThan(20);
  });

  it('no recommender writes a limit or price as a literal', () => {
    const dir = new URL('../../src/recommend/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text, file).not.toMatch(/10[_,]?240|0\.00005001|\b0\.60?\b|\b0\.10?\b/);
    }
  });

  it.each([
    ['{', /invalid JSON/],
    ['{"kind": "other"}', /edgecost\.recommend-limits/],
    [shippedText.replace('"value": 10240', '"value": -1'), /maxFunctionSizeBytes\.value must be a positive number/],
    [shippedText.replace(/"reason": "Ten times[^"]*"/, '"note": "x"'), /reviewMaxDurationMs needs a "reason"/],
  ])('a malformed file is an InputError naming the file and line (%#)', (text, message) => {
    let error: unknown;
    try {
      parseRecommendLimits('limits.json', text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(message);
    expect((error as InputError).line).toBeGreaterThan(0);
  });
});
