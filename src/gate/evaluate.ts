import { UsageError } from '../errors.js';
import { type Notice, noticeText, regionNotice } from '../model/notices.js';
import type { Snapshot } from '../model/snapshot.js';
import { coveredDays, monthToDate } from '../model/window.js';
import { forecastMonthEnd, monthlyRunRate } from '../pricing/engine.js';
import { Decimal, formatUsd } from '../pricing/money.js';
import { type BaselineReport, incompleteReasons } from '../report/compare.js';
import type { Report, ReportComparison } from '../report/document.js';
import type { FunctionLimits } from './config.js';
import { GATE_KIND, type GateCheck, type GateDocument } from './types.js';

export interface GateLimits {
  /** Total monthly budget, USD. */
  budgetUsd?: number;
  /** Largest allowed increase of the total run-rate over the baseline, percent. */
  maxIncreasePercent?: number;
  functions?: FunctionLimits[];
  /** Budgets compare the month-end forecast instead of the run-rate. */
  forecast?: boolean;
  /** Gate on what is known when the data is incomplete (`--allow-partial`); otherwise incomplete data never passes. */
  allowPartial?: boolean;
}

export interface GateInput {
  report: Report;
  snapshot: Snapshot;
  /** Needed by every max-increase limit. */
  comparison?: ReportComparison;
  /** The baseline the comparison was made against: its gaps make the gate incomplete too. */
  baseline?: { file: string; report: Pick<BaselineReport, 'regions' | 'incomplete'> };
  /** The comparison's warnings as data (`compareReportsWithNotices`); derived from the baseline's failed regions when absent. */
  comparisonNotices?: Notice[];
  now: Date;
}

/**
 * Why the gate cannot decide on whole data: the current report's `incomplete` reasons (failed
 * regions, usage of unknown memory, days with no data) and the baseline's (a snapshot or report with
 * a failed region or `incomplete` reasons), the latter prefixed with the baseline file. Empty when complete.
 */
export function gateIncompleteness(report: Pick<Report, 'regions' | 'incomplete'>, baseline?: GateInput['baseline']): string[] {
  return [...incompleteReasons(report), ...(baseline ? incompleteReasons(baseline.report).map((reason) => `baseline ${baseline.file}: ${reason}`) : [])];
}

function percent(value: number): string {
  return `${Number(value.toFixed(2))}%`;
}

/** Usage errors a gate can tell before reading any data: nothing to check, or an increase without a baseline. */
export function validateGateLimits(limits: GateLimits, hasBaseline: boolean): void {
  const functionLimits = limits.functions ?? [];
  const needsBaseline = limits.maxIncreasePercent !== undefined || functionLimits.some((f) => f.maxIncreasePercent !== undefined);
  if (limits.budgetUsd === undefined && !needsBaseline && !functionLimits.some((f) => f.budgetUsd !== undefined)) {
    throw new UsageError('nothing to check: give --budget USD, --max-increase PCT with --baseline FILE, or per-function limits in --config FILE');
  }
  if (needsBaseline && !hasBaseline) throw new UsageError('a max-increase limit needs --baseline FILE (a previous snapshot or report JSON)');
}

/**
 * The gate's checks (PRODUCT.md `gate`): pure, the policy result is data — the CLI turns
 * `passed: false` into exit code 1. A limit is met when actual ≤ limit, compared exactly; an
 * unknown actual fails ("unknown" is not "within budget"). On incomplete data (`incomplete` not
 * empty) the gate does not pass unless `allowPartial`: the CLI exits 3 before rendering; with
 * `allowPartial` the checks run on what is known and the document says so.
 */
