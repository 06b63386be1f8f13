import type { EventType } from '../model/inventory.js';
import type { RegionState, SnapshotSource, TimeWindow } from '../model/snapshot.js';
import type { Reconciliation } from '../reconcile/document.js';

/**
 * The report document: the JSON contract of `report --output json` (PRODUCT.md), and the one source
 * every other format (table, CSV, Markdown, HTML) renders. Money is full precision here; renderers
 * round for display only.
 */
export const REPORT_KIND = 'edgecost.report';

export interface ReportEvent {
  distributionId: string;
  eventType: EventType;
  /** `*` for the default cache behavior. */
  pathPattern: string;
}

export interface ReportRegionCost {
  region: string;
  invocations: number;
  /** Raw CloudWatch Duration sum, ms. */
  durationMs: number;
  maxDurationMs?: number;
  billedGbSeconds: number;
  costUsd: number;
}

export interface CostFields {
  invocations: number;
  billedGbSeconds: number;
  requestCostUsd: number;
  durationCostUsd: number;
  costUsd: number;
  costLowUsd: number;
  costHighUsd: number;
}

export interface ReportFunction extends CostFields {
  functionName: string;
  functionArn: string | null;
  /** Memory size the function ran with (the one with most invocations when its versions differ; null when unknown). */
  memoryMB: number | null;
  /** Every memory size its versions ran with, most invocations first, when there are several. */
  memorySizesMB?: number[];
  versions: string[];
  events: ReportEvent[];
  durationMs: number;
  maxDurationMs?: number;
  monthlyRunRateUsd: number;
  regions: ReportRegionCost[];
}

export interface ReportGroupRow extends CostFields {
  /** The event type, distribution id, … the row groups by. */
  key: string;
  requests?: number;
  cacheHitRatePercent?: number;
}

export interface ReportDay {
  date: string;
  invocations: number;
  costUsd: number;
}

export interface ReportRegion {
  region: string;
  /** Set when snapshots of several accounts were merged: one row per account and region. */
  accountId?: string;
  status: RegionState;
  error?: string;
  /** null when the region failed: unknown, not zero. */
  invocations: number | null;
  costUsd: number | null;
}

export interface ReportTotals extends CostFields {
  monthlyRunRateUsd: number;
  /** Present when the window is the current month to date. */
  forecastMonthEndUsd?: number;
}

export interface Report extends ReportExtras {
  schemaVersion: 1;
  kind: typeof REPORT_KIND;
  generatedAt: string;
  source: SnapshotSource;
  window: TimeWindow;
  pricing: { id: string; currency: 'USD'; effectiveDate: string; billingGranularityMs: number };
  /** How billed duration was obtained: CloudWatch sums + expected rounding, or exact billed durations. */
  durationBasis: 'estimated-rounding' | 'exact-billed' | 'mixed';
  /** Days of the window that had happened when the report was made, when fewer than `window.days` (a month in progress); run-rates divide by it. */
  coveredDays?: number;
  totals: ReportTotals;
  functions: ReportFunction[];
  byEventType: ReportGroupRow[];
  byDistribution: ReportGroupRow[];
  byDay: ReportDay[];
  regions: ReportRegion[];
  /**
   * Why the totals are not the whole bill: failed regions, usage whose memory size is unknown (its
   * requests are counted, its duration is not), days with no data. Empty when the data is complete.
   * A gate does not decide on incomplete data.
   */
  incomplete: string[];
  warnings: string[];
}

export const GROUP_BY = ['function', 'event-type', 'region', 'distribution', 'day'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/**
 * Cost change against a baseline (`report --baseline FILE`). Monthly figures are run-rates, so
 * windows of different lengths compare fairly. Each function's change is split into what drove it.
 */
export interface ReportComparison {
  baseline: { file: string; window: TimeWindow; pricingId: string };
  totals: {
    baselineMonthlyRunRateUsd: number;
    currentMonthlyRunRateUsd: number;
    changeUsd: number;
    /** null when the baseline was zero. */
    changePercent: number | null;
  };
  functions: FunctionComparison[];
  /** What makes the comparison less than like-for-like (other prices, failed baseline regions). */
  warnings?: string[];
}

export interface FunctionComparison {
  functionName: string;
  functionArn: string | null;
  status: 'new' | 'removed' | 'changed' | 'unchanged';
  baselineMonthlyRunRateUsd: number;
  currentMonthlyRunRateUsd: number;
  changeUsd: number;
  changePercent: number | null;
  /** Monthly change attributed to each driver; they add up to changeUsd. */
  drivers: {
    invocationsUsd: number;
    durationUsd: number;
    memoryUsd: number;
    /** Only when the baseline was priced with another price sheet. */
    priceUsd?: number;
  };
  baseline?: { invocationsPerMonth: number; meanDurationMs: number | null; memoryMB: number | null };
  current?: { invocationsPerMonth: number; meanDurationMs: number | null; memoryMB: number | null };
}

/** A recommendation as embedded in a report (same shape as `recommend --output json` items). */
export interface ReportRecommendation {
  kind: 'move-to-origin-event' | 'move-to-cloudfront-functions' | 'reduce-memory' | 'remove-unused';
  functionName: string;
  distributionId?: string;
  from: string;
  to: string;
  currentMonthlyCostUsd: number;
  /** null when an input is unknown (e.g. no cache-hit rate): never a made-up number. */
  projectedMonthlyCostUsd: number | null;
  monthlySavingsUsd: number | null;
  confidence: 'high' | 'medium' | 'low';
  assumptions: string[];
}

/**
 * `report --reconciliation FILE`: a reconciliation (`reconcile --output json`) shown beside the
 * report. It is the bill's view of its own window; `warnings` say when that is not this report's
 * window or prices, so the two are never mixed silently.
 */
export interface ReportReconciliation {
  file: string;
  /** True when the reconciliation's window is the report's. */
  sameWindow: boolean;
  warnings: string[];
  document: Reconciliation;
}

export interface ReportExtras {
  comparison?: ReportComparison;
  reconciliation?: ReportReconciliation;
  recommendations?: ReportRecommendation[];
  /** Known savings of `recommendations`, counting only the best alternative per association. */
  recommendationSavingsUsd?: number;
}
