import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { RULE_IDS } from '../../src/quotas/registry.js';
import { loadPricing, parseGateConfig, parseLintConfig, parsePriceSheet, readGateConfig, readLintConfig } from '../../src/sources/data-files.js';
import { cannotRead, hasDigitRun, hasDuplicateKey, mayOverflow, parseJsonData, readTextFileAsync } from '../../src/sources/json-data.js';
import { parseSnapshot, readSnapshot } from '../../src/sources/snapshot.js';
import { runCli } from '../helpers/cli.js';

/** JSON data files: duplicate keys, non-finite numbers and wrongly typed versions are refused with file:line(:col). */

const fixture = (name: string): string => new URL(`../fixtures/data-files/${name}`, import.meta.url).pathname;
const text = (name: string): string => readFileSync(fixture(name), 'utf8');

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

async function asyncInputError(run: () => Promise<unknown>): Promise<InputError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('duplicate keys in JSON inputs are refused, naming file, line, column and key', () => {
  it.each([
    ['gate config', 'gate-duplicate-budget.json', (t: string) => parseGateConfig('gate.json', t), 'gate.json:3:3: invalid JSON: duplicate key "budgetUsd"'],
    ['lint config', 'lint-duplicate-rule.json', (t: string) => parseLintConfig('lint.json', t, RULE_IDS), 'lint.json:4:5: invalid JSON: duplicate key "memory-limit"'],
    ['price sheet', 'pricing-duplicate-currency.json', (t: string) => parsePriceSheet('prices.json', t), 'prices.json:8:3: invalid JSON: duplicate key "currency"'],
    ['snapshot', 'snapshot-duplicate-schema-version.json', (t: string) => parseSnapshot('snap.json', t), 'snap.json:3:3: invalid JSON: duplicate key "schemaVersion"'],
  ])('%s', (_kind, name, parse, message) => {
    const error = inputError(() => parse(text(name)));
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(2);
  });

  it('the file readers refuse them too', async () => {
    expect((await asyncInputError(() => readGateConfig(fixture('gate-duplicate-budget.json')))).line).toBe(3);
    expect((await asyncInputError(() => readLintConfig(fixture('lint-duplicate-rule.json'), RULE_IDS))).line).toBe(4);
    expect((await asyncInputError(() => readSnapshot(fixture('snapshot-duplicate-schema-version.json')))).line).toBe(3);
    expect(inputError(() => loadPricing(fixture('pricing-duplicate-currency.json'))).line).toBe(8);
  });
});

describe('messages say what is in the file', () => {
  it('1e999 is a number that is not finite, not "null"', () => {
    const error = inputError(() => parseGateConfig('gate.json', text('gate-infinite-budget.json')));
    expect(error.message).toBe('gate.json:2:16: the number 1e999 is not finite (it is beyond the largest number, about 1.8e308)');
    expect(error.message).not.toMatch(/null/);
  });

  it('1e999 in a snapshot is located at its column', () => {
    const error = inputError(() => parseSnapshot('snap.json', text('snapshot-infinite-invocations.json')));
    expect([error.line, error.column]).toEqual([29, 156]);
    expect(error.message).toMatch(/the number 1e999 is not finite/);
  });

  it('schemaVersion "1" is reported as a string', () => {
    const error = inputError(() => parseSnapshot('snap.json', text('snapshot-schema-version-string.json')));
    expect(error.message).toBe('snap.json:2: snapshot "schemaVersion" is the string "1", expected the number 1');
  });

  it('a version that is a number but not 1 keeps its message', () => {
    const error = inputError(() => parseSnapshot('snap.json', text('snapshot-schema-version-string.json').replace('"schemaVersion": "1"', '"schemaVersion": 2')));
    expect(error.message).toBe('snap.json:2: snapshot schemaVersion 2 is not supported (this edgecost reads version 1)');
  });
});

