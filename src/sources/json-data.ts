import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { InputError } from '../errors.js';
import type { JsonInput } from '../model/json-input.js';
import { firstNonFiniteNumber } from '../model/snapshot-checks.js';
import { decodeUtf8 } from '../utf8.js';
import { packagePath } from './package-root.js';
import { parseJson } from './parse/json.js';
import type { ParsedDocument } from './parse/positions.js';

/**
 * The one loader for JSON data files (price sheets, quota and runtime tables, lint and gate
 * configs, recommend limits, snapshots, baselines): read with one wording for "cannot read …",
 * parsed with positions (duplicate keys and non-finite numbers refused, with file:line:col),
 * validated against the file's JSON Schema, and handed to the core as a `JsonInput`.
 */

/** The InputError for a file that cannot be read: `cannot read the <what> (<code>)`, or `missing` for ENOENT when given. */
export function cannotRead(file: string, what: string, error: unknown, missing?: string): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = code === 'ENOENT' && missing !== undefined ? missing : `cannot read ${what} (${code ?? String(error)})`;
  return new InputError(file, message, { cause: error });
}

export function readTextFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw cannotRead(file, what, error);
  }
}

export async function readTextFileAsync(file: string, what: string, missing?: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw cannotRead(file, what, error, missing);
  }
  // Decoded at once: reading as 'utf8' decodes chunk by chunk into a string JSON.parse must first flatten.
  return decodeUtf8(bytes);
}

export interface SchemaIssue {
  /** JSON pointer of the offending value, e.g. `/usage/3/invocations/2` (`/` for the root). */
  path: string;
  /** Where to point the reader: the unknown property itself for an additional property. */
  pointer: string;
  message: string;
}

export type SchemaValidator = (data: unknown) => SchemaIssue | undefined;

type AjvValidate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null;
};

const compiled = new Map<string, SchemaValidator>();

type Ajv = { compile(schema: unknown): AjvValidate };
let ajv: Ajv | undefined;

const require = createRequire(import.meta.url);

/**
 * One Ajv for every shipped schema (each has its own `$id`). The schemas ship with the package and
 * are checked against the JSON Schema meta-schema by the tests (test/sources/schemas.test.ts), so a
 * run does not compile the meta-schema again (it costs more than most schemas themselves). The
 * options are those of scripts/compile-schemas.mjs.
 */
function sharedAjv(): Ajv {
  const AjvModule = require('ajv') as { default?: unknown };
  const Ajv = AjvModule.default ?? AjvModule;
  ajv ??= new (Ajv as new (options: object) => Ajv)({ allErrors: false, strict: false, validateFormats: false, validateSchema: false });
  return ajv;
}

let built: Record<string, AjvValidate> | null | undefined;

/**
 * The validator `npm run build` compiled for a shipped schema (scripts/compile-schemas.mjs writes
 * dist/sources/schemas.compiled.cjs): a run then loads neither Ajv's compiler nor a schema. Run
 * from src (the tests) there is none, and the schema is compiled here.
 */
function builtValidator(relativePath: string): AjvValidate | undefined {
  if (built === undefined) {
    try {
      built = (require('./schemas.compiled.cjs') as { byPath: Record<string, AjvValidate> }).byPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
      built = null;
    }
  }
  return built?.[relativePath];
}

/** Compiles (once) a JSON Schema shipped in the package, path relative to the package root. */
export function compileSchema(relativePath: string): SchemaValidator {
  const known = compiled.get(relativePath);
  if (known) return known;
  // The shipped schemas are not checked against the JSON Schema meta-schema here (compiling that is
  // half the cost of loading the quota tables at startup): test/sources/data-files.test.ts does it.
  const validate = builtValidator(relativePath) ?? sharedAjv().compile(JSON.parse(readFileSync(packagePath(relativePath), 'utf8')));
  const validator: SchemaValidator = (data) => {
    if (validate(data)) return undefined;
    const first = validate.errors?.[0];
    const path = first?.instancePath || '/';
    const params = first?.params ?? {};
    const extra =
      typeof params.additionalProperty === 'string'
        ? ` (unknown field "${params.additionalProperty}")`
        : params.allowedValues
          ? `: ${(params.allowedValues as unknown[]).join(', ')}`
          : '';
    const pointer = typeof params.additionalProperty === 'string' ? `${first?.instancePath ?? ''}/${params.additionalProperty.replace(/~/g, '~0').replace(/\//g, '~1')}` : path;
    return { path, pointer, message: `${first?.message ?? 'is invalid'}${extra}` };
  };
  compiled.set(relativePath, validator);
  return validator;
}

