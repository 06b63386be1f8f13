import { type Notice, noticeText, regionNotice } from '../model/notices.js';
import { Selection, type SelectionFlags } from '../model/selection.js';
import type { Snapshot, TimeWindow } from '../model/snapshot.js';
import { DAYS_PER_MONTH, monthlyRunRate } from '../pricing/engine.js';
import { Decimal, ZERO } from '../pricing/money.js';
import type { Pricing } from '../pricing/sheet.js';
import { buildReport } from './build.js';
import type { FunctionComparison, Report, ReportComparison, ReportFunction, ReportRegion } from './document.js';

/**
 * Cost change against a baseline (`report --baseline FILE`, `gate --max-increase`). The baseline is a
 * previous snapshot (priced here with the current prices) or a saved report JSON (its own prices).
 * Amounts are monthly run-rates so windows of different lengths compare fairly, and each function's
 * change is split into what drove it: invocations, billed duration per invocation, memory size, and
 * (only when the baseline was priced differently) prices.
 */

/** The parts of a report a comparison reads; a saved report JSON may lack the optional ones. */
export interface BaselineFunction {
  functionName: string;
  functionArn: string | null;
  memoryMB: number | null;
  invocations: number;
  costUsd: number;
  requestCostUsd?: number;
  durationCostUsd?: number;
  billedGbSeconds?: number;
  durationMs?: number;
  events: { distributionId: string }[];
}

export interface BaselineReport {
  window: TimeWindow;
  /** Days of the window covered when the report was made (a month in progress); absent: the whole window. */
  coveredDays?: number;
  pricing: { id: string };
  totals: { costUsd: number; monthlyRunRateUsd: number };
  functions: BaselineFunction[];
  regions: (Pick<ReportRegion, 'region' | 'status' | 'error'> & { accountId?: string })[];
  /** Why the totals were not the whole bill; absent in reports saved before the field existed. */
  incomplete?: string[];
}

/** The days a report's run-rates divide by: those its window had covered when it was made. */
export function runRateDays(report: Pick<BaselineReport, 'window' | 'coveredDays'>): number {
  return report.coveredDays ?? report.window.days;
}

/**
 * Why a report's totals are not the whole bill: its `incomplete` reasons, plus a reason for each
 * failed region of `regions[]` they do not already give (a report saved before `incomplete` existed
 * has only `regions[]`).
 */
