import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Command } from 'commander';
import { buildDiff } from '../diff/build.js';
import { parseMapFlags } from '../diff/match.js';
import type { DiffDocument } from '../diff/types.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Pricing } from '../pricing/sheet.js';
import { DIFF_RENDERERS } from '../render/by-kind/diff.js';
import { renderWith } from '../render/renderer.js';
import { loadPricing } from '../sources/data-files.js';
import { type ErrorData, errorFromData } from '../thread-errors.js';
import { colorEnabled } from './color.js';
import { checkSidesFlags, readSides, type Sides, type SidesFlags } from './diff-sides.js';
import { helpDescription } from './help-text.js';
import { clockFromEnv, emit, warn } from './io.js';
import {
  type AwsFlags,
  addAwsOptions,
  addCommonOptions,
  addOutputOption,
  addUsageSourceOptions,
  addWindowOptions,
  type CommonFlags,
  collect,
  parseHitRateFlag,
  parseNonNegativeNumber,
  type WindowFlags,
} from './options.js';
import { obtainSnapshot, warnFailedRegions } from './snapshot-input.js';

/** The flags `diff` and `gate --base/--head` share. */
export interface DiffFlags extends WindowFlags, Partial<AwsFlags> {
  base?: string[];
  head?: string[];
  baseRef?: string;
  map?: string[];
  stack?: string;
  hitRate?: number;
  durationMs?: number;
  requests?: number;
  input?: string[];
  demo?: boolean;
  exact?: boolean;
  pricing?: string;
  quiet?: boolean;
}

export function addDiffOptions(command: Command): Command {
  return command
    .option('--base <PATH>', 'the templates before the change: a file, a folder or a cdk.out (repeatable)', collect)
    .option('--head <PATH>', 'the templates after the change (repeatable)', collect)
    .option('--base-ref <REF>', 'the base is each --head path as it was at this git ref (`git show REF:path`)')
    .option('--map <RESOURCE=NAME>', 'tie a template resource to a deployed function name or distribution id (repeatable)', collect)
    .option('--stack <NAME>', 'the CloudFormation stack the templates are deployed as (matches aws:cloudformation:stack-name)')
    .option('--hit-rate <RATE>', 'cache-hit rate (0–1 or 85%) where CloudFront measured none and none can be derived', parseHitRateFlag)
    .option('--duration-ms <MS>', 'billed duration of one invocation of a function that does not run yet', parseNonNegativeNumber('--duration-ms'))
    .option('--requests <N>', 'viewer requests a month of a distribution with no measured traffic', parseNonNegativeNumber('--requests'));
}

export function wantsDiff(flags: DiffFlags): boolean {
  return flags.base !== undefined || flags.head !== undefined || flags.baseRef !== undefined;
}

/**
 * Reads and lints the templates in a worker thread while this one reads the usage: a snapshot of
 * thousands of functions is tens of megabytes of JSON, parsed here in about a second, and the
 * templates took a third of a second more after it. Run from src (the tests), where the worker's
 * module is not built, they are read in this thread.
 */
async function readSidesBeside(flags: DiffFlags, now: Date): Promise<Sides> {
  const sides: SidesFlags = {
    ...(flags.base ? { base: flags.base } : {}),
    ...(flags.head ? { head: flags.head } : {}),
    ...(flags.baseRef !== undefined ? { baseRef: flags.baseRef } : {}),
  };
  const url = new URL('./diff-sides-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return readSides(sides, now);
  const worker = new Worker(url, { workerData: { flags: sides, now: now.getTime() } });
  const [answer] = (await Promise.race([
    once(worker, 'message'),
    once(worker, 'error').then(([error]) => Promise.reject(error)),
    // a worker that ends without an answer (its messages come before its exit)
    once(worker, 'exit').then(([code]) => Promise.reject(new Error(`the template reader stopped without an answer (exit code ${code})`))),
  ])) as [{ sides?: Sides; error?: ErrorData }];
  if (answer.sides) return answer.sides;
  throw errorFromData(answer.error!);
}

/** Templates + usage → the diff document (shared by `diff` and `gate --base/--head`). */
export async function computeDiff(flags: DiffFlags, now: Date): Promise<{ doc: DiffDocument; snapshot: Snapshot; pricing: Pricing }> {
  checkSidesFlags(flags);
  const map = parseMapFlags(flags.map);
  const pricing = loadPricing(flags.pricing);
  const reading = readSidesBeside(flags, now);
  // handled below, after the usage is read; not an unhandled rejection meanwhile
  reading.catch(() => undefined);
  let snapshot: Snapshot;
  try {
    snapshot = await obtainSnapshot(flags, now, pricing.rates);
  } catch (error) {
    // A template error is told first, as when the templates were read before the usage.
    await reading;
    throw error;
  }
  const { base, head, notes, lintErrors } = await reading;
  for (const note of notes) warn(note, flags.quiet);
  for (const note of head.notes.filter((n) => n.severity === 'warning')) warn(note.message, flags.quiet);
  warnFailedRegions(snapshot, flags.quiet);
  const doc = buildDiff(base, head, snapshot, {
    pricing,
    now,
    map,
    ...(flags.stack !== undefined ? { stackName: flags.stack } : {}),
    ...(flags.hitRate !== undefined ? { hitRate: flags.hitRate } : {}),
    ...(flags.durationMs !== undefined ? { durationMs: flags.durationMs } : {}),
    ...(flags.requests !== undefined ? { requestsPerMonth: flags.requests } : {}),
    ...(flags.baseRef !== undefined ? { baseRef: flags.baseRef } : {}),
    lintErrors,
  });
  const used = new Set([...doc.functions.map((f) => f.resource), ...[...head.inventory.distributions, ...base.inventory.distributions].map((d) => d.resource ?? d.id)]);
  for (const resource of map.keys()) if (!used.has(resource)) warn(`--map ${resource}=…: no function or distribution of the templates is ${resource}`, flags.quiet);
  return { doc, snapshot, pricing };
}

interface DiffCommandFlags extends DiffFlags, CommonFlags {}

export function configure(command: Command): void {
  command.description(
    helpDescription(
      'Prices a template change (--base OLD --head NEW, or --base-ref REF) with the usage measured in a snapshot (--input), the bundled sample account (--demo) or AWS (default, the window flags), as monthly run-rates.',
      'Template functions are matched to deployed ones by FunctionName, else by the CloudFormation tags collect records (aws:cloudformation:logical-id, --stack for the stack name), else --map RESOURCE=NAME; a function that matches nothing is new, and its cost comes from its associations or stays unknown (never $0).',
    ),
  );
  addUsageSourceOptions(command);
  addDiffOptions(command);
  addWindowOptions(command);
  addAwsOptions(command);
  addOutputOption(command, Object.keys(DIFF_RENDERERS));
  addCommonOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ edgecost diff --demo --base examples/shop-v1.yaml --head examples/shop-v2.yaml
  $ edgecost diff --input snapshot.json --base-ref origin/main --head template.yaml --output markdown
  $ edgecost diff --input snapshot.json --base old/ --head cdk.out --map EdgeAuth=prod-auth --output json`,
  );
  command.action(async (flags: DiffCommandFlags) => {
    const now = clockFromEnv();
    const { doc } = await computeDiff(flags, now);
    const text = renderWith(DIFF_RENDERERS, 'diff', flags.output, doc, { color: colorEnabled(flags), baseDir: process.cwd() });
    if (text !== '' || flags.out !== undefined) await emit(text, flags.out);
  });
}