/** Where the value at `pointer` was written: its key (or list item), else the line of the nearest parent that exists. */
function locator(doc: ParsedDocument): JsonInput['at'] {
  return (pointer) => {
    const segments = pointer
      .split('/')
      .slice(1)
      .filter((segment, index, all) => !(segment === '' && index === all.length - 1))
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = doc.root;
    let position = doc.positionOf(doc.root);
    for (const segment of segments) {
      const child = typeof node === 'object' && node !== null && Object.hasOwn(node, segment) ? (node as Record<string, unknown>)[segment] : undefined;
      const at = child === undefined ? undefined : doc.keyPosition(node, segment);
      // A pointer into what is not there: the line of the nearest parent, without a column.
      if (!at) return position ? { line: position.line } : undefined;
      position = at;
      node = child;
    }
    return position;
  };
}

export interface JsonDataOptions {
  /** What the file is, for messages: "price sheet", "gate config". */
  what: string;
  /** Its JSON Schema, relative to the package root. */
  schema?: string;
  /** How a schema mismatch begins (default `not a valid <what>`). */
  invalid?: string;
  /** Says where to look when the file does not match its schema. */
  hint?: string;
}

/** Keys an object may have before they are kept in a Set: compared in place below it, hashed above. */
const FEW_KEYS = 8;

/**
 * Whether an object of the text has a key twice (JSON.parse would keep the last): a scan of keys
 * only, no values built. The first FEW_KEYS keys of an object are compared where they stand in the
 * text (offset and length, no string made: most objects of a snapshot are small); an object with
 * more keeps them in a Set, so a large map stays linear. A key with an escape is compared decoded
 * (`"a\u0062"` is `"ab"`).
 */
