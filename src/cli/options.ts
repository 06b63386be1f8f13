import { type Command, InvalidArgumentError, Option } from 'commander';
import { EVENT_TYPES, type EventType } from '../model/inventory.js';
import { Selection } from '../model/selection.js';

/** Shared flags (PRODUCT.md "Shared options"), added to each command that uses them. */

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * A number as people write it in decimal: `25`, `0.85`, `1e6`. Not what JavaScript's Number() also
 * accepts (`0x10` is 16, `0b1` is 1, `Infinity`, whitespace): `--budget 0x10` must not be $16.
 */
export function parseDecimal(value: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

export function parseNonNegativeNumber(flag: string) {
  return (value: string): number => {
    const number = parseDecimal(value);
    if (number === undefined || number < 0) {
      throw new InvalidArgumentError(`${flag} expects a non-negative number, got "${value}"`);
    }
    return number;
  };
}

export function parsePositiveInteger(flag: string) {
  return (value: string): number => {
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < 1) throw new InvalidArgumentError(`${flag} expects a whole number ≥ 1, got "${value}"`);
    return number;
  };
}

export function parseEventType(value: string): EventType {
  if (!(EVENT_TYPES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${EVENT_TYPES.join(', ')}, got "${value}"`);
  }
  return value as EventType;
}

/**
 * Where a command's usage comes from (`obtainSnapshot`): saved snapshots, the bundled sample account,
 * or a live collection (with `--exact`). The help texts may say what the flag means for the command.
 */
export function addUsageSourceOptions(command: Command, help: { demo?: string; exact?: string } = {}): Command {
  return command
    .option('--input <FILE>', 'a snapshot file (from `edgecost collect`); repeat to merge several accounts', collect)
    .option('--demo', help.demo ?? 'use the bundled sample account (October 2026), no AWS needed')
    .option('--exact', help.exact ?? 'live: exact billed durations from CloudWatch Logs Insights');
}

export function addWindowOptions(command: Command): Command {
  return command
    .option('--month <YYYY-MM>', 'a calendar month (from the 1st 00:00 UTC to the 1st of the next month)')
    .option('--since <YYYY-MM-DD>', 'first UTC day of the window (with --until)')
    .option('--until <YYYY-MM-DD>', 'last UTC day of the window, included')
    .option('--days <N>', 'the last N complete UTC days (default: 30)');
}

export function addAwsOptions(command: Command, help: { region?: string } = {}): Command {
  return command
    .option('--profile <NAME>', 'AWS profile (the standard credential chain otherwise)')
    .option('--region <REGION>', help.region ?? 'home region for CloudFront and Lambda calls', 'us-east-1')
    .option('--regions <LIST>', 'regions where replicas are read: comma-separated, or "all" to discover them (default: the 13 regional-edge-cache regions)')
    .option('--concurrency <N>', 'regions queried at once', parsePositiveInteger('--concurrency'), 4);
}

export function addFilterOptions(command: Command): Command {
  return command.option('--distribution <ID>', 'only this distribution (repeatable)', collect).option('--function <NAME>', 'only this function (repeatable)', collect);
}

/** `--output`: the formats of the command's document kind (`formatsOf` in render/index.ts), the first the default. */
export function addOutputOption(command: Command, formats: readonly string[]): Command {
  return command
    .addOption(new Option('--output <FORMAT>', 'output format').choices(formats as string[]).default(formats[0]))
    .option('-o, --out <FILE>', 'write the output to FILE (atomically) instead of stdout');
}

export function addCommonOptions(command: Command): Command {
  return command
    .option('--pricing <FILE>', 'price sheet to use instead of the bundled AWS public prices')
    .option('--no-color', 'no ANSI colours')
    .option('--quiet', 'no progress or warnings on stderr');
}

export interface WindowFlags {
  month?: string;
  since?: string;
  until?: string;
  days?: string;
}

export interface AwsFlags {
  profile?: string;
  region: string;
  regions?: string;
  concurrency: number;
}

export interface FilterFlags {
  distribution?: string[];
  function?: string[];
}

/** `--distribution/--function` as the core's selection. */
export function selectionOf(flags: FilterFlags): Selection {
  return new Selection({ distributionIds: flags.distribution, functionNames: flags.function });
}

export interface CommonFlags {
  pricing?: string;
  color: boolean;
  quiet?: boolean;
  output: string;
  out?: string;
}

/** A cache-hit rate as a fraction (0.85) or a percentage ("85%"). */
export function parseHitRateFlag(value: string): number {
  const text = value.trim();
  const percent = text.endsWith('%');
  const number = parseDecimal(percent ? text.slice(0, -1) : text);
  const rate = number === undefined ? Number.NaN : percent ? number / 100 : number;
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new InvalidArgumentError(`--hit-rate expects a fraction from 0 to 1 (or a percentage like 85%), got "${value}"`);
  }
  return rate;
}
