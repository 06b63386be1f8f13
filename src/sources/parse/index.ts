/**
 * Reads CloudFormation/SAM/CDK templates, Terraform plans and JSON data files (YAML or JSON) into
 * plain values while remembering where every mapping, sequence and key was written, so findings and
 * errors can name a file, line and column.
 */

import { InputError } from '../../errors.js';
import { parseJson } from './json.js';
import type { ParsedDocument } from './positions.js';
import { parseYaml } from './yaml.js';

export { parseJson } from './json.js';
export type { ParsedDocument, SourcePosition } from './positions.js';
export { parseYaml } from './yaml.js';

/** Parses a template or plan, choosing JSON or YAML from the content (JSON also when a `.json` file is not JSON). */
export function parseTemplateText(file: string, text: string): ParsedDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /\S/.exec(body)?.[0];
  if (first === undefined) throw new InputError(file, 'the file is empty', { line: 1 });
  const looksJson = first === '{' || first === '[' || /\.json$/i.test(file);
  if (!looksJson) return parseYaml(file, body);
  try {
    return parseJson(file, body);
  } catch (jsonError) {
    // A YAML flow mapping starts with `{` too; a `.json` file is held to JSON.
    if (/\.json$/i.test(file)) throw jsonError;
    try {
      return parseYaml(file, body);
    } catch {
      throw jsonError;
    }
  }
}