export function hasDuplicateKey(text: string): boolean {
  const structural = /[{}[\]"]/g;
  // Per open container: where its keys begin in the lists below, or -1 for an array; and the Set
  // its keys moved to once it had more than FEW_KEYS.
  const frames: number[] = [];
  const sets: (Set<string> | undefined)[] = [];
  // the keys of the open objects, innermost last: `size` of them are in use
  const starts: number[] = [];
  const lengths: number[] = [];
  const escaped: boolean[] = [];
  let size = 0;
  const keyAt = (start: number, length: number, hasEscape: boolean) =>
    hasEscape ? (JSON.parse(`"${text.slice(start, start + length)}"`) as string) : text.slice(start, start + length);
  // test() rather than exec(): no match object per structural character of a 100 MB snapshot.
  while (structural.test(text)) {
    const at = structural.lastIndex - 1;
    const ch = text.charCodeAt(at);
    if (ch === 0x22) {
      let end = text.indexOf('"', at + 1);
      // a quote after an odd number of backslashes is inside the string
      while (end > 0 && text.charCodeAt(end - 1) === 0x5c) {
        let count = 1;
        while (text.charCodeAt(end - 1 - count) === 0x5c) count++;
        if (count % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end < 0) return false;
      structural.lastIndex = end + 1;
      const top = frames.length - 1;
      const frame = top < 0 ? -1 : frames[top]!;
      if (frame < 0) continue;
      let next = end + 1;
      let code = text.charCodeAt(next);
      while (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) code = text.charCodeAt(++next);
      if (code !== 0x3a) continue;
      const start = at + 1;
      const length = end - start;
      let backslash = false;
      for (let i = start; i < end && !backslash; i++) backslash = text.charCodeAt(i) === 0x5c;
      const set = sets[top];
      if (set) {
        const key = keyAt(start, length, backslash);
        if (set.has(key)) return true;
        set.add(key);
        continue;
      }
      const own = backslash ? keyAt(start, length, true) : undefined;
      for (let k = frame; k < size; k++) {
        if (own !== undefined || escaped[k]) {
          if (keyAt(starts[k]!, lengths[k]!, escaped[k]!) === (own ?? keyAt(start, length, false))) return true;
          continue;
        }
        if (lengths[k] !== length) continue;
        const other = starts[k]!;
        let i = 0;
        while (i < length && text.charCodeAt(other + i) === text.charCodeAt(start + i)) i++;
        if (i === length) return true;
      }
      starts[size] = start;
      lengths[size] = length;
      escaped[size] = backslash;
      size++;
      if (size - frame > FEW_KEYS) {
        const moved = new Set<string>();
        for (let k = frame; k < size; k++) moved.add(keyAt(starts[k]!, lengths[k]!, escaped[k]!));
        sets[top] = moved;
        size = frame;
      }
    } else if (ch === 0x7b || ch === 0x5b) {
      frames.push(ch === 0x7b ? size : -1);
      sets[frames.length - 1] = undefined;
    } else {
      const frame = frames.pop();
      if (frame !== undefined && frame >= 0) size = frame;
    }
  }
  return false;
}

/**
 * Whether the text has a number token JSON.parse could turn into ±Infinity: one needs 100 or more
 * digits in a row or a 3-digit exponent (99 digits and `e99` stay below 1e199). Most files have
 * neither, and then the parsed values need no walk (a walk of a 100 MB snapshot cost a quarter of a
 * second and left 60 MB behind).
 */
export function mayOverflow(text: string): boolean {
  return hasLongExponent(text) || hasDigitRun(text, 100);
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * Whether an `e` or `E` is followed by a sign and three digits. Each letter is found with indexOf
 * (a native scan, 3× faster than a regular expression over a 58 MB snapshot, where the letter is
 * rare: keys and region names).
 */
export function hasLongExponent(text: string): boolean {
  for (const letter of ['e', 'E']) {
    for (let at = text.indexOf(letter); at >= 0; at = text.indexOf(letter, at + 1)) {
      let next = at + 1;
      const sign = text.charCodeAt(next);
      if (sign === 0x2b || sign === 0x2d) next++;
      if (isDigit(text.charCodeAt(next)) && isDigit(text.charCodeAt(next + 1)) && isDigit(text.charCodeAt(next + 2))) return true;
    }
  }
  return false;
}

/**
 * Whether `length` or more digits stand in a row. A regular expression tries a run from each of its
 * digits (a third of a second on a 100 MB snapshot); `length` places in a row always hold a
 * multiple of `length`, so only those places are looked at, and widened.
 */
export function hasDigitRun(text: string, length: number): boolean {
  for (let at = length - 1; at < text.length; at += length) {
    if (!isDigit(text.charCodeAt(at))) continue;
    let end = at + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    let start = at;
    while (start > 0 && end - start < length && isDigit(text.charCodeAt(start - 1))) start--;
    if (end - start >= length) return true;
  }
  return false;
}

/**
 * Parses the text of a JSON data file and validates it against its schema. Snapshots run to
 * hundreds of megabytes, so the values come from JSON.parse and the positions from the
 * position-tracking parser only when a message needs them; that parser also names the exact
 * place of a syntax error, a duplicate key or a non-finite number.
 */
export function parseJsonData(file: string, text: string, options: JsonDataOptions): JsonInput {
  if (text.trim() === '') throw new InputError(file, 'invalid JSON: the file is empty', { line: 1 });
  let positioned: ParsedDocument | undefined;
  const positions = (): ParsedDocument => {
    positioned ??= parseJson(file, text, { finiteNumbers: true });
    return positioned;
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    positions();
    throw new InputError(file, `invalid JSON: ${error instanceof Error ? error.message : String(error)}`, { line: 1 });
  }
  // Both throw the InputError with file:line:col; JSON.parse would have kept the last value, or Infinity.
  if (hasDuplicateKey(text) || (mayOverflow(text) && firstNonFiniteNumber(data) !== undefined)) positions();
  let locate: JsonInput['at'] | undefined;
  const at: JsonInput['at'] = (pointer) => {
    locate ??= locator(positions());
    return locate(pointer);
  };
  const input: JsonInput = { file, data, at };
  if (options.schema !== undefined) {
    const issue = compileSchema(options.schema)(data);
    if (issue) {
      throw new InputError(file, `${options.invalid ?? `not a valid ${options.what}`}: ${issue.path} ${issue.message}`, {
        line: input.at(issue.pointer)?.line ?? 1,
        ...(options.hint === undefined ? {} : { hint: options.hint }),
      });
    }
  }
  return input;
}

export function loadJsonData(file: string, options: JsonDataOptions): JsonInput {
  return parseJsonData(file, readTextFile(file, `the ${options.what}`), options);
}

export async function readJsonData(file: string, options: JsonDataOptions): Promise<JsonInput> {
  return parseJsonData(file, await readTextFileAsync(file, `the ${options.what}`), options);
}
