import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, UsageError } from '../errors.js';

/**
 * Writes a file atomically: a temporary file beside the target, then a rename. A crash or a full
 * disk never leaves a half-written report or snapshot in place of the user's previous one.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const directory = dirname(path);
  const temporary = join(directory, `.edgecost-tmp-${basename(path)}-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(directory, { recursive: true });
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new InputError(path, `cannot write the output file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Where a command writes: stdout by default, a file with `-o/--out`. Progress never goes here. */
export async function emit(text: string, outFile?: string): Promise<void> {
  const withNewline = text.endsWith('\n') ? text : `${text}\n`;
  if (outFile !== undefined && outFile !== '-') {
    await writeFileAtomic(outFile, withNewline);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    process.stdout.write(withNewline, (error) => (error ? reject(error) : resolve()));
  });
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
