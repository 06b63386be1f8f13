import type { UsageSeries } from '../model/snapshot.js';
import { splitBilledDuration } from './assemble.js';
import type { CollectContext } from './context.js';
import { describeAwsError, isCredentialFailure, isFatal } from './failures.js';
import { queryExactUsage } from './logs.js';
import { sumSeries } from './metrics.js';

/**
 * Attaches Logs Insights billed durations to a region's series (`collect --exact`). Logs are per
 * function (all versions share the log group): when several series of a function ran on one day,
 * the day's exact total is split by their estimated billed durations, and a warning says so.
 */
export async function addExactDurations(ctx: CollectContext, region: string, usage: UsageSeries[]): Promise<string[]> {
  const warnings: string[] = [];
  const ran = [...new Set(usage.filter((s) => sumSeries(s.invocations) > 0).map((s) => s.functionName))];
  if (ran.length === 0) return warnings;
  let exact: Awaited<ReturnType<typeof queryExactUsage>>;
  try {
    exact = await queryExactUsage(ctx.aws, region, ctx.window, ran, ctx.logsPolling);
  } catch (error) {
    if (isCredentialFailure(error) || isFatal(error)) throw error;
    return [`exact billed durations in ${region} are unknown (${describeAwsError(error)}); the estimate is used there`];
  }
  warnings.push(...exact.warnings);
  for (const functionName of ran) {
    const series = usage.filter((s) => s.functionName === functionName);
    const logs = exact.byFunction.get(functionName);
    let split = false;
    let missingDays = 0;
    for (const s of series) s.billedDurationSumMs = s.invocations.map((v) => (v === null ? null : 0));
    for (let day = 0; day < ctx.window.days; day++) {
      const running = series.filter((s) => (s.invocations[day] ?? 0) > 0);
      if (running.length === 0) continue;
      const billed = logs?.billedMsByDay.get(day);
      if (billed === undefined) {
        for (const s of running) s.billedDurationSumMs![day] = null;
        missingDays++;
        continue;
      }
      if (running.length > 1) split = true;
      const granularity = running.length > 1 ? requireGranularity(ctx) : 0;
      const shares = splitBilledDuration(
        billed,
        running.map((s) => ({ durationMs: s.durationSumMs[day] ?? 0, invocations: s.invocations[day] ?? 0 })),
        granularity,
      );
      running.forEach((s, i) => {
        s.billedDurationSumMs![day] = shares[i]!;
      });
    }
    if (logs?.maxMemoryUsedMB !== undefined) for (const s of series) s.maxMemoryUsedMB = logs.maxMemoryUsedMB;
    if (split)
      warnings.push(
        `${functionName} in ${region}: several versions ran on the same day; the exact billed duration of the log group is split between them by their estimated durations`,
      );
    if (missingDays > 0) warnings.push(`${functionName} in ${region}: no REPORT log lines on ${missingDays} day(s) with invocations; those days use the estimate`);
  }
  return warnings;
}

function requireGranularity(ctx: CollectContext): number {
  if (ctx.billingGranularityMs === undefined) throw new Error('collectSnapshot: `exact` needs billingGranularityMs (the price sheet in use)');
  return ctx.billingGranularityMs;
}