export function evaluateGate(input: GateInput, limits: GateLimits): GateDocument {
  const { report, snapshot, comparison } = input;
  const functionLimits = limits.functions ?? [];
  validateGateLimits(limits, comparison !== undefined);

  const mtd = monthToDate(report.window, input.now);
  if (limits.forecast && (!mtd || report.totals.forecastMonthEndUsd === undefined)) {
    throw new UsageError('--forecast needs a month-to-date window: the current month (e.g. --month ' + input.now.toISOString().slice(0, 7) + ') before it ends');
  }
  const basis = limits.forecast ? 'forecast' : 'run-rate';
  const basisText = limits.forecast ? 'month-end forecast' : 'monthly run-rate';
  /** A window cost as the budgets see it. */
  const monthly = (cost: number): Decimal =>
    limits.forecast && mtd ? forecastMonthEnd(new Decimal(cost), mtd.elapsedDays, mtd.monthDays) : monthlyRunRate(new Decimal(cost), coveredDays(report.window, input.now));

  const checks: GateCheck[] = [];
  const budgetCheck = (name: string, limit: number, actual: Decimal | null, what: string, functionName?: string): GateCheck => {
    const passed = actual?.lte(limit) === true;
    return {
      name,
      limit,
      actual: actual === null ? null : actual.toNumber(),
      passed,
      unit: 'USD/month',
      ...(functionName ? { functionName } : {}),
      detail:
        actual === null
          ? `${what}: no cost known (no function of that name in the data)`
          : `${what} ${basisText} ${formatUsd(actual)} ${passed ? '≤' : '>'} budget ${formatUsd(limit)}`,
    };
  };
  const increaseCheck = (name: string, limit: number, before: number, after: number, changePercent: number | null, what: string, functionName?: string): GateCheck => {
    // From $0, any cost is an unbounded increase.
    const passed = changePercent === null ? after <= 0 : changePercent <= limit;
    return {
      name,
      limit,
      actual: changePercent,
      passed,
      unit: 'percent',
      ...(functionName ? { functionName } : {}),
      detail:
        changePercent === null
          ? `${what} monthly run-rate ${formatUsd(before)} → ${formatUsd(after)}: new since the baseline (no percentage from $0)`
          : `${what} monthly run-rate ${formatUsd(before)} → ${formatUsd(after)}: ${changePercent >= 0 ? '+' : ''}${percent(changePercent)} ${passed ? '≤' : '>'} ${percent(limit)}`,
    };
  };

  if (limits.budgetUsd !== undefined) {
    const actual = limits.forecast ? new Decimal(report.totals.forecastMonthEndUsd!) : new Decimal(report.totals.monthlyRunRateUsd);
    checks.push(budgetCheck('budget', limits.budgetUsd, actual, 'total'));
  }
  if (limits.maxIncreasePercent !== undefined && comparison) {
    const t = comparison.totals;
    checks.push(increaseCheck('max-increase', limits.maxIncreasePercent, t.baselineMonthlyRunRateUsd, t.currentMonthlyRunRateUsd, t.changePercent, 'total'));
  }
  const inventoryNames = new Set(snapshot.inventory.functions.map((f) => f.functionName));
  for (const fn of functionLimits) {
    const rows = report.functions.filter((f) => f.functionName === fn.functionName);
    if (fn.budgetUsd !== undefined) {
      // Associated but never invoked (no usage): $0, not unknown.
      const actual = rows.length > 0 ? monthly(rows.reduce((a, f) => a + f.costUsd, 0)) : inventoryNames.has(fn.functionName) ? new Decimal(0) : null;
      checks.push(budgetCheck(`budget:${fn.functionName}`, fn.budgetUsd, actual, fn.functionName, fn.functionName));
    }
    if (fn.maxIncreasePercent !== undefined && comparison) {
      const entries = comparison.functions.filter((f) => f.functionName === fn.functionName);
      const before = entries.reduce((a, f) => a + f.baselineMonthlyRunRateUsd, 0);
      const after = entries.reduce((a, f) => a + f.currentMonthlyRunRateUsd, 0);
      const changePercent = before === 0 ? (after === 0 ? 0 : null) : ((after - before) / before) * 100;
      checks.push(increaseCheck(`max-increase:${fn.functionName}`, fn.maxIncreasePercent, before, after, changePercent, fn.functionName, fn.functionName));
    }
  }

  const failedRegions = report.regions
    .filter((r) => r.status === 'failed')
    .map((r) => ({ region: r.region, ...(r.accountId ? { accountId: r.accountId } : {}), ...(r.error ? { error: r.error } : {}) }));
  const incomplete = gateIncompleteness(report, input.baseline);
  const complete = incomplete.length === 0;
  // The report repeats its `incomplete` reasons among its warnings: list them once.
  const listed = new Set(incomplete);
  // …and the comparison's notes on failed baseline regions say what `incomplete` already says.
  const baselineRegionNotes = new Set(
    (input.comparisonNotices ?? (input.baseline?.report.regions ?? []).filter((r) => r.status === 'failed').map((r) => regionNotice('baseline-region-failed', r)))
      .filter((notice) => notice.code === 'baseline-region-failed')
      .map(noticeText),
  );
  const comparisonWarnings = (comparison?.warnings ?? []).filter((w) => complete || !baselineRegionNotes.has(w));
  return {
    schemaVersion: 1,
    kind: GATE_KIND,
    generatedAt: input.now.toISOString(),
    window: report.window,
    pricing: { id: report.pricing.id, currency: report.pricing.currency },
    basis,
    passed: checks.every((c) => c.passed) && (complete || limits.allowPartial === true),
    complete,
    incomplete,
    failedRegions,
    checks,
    ...(comparison ? { baseline: comparison.baseline } : {}),
    warnings: [...report.warnings, ...comparisonWarnings].filter((w) => !listed.has(w)),
  };
}
