import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { packagePath } from '../paths.js';

export interface SchemaIssue {
  /** JSON pointer of the offending value, e.g. `/usage/3/invocations/2`. */
  path: string;
  message: string;
}

export type SchemaValidator = (data: unknown) => SchemaIssue | undefined;


type AjvValidate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null;
};

/** Compiles a JSON Schema shipped in the package (path relative to the package root). */
export function compileSchema(relativePath: string): SchemaValidator {
  const Ajv = (AjvModule as unknown as { default?: unknown }).default ?? AjvModule;
  const ajv = new (Ajv as new (options: object) => { compile(schema: unknown): AjvValidate })({ allErrors: false, strict: false, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(packagePath(relativePath), 'utf8')));
  return (data) => {
    if (validate(data)) return undefined;
    const first = validate.errors?.[0];
    const extra = first?.params?.allowedValues ? `: ${(first.params.allowedValues as unknown[]).join(', ')}` : '';
    return { path: first?.instancePath || '/', message: `${first?.message ?? 'is invalid'}${extra}` };
  };
}

/**
 * Best-effort line of a JSON pointer in the file text, for error messages: walks the pointer's
 * segments, finding each key (or nth array element) after the previous one.
 */
export function lineOfJsonPointer(text: string, pointer: string): number | undefined {
  const segments = pointer
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let at = 0;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) {
      const open = text.indexOf('[', at);
      if (open < 0) return undefined;
      let index = -1;
      let depth = 0;
      let found = -1;
      let inString = false;
      for (let i = open + 1; i < text.length; i++) {
        const ch = text[i];
        if (inString) {
          if (ch === '\\') i++;
          else if (ch === '"') inString = false;
          continue;
        }
        if (depth === 0 && ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t' && ch !== ',' && ch !== ']') {
          if (i === open + 1 || /[,[]\s*$/.test(text.slice(Math.max(open, i - 40), i))) {
            index++;
            if (index === Number(segment)) {
              found = i;
              break;
            }
          }
        }
        if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') {
          if (depth === 0) break;
          depth--;
        }
      }
      if (found < 0) return undefined;
      at = found;
    } else {
      const key = text.indexOf(`"${segment}"`, at);
      if (key < 0) return undefined;
      at = key;
    }
  }
  return text.slice(0, at).split('\n').length;
}
