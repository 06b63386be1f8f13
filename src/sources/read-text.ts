import { promises as fs } from 'node:fs';
import { InputError } from '../errors.js';

/** An input file's text; a missing or unreadable file is an input error naming it. */
export async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(error)})`, { cause: error });
  }
}
