import type { Inventory } from './inventory.js';

/**
 * A snapshot is everything `collect` read for one time window: the inventory plus usage.
 * Usage is stored as daily series (one array slot per UTC day of the window) because that is the
 * shape CloudWatch answers in, and it keeps a month of a large account small on disk.
 */
export const SNAPSHOT_KIND = 'edgecost.snapshot';
export const SNAPSHOT_SCHEMA_VERSION = 1;

export interface TimeWindow {
  /** Inclusive start, ISO 8601 UTC at 00:00. */
  start: string;
  /** Exclusive end, ISO 8601 UTC at 00:00. */
  end: string;
  /** Whole UTC days between start and end. */
  days: number;
}

export type RegionState = 'ok' | 'failed' | 'skipped';

export interface RegionStatus {
  region: string;
  status: RegionState;
  /** Why the region failed or was skipped (the AWS error code and message). */
  error?: string;
  accountId?: string;
}

/**
 * Daily usage of one function replica (optionally one version of it) in one region.
 * Each array has `window.days` entries; `null` means "no data known for that day" (which is not
 * zero: CloudWatch stores nothing on days with no invocations, so collectors write 0 for days of
 * a region that answered and null only when the day could not be read).
 */
export interface UsageSeries {
  /** Function name without the `us-east-1.` prefix. */
  functionName: string;
  /** Unqualified function ARN when known (tells apart same-named functions of two accounts). */
  functionArn?: string;
  /** Numbered version when the metrics were read per version (`Resource` dimension). */
  version?: string;
  accountId?: string;
  region: string;
  invocations: (number | null)[];
  /** CloudWatch `Duration` Sum per day, in ms (not rounded to billing granularity). */
  durationSumMs: (number | null)[];
  /** CloudWatch `Duration` Maximum per day, in ms. */
  durationMaxMs?: (number | null)[];
  errors?: (number | null)[];
  throttles?: (number | null)[];
  /** CloudWatch `ConcurrentExecutions` Maximum per day, when collected. */
  concurrentExecutionsMax?: (number | null)[];
  /** Exact billed duration per day from Logs Insights `@billedDuration` (`collect --exact`). */
  billedDurationSumMs?: (number | null)[];
  /** Max memory used over the window, MB, from Logs Insights `@maxMemoryUsed`. */
  maxMemoryUsedMB?: number;
}

/** CloudFront distribution metrics (us-east-1, Region=Global). */
export interface DistributionMetrics {
  distributionId: string;
  accountId?: string;
  /** Viewer requests per day. */
  requests?: (number | null)[];
  /** Cache-hit rate over the window, percent (0–100), from the paid additional metrics. */
  cacheHitRatePercent?: number;
  /** Whether the additional-metrics monitoring subscription is on (undefined: unknown). */
  monitoringSubscription?: boolean;
}

export interface SnapshotSource {
  type: 'aws' | 'demo' | 'generated' | 'merged';
  accountId?: string;
  /** Home region used for CloudFront/Lambda control-plane calls. */
  region?: string;
  tool?: string;
}

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  kind: typeof SNAPSHOT_KIND;
  generatedAt: string;
  source: SnapshotSource;
  window: TimeWindow;
  /** True when durations come from Logs Insights billed durations (`collect --exact`). */
  exact?: boolean;
  inventory: Inventory;
  usage: UsageSeries[];
  distributionMetrics: DistributionMetrics[];
  regions: RegionStatus[];
  warnings?: string[];
}
