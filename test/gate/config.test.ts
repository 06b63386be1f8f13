import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseGateConfig } from '../../src/sources/data-files.js';

describe('parseGateConfig', () => {
  it('reads totals and per-function limits', () => {
    const config = parseGateConfig(
      'gate.json',
      JSON.stringify({ budgetUsd: 500, maxIncreasePercent: 20, functions: { 'auth-check': { budgetUsd: 80 }, 'origin-router': { maxIncreasePercent: 25 } } }),
    );
    expect(config).toEqual({
      file: 'gate.json',
      budgetUsd: 500,
      maxIncreasePercent: 20,
      functions: [
        { functionName: 'auth-check', budgetUsd: 80, maxIncreasePercent: undefined },
        { functionName: 'origin-router', budgetUsd: undefined, maxIncreasePercent: 25 },
      ],
    });
  });

  it.each([
    ['[1, 2]', /must be a JSON object/, 1],
    ['{\n  "budget": 500\n}', /unknown key "budget" \(expected budgetUsd, maxIncreasePercent, functions\)/, 2],
    ['{\n  "budgetUsd": "500"\n}', /budgetUsd must be a non-negative number, got "500"/, 2],
    ['{\n  "maxIncreasePercent": -5\n}', /maxIncreasePercent must be a non-negative number/, 2],
    ['{\n  "functions": []\n}', /"functions" must be an object/, 2],
    ['{\n  "functions": {\n    "fn-a": {\n      "budgetUsd": 10,\n      "limit": 3\n    }\n  }\n}', /unknown key "limit" in functions\["fn-a"\]/, 5],
    ['{\n  "functions": {\n    "fn-a": {}\n  }\n}', /sets neither "budgetUsd" nor "maxIncreasePercent"/, 3],
    ['{\n  "functions": {\n    "fn-a": { "budgetUsd": null }\n  }\n}', /functions\["fn-a"\]\.budgetUsd must be a non-negative number, got null/, 3],
    ['{ "budgetUsd": 5,', /invalid JSON/, 1],
  ])('rejects %j with the file and line', (text, message, line) => {
    let error: unknown;
    try {
      parseGateConfig('gate.json', text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^gate\.json:\d+/);
    expect((error as InputError).message).toMatch(message);
    expect((error as InputError).line).toBe(line);
  });
});
