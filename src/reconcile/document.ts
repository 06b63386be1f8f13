import type { TimeWindow } from '../model/snapshot.js';
import type { UsageUnit } from './usage-types.js';

/**
 * The reconciliation document: the JSON contract of `reconcile --output json` (PRODUCT.md,
 * schemas/reconciliation.schema.json) and the one source of the table, Markdown and CSV views.
 * A figure edgecost does not have is null, never 0.
 */
export const RECONCILIATION_KIND = 'edgecost.reconciliation';

export type BillSource = 'cost-explorer' | 'cur' | 'athena';

export const CAUSE_CODES = [
  'days-not-final',
  'region-not-read',
  'region-not-collected',
  'cloudwatch-retention',
  'credits',
  'discount',
  'unknown-usage-type',
  'not-in-bill',
  'memory-unknown',
  'requests-differ',
  'gb-seconds-outside-bounds',
  'account-not-in-usage',
] as const;
export type CauseCode = (typeof CAUSE_CODES)[number];

export interface Cause {
  code: CauseCode;
  message: string;
}

/** The figures a row and the totals both carry: the bill's beside edgecost's. */
export interface ReconciliationFigures {
  billedRequests: number;
  invocations: number | null;
  billedGbSeconds: number;
  gbSecondsLow: number | null;
  gbSecondsPoint: number | null;
  gbSecondsHigh: number | null;
  /** Unblended cost of the usage line items (credits, refunds, discounts and tax apart). */
  billedCostUsd: number;
  /** Net unblended cost, when the bill has it. */
  billedNetCostUsd: number | null;
  /** edgecost's estimate at the price sheet's rates (point estimate). */
  costUsd: number | null;
  /** (costUsd − billedCostUsd) / billedCostUsd × 100; null when either is unknown or the bill is 0. */
  costDiffPercent: number | null;
  /** Non-usage line items (Credit, Refund, Tax, discounts), by line item type. */
  adjustmentsUsd: Record<string, number>;
}

export interface ReconciliationRow extends ReconciliationFigures {
  /** The executing region; null when the usage type's prefix is not a known region code. */
  region: string | null;
  /** Region code of the usage types (`USE1`); null when edgecost knows no code for the region. */
  usageTypePrefix: string | null;
  accountId: string | null;
  /** Set when the bill carries resource IDs (CUR with resource IDs): one row per function and region. */
  functionName: string | null;
  withinTolerance: boolean;
  causes: Cause[];
}

export interface ReconciliationTotals extends ReconciliationFigures {
  rows: number;
  rowsOutsideTolerance: number;
}

export interface EffectiveRate {
  unit: UsageUnit;
  /** The price sheet's rate per single unit. */
  sheetUsd: number;
  /** Unblended cost ÷ quantity; null when the bill has no quantity of this unit. */
  billedUsd: number | null;
  /** Net unblended cost ÷ quantity; null when the bill has no net cost or no quantity. */
  netUsd: number | null;
  quantity: number;
  /** The bill's rate (net when known) differs from the sheet beyond rounding. */
  differs: boolean;
  note?: string;
}

export interface Reconciliation {
  schemaVersion: 1;
  kind: typeof RECONCILIATION_KIND;
  generatedAt: string;
  window: TimeWindow;
  pricingId: string;
  tolerancePercent: number;
  bill: {
    source: BillSource;
    /** Calls made to read the bill (Cost Explorer bills $0.01 for each; 0 for a local CUR export). */
    apiRequests: number;
    /** True for the bundled demo bill of `--demo`. */
    demo?: boolean;
    resourceIds: boolean;
    netCost: boolean;
    /** Days the bill marks as estimated (not final). */
    estimatedDays: string[];
  };
  durationBasis: 'estimated-rounding' | 'exact-billed';
  rows: ReconciliationRow[];
  totals: ReconciliationTotals;
  effectiveRates: EffectiveRate[];
  warnings: string[];
}
