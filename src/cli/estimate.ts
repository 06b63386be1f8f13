import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import { type EventType, isEventType } from '../model/inventory.js';
import { loadQuotaTable } from '../quotas/table.js';
import { loadRecommendLimits } from '../recommend/limits.js';
import { estimate } from '../pricing/estimate.js';
import { loadPricing } from '../pricing/sheet.js';
import { renderEstimateMarkdown, renderEstimateTable } from '../render/estimate.js';
import { emit } from './io.js';
import { addOutputOption, parseEventType, parseHitRateFlag, parseNonNegativeNumber } from './options.js';

interface EstimateFlags {
  requests: number;
  durationMs: number;
  memoryMb: number;
  event: EventType;
  hitRate?: number;
  pricing?: string;
  output: 'table' | 'json' | 'markdown';
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

/** What CloudFront would reject at each placement: the estimate still prices it, and says so. */
function quotaWarnings(flags: EstimateFlags, placements: readonly EventType[]): string[] {
  const quotas = loadQuotaTable();
  const warnings: string[] = [];
  for (const event of placements) {
    const memory = quotas.forEvent(event, 'memoryMB');
    if (flags.memoryMb > memory.value) warnings.push(`${event}: ${flags.memoryMb} MB is over the ${memory.value} MB limit of the event (${memory.source})`);
    const timeout = quotas.forEvent(event, 'timeoutSec');
    if (flags.durationMs > timeout.value * 1000) warnings.push(`${event}: ${flags.durationMs} ms is over the ${timeout.value} s timeout limit of the event (${timeout.source})`);
  }
  return warnings;
}

export function registerEstimate(program: Command): void {
  const command = program
    .command('estimate')
    .summary('what-if: monthly cost of a planned function at each event, and as a CloudFront Function')
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
  addOutputOption(command, ['table', 'json', 'markdown'], 'table');
  command.addHelpText(
    'after',
    `
Example (AWS's published example: 10M requests, 10 ms, 128 MB → $6.625125):
  $ edgecost estimate --requests 10000000 --duration-ms 10 --memory-mb 128 --event viewer-request`,
  );
  command.action(async (flags: EstimateFlags) => {
    if (!Number.isInteger(flags.requests)) throw new UsageError(`--requests expects a whole number, got ${flags.requests}`);
    const pricing = loadPricing(flags.pricing);
    const doc = estimate(
      { requests: flags.requests, durationMs: flags.durationMs, memoryMB: flags.memoryMb, event: flags.event, hitRate: flags.hitRate },
      pricing,
    );
    doc.warnings = quotaWarnings(flags, [flags.event, ...doc.alternatives.map((a) => a.placement).filter(isEventType)]);
    const text =
      flags.output === 'json'
        ? `${JSON.stringify(doc, null, 2)}\n`
        : flags.output === 'markdown'
          ? renderEstimateMarkdown(doc)
          : renderEstimateTable(doc, flags.color && !process.env.NO_COLOR && process.stdout.isTTY === true);
    await emit(text, flags.out);
  });
}
