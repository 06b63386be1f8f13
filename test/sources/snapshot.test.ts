import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { InputError } from '../../src/errors.js';
import { mergeSnapshots, parseSnapshot } from '../../src/sources/snapshot.js';

const small = readFileSync(new URL('../fixtures/snapshots/small.json', import.meta.url), 'utf8');

function inputError(text: string): InputError {
  try {
    parseSnapshot('snap.json', text);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('snapshot loading', () => {
  it('reads a valid snapshot', () => {
    const snapshot = parseSnapshot('small.json', small);
    expect(snapshot.usage).toHaveLength(3);
    expect(snapshot.window.days).toBe(3);
  });

  it('the demo snapshot satisfies the snapshot schema', () => {
    expect(() => parseSnapshot('demo.json', JSON.stringify(demoSnapshot(), null, 2))).not.toThrow();
  });

  it.each([
    ['truncated JSON', small.slice(0, 400), /invalid JSON/],
    ['empty file', '', /empty/],
    ['not a snapshot', '{ "kind": "edgecost.report", "schemaVersion": 1 }', /"kind" is "edgecost.report", expected "edgecost.snapshot"/],
    ['future version', small.replace('"schemaVersion": 1', '"schemaVersion": 2'), /schemaVersion 2 is not supported/],
    ['negative invocations', small.replace('[500, 500, 500]', '[500, -5, 500]'), /\/usage\/1\/invocations\/1 must be >= 0/],
    ['wrong day count', small.replace('[100, 100, 100], "durationSumMs"', '[100, 100], "durationSumMs"'), /\/usage\/2\/invocations has 2 days, the window has 3/],
    ['bad event type', small.replace('"eventType": "origin-request"', '"eventType": "origin-req"'), /eventType must be equal to one of the allowed values/],
  ])('rejects %s with file and line, exit 2', (_name, text, message) => {
    const error = inputError(text);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith('snap.json')).toBe(true);
  });

  it('points at the line of a schema error', () => {
    const error = inputError(small.replace('[500, 500, 500]', '[500, -5, 500]'));
    const expectedLine = small.split('\n').findIndex((l) => l.includes('[500, 500, 500]')) + 1;
    expect(error.line).toBe(expectedLine);
  });

  it('merges snapshots of two accounts for one window, and refuses different windows', () => {
    const a = parseSnapshot('a.json', small);
    const b = parseSnapshot('b.json', small.replace(/123456789012/g, '210987654321').replace('"EDIST1"', '"EDIST2"'));
    const merged = mergeSnapshots([
      { file: 'a.json', snapshot: a },
      { file: 'b.json', snapshot: b },
    ]);
    expect(merged.usage).toHaveLength(6);
    expect(merged.inventory.functions).toHaveLength(4);
    expect(merged.inventory.distributions.map((d) => d.id)).toEqual(['EDIST1', 'EDIST2']);
    // A consistent window one day earlier (start and end both moved: a window must agree with its days).
    const c = parseSnapshot(
      'c.json',
      small.replace('"2026-11-04T00:00:00.000Z", "days": 3', '"2026-11-03T00:00:00.000Z", "days": 3').replace('"start": "2026-11-01', '"start": "2026-10-31'),
    );
    expect(() =>
      mergeSnapshots([
        { file: 'a.json', snapshot: a },
        { file: 'c.json', snapshot: c },
      ]),
    ).toThrow(/c\.json: window .* differs from a\.json/);
  });

  it('refuses to merge the same usage twice', () => {
    const a = parseSnapshot('a.json', small);
    expect(() =>
      mergeSnapshots([
        { file: 'a.json', snapshot: a },
        { file: 'again.json', snapshot: parseSnapshot('again.json', small) },
      ]),
    ).toThrow(/again\.json: usage of fn-a:1 in us-east-1 is already in a\.json/);
  });
});
