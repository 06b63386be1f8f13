// Scenario model of the fake AWS: everything the fake answers is computed from one of these.
// Plain data (JSON-serialisable except `now`, which may be a Date or an ISO string).
import type { Mangle } from './mangle.js';

/** Signing names of the four services, as found in the SigV4 credential scope. */
export type ServiceName = 'monitoring' | 'cloudfront' | 'lambda' | 'logs' | 'ce' | 'athena' | 'tagging';

export type EventType = 'viewer-request' | 'viewer-response' | 'origin-request' | 'origin-response';

/** A Lambda@Edge association of a cache behavior. `functionArn` is the versioned ARN. */
export interface LambdaEdgeAssociationSpec {
  functionArn: string;
  eventType: EventType;
  includeBody?: boolean;
}

/** A CloudFront Functions association (viewer events only). */
export interface CloudFrontFunctionAssociationSpec {
  functionArn: string;
  eventType: 'viewer-request' | 'viewer-response';
}

export interface CacheBehaviorSpec {
  pathPattern: string;
  targetOriginId?: string;
  lambdaFunctionAssociations?: LambdaEdgeAssociationSpec[];
  functionAssociations?: CloudFrontFunctionAssociationSpec[];
}

export type DefaultCacheBehaviorSpec = Omit<CacheBehaviorSpec, 'pathPattern'>;

export interface DistributionSpec {
  /** e.g. "E1AAAAAAAAAAAA" */
  id: string;
  /** default `${id.toLowerCase()}.cloudfront.net` */
  domainName?: string;
  aliases?: string[];
  comment?: string;
  enabled?: boolean;
  /** "Deployed" by default */
  status?: string;
  /** tags of the distribution (Resource Groups Tagging API GetResources, see tagging.ts) */
  tags?: Record<string, string>;
  /** ISO date, default 2026-01-01T00:00:00Z */
  lastModified?: string;
  /** default "origin.example.com" */
  originDomainName?: string;
  defaultCacheBehavior: DefaultCacheBehaviorSpec;
  /** ordered, as CloudFront evaluates them */
  cacheBehaviors?: CacheBehaviorSpec[];
  /**
   * CloudFront additional metrics subscription: true = Enabled, 'disabled' = a subscription
   * object with status Disabled, false/undefined = none (GetMonitoringSubscription answers 404
   * NoSuchMonitoringSubscription). CacheHitRate is published only when true.
   */
  monitoringSubscription?: boolean | 'disabled';
}

/** Configuration of one published version (or of $LATEST) of a us-east-1 function. */
export interface FunctionVersionSpec {
  /** "1", "2", ... (numbered versions only; $LATEST is `LambdaFunctionSpec.latest`) */
  version: string;
  memorySize: number;
  /** seconds */
  timeout: number;
  /** bytes of the deployment package */
  codeSize: number;
  runtime: string;
  handler?: string;
  architectures?: Array<'x86_64' | 'arm64'>;
  packageType?: 'Zip' | 'Image';
  environment?: Record<string, string>;
  layers?: Array<{ arn: string; codeSize: number }>;
  /** Returned as VpcConfig. An explicit empty one ({subnetIds: [], securityGroupIds: []}) is
   *  returned as-is (AWS does return empty VpcConfig objects for some functions). */
  vpcConfig?: { subnetIds: string[]; securityGroupIds: string[]; vpcId?: string };
  /** default PassThrough (AWS always returns TracingConfig) */
  tracingMode?: 'Active' | 'PassThrough';
  deadLetterTargetArn?: string;
  /** MB, default 512 (AWS always returns EphemeralStorage) */
  ephemeralStorageMb?: number;
  /** ISO date; rendered as AWS does: "2026-10-01T12:00:00.000+0000" */
  lastModified?: string;
  description?: string;
  role?: string;
  codeSha256?: string;
}

