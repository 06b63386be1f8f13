import { appendFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { EXIT_OK, EXIT_POLICY } from '../errors.js';
import { validateGateLimits } from '../gate/evaluate.js';
import { runGate, undecidedGateError } from '../gate/run.js';
import { GATE_RENDERERS } from '../render/by-kind/gate.js';
import { renderGateIncompleteMarkdown, renderGateMarkdown } from '../render/gate.js';
import { renderWith } from '../render/renderer.js';
import { loadPricing, readBaseline, readGateConfig } from '../sources/data-files.js';
import { colorEnabled } from './color.js';
// diff gate (gate --base/--head): its flags and its run
import { addDiffOptions, wantsDiff } from './diff.js';
import { runDiffGate } from './diff-gate.js';
import { helpDescription } from './help-text.js';
import { clockFromEnv, emit, warn } from './io.js';
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
  parseNonNegativeNumber,
  selectionOf,
  type WindowFlags,
} from './options.js';
import { obtainSnapshot } from './snapshot-input.js';

interface GateFlags extends WindowFlags, AwsFlags, FilterFlags, CommonFlags {
  input?: string[];
  demo?: boolean;
  exact?: boolean;
  budget?: number;
  forecast?: boolean;
  maxIncrease?: number;
  baseline?: string;
  config?: string;
  allowPartial?: boolean;
}

/** In GitHub Actions, the job summary: appended, never overwritten (other steps write there too). */
async function appendStepSummary(markdown: string, quiet: boolean | undefined): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    await appendFile(file, `${markdown}\n`, 'utf8');
  } catch (error) {
    warn(`cannot append to GITHUB_STEP_SUMMARY (${file}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`, quiet);
  }
}

export function configure(command: Command): void {
  command
    .description(
      helpDescription(
        'Budget checks for CI on the monthly run-rate (window cost × 30.4375 / days):',
        [
          ['--budget USD', 'total run-rate (or --forecast: month-end forecast) at most USD'],
          ['--max-increase PCT --baseline F', 'total run-rate at most PCT % above a previous snapshot or report JSON'],
          ['--config FILE', 'per-function limits (JSON), see below'],
        ],
        'Exit 0 when every check passes, 1 when one fails (the output still lists every check), 2 for bad input, 3 when the data is incomplete (a failed region, usage of unknown memory size, days without data — in the current data or the baseline): the gate does not decide on part of the bill, unless --allow-partial.',
        'In GitHub Actions (GITHUB_STEP_SUMMARY set) a Markdown summary is appended to the job summary.',
        "With --base OLD --head NEW (or --base-ref REF): the limits apply to the template change priced by `edgecost diff` (--budget to the head's projected run-rate, --max-increase to the change); an unknown cost is exit 3 unless --allow-partial.",
      ),
    )
    .option('--budget <USD>', 'limit on the total monthly run-rate, USD', parseNonNegativeNumber('--budget'))
    .option('--forecast', 'budgets compare the month-end forecast (a month-to-date window; default window: the current month)')
    .option('--max-increase <PCT>', 'limit on the total run-rate increase over --baseline, percent', parseNonNegativeNumber('--max-increase'))
    .option('--baseline <FILE>', 'previous snapshot or report JSON (kind detected) for --max-increase')
    .option('--config <FILE>', 'JSON limits: { "budgetUsd", "maxIncreasePercent", "functions": { NAME: { "budgetUsd", "maxIncreasePercent" } } }')
    .option('--allow-partial', 'gate on what is known when the data or the baseline is incomplete, and say so (default: exit 3)');
  addUsageSourceOptions(command);
  addDiffOptions(command);
  addWindowOptions(command);
  addAwsOptions(command);
  addFilterOptions(command);
  addOutputOption(command, Object.keys(GATE_RENDERERS));
  addCommonOptions(command);
  command.addHelpText(
    'after',
    `
Config file example (flags override the totals):
  { "budgetUsd": 500, "maxIncreasePercent": 20,
    "functions": { "auth-check": { "budgetUsd": 80, "maxIncreasePercent": 25 } } }

Examples:
  $ edgecost gate --budget 500
  $ edgecost gate --input pr.json --max-increase 10 --baseline main.json
  $ edgecost gate --forecast --budget 500 --config edgecost-gate.json --output json
  $ edgecost gate --demo --budget 200; echo "exit $?"
  $ edgecost gate --input snapshot.json --base-ref origin/main --head template.yaml --max-increase 10`,
  );
  command.action(async (flags: GateFlags) => {
    const now = clockFromEnv();
    // gate --base OLD --head NEW: the cost of a template change, before deploy
    if (wantsDiff(flags)) return runDiffGate(flags, now, appendStepSummary);
    const config = flags.config !== undefined ? await readGateConfig(flags.config) : undefined;
    const limits = {
      budgetUsd: flags.budget ?? config?.budgetUsd,
      maxIncreasePercent: flags.maxIncrease ?? config?.maxIncreasePercent,
      functions: config?.functions,
      forecast: flags.forecast === true,
      allowPartial: flags.allowPartial === true,
    };
    validateGateLimits(limits, flags.baseline !== undefined);
    const pricing = loadPricing(flags.pricing);
    const selection = selectionOf(flags);
    const live = !flags.demo && !(flags.input && flags.input.length > 0);
    const windowGiven = flags.month !== undefined || flags.since !== undefined || flags.until !== undefined || flags.days !== undefined;
    // A forecast needs the month to date: live, the default window becomes the current month.
    const snapshotFlags = flags.forecast && live && !windowGiven ? { ...flags, month: now.toISOString().slice(0, 7) } : flags;
    const snapshot = await obtainSnapshot(snapshotFlags, now, pricing.rates);
    const baseline = flags.baseline !== undefined ? await readBaseline(flags.baseline, { pricing, now, selection }) : undefined;
    const run = runGate(snapshot, { pricing, now, limits, selection, baseline });
    if (!run.decided) {
      await appendStepSummary(renderGateIncompleteMarkdown(run.incomplete), flags.quiet);
      throw undecidedGateError(run);
    }
    for (const reason of run.partial) warn(`data incomplete, gating on what is known (--allow-partial): ${reason}`, flags.quiet);
    await emit(renderWith(GATE_RENDERERS, 'gate', flags.output, run.document, { color: colorEnabled(flags) }), flags.out);
    await appendStepSummary(renderGateMarkdown(run.document), flags.quiet);
    // A failed check is a policy result, not an error: the output above is complete either way.
    process.exitCode = run.document.passed ? EXIT_OK : EXIT_POLICY;
  });
}
