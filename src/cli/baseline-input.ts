import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { type Baseline, type BaselineOptions, parseBaseline } from '../report/compare.js';

/** Reads `--baseline FILE`: a previous snapshot or report JSON (detected by its `kind`). */
export async function readBaseline(file: string, options: BaselineOptions): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, `cannot read the baseline (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseBaseline(file, text, options);
}
