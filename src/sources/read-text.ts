import { promises as fs } from 'node:fs';
import { cannotRead } from './json-data.js';

/** An input file's text; a missing or unreadable file is an input error naming it. */
export async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw cannotRead(file, 'the file', error, 'no such file');
  }
}
