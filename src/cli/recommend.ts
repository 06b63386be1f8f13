import type { Command } from 'commander';
import { recommend } from '../recommend/index.js';
import { RECOMMEND_RENDERERS } from '../render/by-kind/recommend.js';
import { renderWith } from '../render/renderer.js';
import { loadPricing, loadRecommendLimits } from '../sources/data-files.js';
import { colorEnabled } from './color.js';
import { helpDescription } from './help-text.js';
import { clockFromEnv, emit } from './io.js';
import {
  type AwsFlags,
  addAwsOptions,
  addCommonOptions,
  addFilterOptions,
  addOutputOption,
  addUsageSourceOptions,
  addWindowOptions,
  type CommonFlags,
  type FilterFlags,
  parseHitRateFlag,
  parseNonNegativeNumber,
  selectionOf,
  type WindowFlags,
} from './options.js';
import { obtainSnapshot, warnFailedRegions } from './snapshot-input.js';

interface RecommendFlags extends WindowFlags, AwsFlags, FilterFlags, CommonFlags {
  input?: string[];
  demo?: boolean;
  exact?: boolean;
  hitRate?: number;
  minSavings: number;
}

export function configure(command: Command): void {
  command.description(
    helpDescription(
      'Cheaper placements and settings for Lambda@Edge functions, sorted by monthly savings (run-rate), each with its current and projected cost, confidence, assumptions and what a person must review:',
      [
        ['move-to-origin-event', 'viewer event → origin event: runs only on cache misses'],
        ['move-to-cloudfront-functions', 'small, quick Node.js viewer function → CloudFront Functions'],
        ['reduce-memory', 'origin-event function using far less memory than it has (needs collect --exact)'],
        ['remove-unused', 'associations that ran no invocation in the window'],
      ],
      'Cache-hit rate: CloudFront CacheHitRate, else derived from origin-event functions (on the same cache behavior, or on every behavior of the distribution against its CloudFront Requests), else --hit-rate; with none, the saving is "unknown" and the assumptions say why none could be derived. Monthly figures divide by the days the window has covered (a month in progress).',
    ),
  );
  addUsageSourceOptions(command, { exact: 'live: exact billed durations and max memory used from CloudWatch Logs Insights (needed for reduce-memory)' });
  command
    .option('--hit-rate <RATE>', 'cache-hit rate (0–1 or a percentage) where neither CacheHitRate nor origin-event functions give one', parseHitRateFlag)
    .option('--min-savings <USD>', 'leave out recommendations saving less than USD a month', parseNonNegativeNumber('--min-savings'), 0);
  addWindowOptions(command);
  addAwsOptions(command);
  addFilterOptions(command);
  addOutputOption(command, Object.keys(RECOMMEND_RENDERERS));
  addCommonOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ edgecost recommend --demo
  $ edgecost recommend --input snapshot.json --hit-rate 85% --min-savings 5
  $ edgecost recommend --month 2026-10 --exact --output markdown > recommendations.md
  $ edgecost recommend --demo --output json | jq '.recommendations[] | {kind, functionName, monthlySavingsUsd}'`,
  );
  command.action(async (flags: RecommendFlags) => {
    const now = clockFromEnv();
    const pricing = loadPricing(flags.pricing);
    const limits = loadRecommendLimits();
    const snapshot = await obtainSnapshot(flags, now, pricing.rates);
    warnFailedRegions(snapshot, flags.quiet);
    const doc = recommend(snapshot, { pricing, now, limits, hitRate: flags.hitRate, minSavingsUsd: flags.minSavings, selection: selectionOf(flags) });
    await emit(renderWith(RECOMMEND_RENDERERS, 'recommend', flags.output, doc, { color: colorEnabled(flags) }), flags.out);
  });
}