describe('the loader', () => {
  it.each([
    ['{"a": 1, "a": 2}', true],
    ['{"a": {"b": 1}, "b": 2}', false],
    ['[{"a": 1}, {"a": 1}]', false],
    ['{"a": "\\"a\\": 1", "b": 2}', false],
    ['{"x\\\\": 1, "x\\u005c": 2}', true],
    ['{"s": "\\\\", "s" : 3}', true],
    ['{"a": [1, {"a": 2}], "c": {"a": 3, "c": 4}}', false],
    ['{"ab": 1, "a\\u0062": 2}', true],
    ['{"ab": 1, "ba": 2, "abc": {"ab": 3}, "b\\u0061c": 4}', false],
    ['{"x": {"y": 1}, "z": [{"y": 2, "w": {}}], "y": 3, "z2": {"q": 1, "q": 2}}', true],
    // objects past the few keys compared in place keep their keys in a Set
    [`{${Array.from({ length: 20 }, (_, i) => `"k${i}": ${i}`).join(', ')}}`, false],
    [`{${Array.from({ length: 20 }, (_, i) => `"k${i}": ${i}`).join(', ')}, "k3": 0}`, true],
    [`{${Array.from({ length: 20 }, (_, i) => `"k${i}": {"k${i}": ${i}}`).join(', ')}, "k\\u0031\\u0039": 0}`, true],
    [`{"a": 1, "b": {${Array.from({ length: 12 }, (_, i) => `"a${i}": ${i}`).join(', ')}}, "c": 2, "a1": 3}`, false],
  ])('hasDuplicateKey(%s) is %s', (json, expected) => {
    expect(hasDuplicateKey(json)).toBe(expected);
  });

  it('looks for a non-finite number only where a token could overflow (a 3-digit exponent or 100 digits in a row)', () => {
    expect(mayOverflow('{"a": 1e999}')).toBe(true);
    expect(mayOverflow('{"a": -2E+308}')).toBe(true);
    expect(mayOverflow(`{"a": ${'9'.repeat(400)}}`)).toBe(true);
    expect(mayOverflow(`{"a": ${'9'.repeat(99)}e99, "b": [1.5, 2e10, 12345678901234567890]}`)).toBe(false);
    expect(mayOverflow('{"e": "E", "b": 5e-324, "c": 1E-308}')).toBe(true);
    expect(mayOverflow('{"e": "E", "b": 5e-32, "c": 1E+30, "d": "e"}')).toBe(false);
    // Every place a run of 100 can start, and runs of 99 around the places looked at.
    for (let offset = 0; offset < 210; offset++) {
      expect(hasDigitRun(`${'x'.repeat(offset)}${'7'.repeat(100)}x`, 100)).toBe(true);
      expect(hasDigitRun(`${'x'.repeat(offset)}${'7'.repeat(99)}x${'7'.repeat(99)}`, 100)).toBe(false);
    }
    // A number that parses to Infinity is still found with its line.
    expect(() => parseJsonData('n.json', `{\n  "a": ${'9'.repeat(400)}\n}`, { what: 'test file' })).toThrow(/n\.json:2/);
  });

  it('reads a file as its UTF-8 text, ASCII or not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-text-'));
    try {
      for (const text of ['{"name": "plain"}', '{"name": "édge 😀 ✓", "x": "\u00ff"}', '']) {
        writeFileSync(join(dir, 'f.json'), text, 'utf8');
        expect(await readTextFileAsync(join(dir, 'f.json'), 'the file')).toBe(text);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says "cannot read the <what> (<code>)" once for every data file', () => {
    const error = cannotRead('x.json', 'the gate config', Object.assign(new Error('denied'), { code: 'EACCES' }));
    expect(error.message).toBe('x.json: cannot read the gate config (EACCES)');
    expect(cannotRead('x.json', 'the package', Object.assign(new Error('gone'), { code: 'ENOENT' }), 'the package does not exist').message).toBe(
      'x.json: the package does not exist',
    );
  });

  it('locates a schema mismatch on the parsed document: the unknown field itself', () => {
    const error = inputError(() => parseJsonData('l.json', '{\n  "rules": {},\n  "extra": true\n}', { what: 'lint configuration', schema: 'quotas/lint-config.schema.json' }));
    expect(error.message).toBe('l.json:3: not a valid lint configuration: / must NOT have additional properties (unknown field "extra")');
  });

  it('validates quotas/recommend.json against its schema', () => {
    const shipped = readFileSync(new URL('../../quotas/recommend.json', import.meta.url), 'utf8');
    expect(() => parseJsonData('quotas/recommend.json', shipped, { what: 'recommend-limits file', schema: 'quotas/recommend.schema.json' })).not.toThrow();
    const typo = shipped.replace('"unit": "bytes"', '"units": "bytes"');
    const error = inputError(() => parseJsonData('r.json', typo, { what: 'recommend-limits file', schema: 'quotas/recommend.schema.json' }));
    expect(error.message).toMatch(
      /^r\.json:\d+: not a valid recommend-limits file: \/facts\/cloudfrontFunctions\.maxFunctionSizeBytes must NOT have additional properties \(unknown field "units"\)$/,
    );
    expect(error.line).toBe(shipped.slice(0, shipped.indexOf('"unit": "bytes"')).split('\n').length);
  });
});

describe('the CLI', () => {
  it('gate --config with a duplicate key exits 2 naming file:line:col and the key', async () => {
    const run = await runCli(['gate', '--demo', '--config', fixture('gate-duplicate-budget.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('gate-duplicate-budget.json:3:3: invalid JSON: duplicate key "budgetUsd"');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('report --input with schemaVersion "1" exits 2 saying it is a string', async () => {
    const run = await runCli(['report', '--input', fixture('snapshot-schema-version-string.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('snapshot-schema-version-string.json:2: snapshot "schemaVersion" is the string "1", expected the number 1');
  });
});
