import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { expectMatchesGolden } from './golden.js';

const directory = mkdtempSync(join(tmpdir(), 'edgecost-golden-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const file = (name: string) => pathToFileURL(join(directory, name));

describe('golden files', () => {
  it('a missing expected file fails the test and is not written', () => {
    expect(() => expectMatchesGolden('output', file('missing.txt'), {})).toThrow(/missing\.txt is missing: restore it from git, or run UPDATE_EXPECTED=1/);
    expect(() => readFileSync(file('missing.txt'))).toThrow(/ENOENT/);
  });

  it('a different output fails', () => {
    writeFileSync(file('old.txt'), 'old output');
    expect(() => expectMatchesGolden('new output', file('old.txt'), {})).toThrow();
  });

  it('UPDATE_EXPECTED=1 writes the file (also into a new folder) and then matches', () => {
    expectMatchesGolden('fresh', file('new/fresh.txt'), { UPDATE_EXPECTED: '1' });
    expect(readFileSync(file('new/fresh.txt'), 'utf8')).toBe('fresh');
    expectMatchesGolden('fresh', file('new/fresh.txt'), {});
  });
});