export interface LambdaFunctionSpec {
  /** function name in us-east-1 (replicas are named `us-east-1.<name>`) */
  name: string;
  role?: string;
  /** published versions, any order */
  versions: FunctionVersionSpec[];
  /** $LATEST configuration; default: a copy of the highest numbered version */
  latest?: Omit<FunctionVersionSpec, 'version'>;
  /** tags of the function (Resource Groups Tagging API GetResources, see tagging.ts) */
  tags?: Record<string, string>;
}

/**
 * One day of one replica (function version) in one region. Each row publishes, in `region`,
 * namespace AWS/Lambda, day-aligned datapoints (timestamp = the UTC day start) for the metrics
 * Invocations, Duration, Errors, Throttles, ConcurrentExecutions with
 *   - dimensions {FunctionName: "us-east-1.<name>"}: summed over the versions of the day, and
 *   - (when `version` is set) dimensions {FunctionName: "us-east-1.<name>", Resource:
 *     "us-east-1.<name>:<version>"} (or {Resource} alone, see ScenarioOptions.versionDimensions).
 * Rows with invocations 0 and throttles 0 publish nothing (CloudWatch stores nothing then).
 */
export interface ReplicaDayUsage {
  functionName: string;
  version?: string;
  region: string;
  /** UTC date YYYY-MM-DD */
  date: string;
  invocations: number;
  /** Sum of Duration (ms) over the day */
  durationSumMs: number;
  /** Maximum of Duration (ms) over the day */
  durationMaxMs: number;
  /** Minimum of Duration (ms); default durationSumMs / invocations */
  durationMinMs?: number;
  errors?: number;
  throttles?: number;
  /** Maximum of ConcurrentExecutions; default max(1, ceil(durationSumMs / 86,400,000)) */
  concurrentExecutionsMax?: number;
}

/** One day of a distribution: us-east-1, AWS/CloudFront, {DistributionId, Region: "Global"}. */
export interface DistributionDayMetrics {
  distributionId: string;
  date: string;
  requests: number;
  /** percent 0..100; published only when the distribution's monitoringSubscription is true */
  cacheHitRatePercent?: number;
}

/**
 * Exact Logs Insights values for log group /aws/lambda/us-east-1.<functionName> in `region`
 * on one UTC day (all versions together, as they share the log group).
 */
export interface LogsInsightsDay {
  functionName: string;
  /** optional: rows per version let queries group by @memorySize; rows of a day are summed */
  version?: string;
  region: string;
  date: string;
  /** count(*) of REPORT lines */
  invocations: number;
  /** sum(@billedDuration), ms */
  billedDurationMs: number;
  /** sum(@duration), ms; default billedDurationMs */
  durationMs?: number;
  /** max(@duration), ms; optional (max(@duration) is rejected without it) */
  maxDurationMs?: number;
  /** max(@maxMemoryUsed), bytes */
  maxMemoryUsedBytes: number;
  /** @memorySize, bytes; default from the row's version (else $LATEST) memory */
  memorySizeBytes?: number;
}

export type StandardUnit = 'Seconds' | 'Microseconds' | 'Milliseconds' | 'Bytes' | 'Kilobytes' | 'Megabytes' | 'Gigabytes' | 'Bits' | 'Percent' | 'Count' | 'Count/Second' | 'None';

/** A per-day aggregate of a metric (the fake's storage unit). Average = sum / sampleCount. */
export interface DayAggregate {
  sum: number;
  maximum: number;
  minimum: number;
  sampleCount: number;
}

/** Any other metric series (e.g. CloudFront FunctionInvocations, LambdaExecutionError). */
export interface CustomMetricSeries {
  region: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  unit?: StandardUnit;
  days: Array<{ date: string } & Partial<DayAggregate> & { sum: number }>;
}

/**
 * How a region (or service/region, see fault keys) fails:
 * - access-denied: 403 AccessDeniedException (CloudWatch: query code AccessDenied; CloudFront:
 *   AccessDenied) with a message naming the IAM action ("cloudwatch:GetMetricData").
 * - not-enabled: 403 "The security token included in the request is invalid."
 *   (UnrecognizedClientException; CloudWatch: query code InvalidClientTokenId; CloudFront:
 *   InvalidClientTokenId).
 * - network: the socket is destroyed without an answer.
 */
