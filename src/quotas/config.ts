import { readFile } from 'node:fs/promises';
import { InputError, parseJsonFile, UsageError } from '../errors.js';
import { compileSchema, lineOfJsonPointer, type SchemaValidator } from '../model/schema.js';
import type { RuleSetting, Severity } from './types.js';

/**
 * `edgecost lint --config FILE`: `{ "rules": { "<rule-id>": "off|error|warning|info" },
 * "quotas": { "viewer.memoryMB": 256 }, "failOn": "warning" }`, validated against
 * quotas/lint-config.schema.json. Command-line flags win over the file.
 */
export interface LintConfig {
  rules: Record<string, RuleSetting>;
  quotas: Record<string, number>;
  failOn?: Severity;
}

const SCHEMA_FILE = 'quotas/lint-config.schema.json';
let validateConfig: SchemaValidator | undefined;

export function parseLintConfig(file: string, text: string, knownRuleIds: readonly string[]): LintConfig {
  const data = parseJsonFile(file, text);
  validateConfig ??= compileSchema(SCHEMA_FILE);
  const issue = validateConfig(data);
  if (issue) {
    throw new InputError(file, `not a valid lint configuration: ${issue.path} ${issue.message}`, {
      line: lineOfJsonPointer(text, issue.path),
      hint: 'expected { "rules": { "<rule-id>": "off|error|warning|info" }, "quotas": { "viewer.memoryMB": 256 } }',
    });
  }
  const config = data as Partial<LintConfig>;
  for (const id of Object.keys(config.rules ?? {})) {
    if (!knownRuleIds.includes(id)) {
      throw new InputError(file, `unknown rule "${id}"`, {
        line: lineOfJsonPointer(text, `/rules/${id}`),
        hint: `rules: ${knownRuleIds.join(', ')}`,
      });
    }
  }
  return { rules: config.rules ?? {}, quotas: config.quotas ?? {}, failOn: config.failOn };
}

export async function readLintConfig(file: string, knownRuleIds: readonly string[]): Promise<LintConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, `cannot read the lint configuration (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseLintConfig(file, text, knownRuleIds);
}

/** Parses one `--rule ID=off|error|warning|info` flag. */
export function parseRuleFlag(text: string, knownRuleIds: readonly string[]): [string, RuleSetting] {
  const match = /^\s*([a-z0-9-]+)\s*=\s*(off|error|warning|info)\s*$/.exec(text);
  if (!match) throw new UsageError(`--rule expects RULE-ID=off|error|warning|info (e.g. runtime-deprecated=error), got "${text}"`);
  const id = match[1]!;
  if (!knownRuleIds.includes(id)) throw new UsageError(`--rule: unknown rule "${id}"`, { hint: `rules: ${knownRuleIds.join(', ')}` });
  return [id, match[2] as RuleSetting];
}
