import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import type { EventType } from '../model/inventory.js';
import { estimate } from '../pricing/estimate.js';
import { ESTIMATE_RENDERERS } from '../render/by-kind/estimate.js';
import { renderWith } from '../render/renderer.js';
import { loadPricing, loadQuotaTable, loadRecommendLimits } from '../sources/data-files.js';
import { colorEnabled } from './color.js';
import { emit } from './io.js';
import { addOutputOption, parseEventType, parseHitRateFlag, parseNonNegativeNumber } from './options.js';

interface EstimateFlags {
  requests: number;
  durationMs: number;
  memoryMb: number;
  event: EventType;
  hitRate?: number;
  pricing?: string;
  output: string;
  out?: string;
  color: boolean;
}

/** Lambda's configurable range (data files); per-event limits become warnings, not input errors. */
function parseMemory(value: string): number {
  const min = loadRecommendLimits().fact('lambda.minMemoryMB').value;
  const max = loadQuotaTable().get('origin.memoryMB').value;
  const memory = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(memory) || memory < min || memory > max) {
    throw new InvalidArgumentError(`--memory-mb expects a whole number of MB from ${min} to ${max}, got "${value}"`);
  }
  return memory;
}

export function configure(command: Command): void {
  command
    .description(
      'Monthly cost of a planned Lambda@Edge function at its event placement, at the other placements, and as a CloudFront Function.\nViewer events run once per viewer request; origin events only on cache misses (--hit-rate).',
    )
    .requiredOption('--requests <N>', 'viewer requests per month', parseNonNegativeNumber('--requests'))
    .requiredOption('--duration-ms <MS>', 'duration of one invocation in ms (rounded up to the billing granularity)', parseNonNegativeNumber('--duration-ms'))
    .requiredOption('--memory-mb <MB>', 'memory size in MB', parseMemory)
    .requiredOption('--event <EVENT>', 'viewer-request | viewer-response | origin-request | origin-response', parseEventType)
    .option('--hit-rate <RATE>', 'cache-hit rate (0–1 or a percentage): origin events run on misses only', parseHitRateFlag)
    .option('--pricing <FILE>', 'price sheet to use instead of the bundled AWS public prices')
    .option('--no-color', 'no ANSI colours');
  addOutputOption(command, Object.keys(ESTIMATE_RENDERERS));
  command.addHelpText(
    'after',
    `
Example (AWS's published example: 10M requests, 10 ms, 128 MB → $6.625125):
  $ edgecost estimate --requests 10000000 --duration-ms 10 --memory-mb 128 --event viewer-request`,
  );
  command.action(async (flags: EstimateFlags) => {
    if (!Number.isInteger(flags.requests)) throw new UsageError(`--requests expects a whole number, got ${flags.requests}`);
    const input = { requests: flags.requests, durationMs: flags.durationMs, memoryMB: flags.memoryMb, event: flags.event, hitRate: flags.hitRate };
    const doc = estimate(input, loadPricing(flags.pricing), loadQuotaTable());
    await emit(renderWith(ESTIMATE_RENDERERS, 'estimate', flags.output, doc, { color: colorEnabled(flags) }), flags.out);
  });
}
