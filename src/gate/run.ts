import { AwsError } from '../errors.js';
import { Selection, type SelectionFlags } from '../model/selection.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Pricing } from '../pricing/sheet.js';
import { buildReport } from '../report/build.js';
import { type Baseline, compareReportsWithNotices } from '../report/compare.js';
import { evaluateGate, type GateLimits, gateIncompleteness, validateGateLimits } from './evaluate.js';
import type { GateDocument } from './types.js';

export interface GateRunOptions extends SelectionFlags {
  pricing: Pricing;
  now: Date;
  limits: GateLimits;
  selection?: Selection;
  /** A previous snapshot or report (`parseBaseline`), needed by max-increase limits. */
  baseline?: Baseline;
}

/**
 * The gate's outcome: a document (every check run, on complete data or — with `allowPartial` — on
 * what is known, `partial` saying what is missing), or no decision because the data is incomplete.
 */
export type GateRun = { decided: true; document: GateDocument; partial: string[] } | { decided: false; incomplete: string[]; failedRegion?: string };

/**
 * `edgecost gate` as a pipeline: prices the snapshot (and the baseline), compares them and runs the
 * checks. The gate decides on the whole bill only: any gap, now or in the baseline, is no decision
 * unless `limits.allowPartial`.
 */
export function runGate(snapshot: Snapshot, options: GateRunOptions): GateRun {
  const { pricing, now, limits, baseline } = options;
  validateGateLimits(limits, baseline !== undefined);
  const selection = options.selection ?? new Selection(options);
  const report = buildReport(snapshot, { pricing, now, selection });
  const incomplete = gateIncompleteness(report, baseline);
  if (incomplete.length > 0 && !limits.allowPartial) {
    const failedRegion = report.regions.find((r) => r.status === 'failed')?.region;
    return { decided: false, incomplete, ...(failedRegion ? { failedRegion } : {}) };
  }
  const compared = baseline ? compareReportsWithNotices(report, baseline, pricing) : undefined;
  const document = evaluateGate({ report, snapshot, comparison: compared?.comparison, comparisonNotices: compared?.notices, baseline, now }, limits);
  return { decided: true, document, partial: incomplete };
}

/** Exit 3 for a gate that did not decide: the reasons, and what to do about them. */
export function undecidedGateError(run: Extract<GateRun, { decided: false }>): AwsError {
  return new AwsError(`data incomplete, so the gate does not decide: ${run.incomplete.join('; ')}`, {
    ...(run.failedRegion ? { region: run.failedRegion } : {}),
    hint: 'fix what is missing (for a failed region: access to it) and rerun, or pass --allow-partial to gate on what is known',
  });
}
