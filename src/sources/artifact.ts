/**
 * Deployment package sizes, as Lambda counts them: the compressed zip (the 1 MB / 50 MB Lambda@Edge
 * quotas) and the sum of its uncompressed files (Lambda's 250 MB quota).
 *
 * A zip is measured from its central directory without inflating anything. A folder is zipped in
 * memory the way `sam build`/the AWS CLI would (deflate level 6), one file at a time, adding the
 * zip's per-entry headers, so only the running byte count is kept.
 */

import { createReadStream, type Dirent, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw } from 'node:zlib';
import { deflateSync } from 'fflate';
import { InputError } from '../errors.js';
import { cannotRead } from './json-data.js';

export interface ArtifactSize {
  /** Undefined when a folder was too large to be worth zipping (see `maxUncompressedBytes`). */
  compressedBytes: number | undefined;
  uncompressedBytes: number;
}

export interface MeasureOptions {
  /**
   * A folder whose files add up to more than this (Lambda's unzipped limit) cannot be deployed
   * whatever it compresses to: its compressed size is left unmeasured instead of deflating
   * gigabytes.
   */
  maxUncompressedBytes?: number;
}

/** Files above this are deflated as a stream: `readFile` cannot hold a file over 2 GiB. */
const STREAM_ABOVE_BYTES = 64 * 1024 * 1024;

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_EOCD_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
/** End of central directory record (22 bytes) + the longest comment (65,535 bytes). */
const EOCD_SEARCH = 22 + 0xffff;

export async function measureArtifact(path: string, options: MeasureOptions = {}): Promise<ArtifactSize> {
  let stat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    throw cannotRead(path, 'the package', error, 'the package does not exist');
  }
  if (stat.isDirectory()) return measureFolder(path, options);
  return measureZip(path, stat.size);
}

async function measureZip(path: string, size: number): Promise<ArtifactSize> {
  const handle = await fs.open(path, 'r');
  try {
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    };
    const tailLength = Math.min(size, EOCD_SEARCH);
    const tail = await read(size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new InputError(path, 'not a zip archive (no end of central directory record)');
    let entries = tail.readUInt16LE(eocd + 10);
    let directorySize = tail.readUInt32LE(eocd + 12);
    let directoryOffset = tail.readUInt32LE(eocd + 16);
    const locator = eocd - 20;
    if (locator >= 0 && tail.readUInt32LE(locator) === ZIP64_EOCD_LOCATOR_SIGNATURE) {
      const zip64Offset = Number(tail.readBigUInt64LE(locator + 8));
      const record = await read(zip64Offset, 56);
      if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw new InputError(path, 'corrupt zip archive (bad ZIP64 record)');
      entries = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
    if (directoryOffset + directorySize > size) throw new InputError(path, 'corrupt zip archive (central directory outside the file)');
    const directory = await read(directoryOffset, directorySize);
    let uncompressedBytes = 0;
    let at = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_HEADER_SIGNATURE) {
        throw new InputError(path, `corrupt zip archive (entry ${n + 1} of ${entries} is unreadable)`);
      }
      let uncompressed = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      if (uncompressed === 0xffffffff) uncompressed = zip64UncompressedSize(directory, at + 46 + nameLength, extraLength) ?? uncompressed;
      uncompressedBytes += uncompressed;
      at += 46 + nameLength + extraLength + commentLength;
    }
    return { compressedBytes: size, uncompressedBytes };
  } finally {
    await handle.close();
  }
}

/** The ZIP64 extended information extra field (0x0001) holds the real size when the header says 0xFFFFFFFF. */
function zip64UncompressedSize(directory: Buffer, start: number, length: number): number | undefined {
  let at = start;
  while (at + 4 <= start + length && at + 4 <= directory.length) {
    const id = directory.readUInt16LE(at);
    const size = directory.readUInt16LE(at + 2);
    if (id === 0x0001 && size >= 8 && at + 12 <= directory.length) return Number(directory.readBigUInt64LE(at + 4));
    at += 4 + size;
  }
  return undefined;
}