export type RegionFailure = 'access-denied' | 'not-enabled' | 'network';

export interface PageSizes {
  /** CloudFront ListDistributions (default 1) */
  listDistributions: number;
  /** Lambda ListVersionsByFunction (default 2) */
  listVersionsByFunction: number;
  /** Lambda ListFunctions (default 2) */
  listFunctions: number;
  /** CloudWatch ListMetrics (default 10; AWS: 500) */
  listMetrics: number;
  /** CloudWatch Logs DescribeLogGroups (default 2) */
  describeLogGroups: number;
  /** GetMetricData datapoints per page (default 1000; AWS: 100,800); MaxDatapoints lowers it */
  getMetricDataDatapoints: number;
  /** GetMetricData MetricDataResults entries per page (default 100) */
  getMetricDataResults: number;
  /** Cost Explorer GetCostAndUsage days (ResultsByTime) per page (default 2) */
  costExplorerDays: number;
  /** Cost Explorer GetDimensionValues values per page (default 3) */
  costExplorerDimensionValues: number;
  /** Athena GetQueryResults rows per page, the header row included (default 1000, as AWS) */
  athenaResults: number;
}

export interface ScenarioOptions {
  /**
   * Dimensions of the per-version AWS/Lambda series. AWS publishes per-version ("by resource")
   * metrics with both FunctionName and Resource; default 'FunctionName+Resource'.
   */
  versionDimensions?: 'FunctionName+Resource' | 'Resource';
  /** ListMetrics lists only metrics with data in the last N days before `now` (AWS: 14). */
  listMetricsRecentDays?: number;
  /** GetQueryResults answers "Running" this many times before "Complete" (default 1). */
  logsRunningPolls?: number;
  /** CloudWatch retention of day data relative to `now` (default 455 days, as 1-hour data). */
  retentionDays?: number;
}

/**
 * Fault keys (throttle, failRegions, latencyMs) are matched most specific first:
 *   "<service>/<region>/<Operation>", "<service>/<region>", "<service>", "<region>", "*".
 * service = monitoring | cloudfront | lambda | logs | tagging ("cloudwatch" is accepted for monitoring).
 * CloudFront calls are signed for us-east-1.
 */
export interface Scenario {
  accountId: string;
  /** "now" of the scenario: retention/period rules and ListMetrics recency use it. */
  now: Date | string;
  distributions: DistributionSpec[];
  functions: LambdaFunctionSpec[];
  replicaUsage: ReplicaDayUsage[];
  /** replicas that exist (ListFunctions with MasterRegion) even without usage rows */
  replicas?: Array<{ functionName: string; version: string; region: string }>;
  distributionMetrics?: DistributionDayMetrics[];
  logsInsights?: LogsInsightsDay[];
  customMetrics?: CustomMetricSeries[];
  /** extra log groups (DescribeLogGroups) besides those derived from usage and logs rows */
  extraLogGroups?: Array<{ region: string; name: string }>;
  /** first n matching calls answer throttling errors, then normal answers */
  throttle?: Record<string, number | undefined>;
  /** failing regions (or fault keys, see above) */
  failRegions?: Record<string, RegionFailure | undefined>;
  /** delay before each answer: a number for all calls, or per fault key */
  latencyMs?: number | Record<string, number | undefined>;
  /** wire faults: answers mangled per fault key (see mangle.ts) */
  mangle?: Record<string, Mangle | undefined>;
  /** requests per second allowed per fault key (a token bucket with a second's burst); excess calls are throttled */
  rateLimits?: Record<string, number | undefined>;
  pageSizes?: Partial<PageSizes>;
  options?: ScenarioOptions;
  /**
   * The bill (see bill.ts): CUR 2.0 line items that Cost Explorer aggregates and that a CUR
   * fixture (Parquet) is written from, so both sources tell the same bill.
   */
  bill?: BillSpec;
  /** Athena: the CUR table it serves from a Parquet export, and the workgroups that exist. */
  athena?: AthenaSpec;
}

