import { lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/cli/io.js';
import { InputError } from '../../src/errors.js';

const dir = () => mkdtempSync(join(tmpdir(), 'edgecost-io-'));

describe('writeFileAtomic', () => {
  it('replaces a regular file and leaves no temporary file', async () => {
    const folder = dir();
    const file = join(folder, 'report.md');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(folder)).toEqual(['report.md']);
  });

  it('follows a symlink: the target gets the content, the link stays a link', async () => {
    const folder = dir();
    const target = join(folder, 'real.json');
    const link = join(folder, 'latest.json');
    writeFileSync(target, 'old');
    symlinkSync(target, link);
    await writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('writes into a device instead of replacing it (-o /dev/null)', async () => {
    await writeFileAtomic('/dev/null', 'anything');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it.each([
    ['a missing folder', (folder: string) => join(folder, 'no-such-folder', 'out.json'), /the folder .*no-such-folder does not exist/],
    ['a folder', (folder: string) => folder, /is a folder/],
  ])('refuses %s with an input error (exit 2)', async (_name, path, message) => {
    const error = await writeFileAtomic(path(dir()), 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).message).toMatch(message);
  });
});