export function incompleteReasons(report: Pick<BaselineReport, 'regions' | 'incomplete'>): string[] {
  const reasons = Array.isArray(report.incomplete) ? [...report.incomplete] : [];
  for (const region of report.regions) {
    if (region.status !== 'failed') continue;
    const reason = noticeText(regionNotice('region-failed', region));
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

export interface Baseline {
  file: string;
  /** What the file was: detected from its `kind`. */
  source: 'snapshot' | 'report';
  report: BaselineReport;
}

export interface BaselineOptions extends SelectionFlags {
  pricing: Pricing;
  now: Date;
  selection?: Selection;
}

/** A snapshot baseline, priced here with the current prices (the loader parsed and validated it). */
export function baselineFromSnapshot(file: string, snapshot: Snapshot, options: BaselineOptions): Baseline {
  const report = buildReport(snapshot, { pricing: options.pricing, now: options.now, selection: options.selection ?? new Selection(options) });
  return { file, source: 'snapshot', report };
}

/** A saved report JSON as a baseline, with its own prices (the loader validated it against the report schema). */
export function baselineFromReport(file: string, report: BaselineReport, options: BaselineOptions): Baseline {
  return { file, source: 'report', report: filterReport(report, options) };
}

/** Applies the --function/--distribution filters to a saved report; totals become the sum of what is kept. */
function filterReport(report: BaselineReport, options: BaselineOptions): BaselineReport {
  const selection = options.selection ?? new Selection(options);
  if (selection.all) return report;
  const functions = report.functions.filter(
    (f) =>
      selection.includesFunction({ functionName: f.functionName }) &&
      (!selection.distributionIds || f.events.some((e) => selection.includesDistribution({ id: e.distributionId }))),
  );
  const costUsd = functions.reduce((a, f) => a.plus(f.costUsd), ZERO);
  return {
    ...report,
    functions,
    totals: { costUsd: costUsd.toNumber(), monthlyRunRateUsd: monthlyRunRate(costUsd, runRateDays(report)).toNumber() },
  };
}

/** Monthly quantities of one function, all as decimals. */
interface Monthly {
  invocations: Decimal;
  gbSeconds: Decimal;
  requestCost: Decimal;
  durationCost: Decimal;
  cost: Decimal;
  memoryMB: number | null;
  meanDurationMs: number | null;
}

function monthlyOf(fn: BaselineFunction | ReportFunction, days: number, pricing: Pricing): Monthly {
  const factor = days > 0 ? new Decimal(DAYS_PER_MONTH).div(days) : ZERO;
  const cost = new Decimal(fn.costUsd);
  // A saved report may lack the split: rebuild it from the invocations and the current request price.
  const requestCost = fn.requestCostUsd !== undefined ? new Decimal(fn.requestCostUsd) : new Decimal(fn.invocations).times(pricing.rates.lambdaEdgeRequestUsd);
  const durationCost = fn.durationCostUsd !== undefined ? new Decimal(fn.durationCostUsd) : Decimal.max(cost.minus(requestCost), 0);
  const gbSeconds = fn.billedGbSeconds !== undefined ? new Decimal(fn.billedGbSeconds) : durationCost.div(pricing.rates.lambdaEdgeGbSecondUsd);
  return {
    invocations: new Decimal(fn.invocations).times(factor),
    gbSeconds: gbSeconds.times(factor),
    requestCost: requestCost.times(factor),
    durationCost: durationCost.times(factor),
    cost: cost.times(factor),
    memoryMB: fn.memoryMB,
    meanDurationMs: fn.durationMs !== undefined && fn.invocations > 0 ? fn.durationMs / fn.invocations : null,
  };
}

interface Drivers {
  invocationsUsd: Decimal;
  durationUsd: Decimal;
  memoryUsd: Decimal;
  priceUsd: Decimal;
}

/**
 * Splits C1 − C0 (C = I·r + G·g, G = I·d·m: invocations I, billed seconds per invocation d, memory m,
 * request price r, GB-second price g) step by step at the baseline's prices: invocations
 * (I1 − I0)·C0/I0, memory I1·d1·(m1 − m0)·g0, prices I1·(r1 − r0) + G1·(g1 − g0), and duration the
 * rest, I1·(d1 − d0)·m0·g0 — so the drivers add up to the change exactly.
 */
function splitChange(before: Monthly | undefined, after: Monthly | undefined): Drivers {
  const zero = { invocationsUsd: ZERO, durationUsd: ZERO, memoryUsd: ZERO, priceUsd: ZERO };
  const c0 = before?.cost ?? ZERO;
  const c1 = after?.cost ?? ZERO;
  if (!before || !after || before.invocations.isZero() || after.invocations.isZero()) {
    // The function started or stopped running: all of it is invocations.
    return { ...zero, invocationsUsd: c1.minus(c0) };
  }
  const perInvocation0 = c0.div(before.invocations);
  const invocationsUsd = after.invocations.minus(before.invocations).times(perInvocation0);
  const r0 = before.requestCost.div(before.invocations);
  const r1 = after.requestCost.div(after.invocations);
  const g0 = before.gbSeconds.isZero() ? ZERO : before.durationCost.div(before.gbSeconds);
  const g1 = after.gbSeconds.isZero() ? g0 : after.durationCost.div(after.gbSeconds);
  const priceUsd = after.invocations.times(r1.minus(r0)).plus(after.gbSeconds.times(g1.minus(g0)));
  let memoryUsd = ZERO;
  if (before.memoryMB !== null && after.memoryMB !== null && before.memoryMB !== after.memoryMB && !after.gbSeconds.isZero()) {
    // I1·d1·(m1 − m0)·g0 = G1·(1 − m0/m1)·g0
    memoryUsd = after.gbSeconds.times(new Decimal(1).minus(new Decimal(before.memoryMB).div(after.memoryMB))).times(g0);
  }
  const durationUsd = c1.minus(c0).minus(invocationsUsd).minus(memoryUsd).minus(priceUsd);
  return { invocationsUsd, durationUsd, memoryUsd, priceUsd };
}

function percentChange(before: Decimal, after: Decimal): number | null {
  if (before.isZero()) return after.isZero() ? 0 : null;
  return after.minus(before).div(before).times(100).toNumber();
}

/** Changes under half a cent a month count as unchanged. */
const UNCHANGED_BELOW_USD = new Decimal('0.005');

export function compareReports(current: Report, baseline: Baseline, pricing: Pricing): ReportComparison {
  return compareReportsWithNotices(current, baseline, pricing).comparison;
}

/** `compareReports`, with its warnings as data too: `warnings[i]` is `noticeText(notices[i])`. */
export function compareReportsWithNotices(current: Report, baseline: Baseline, pricing: Pricing): { comparison: ReportComparison; notices: Notice[] } {
  const base = baseline.report;
  const key = (fn: { functionArn: string | null; functionName: string }) => fn.functionArn ?? `name:${fn.functionName}`;
  const before = new Map<string, BaselineFunction>();
  for (const fn of base.functions) before.set(key(fn), fn);
  // Match by ARN, then by name (a baseline from another account or a template has other ARNs).
  const pairs: { before?: BaselineFunction; after?: ReportFunction }[] = [];
  const unmatched = new Set(before.keys());
  for (const fn of current.functions) {
    let match = before.get(key(fn));
    if (!match || !unmatched.has(key(match))) {
      match = base.functions.find((b) => unmatched.has(key(b)) && b.functionName === fn.functionName);
    }
    if (match) unmatched.delete(key(match));
    pairs.push({ before: match, after: fn });
  }
  for (const k of unmatched) pairs.push({ before: before.get(k) });

  const functions: FunctionComparison[] = pairs.map(({ before: b, after: a }) => {
    const m0 = b ? monthlyOf(b, runRateDays(base), pricing) : undefined;
    const m1 = a ? monthlyOf(a, runRateDays(current), pricing) : undefined;
    const c0 = m0?.cost ?? ZERO;
    const c1 = m1?.cost ?? ZERO;
    const change = c1.minus(c0);
    const drivers = splitChange(m0, m1);
    const status: FunctionComparison['status'] = !b ? 'new' : !a ? 'removed' : change.abs().lt(UNCHANGED_BELOW_USD) ? 'unchanged' : 'changed';
    const side = (m: Monthly | undefined) => (m ? { invocationsPerMonth: m.invocations.toNumber(), meanDurationMs: m.meanDurationMs, memoryMB: m.memoryMB } : undefined);
    const named = (a ?? b)!;
    return {
      functionName: named.functionName,
      functionArn: a?.functionArn ?? b?.functionArn ?? null,
      status,
      baselineMonthlyRunRateUsd: c0.toNumber(),
      currentMonthlyRunRateUsd: c1.toNumber(),
      changeUsd: change.toNumber(),
      changePercent: percentChange(c0, c1),
      drivers: {
        invocationsUsd: drivers.invocationsUsd.toNumber(),
        durationUsd: drivers.durationUsd.toNumber(),
        memoryUsd: drivers.memoryUsd.toNumber(),
        ...(base.pricing.id !== current.pricing.id ? { priceUsd: drivers.priceUsd.toNumber() } : {}),
      },
      ...(m0 ? { baseline: side(m0) } : {}),
      ...(m1 ? { current: side(m1) } : {}),
    };
  });
  functions.sort((x, y) => Math.abs(y.changeUsd) - Math.abs(x.changeUsd) || x.functionName.localeCompare(y.functionName));

  const baselineTotal = new Decimal(base.totals.monthlyRunRateUsd);
  const currentTotal = new Decimal(current.totals.monthlyRunRateUsd);
  const notices: Notice[] = [];
  if (base.pricing.id !== current.pricing.id) {
    notices.push({ code: 'baseline-other-prices', pricingIds: { baseline: base.pricing.id, current: current.pricing.id }, detail: '' });
  }
  for (const region of base.regions) if (region.status === 'failed') notices.push(regionNotice('baseline-region-failed', region));
  const comparison: ReportComparison = {
    baseline: { file: baseline.file, window: base.window, pricingId: base.pricing.id },
    totals: {
      baselineMonthlyRunRateUsd: baselineTotal.toNumber(),
      currentMonthlyRunRateUsd: currentTotal.toNumber(),
      changeUsd: currentTotal.minus(baselineTotal).toNumber(),
      changePercent: percentChange(baselineTotal, currentTotal),
    },
    functions,
    warnings: notices.map(noticeText),
  };
  return { comparison, notices };
}