/** One CUR 2.0 line item (column names as in the export, camel-cased). */
export interface CurLineItem {
  /** ISO time, e.g. 2026-10-29T03:00:00Z */
  usageStartDate: string;
  usageEndDate: string;
  usageAccountId: string;
  payerAccountId: string;
  productCode: string;
  usageType: string;
  /** Usage, Credit, Refund, Tax, DiscountedUsage, … */
  lineItemType: string;
  resourceId: string | null;
  productRegionCode: string | null;
  usageAmount: number;
  unblendedCost: number;
  netUnblendedCost: number | null;
}

export interface BillSpec {
  lineItems: CurLineItem[];
  /** Days from this UTC date on are `Estimated` in Cost Explorer (not final). */
  estimatedFrom?: string;
}

export interface AthenaSpec {
  database: string;
  table: string;
  /** Parquet files of the export (a glob DuckDB reads). */
  parquetGlob: string;
  /** Workgroup name → its result location (undefined: none, the request must give one). */
  workgroups: Record<string, string | undefined>;
  /** GetQueryExecution answers RUNNING this many times before the final state (default 1). */
  runningPolls?: number;
}

/** One request seen by the fake. */
export interface RequestLogEntry {
  service: ServiceName | 'unknown';
  region: string;
  /** API operation name (e.g. "GetMetricData", "ListDistributions") */
  operation: string;
  /** ms since epoch when the request arrived */
  time: number;
  method: string;
  path: string;
  /** HTTP status answered (0 when the socket was destroyed) */
  status: number;
  /** error code when the answer was an error */
  errorCode?: string;
  /** injected fault, if any */
  fault?: 'throttle' | RegionFailure | Mangle['kind'];
  /** number of MetricDataQueries of a GetMetricData call */
  queryCount?: number;
}

export const DEFAULT_PAGE_SIZES: PageSizes = {
  listDistributions: 1,
  listVersionsByFunction: 2,
  listFunctions: 2,
  listMetrics: 10,
  describeLogGroups: 2,
  getMetricDataDatapoints: 1000,
  getMetricDataResults: 100,
  costExplorerDays: 2,
  costExplorerDimensionValues: 3,
  athenaResults: 1000,
};

export const DAY_SECONDS = 86_400;

/** "YYYY-MM-DD" → epoch seconds of the UTC day start; throws on a malformed date. */
export function dayStartSeconds(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`fake-aws scenario: bad date "${date}" (want YYYY-MM-DD)`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms).toISOString().slice(0, 10);
  if (back !== date) throw new Error(`fake-aws scenario: invalid date "${date}"`);
  return ms / 1000;
}

/** epoch seconds → "YYYY-MM-DD" (UTC) */
export function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

export function scenarioNow(s: Scenario): Date {
  return s.now instanceof Date ? s.now : new Date(s.now);
}

const READ_ONLY_PREFIXES = ['Get', 'List', 'Describe', 'StartQuery', 'StopQuery', 'Filter'];

/** True for read-only API operations (Get*, List*, Describe*, StartQuery, StopQuery, Filter*). */
export function isReadOnlyOperation(operation: string): boolean {
  return READ_ONLY_PREFIXES.some((p) => operation.startsWith(p));
}

/** Number of logged calls of `operation` (all operations when omitted), optionally filtered. */
export function countCalls(log: readonly RequestLogEntry[], operation?: string, filter: { service?: ServiceName; region?: string } = {}): number {
  return log.filter(
    (e) =>
      (operation === undefined || e.operation === operation) &&
      (filter.service === undefined || e.service === filter.service) &&
      (filter.region === undefined || e.region === filter.region),
  ).length;
}

/** { "monitoring:GetMetricData": 12, ... } */
export function callsByOperation(log: readonly RequestLogEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of log) {
    const k = `${e.service}:${e.operation}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
