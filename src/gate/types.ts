import type { TimeWindow } from '../model/snapshot.js';

/** The `gate --output json` contract (PRODUCT.md, kind "edgecost.gate"). */
export const GATE_KIND = 'edgecost.gate';

export interface GateCheck {
  /** `budget`, `max-increase`, `budget:<function>`, `max-increase:<function>`. */
  name: string;
  limit: number;
  /** null when unknown (a function with no data, a change from $0): an unknown value fails. */
  actual: number | null;
  passed: boolean;
  unit: 'USD/month' | 'percent';
  functionName?: string;
  /** The check in words: what was compared, on which basis. */
  detail: string;
}

export interface GateDocument {
  schemaVersion: 1;
  kind: typeof GATE_KIND;
  generatedAt: string;
  window: TimeWindow;
  pricing: { id: string; currency: 'USD' };
  /** What budgets compare: the monthly run-rate, or (--forecast) the month-end forecast. */
  basis: 'run-rate' | 'forecast';
  /** Every check passed, on complete data (or, with --allow-partial, on what is known). */
  passed: boolean;
  /** False when the current data or the baseline is incomplete (only with --allow-partial: otherwise the gate exits 3). */
  complete: boolean;
  /** Why not complete: the current report's `incomplete` reasons, then the baseline's (prefixed "baseline FILE: "). */
  incomplete: string[];
  /** The current data's failed regions (also among `incomplete`). */
  failedRegions: { region: string; accountId?: string; error?: string }[];
  checks: GateCheck[];
  baseline?: { file: string; window: TimeWindow; pricingId: string };
  warnings: string[];
}
