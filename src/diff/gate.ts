import { UsageError } from '../errors.js';
import { GATE_KIND, type GateCheck, type GateDocument } from '../gate/types.js';
import { formatUsd } from '../pricing/money.js';
import type { DiffDocument } from './types.js';

/**
 * `gate --base OLD --head NEW`: the gate's budget (on the head's projected run-rate) and
 * max-increase (on the change) limits, applied to a diff, in the gate's document. Pure. A function
 * of unknown cost (or a request-only lower bound) makes the data incomplete: the CLI exits 3 unless
 * `allowPartial`, and then the known part is gated and the document says so.
 */
export interface DiffGateLimits {
  budgetUsd?: number;
  maxIncreasePercent?: number;
  allowPartial?: boolean;
}

export function diffIncompleteness(doc: DiffDocument): string[] {
  const reasons: string[] = [];
  for (const fn of doc.functions) {
    if (fn.baseMonthlyUsd === null || fn.headMonthlyUsd === null) {
      reasons.push(
        `${fn.resource}: ${fn.baseMonthlyUsd === null ? 'current' : 'projected'} cost unknown (${fn.match.by === 'none' ? fn.match.detail : (fn.assumptions.at(-1) ?? 'not measured')})`,
      );
    } else if (fn.lowerBound) {
      reasons.push(`${fn.resource}: projected cost is a request-only lower bound (its duration is unknown; --duration-ms gives one)`);
    }
  }
  return reasons;
}

function percent(value: number): string {
  return `${Number(value.toFixed(2))}%`;
}

export function evaluateDiffGate(doc: DiffDocument, limits: DiffGateLimits): GateDocument {
  if (limits.budgetUsd === undefined && limits.maxIncreasePercent === undefined) {
    throw new UsageError("nothing to check: give --budget USD (the head templates' projected run-rate) or --max-increase PCT (the change)");
  }
  const incomplete = diffIncompleteness(doc);
  const complete = incomplete.length === 0;
  const partial = complete ? '' : ' (unknown costs left out, lower bounds counted)';
  const checks: GateCheck[] = [];
  const { totals } = doc;
  if (limits.budgetUsd !== undefined) {
    const passed = totals.headMonthlyUsd <= limits.budgetUsd;
    checks.push({
      name: 'budget',
      limit: limits.budgetUsd,
      actual: totals.headMonthlyUsd,
      passed,
      unit: 'USD/month',
      detail: `head templates' projected monthly run-rate${partial} ${formatUsd(totals.headMonthlyUsd)} ${passed ? '≤' : '>'} budget ${formatUsd(limits.budgetUsd)}`,
    });
  }
  if (limits.maxIncreasePercent !== undefined) {
    // From $0, any cost is an unbounded increase.
    const passed = totals.changePercent === null ? totals.headMonthlyUsd <= 0 : totals.changePercent <= limits.maxIncreasePercent;
    checks.push({
      name: 'max-increase',
      limit: limits.maxIncreasePercent,
      actual: totals.changePercent,
      passed,
      unit: 'percent',
      detail:
        totals.changePercent === null
          ? `monthly run-rate ${formatUsd(totals.baseMonthlyUsd)} → ${formatUsd(totals.headMonthlyUsd)}${partial}: no percentage from $0`
          : `monthly run-rate ${formatUsd(totals.baseMonthlyUsd)} → ${formatUsd(totals.headMonthlyUsd)}${partial}: ${totals.changePercent >= 0 ? '+' : ''}${percent(totals.changePercent)} ${passed ? '≤' : '>'} ${percent(limits.maxIncreasePercent)}`,
    });
  }
  return {
    schemaVersion: 1,
    kind: GATE_KIND,
    generatedAt: doc.generatedAt,
    window: doc.window,
    pricing: { id: doc.pricingId, currency: 'USD' },
    basis: 'run-rate',
    passed: checks.every((c) => c.passed) && (complete || limits.allowPartial === true),
    complete,
    incomplete,
    failedRegions: [],
    checks,
    warnings: doc.warnings,
  };
}
