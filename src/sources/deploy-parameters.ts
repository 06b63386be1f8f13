/**
 * What the user says will be deployed, for `lint` of templates: CloudFormation parameter values
 * (`--parameter KEY=VALUE`, `--parameters FILE`) and the deploy region (`--region`, or the `region`
 * of a samconfig). Parameter files come in the shapes the deploy tools read:
 *
 * - CloudFormation's `[{ "ParameterKey": "K", "ParameterValue": "V" }]` (create-stack --parameters),
 * - `aws cloudformation deploy --parameter-overrides file://…`: `["K=V", …]` or CodePipeline's
 *   `{ "Parameters": { "K": "V" } }` (aws-cli PR #5443),
 * - SAM's `samconfig.toml` / `samconfig.yaml`: `parameter_overrides` (a string
 *   `K=V K2="quoted value"` or a list of such strings) and `region` of `[<env>.deploy.parameters]`,
 *   else of `[<env>.global.parameters]` (SAM CLI configuration file, "Configuration file basics").
 */

import { basename } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { TemplateNote } from './extraction.js';
import { type ParsedDocument, parseJson, parseYaml } from './parse/index.js';
import { isRecord } from './parse/values.js';
import { readText } from './read-text.js';

/** A parameter value the user gave, and where it came from (for messages: "from --parameter"). */
export interface GivenParameter {
  value: string;
  from: string;
}

/** The deploy facts a run of `lint` knows from the user, passed to the template loaders as data. */
export interface DeployValues {
  /** CloudFormation parameter values by name: they replace the template's `Default`s. */
  parameters: ReadonlyMap<string, GivenParameter>;
  /** The deploy region of templates that name none themselves. */
  region?: { name: string; from: string };
}

/** CloudFormation parameter names are alphanumeric (template anatomy, "Parameters" section). */
const PARAMETER_NAME = /^[A-Za-z0-9]+$/;

/** `--parameter KEY=VALUE` → [key, value]; the value may be empty or contain `=`. */
export function parseParameterFlag(flag: string): [string, string] {
  const at = flag.indexOf('=');
  const key = at < 0 ? flag : flag.slice(0, at);
  if (at <= 0 || !PARAMETER_NAME.test(key)) {
    throw new UsageError(`--parameter expects KEY=VALUE with an alphanumeric CloudFormation parameter name, got "${flag}"`, {
      hint: 'e.g. --parameter Stage=prod --parameter MemorySize=512 (repeat the flag for each parameter)',
    });
  }
  return [key, flag.slice(at + 1)];
}

export interface ParametersFile {
  parameters: Map<string, string>;
  /** A samconfig's `region`. */
  region?: string;
  /** What the file says, in the words of its format: "samconfig.toml [prod.deploy.parameters]". */
  from: string;
  notes: TemplateNote[];
}

/**
 * Reads one `--parameters FILE`: a samconfig (by name: `*.toml`, or `samconfig*.yaml`) or a JSON
 * parameter file. `configEnv` picks the samconfig environment (SAM's `--config-env`, default `default`).
 */
export async function readParametersFile(file: string, configEnv: string | undefined): Promise<ParametersFile> {
  const text = await readText(file);
  const name = basename(file);
  if (/\.toml$/i.test(name)) return samconfig(file, await parseToml(file, text), () => undefined, 'toml', configEnv);
  if (/^samconfig.*\.ya?ml$/i.test(name)) {
    const doc = parseYaml(file, text);
    return samconfig(file, doc.root, (value) => doc.positionOf(value)?.line, 'yaml', configEnv);
  }
  if (configEnv !== undefined) throw new UsageError(`--config-env applies to a samconfig.toml or samconfig.yaml given to --parameters, not to ${file}`);
  return jsonParameters(file, parseJson(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
}

/** A TOML document's values (TOML keeps no positions: errors about its content name the table instead of a line). */
async function parseToml(file: string, text: string): Promise<unknown> {
  // Loaded lazily: only runs with a samconfig.toml need the TOML parser.
  const { parse, TomlError } = await import('smol-toml');
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const first = error.message.split('\n')[0] ?? 'malformed TOML';
      throw new InputError(file, `invalid TOML: ${first.replace(/^Invalid TOML document: /, '')}`, { line: error.line, column: error.column });
    }
    throw error;
  }
}

function jsonParameters(file: string, doc: ParsedDocument): ParametersFile {
  const root = doc.root;
  const parameters = new Map<string, string>();
  const notes: TemplateNote[] = [];
  const lineOf = (value: unknown): number | undefined => doc.positionOf(value)?.line;
  const set = (key: unknown, value: unknown, where: unknown, index: string): void => {
    if (typeof key !== 'string' || !PARAMETER_NAME.test(key)) {
      throw new InputError(file, `${index}: the parameter name must be alphanumeric text, got ${JSON.stringify(key) ?? 'nothing'}`, { line: lineOf(where) });
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new InputError(
        file,
        `${index}: the value of ${key} must be a string (a list parameter is written "a,b"), got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`,
        {
          line: lineOf(where),
        },
      );
    }
    parameters.set(key, String(value));
  };
  const expected = 'expected [{"ParameterKey": "K", "ParameterValue": "V"}, …], ["K=V", …] or {"Parameters": {"K": "V"}}';
  if (Array.isArray(root)) {
    root.forEach((item, i) => {
      const index = `item ${i + 1}`;
      if (typeof item === 'string') {
        const at = item.indexOf('=');
        if (at <= 0) throw new InputError(file, `${index}: "${item}" is not KEY=VALUE`, { line: lineOf(root) });
        set(item.slice(0, at), item.slice(at + 1), root, index);
      } else if (isRecord(item) && Object.hasOwn(item, 'ParameterKey')) {
        if (item.UsePreviousValue === true && item.ParameterValue === undefined) {
          notes.push({
            severity: 'warning',
            message: `${String(item.ParameterKey)} uses the previous value of the deployed stack, which lint cannot know: it keeps the template's default`,
            file,
            line: lineOf(item),
          });
          return;
        }
        set(item.ParameterKey, item.ParameterValue, item, index);
      } else {
        throw new InputError(file, `${index} is neither {"ParameterKey": …, "ParameterValue": …} nor "KEY=VALUE"`, { line: lineOf(item) ?? lineOf(root) });
      }
    });
  } else if (isRecord(root) && isRecord(root.Parameters)) {
    const values = root.Parameters;
    for (const [key, value] of Object.entries(values)) set(key, value, values, `Parameters.${key}`);
  } else {
    throw new InputError(file, `not a parameter file: ${expected}`, { line: 1 });
  }
  return { parameters, from: file, notes };
}

