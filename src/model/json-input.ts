import { InputError } from '../errors.js';

/**
 * A JSON data file as the loader hands it to the core (price sheet, quota and runtime tables, lint
 * and gate configs, recommend limits, snapshots, baselines): parsed (duplicate keys and non-finite
 * numbers refused) and, when it has a schema, validated. The core interprets `data` and reports a
 * mistake at a JSON pointer with `failAt`, which names the file and line.
 */
export interface JsonInput {
  file: string;
  data: unknown;
  /** Where the value at a JSON pointer was written, or (when it is absent) the line of its nearest parent. */
  at(pointer: string): { line: number; column?: number } | undefined;
}

/** Throws the InputError for a mistake at `pointer` (line 1 when the pointer cannot be located). */
export function failAt(input: JsonInput, pointer: string, message: string, hint?: string): never {
  const where = input.at(pointer) ?? { line: 1 };
  throw new InputError(input.file, message, { line: where.line, ...(hint === undefined ? {} : { hint }) });
}

/** A key as one segment of a JSON pointer (RFC 6901). */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** What a JSON value is, for messages that say what the file holds: `the string "1"`, `the number 2`, `null`, `a list`. */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return Array.isArray(value) ? 'a list' : 'an object';
}
