/**
 * The worker thread of `diff` that reads and lints the templates while the main thread reads the
 * usage (see readSidesBeside in diff.ts). It answers with the sides, or with its error as data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorToData } from '../thread-errors.js';
import { readSides, type SidesFlags } from './diff-sides.js';

const { flags, now } = workerData as { flags: SidesFlags; now: number };
try {
  parentPort?.postMessage({ sides: await readSides(flags, new Date(now)) });
} catch (error) {
  parentPort?.postMessage({ error: errorToData(error) });
}