function samconfig(file: string, root: unknown, lineOf: (value: unknown) => number | undefined, format: 'toml' | 'yaml', configEnv: string | undefined): ParametersFile {
  const env = configEnv ?? 'default';
  if (!isRecord(root)) throw new InputError(file, 'not a SAM configuration file: the document is not a mapping', { line: 1 });
  const environments = Object.keys(root).filter((key) => isRecord(root[key]));
  const environment = root[env];
  if (!isRecord(environment)) {
    throw new InputError(file, `no environment "${env}" in this SAM configuration (it has ${environments.length > 0 ? environments.join(', ') : 'none'})`, {
      hint: environments.length > 0 ? `choose one with --config-env ${environments[0]}` : 'SAM reads [<env>.deploy.parameters] tables, e.g. [default.deploy.parameters]',
    });
  }
  const table = (command: string): Record<string, unknown> | undefined => {
    const section = environment[command];
    return isRecord(section) && isRecord(section.parameters) ? section.parameters : undefined;
  };
  const deploy = table('deploy');
  const global = table('global');
  const pick = (key: string): { value: unknown; where: string } | undefined => {
    if (deploy && deploy[key] !== undefined) return { value: deploy[key], where: format === 'toml' ? `[${env}.deploy.parameters]` : `${env}.deploy.parameters` };
    if (global && global[key] !== undefined) return { value: global[key], where: format === 'toml' ? `[${env}.global.parameters]` : `${env}.global.parameters` };
    return undefined;
  };
  const overrides = pick('parameter_overrides');
  const region = pick('region');
  const parameters = new Map<string, string>();
  const notes: TemplateNote[] = [];
  const from = `${file} ${overrides?.where ?? `[${env}]`}`;
  if (overrides === undefined) {
    notes.push({ severity: 'warning', message: `no parameter_overrides in the ${env} environment's deploy or global parameters`, file });
  } else {
    const lines = typeof overrides.value === 'string' ? [overrides.value] : overrides.value;
    if (!Array.isArray(lines) || !lines.every((line) => typeof line === 'string')) {
      throw new InputError(file, `${overrides.where} parameter_overrides must be a string "K=V K2=V2" or a list of such strings`, { line: lineOf(overrides.value) });
    }
    for (const line of lines) {
      for (const [key, value] of parseOverrides(line, file, overrides.where)) parameters.set(key, value);
    }
  }
  if (region !== undefined && typeof region.value !== 'string') throw new InputError(file, `${region.where} region must be a string`);
  return { parameters, ...(region === undefined ? {} : { region: region.value as string }), from, notes };
}

/**
 * SAM's `parameter_overrides` text: space-separated `Key=Value` or `ParameterKey=K,ParameterValue=V`;
 * a value may be wrapped in double or single quotes (spaces inside kept), and `\"`, `\'`, `\ ` are
 * unescaped — as SAM CLI's CfnParameterOverridesType reads it.
 */
export function parseOverrides(text: string, file: string, where: string): [string, string][] {
  const out: [string, string][] = [];
  let at = 0;
  const fail = (message: string): never => {
    throw new InputError(file, `${where} parameter_overrides: ${message}`, { hint: 'write Key=Value pairs separated by spaces; quote a value with spaces: Key="a value"' });
  };
  const readValue = (): string => {
    const quote = text[at];
    if (quote === '"' || quote === "'") {
      let value = '';
      at++;
      while (at < text.length && text[at] !== quote) {
        if (text[at] === '\\' && at + 1 < text.length) at++;
        value += text[at];
        at++;
      }
      if (at >= text.length) fail(`a value opened with ${quote} is not closed`);
      at++;
      return value;
    }
    let value = '';
    while (at < text.length && text[at] !== ' ' && text[at] !== '\t') {
      if (text[at] === '\\' && at + 1 < text.length) at++;
      value += text[at];
      at++;
    }
    return value;
  };
  while (at < text.length) {
    while (text[at] === ' ' || text[at] === '\t' || text[at] === '\n') at++;
    if (at >= text.length) break;
    const start = at;
    const long = /^ParameterKey=([A-Za-z0-9]+),ParameterValue=/.exec(text.slice(at));
    if (long) {
      at += long[0].length;
      out.push([long[1]!, readValue()]);
    } else {
      const short = /^([A-Za-z0-9]+)=/.exec(text.slice(at));
      if (!short) fail(`"${text.slice(start).split(/\s/)[0]}" is not Key=Value`);
      at += short![0].length;
      out.push([short![1]!, readValue()]);
    }
    if (at < text.length && text[at] !== ' ' && text[at] !== '\t' && text[at] !== '\n') fail(`unexpected "${text[at]}" after the value of ${out[out.length - 1]![0]}`);
  }
  return out;
}
