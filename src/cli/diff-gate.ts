import { evaluateDiffGate } from '../diff/gate.js';
import { AwsError, EXIT_OK, EXIT_POLICY, UsageError } from '../errors.js';
import { renderDiffMarkdown } from '../render/diff-text.js';
import { renderGateIncompleteMarkdown, renderGateJson, renderGateMarkdown, renderGateTable } from '../render/gate.js';
import { computeDiff, type DiffFlags } from './diff.js';
import { emit, warn } from './io.js';

interface DiffGateFlags extends DiffFlags {
  budget?: number;
  maxIncrease?: number;
  allowPartial?: boolean;
  baseline?: string;
  config?: string;
  forecast?: boolean;
  output: string;
  out?: string;
  color: boolean;
}

/**
 * `gate --base OLD --head NEW`: the diff's totals against --budget and --max-increase, before deploy.
 * `appendSummary` is the gate's GitHub job-summary writer.
 */
export async function runDiffGate(flags: DiffGateFlags, now: Date, appendSummary: (markdown: string, quiet?: boolean) => Promise<void>): Promise<void> {
  for (const [flag, given] of [
    ['--baseline', flags.baseline],
    ['--config', flags.config],
    ['--forecast', flags.forecast],
  ] as const) {
    if (given !== undefined) throw new UsageError(`${flag} does not apply to gate --base/--head: the base templates are the baseline, and limits are --budget and --max-increase`);
  }
  const { doc: diff, snapshot } = await computeDiff(flags, now);
  const gate = evaluateDiffGate(diff, { budgetUsd: flags.budget, maxIncreasePercent: flags.maxIncrease, allowPartial: flags.allowPartial === true });
  const failedRegion = snapshot.regions.find((r) => r.status === 'failed');
  const incomplete = [...gate.incomplete, ...snapshot.regions.filter((r) => r.status === 'failed').map((r) => `region ${r.region} failed: its usage is unknown`)];
  gate.incomplete = incomplete;
  gate.complete = incomplete.length === 0;
  gate.failedRegions = snapshot.regions.filter((r) => r.status === 'failed').map((r) => ({ region: r.region, ...(r.error ? { error: r.error } : {}) }));
  if (!gate.complete && !flags.allowPartial) {
    await appendSummary(renderGateIncompleteMarkdown(incomplete), flags.quiet);
    throw new AwsError(`cost of the change incomplete, so the gate does not decide: ${incomplete.join('; ')}`, {
      ...(failedRegion ? { region: failedRegion.region } : {}),
      hint: 'match every function (--map RESOURCE=NAME, --stack NAME), give --requests / --duration-ms / --hit-rate for what is not measured, or pass --allow-partial to gate on what is known',
    });
  }
  gate.passed = gate.checks.every((c) => c.passed);
  for (const reason of incomplete) warn(`cost incomplete, gating on what is known (--allow-partial): ${reason}`, flags.quiet);
  const color = flags.color && !process.env.NO_COLOR && process.stdout.isTTY === true;
  const markdown = renderGateMarkdown(gate);
  const text = flags.output === 'json' ? renderGateJson(gate) : flags.output === 'markdown' ? `${markdown}\n${renderDiffMarkdown(diff)}` : renderGateTable(gate, { color });
  await emit(text, flags.out);
  await appendSummary(markdown, flags.quiet);
  process.exitCode = gate.passed ? EXIT_OK : EXIT_POLICY;
}
