import { escapePointer, failAt, type JsonInput } from '../model/json-input.js';

/**
 * The gate's config file (`gate --config FILE`), JSON:
 *
 *   {
 *     "budgetUsd": 500,                 // total monthly run-rate (or forecast) limit
 *     "maxIncreasePercent": 20,         // total increase over --baseline
 *     "functions": {
 *       "auth-check": { "budgetUsd": 80, "maxIncreasePercent": 25 }
 *     }
 *   }
 *
 * Every field is optional; command-line flags override the totals. Mistakes name the file and line.
 */
export interface FunctionLimits {
  functionName: string;
  budgetUsd?: number;
  maxIncreasePercent?: number;
}

export interface GateConfig {
  file: string;
  budgetUsd?: number;
  maxIncreasePercent?: number;
  functions: FunctionLimits[];
}

const ROOT_KEYS = ['$schema', 'budgetUsd', 'maxIncreasePercent', 'functions'];
const LIMIT_KEYS = ['budgetUsd', 'maxIncreasePercent'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks and interprets a gate config (parsed by the loader: duplicate keys and non-finite numbers are already refused). */
export function gateConfigFromJson(input: JsonInput): GateConfig {
  const { file, data } = input;
  const fail = (pointer: string, message: string): never => failAt(input, pointer, message, 'see `edgecost gate --help` for the config format');
  if (!isObject(data)) return fail('', 'the gate config must be a JSON object');
  for (const key of Object.keys(data)) {
    if (!ROOT_KEYS.includes(key)) fail(`/${escapePointer(key)}`, `unknown key "${key}" (expected ${ROOT_KEYS.slice(1).join(', ')})`);
  }
  const limit = (value: unknown, pointer: string, name: string): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return fail(pointer, `${name} must be a non-negative number, got ${JSON.stringify(value)}`);
    return value;
  };
  const config: GateConfig = {
    file,
    budgetUsd: limit(data.budgetUsd, '/budgetUsd', 'budgetUsd'),
    maxIncreasePercent: limit(data.maxIncreasePercent, '/maxIncreasePercent', 'maxIncreasePercent'),
    functions: [],
  };
  if (data.functions !== undefined) {
    if (!isObject(data.functions)) fail('/functions', '"functions" must be an object of function name → { "budgetUsd", "maxIncreasePercent" }');
    for (const [functionName, entry] of Object.entries(data.functions as Record<string, unknown>)) {
      const pointer = `/functions/${escapePointer(functionName)}`;
      if (!isObject(entry)) return fail(pointer, `functions["${functionName}"] must be an object with "budgetUsd" and/or "maxIncreasePercent"`);
      for (const key of Object.keys(entry)) {
        if (!(LIMIT_KEYS as readonly string[]).includes(key))
          fail(`${pointer}/${escapePointer(key)}`, `unknown key "${key}" in functions["${functionName}"] (expected ${LIMIT_KEYS.join(', ')})`);
      }
      const limits: FunctionLimits = {
        functionName,
        budgetUsd: limit(entry.budgetUsd, `${pointer}/budgetUsd`, `functions["${functionName}"].budgetUsd`),
        maxIncreasePercent: limit(entry.maxIncreasePercent, `${pointer}/maxIncreasePercent`, `functions["${functionName}"].maxIncreasePercent`),
      };
      if (limits.budgetUsd === undefined && limits.maxIncreasePercent === undefined)
        fail(pointer, `functions["${functionName}"] sets neither "budgetUsd" nor "maxIncreasePercent"`);
      config.functions.push(limits);
    }
  }
  return config;
}