async function listFiles(root: string): Promise<{ path: string; size: number }[]> {
  const files: { path: string; size: number }[] = [];
  const walk = async (folder: string, relative: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      throw cannotRead(folder, 'the folder', error);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(join(folder, entry.name), path);
        continue;
      }
      // Symlinks are followed for files only: a linked folder could loop.
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const stat = await fs.stat(join(folder, entry.name)).catch(() => undefined);
      if (stat?.isFile()) files.push({ path, size: stat.size });
    }
  };
  await walk(root, '');
  return files;
}

/** Zip record sizes without extra fields: what `sam build`'s zipfile and fflate's zipSync write for ordinary files. */
const LOCAL_HEADER_BYTES = 30;
const CENTRAL_HEADER_BYTES = 46;
const END_RECORD_BYTES = 22;

async function measureFolder(folder: string, options: MeasureOptions): Promise<ArtifactSize> {
  const files = await listFiles(folder);
  const uncompressedBytes = files.reduce((sum, file) => sum + file.size, 0);
  if (options.maxUncompressedBytes !== undefined && uncompressedBytes > options.maxUncompressedBytes) return { compressedBytes: undefined, uncompressedBytes };
  let compressedBytes = END_RECORD_BYTES;
  for (const file of files) {
    const name = Buffer.byteLength(file.path, 'utf8');
    compressedBytes += LOCAL_HEADER_BYTES + CENTRAL_HEADER_BYTES + 2 * name + (await deflatedBytes(join(folder, file.path), file.size));
  }
  return { compressedBytes, uncompressedBytes };
}

/** Deflate (level 6) size of one file; one file at a time, so a node_modules folder never sits in memory whole. */
async function deflatedBytes(path: string, size: number): Promise<number> {
  try {
    if (size <= STREAM_ABOVE_BYTES) return deflateSync(await fs.readFile(path), { level: 6 }).length;
    let bytes = 0;
    await pipeline(createReadStream(path), createDeflateRaw({ level: 6 }), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) bytes += chunk.length;
    });
    return bytes;
  } catch (error) {
    throw new InputError(path, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}

/**
 * Why a code folder is not what deploys: a `package.json` with `dependencies` and no
 * `node_modules` beside it, or a `requirements.txt` with requirements and no installed package
 * (`*.dist-info`, what `pip install -t` and `sam build` write). Undefined for a zip or a built folder.
 */
export async function unbuiltFolderReason(path: string): Promise<string | undefined> {
  const entries = await fs.readdir(path, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return undefined;
  const names = new Set(entries.map((entry) => entry.name));
  if (names.has('package.json') && !entries.some((entry) => entry.name === 'node_modules' && (entry.isDirectory() || entry.isSymbolicLink()))) {
    const text = await fs.readFile(join(path, 'package.json'), 'utf8').catch(() => undefined);
    let dependencies: unknown;
    try {
      dependencies = text === undefined ? undefined : (JSON.parse(text) as { dependencies?: unknown }).dependencies;
    } catch {
      dependencies = undefined;
    }
    const count = typeof dependencies === 'object' && dependencies !== null ? Object.keys(dependencies).length : 0;
    if (count > 0) return `its package.json lists ${count} ${count === 1 ? 'dependency' : 'dependencies'} and it has no node_modules folder`;
  }
  if (names.has('requirements.txt') && !entries.some((entry) => entry.isDirectory() && /\.(dist|egg)-info$/.test(entry.name))) {
    const text = await fs.readFile(join(path, 'requirements.txt'), 'utf8').catch(() => '');
    // Requirement lines only: not comments, blank lines or pip options (-r, -i, --hash…).
    const count = text.split(/\r?\n/).filter((line) => /^\s*[A-Za-z0-9]/.test(line)).length;
    if (count > 0) return `its requirements.txt lists ${count} ${count === 1 ? 'requirement' : 'requirements'} and no installed package (*.dist-info) is in it`;
  }
  return undefined;
}
