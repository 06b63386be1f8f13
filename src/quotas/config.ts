import { UsageError } from '../errors.js';
import { escapePointer, failAt, type JsonInput } from '../model/json-input.js';
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

export const LINT_CONFIG_SCHEMA_FILE = 'quotas/lint-config.schema.json';

/** Interprets a lint configuration that matches its schema (the loader checked it). */
export function lintConfigFromJson(input: JsonInput, knownRuleIds: readonly string[]): LintConfig {
  const config = input.data as Partial<LintConfig>;
  for (const id of Object.keys(config.rules ?? {})) {
    if (!knownRuleIds.includes(id)) failAt(input, `/rules/${escapePointer(id)}`, `unknown rule "${id}"`, `rules: ${knownRuleIds.join(', ')}`);
  }
  return { rules: config.rules ?? {}, quotas: config.quotas ?? {}, failOn: config.failOn };
}

/** Parses one `--rule ID=off|error|warning|info` flag. */
export function parseRuleFlag(text: string, knownRuleIds: readonly string[]): [string, RuleSetting] {
  const match = /^\s*([a-z0-9-]+)\s*=\s*(off|error|warning|info)\s*$/.exec(text);
  if (!match) throw new UsageError(`--rule expects RULE-ID=off|error|warning|info (e.g. runtime-deprecated=error), got "${text}"`);
  const id = match[1]!;
  if (!knownRuleIds.includes(id)) throw new UsageError(`--rule: unknown rule "${id}"`, { hint: `rules: ${knownRuleIds.join(', ')}` });
  return [id, match[2] as RuleSetting];
}
