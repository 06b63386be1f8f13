import type { EventType } from '../model/inventory.js';
import type { TimeWindow } from '../model/snapshot.js';
import type { ReportRecommendation } from '../report/document.js';

/**
 * The `recommend --output json` contract (PRODUCT.md, kind "edgecost.recommendations"). Each item
 * has the fields of `ReportRecommendation` (so a report can embed them) plus the arithmetic inputs
 * it used and what a person must review before acting on it.
 */
export const RECOMMENDATIONS_KIND = 'edgecost.recommendations';

export type RecommendationKind = ReportRecommendation['kind'];
export type Confidence = ReportRecommendation['confidence'];

/**
 * Where a cache-hit rate came from: CloudFront's measurement; derived from an origin-event function
 * on the same cache behavior (its invocations against the viewer function's); derived from the
 * origin-request functions of every behavior of the distribution (their invocations against the
 * distribution's CloudFront Requests); or the `--hit-rate` flag.
 */
export type HitRateSource = 'cloudfront-cache-hit-rate' | 'derived-from-origin-events' | 'derived-from-distribution-requests' | 'hit-rate-flag';

export interface HitRate {
  /** 0–1. */
  rate: number;
  source: HitRateSource;
  /** How it was obtained, in words (which metric, which functions, which counts); the rate itself is `rate`. */
  explanation: string;
}

/** The numbers a recommendation's arithmetic used; absent fields were not needed or are unknown. */
export interface RecommendationInputs {
  windowDays: number;
  /** Days of the window that had happened (fewer than windowDays while it is in progress); run-rates divide by these. */
  coveredDays: number;
  /** Invocations in the window attributed to this association (or function version). */
  invocations: number;
  /** How the invocations of a function version shared by several associations were split. */
  attribution?: string;
  memoryMB?: number;
  projectedMemoryMB?: number;
  meanDurationMs?: number | null;
  maxDurationMs?: number | null;
  maxMemoryUsedMB?: number;
  durationBasis: 'estimated-rounding' | 'exact-billed';
  hitRatePercent?: number | null;
  hitRateSource?: HitRateSource | null;
  projectedInvocations?: number | null;
  runtime?: string | null;
  packageBytes?: number | null;
  packageBytesKind?: 'unzipped' | 'compressed' | null;
  /** Monthly run-rate factor: 30.4375 / covered days. */
  runRateFactor: number;
}

export interface Recommendation extends ReportRecommendation {
  functionArn?: string;
  version?: string;
  pathPattern?: string;
  eventType?: EventType;
  /** The change in a few words, e.g. "viewer-request → origin-request", "512 MB → 192 MB". */
  change: string;
  /** What must be checked by a person before acting (things the data cannot show). */
  review: string[];
  inputs: RecommendationInputs;
  /**
   * Recommendations that are alternatives for the same association share a group: the totals
   * count only the largest saving of a group.
   */
  group: string;
}

export interface RecommendationsDocument {
  schemaVersion: 1;
  kind: typeof RECOMMENDATIONS_KIND;
  generatedAt: string;
  window: TimeWindow;
  pricing: { id: string; currency: 'USD' };
  limits: { id: string };
  recommendations: Recommendation[];
  totals: {
    /** Sum of known savings, counting only the best alternative per association. */
    monthlySavingsUsd: number;
    recommendations: number;
    /** Recommendations whose saving is unknown (null), e.g. for want of a cache-hit rate. */
    unknownSavings: number;
    /** Recommendations left out by --min-savings. */
    belowMinSavings: number;
  };
  minSavingsUsd: number;
  warnings: string[];
}
