import { randomBytes } from 'node:crypto';
import { lstat, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, UsageError } from '../errors.js';

/**
 * Writes an output file. A regular file is replaced atomically (a temporary file beside it, then a
 * rename), so a crash or a full disk never leaves a half-written report in place of the previous one.
 * A symlink is followed (its target is replaced, the link kept); a device or a named pipe
 * (`-o /dev/stdout`, a FIFO) is written into, never replaced. A missing folder is an error, not
 * created: a typo in a path should not build a tree.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const fail = (error: unknown, what = 'cannot write the output file'): never => {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'no space left on the device' : (code ?? String(error));
    throw new InputError(path, `${what} (${reason})`);
  };
  let target = path;
  const existing = await lstat(path).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    target = await realpath(path).catch(() => path);
  }
  const stats = target === path ? existing : await stat(target).catch(() => undefined);
  if (stats?.isDirectory()) throw new InputError(path, 'is a folder: name a file to write the output to');
  if (stats && !stats.isFile()) {
    await writeFile(target, content, { encoding: 'utf8', flag: 'w' }).catch((error) => fail(error));
    return;
  }
  const directory = dirname(target);
  const folder = await stat(directory).catch(() => undefined);
  if (!folder?.isDirectory()) throw new InputError(path, `the folder ${directory} does not exist`);
  const temporary = join(directory, `.edgecost-tmp-${basename(target)}-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx', mode: stats?.mode ?? 0o644 });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    fail(error);
  }
}

/**
 * Checks before a long run (a live collection) that its output can be written at the end, so a
 * typo in `-o` fails at once instead of after minutes of reading AWS.
 */
export async function checkOutputPath(path: string | undefined): Promise<void> {
  if (path === undefined || path === '-') return;
  const target = await realpath(path).catch(() => path);
  const stats = await stat(target).catch(() => undefined);
  if (stats?.isDirectory()) throw new InputError(path, 'is a folder: name a file to write the output to');
  const directory = dirname(target);
  const folder = await stat(directory).catch(() => undefined);
  if (!folder?.isDirectory()) throw new InputError(path, `the folder ${directory} does not exist`);
}

/** Where a command writes: stdout by default, a file with `-o/--out`. Progress never goes here. */
export async function emit(text: string, outFile?: string): Promise<void> {
  const withNewline = text.endsWith('\n') ? text : `${text}\n`;
  if (outFile !== undefined && outFile !== '-') {
    await writeFileAtomic(outFile, withNewline);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    try {
      process.stdout.write(withNewline, (error) => {
        // A reader that went away (`| head`) is not an error of ours: main ends the process quietly.
        if (error && (error as NodeJS.ErrnoException).code !== 'EPIPE') reject(new UsageError(outputFailure(error)));
        else resolve();
      });
    } catch (error) {
      // stdout on a file or device is written synchronously, so a full disk throws here.
      reject(new UsageError(outputFailure(error)));
    }
  });
}

/** One line for an output that cannot be written (`> /dev/full`, a closed descriptor). */
export function outputFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOSPC' ? 'no space left on the device' : code === 'EBADF' ? 'standard output is closed' : (code ?? String(error));
  return `cannot write the output to standard output (${reason})`;
}

/** Warnings always reach stderr (they are part of the result), unless --quiet. */
export function warn(message: string, quiet = false): void {
  if (!quiet) process.stderr.write(`warning: ${message}\n`);
}

/**
 * Progress lines (regions done, calls made) go to stderr only when it is a terminal and --quiet is
 * off, so `--output json | jq` and CI logs stay clean.
 */
export function progressReporter(quiet: boolean | undefined): ((message: string) => void) | undefined {
  if (quiet || !process.stderr.isTTY) return undefined;
  return (message: string) => {
    process.stderr.write(`\r\x1b[2K${message}`);
  };
}

export function endProgress(quiet: boolean | undefined): void {
  if (!quiet && process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

/**
 * The clock: now, or EDGECOST_NOW (an ISO time) — for tests against a scenario with a fixed date,
 * so CloudWatch's retention rules are checked against the scenario's "now".
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env.EDGECOST_NOW;
  if (fixed === undefined || fixed === '') return new Date();
  const date = new Date(fixed);
  if (Number.isNaN(date.getTime())) throw new UsageError(`EDGECOST_NOW is not an ISO 8601 time: "${fixed}"`);
  return date;
}
