import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, strToU8, zipSync } from 'fflate';
import { describe, expect, it, onTestFinished } from 'vitest';
import { InputError } from '../../src/errors.js';
import { measureArtifact } from '../../src/sources/artifact.js';

const ONE_MB = 1_048_576;

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'edgecost-artifact-'));
}

/** Bytes that deflate does not shrink, so a zip of them has a predictable size. */
function incompressible(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

describe('measureArtifact: zip files', () => {
  it.each([
    ['one small file', { 'index.js': strToU8('exports.handler = async (e) => e.Records[0].cf.request;\n') }],
    ['nested folders', { 'index.js': strToU8('x'.repeat(10_000)), 'lib/a.js': strToU8('y'.repeat(5_000)), 'lib/deep/b.json': strToU8('{}') }],
    ['an empty archive', {}],
  ])('%s: compressed = file size, uncompressed = sum of entries', async (_name, files) => {
    const zip = zipSync(files as Record<string, Uint8Array>, { level: 6 });
    const path = join(await scratch(), 'package.zip');
    await writeFile(path, zip);
    const expected = Object.values(files as Record<string, Uint8Array>).reduce((sum, data) => sum + data.length, 0);
    expect(await measureArtifact(path)).toEqual({ compressedBytes: zip.length, uncompressedBytes: expected });
  });

  it('tells a package of exactly 1 MB from one a byte larger (the viewer-event limit)', async () => {
    const folder = await scratch();
    const base = zipSync({ 'blob.bin': [incompressible(ONE_MB - 200, 7), { level: 0 }] });
    // Pad with a stored entry so the archive is exactly 1,048,576 bytes, then one byte more.
    const overhead = zipSync({ 'blob.bin': [incompressible(ONE_MB - 200, 7), { level: 0 }], p: [new Uint8Array(0), { level: 0 }] }).length;
    const pad = ONE_MB - overhead;
    const exact = zipSync({ 'blob.bin': [incompressible(ONE_MB - 200, 7), { level: 0 }], p: [new Uint8Array(pad), { level: 0 }] });
    const over = zipSync({ 'blob.bin': [incompressible(ONE_MB - 200, 7), { level: 0 }], p: [new Uint8Array(pad + 1), { level: 0 }] });
    expect(base.length).toBeLessThan(ONE_MB);
    await writeFile(join(folder, 'exact.zip'), exact);
    await writeFile(join(folder, 'over.zip'), over);
    expect((await measureArtifact(join(folder, 'exact.zip'))).compressedBytes).toBe(ONE_MB);
    expect((await measureArtifact(join(folder, 'over.zip'))).compressedBytes).toBe(ONE_MB + 1);
  });

  it('reads sizes from a zip with a trailing archive comment', async () => {
    const zip = zipSync({ 'a.txt': strToU8('hello') });
    // Patch the comment length of the end record (last 22 bytes) and append the comment.
    const comment = strToU8('built by ci');
    const patched = new Uint8Array(zip.length + comment.length);
    patched.set(zip);
    patched.set(comment, zip.length);
    new DataView(patched.buffer).setUint16(zip.length - 2, comment.length, true);
    const path = join(await scratch(), 'commented.zip');
    await writeFile(path, patched);
    expect(await measureArtifact(path)).toEqual({ compressedBytes: patched.length, uncompressedBytes: 5 });
  });

  it.each([
    ['not a zip', strToU8('just some javascript'), /not a zip archive/],
    ['a truncated zip', zipSync({ 'a.txt': strToU8('a'.repeat(1000)) }).subarray(0, 40), /not a zip archive/],
  ])('%s is an InputError', async (_name, bytes, message) => {
    const path = join(await scratch(), 'bad.zip');
    await writeFile(path, bytes);
    const error = await measureArtifact(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(message);
  });

  it('a missing path is an InputError naming it', async () => {
    const path = join(await scratch(), 'missing.zip');
    await expect(measureArtifact(path)).rejects.toMatchObject({ file: path, message: expect.stringContaining('does not exist') });
  });
});

describe('measureArtifact: folders', () => {
  it('sums file sizes and zips in memory like the CLI (deflate level 6)', async () => {
    const folder = await scratch();
    await mkdir(join(folder, 'node_modules', 'dep'), { recursive: true });
    const files: Record<string, Uint8Array> = {
      'index.js': strToU8(`exports.handler = async (event) => event;\n${'// padding\n'.repeat(500)}`),
      'node_modules/dep/index.js': strToU8('module.exports = 42;\n'),
      'data.bin': incompressible(20_000, 3),
    };
    for (const [name, data] of Object.entries(files)) await writeFile(join(folder, name), data);
    const size = await measureArtifact(folder);
    const expected = zipSync({
      'data.bin': [files['data.bin']!, { level: 6 }],
      'index.js': [files['index.js']!, { level: 6 }],
      'node_modules/dep/index.js': [files['node_modules/dep/index.js']!, { level: 6 }],
    });
    expect(size.uncompressedBytes).toBe(Object.values(files).reduce((sum, data) => sum + data.length, 0));
    expect(size.compressedBytes).toBe(expected.length);
  });

  it('an empty folder is an empty zip', async () => {
    expect(await measureArtifact(await scratch())).toEqual({ compressedBytes: 22, uncompressedBytes: 0 });
  });
});

describe('measureArtifact: folders too large to read whole', () => {
  const LAMBDA_UNZIPPED_LIMIT = 262_144_000;

  it('a folder with a 2.1 GiB file is measured by its file sizes, not read (no crash, no minutes of deflate)', async () => {
    const folder = await scratch();
    onTestFinished(() => rm(folder, { recursive: true, force: true }));
    await writeFile(join(folder, 'index.js'), 'exports.handler = async (e) => e;\n');
    // Sparse: 2.1 GiB on paper, nothing on disk. readFile would throw ERR_FS_FILE_TOO_LARGE.
    const big = await open(join(folder, 'model.bin'), 'w');
    await big.truncate(2_254_857_830);
    await big.close();
    const size = await measureArtifact(folder, { maxUncompressedBytes: LAMBDA_UNZIPPED_LIMIT });
    expect(size).toEqual({ compressedBytes: undefined, uncompressedBytes: 2_254_857_830 + 34 });
  });

  it('a file over the streaming threshold is deflated as a stream to the same size as in memory', async () => {
    const folder = await scratch();
    onTestFinished(() => rm(folder, { recursive: true, force: true }));
    const data = Buffer.alloc(65 * ONE_MB, 'abcdefgh');
    await writeFile(join(folder, 'big.txt'), data);
    const streamed = await measureArtifact(folder);
    const inMemory = 22 + 30 + 46 + 2 * 'big.txt'.length + deflateSync(data, { level: 6 }).length;
    expect(streamed.uncompressedBytes).toBe(data.length);
    // zlib and fflate may differ by a few bytes at the same level; both are a level-6 deflate.
    expect(Math.abs(streamed.compressedBytes! - inMemory)).toBeLessThan(inMemory * 0.02 + 64);
  });
});
