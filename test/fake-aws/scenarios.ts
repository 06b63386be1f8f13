// Ready-made scenarios: basicScenario() with hand-checkable numbers, and buildLargeScenario()
// for benchmarks (N functions × regions × days, deterministic pseudo-random values).
import { REPLICA_PREFIX } from './data.js';
import {
  DAY_SECONDS,
  type DistributionDayMetrics,
  type DistributionSpec,
  dayStartSeconds,
  type EventType,
  isoDate,
  type LambdaFunctionSpec,
  type LogsInsightsDay,
  type ReplicaDayUsage,
  type Scenario,
} from './scenario.js';

export const ACCOUNT_ID = '123456789012';

/** The 13 regional-edge-cache regions (reference §4), the default `--regions`. */
export const DEFAULT_EDGE_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'sa-east-1',
] as const;

const EXTRA_REGIONS = ['ca-central-1', 'eu-north-1', 'eu-west-3', 'eu-south-1', 'ap-east-1', 'ap-southeast-3', 'me-south-1', 'af-south-1', 'il-central-1', 'ap-northeast-3'];

export function functionArn(name: string, version: string, accountId = ACCOUNT_ID): string {
  return `arn:aws:lambda:us-east-1:${accountId}:function:${name}:${version}`;
}

const MB = 1024 * 1024;

/** Logs Insights rows derived from usage rows: billed = durationSum + billedExtraPerInvocationMs × invocations. */
export function deriveLogsInsights(usage: readonly ReplicaDayUsage[], opts: { billedExtraPerInvocationMs: number; maxMemoryUsedMb: Record<string, number> }): LogsInsightsDay[] {
  return usage
    .filter((u) => u.invocations > 0)
    .map((u) => ({
      functionName: u.functionName,
      version: u.version,
      region: u.region,
      date: u.date,
      invocations: u.invocations,
      billedDurationMs: u.durationSumMs + opts.billedExtraPerInvocationMs * u.invocations,
      durationMs: u.durationSumMs,
      maxDurationMs: u.durationMaxMs,
      maxMemoryUsedBytes: (opts.maxMemoryUsedMb[u.functionName] ?? 64) * MB,
    }));
}

/**
 * basicScenario(): account 123456789012, now = 2026-11-01T06:00:00Z.
 *
 * Data days are 2026-10-29, 10-30 and 10-31 ("the window"), so `--month 2026-10` and the default
 * `--days 30` (2026-10-02 … 2026-10-31) both see exactly the same data. One trap row lies outside
 * both windows: image-resize:2 in us-east-1 on 2026-09-30 (1,000,000 invocations, 200,000,000 ms).
 * The window start (Oct 2 or Oct 1) is more than 15 days before now: GetMetricData needs a Period
 * that is a multiple of 300 (86400 is fine).
 *
 * Functions (us-east-1):
 * | function         | ver | memory | timeout | runtime     | code    | note                               |
 * |------------------|-----|--------|---------|-------------|---------|------------------------------------|
 * | auth-viewer      | 1,2,3 | 128  | 5       | nodejs20.x  | 40,000  | v3 associated (A and B); nodejs20.x is deprecated since 2026-04-30 |
 * | headers-response | 1   | 128    | 5       | nodejs22.x  | 2,000   | viewer-response on A; Duration max 4,500 ms = 90 % of timeout |
 * | origin-router    | 6,7,8 | 512 (v6, v7), 256 (v8) | 30 | python3.12 | 500,000 | v7 on A /api/* (IncludeBody), v8 on C default |
 * | image-resize     | 1,2 | 1024   | 30      | nodejs22.x  | 3,000,000 | v2 origin-response on C /images/*; VpcConfig returned EMPTY (no VPC) |
 * | regional-api     | 1   | 1024   | 60      | nodejs22.x  | 10,000  | NOT Lambda@Edge (arm64, env vars); on no distribution |
 *
 * Distributions:
 * - A E1AAAAAAAAAAAA (www.example.com), monitoring subscription ON (CacheHitRate 80 %/day),
 *   Requests 1,300,000/day. Default (*): auth-viewer:3 viewer-request + headers-response:1
 *   viewer-response. /api/*: auth-viewer:3 viewer-request + origin-router:7 origin-request
 *   (IncludeBody true).
 * - B E2BBBBBBBBBBBB, NO monitoring subscription (404; its CacheHitRate 50 is not published),
 *   Requests 400,000 on Oct 29 and 30, 500,000 on Oct 31. Default (*): auth-viewer:3
 *   viewer-request. /static/*: CloudFront Function rewrite-index (viewer-request), whose
 *   FunctionInvocations ({FunctionName: rewrite-index, Region: Global}) are 300,000/day.
 * - C E3CCCCCCCCCCCC, monitoring ON (CacheHitRate 90 %/day), Requests 400,000/day.
 *   Default (*): origin-router:8 origin-request. /images/*: image-resize:2 origin-response.
 *
 * Replica usage per day (invocations / Duration Sum ms / Duration Max ms):
 * | function:version   | region         | days            | invocations | duration sum | max   | errors | throttles |
 * |--------------------|----------------|-----------------|-------------|--------------|-------|--------|-----------|
 * | auth-viewer:3      | us-east-1      | 29,30,31        | 1,000,000   | 2,000,000    | 40    | 1,000  | 0 |
 * | auth-viewer:3      | eu-west-1      | 29,30,31        |   500,000   | 1,000,000    | 35    | 0 | 0 |
 * | auth-viewer:3      | ap-northeast-1 | 29,30,31        |   200,000   |   400,000    | 30    | 0 | 0 |
 * | auth-viewer:3      | sa-east-1      | 31 only         |   100,000   |   200,000    | 25    | 0 | 0 |
 * | headers-response:1 | us-east-1      | 29,30,31        |   800,000   |   800,000    | 4,500 | 0 | 0 |
 * | headers-response:1 | eu-west-1      | 29,30,31        |   400,000   |   400,000    | 10    | 0 | 0 |
 * | headers-response:1 | ap-northeast-1 | 29,30,31        |   100,000   |   100,000    | 5     | 0 | 0 |
 * | origin-router:7    | us-east-1      | 29,30,31        |   100,000   | 5,000,000    | 900   | 0 | 50 |
 * | origin-router:7    | eu-west-1      | 29,30,31        |    50,000   | 2,500,000    | 800   | 0 | 0 |
 * | origin-router:8    | us-east-1      | 29,30,31        |    20,000   | 1,000,000    | 700   | 0 | 0 |
 * | origin-router:8    | ap-northeast-1 | 29,30,31        |    10,000   |   500,000    | 600   | 0 | 0 |
 * | origin-router:8    | sa-east-1      | 29,30,31        |    10,000   |   500,000    | 650   | 1,000 | 0 |
 * | image-resize:2     | us-east-1      | 29,30,31        |    10,000   | 2,000,000    | 3,000 | 0 | 0 |
 * | image-resize:2     | eu-west-1      | 29,30,31        |     5,000   | 1,000,000    | 2,500 | 0 | 0 |
 * | image-resize:2     | us-east-1      | 2026-09-30 only | 1,000,000   | 200,000,000  | 3,000 | 0 | 0 | (outside the window)
 * Replicas that exist with no usage at all: auth-viewer:3 in us-west-2, auth-viewer:2 in eu-west-1.
 * In us-east-1 the FunctionName series of origin-router sums v7 (512 MB) and v8 (256 MB): price per
 * version from the Resource series ({FunctionName, Resource: "us-east-1.origin-router:7"}).
 *
 * Window totals (3 days) and costs at $0.60 per 1M requests and $0.00005001 per GB-s.
 * GB-s = billed s × memory MB / 1024; est. billed ms = Sum(Duration) + 0.5 ms × invocations;
 * low = + 0 ms; high = + 1 ms × invocations; exact (Logs Insights) = + 0.25 ms × invocations.
 * | function:version   | region         | invocations | duration ms | est. GB-s | request $ | duration $ est. | total $ est. | total $ low | total $ high | total $ exact |
 * |--------------------|----------------|-----------|------------|---------|-------|--------------|--------------|------------|------------|---------------|
 * | auth-viewer:3      | us-east-1      | 3,000,000 |  6,000,000 |  937.5  | 1.80  | 0.046884375  | 1.846884375  | 1.8375075  | 1.85626125 | 1.8421959375 |
 * | auth-viewer:3      | eu-west-1      | 1,500,000 |  3,000,000 |  468.75 | 0.90  | 0.0234421875 | 0.9234421875 | 0.91875375 | 0.928130625 | 0.92109796875 |
 * | auth-viewer:3      | ap-northeast-1 |   600,000 |  1,200,000 |  187.5  | 0.36  | 0.009376875  | 0.369376875  | 0.3675015  | 0.37125225 | 0.3684391875 |
 * | auth-viewer:3      | sa-east-1      |   100,000 |    200,000 |   31.25 | 0.06  | 0.0015628125 | 0.0615628125 | 0.06125025 | 0.061875375 | 0.06140653125 |
 * | headers-response:1 | us-east-1      | 2,400,000 |  2,400,000 |  450    | 1.44  | 0.0225045    | 1.4625045    | 1.455003   | 1.470006   | 1.45875375 |
 * | headers-response:1 | eu-west-1      | 1,200,000 |  1,200,000 |  225    | 0.72  | 0.01125225   | 0.73125225   | 0.7275015  | 0.735003   | 0.729376875 |
 * | headers-response:1 | ap-northeast-1 |   300,000 |    300,000 |   56.25 | 0.18  | 0.0028130625 | 0.1828130625 | 0.181875375 | 0.18375075 | 0.18234421875 |
 * | origin-router:7    | us-east-1      |   300,000 | 15,000,000 | 7575    | 0.18  | 0.37882575   | 0.55882575   | 0.555075   | 0.5625765  | 0.556950375 |
 * | origin-router:7    | eu-west-1      |   150,000 |  7,500,000 | 3787.5  | 0.09  | 0.189412875  | 0.279412875  | 0.2775375  | 0.28128825 | 0.2784751875 |
 * | origin-router:8    | us-east-1      |    60,000 |  3,000,000 |  757.5  | 0.036 | 0.037882575  | 0.073882575  | 0.0735075  | 0.07425765 | 0.0736950375 |
 * | origin-router:8    | ap-northeast-1 |    30,000 |  1,500,000 |  378.75 | 0.018 | 0.0189412875 | 0.0369412875 | 0.03675375 | 0.037128825 | 0.03684751875 |
 * | origin-router:8    | sa-east-1      |    30,000 |  1,500,000 |  378.75 | 0.018 | 0.0189412875 | 0.0369412875 | 0.03675375 | 0.037128825 | 0.03684751875 |
 * | image-resize:2     | us-east-1      |    30,000 |  6,000,000 | 6015    | 0.018 | 0.30081015   | 0.31881015   | 0.31806    | 0.3195603  | 0.318435075 |
 * | image-resize:2     | eu-west-1      |    15,000 |  3,000,000 | 3007.5  | 0.009 | 0.150405075  | 0.159405075  | 0.15903    | 0.15978015 | 0.1592175375 |
 * Per function: auth-viewer 5,200,000 inv, est. $3.20126625 (low 3.185013, high 3.2175195, exact 3.193139625);
 *   headers-response 3,900,000 inv, $2.3765698125 (2.364379875 / 2.38875975 / 2.37047484375);
 *   origin-router 570,000 inv, $0.986003775 (0.9796275 / 0.99238005 / 0.9828156375);
 *   image-resize 45,000 inv, $0.478215225 (0.47709 / 0.47934045 / 0.4776526125).
 * Per region: us-east-1 5,790,000 inv $4.26090735; eu-west-1 2,865,000 inv $2.0935123875;
 *   ap-northeast-1 930,000 inv $0.589131225; sa-east-1 130,000 inv $0.0985041; us-west-2 and all
 *   other regions $0 (no datapoints).
 * Account: 9,715,000 invocations, 51,800,000 ms, 24,256.25 GB-s (est.), requests $5.829,
 *   duration est. $1.2130550625, total est. $7.0420550625 (low $7.006110375, high $7.07799975,
 *   exact $7.02408271875). Run-rate (× 30.4375 / window days) depends on the window: 30 days for
 *   `--days 30`, 31 for `--month 2026-10`. basic-scenario.test.ts checks these inputs against
 *   what the fake serves.
 *
 * Logs Insights (exact) rows exist for every usage row, per version, with
 *   billedDuration = Sum(Duration) + 0.25 ms × invocations (so exact ≠ the 0.5 ms estimate),
 *   @duration sum = Sum(Duration), max(@duration) = Duration Max,
 *   max(@maxMemoryUsed): auth-viewer 50 MB, headers-response 40 MB, origin-router 100 MB,
 *   image-resize 700 MB (MB = 1,048,576 bytes); @memorySize = the version's memory in bytes.
 * E.g. auth-viewer us-east-1 per day: sum(@billedDuration) = 2,250,000 ms.
 */
export function basicScenario(): Scenario {
  const days = ['2026-10-29', '2026-10-30', '2026-10-31'];
  const row = (
    functionName: string,
    version: string,
    region: string,
    invocations: number,
    durationSumMs: number,
    durationMaxMs: number,
    extra: Partial<ReplicaDayUsage> = {},
    onDays: string[] = days,
  ): ReplicaDayUsage[] => onDays.map((date) => ({ functionName, version, region, date, invocations, durationSumMs, durationMaxMs, ...extra }));

  const replicaUsage: ReplicaDayUsage[] = [
    ...row('auth-viewer', '3', 'us-east-1', 1_000_000, 2_000_000, 40, { errors: 1_000 }),
    ...row('auth-viewer', '3', 'eu-west-1', 500_000, 1_000_000, 35),
    ...row('auth-viewer', '3', 'ap-northeast-1', 200_000, 400_000, 30),
    ...row('auth-viewer', '3', 'sa-east-1', 100_000, 200_000, 25, {}, ['2026-10-31']),
    ...row('headers-response', '1', 'us-east-1', 800_000, 800_000, 4_500),
    ...row('headers-response', '1', 'eu-west-1', 400_000, 400_000, 10),
    ...row('headers-response', '1', 'ap-northeast-1', 100_000, 100_000, 5),
    ...row('origin-router', '7', 'us-east-1', 100_000, 5_000_000, 900, { throttles: 50 }),
    ...row('origin-router', '7', 'eu-west-1', 50_000, 2_500_000, 800),
    ...row('origin-router', '8', 'us-east-1', 20_000, 1_000_000, 700),
    ...row('origin-router', '8', 'ap-northeast-1', 10_000, 500_000, 600),
    ...row('origin-router', '8', 'sa-east-1', 10_000, 500_000, 650, { errors: 1_000 }),
    ...row('image-resize', '2', 'us-east-1', 10_000, 2_000_000, 3_000),
    ...row('image-resize', '2', 'eu-west-1', 5_000, 1_000_000, 2_500),
    // trap: outside --month 2026-10 and --days 30
    ...row('image-resize', '2', 'us-east-1', 1_000_000, 200_000_000, 3_000, {}, ['2026-09-30']),
  ];

  const edge = (over: Partial<LambdaFunctionSpec['versions'][number]> & { version: string }) => ({
    memorySize: 128,
    timeout: 5,
    codeSize: 40_000,
    runtime: 'nodejs22.x',
    ...over,
  });
  const functions: LambdaFunctionSpec[] = [
    {
      name: 'auth-viewer',
      versions: [
        edge({ version: '1', runtime: 'nodejs20.x', lastModified: '2026-03-01T10:00:00Z' }),
        edge({ version: '2', runtime: 'nodejs20.x', lastModified: '2026-05-01T10:00:00Z' }),
        edge({ version: '3', runtime: 'nodejs20.x', lastModified: '2026-08-01T10:00:00Z' }),
      ],
    },
    {
      name: 'headers-response',
      versions: [edge({ version: '1', codeSize: 2_000, lastModified: '2026-07-01T10:00:00Z' })],
    },
    {
      name: 'origin-router',
      versions: [
        edge({ version: '6', memorySize: 512, timeout: 30, codeSize: 500_000, runtime: 'python3.12', handler: 'app.handler' }),
        edge({ version: '7', memorySize: 512, timeout: 30, codeSize: 500_000, runtime: 'python3.12', handler: 'app.handler' }),
        edge({ version: '8', memorySize: 256, timeout: 30, codeSize: 500_000, runtime: 'python3.12', handler: 'app.handler' }),
      ],
    },
    {
      name: 'image-resize',
      versions: [
        edge({ version: '1', memorySize: 1024, timeout: 30, codeSize: 3_000_000 }),
        edge({
          version: '2',
          memorySize: 1024,
          timeout: 30,
          codeSize: 3_000_000,
          vpcConfig: { subnetIds: [], securityGroupIds: [] },
        }),
      ],
    },
    {
      name: 'regional-api',
      versions: [
        {
          version: '1',
          memorySize: 1024,
          timeout: 60,
          codeSize: 10_000,
          runtime: 'nodejs22.x',
          architectures: ['arm64'],
          environment: { TABLE: 'orders' },
          layers: [{ arn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:layer:shared:4`, codeSize: 1_000_000 }],
          vpcConfig: { subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: ['sg-0a1b2c3d'], vpcId: 'vpc-0a1b2c3d' },
          tracingMode: 'Active',
          deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:regional-api-dlq`,
          ephemeralStorageMb: 1024,
        },
      ],
    },
  ];

  const distributions: DistributionSpec[] = [
    {
      id: 'E1AAAAAAAAAAAA',
      aliases: ['www.example.com'],
      comment: 'main site',
      monitoringSubscription: true,
      defaultCacheBehavior: {
        lambdaFunctionAssociations: [
          { functionArn: functionArn('auth-viewer', '3'), eventType: 'viewer-request', includeBody: false },
          { functionArn: functionArn('headers-response', '1'), eventType: 'viewer-response', includeBody: false },
        ],
      },
      cacheBehaviors: [
        {
          pathPattern: '/api/*',
          lambdaFunctionAssociations: [
            { functionArn: functionArn('auth-viewer', '3'), eventType: 'viewer-request', includeBody: false },
            { functionArn: functionArn('origin-router', '7'), eventType: 'origin-request', includeBody: true },
          ],
        },
      ],
    },
    {
      id: 'E2BBBBBBBBBBBB',
      comment: 'docs site (no additional metrics)',
      monitoringSubscription: false,
      defaultCacheBehavior: {
        lambdaFunctionAssociations: [{ functionArn: functionArn('auth-viewer', '3'), eventType: 'viewer-request', includeBody: false }],
      },
      cacheBehaviors: [
        {
          pathPattern: '/static/*',
          functionAssociations: [{ functionArn: `arn:aws:cloudfront::${ACCOUNT_ID}:function/rewrite-index`, eventType: 'viewer-request' }],
        },
      ],
    },
    {
      id: 'E3CCCCCCCCCCCC',
      aliases: ['img.example.com'],
      comment: 'images',
      monitoringSubscription: true,
      defaultCacheBehavior: {
        lambdaFunctionAssociations: [{ functionArn: functionArn('origin-router', '8'), eventType: 'origin-request', includeBody: false }],
      },
      cacheBehaviors: [
        {
          pathPattern: '/images/*',
          lambdaFunctionAssociations: [{ functionArn: functionArn('image-resize', '2'), eventType: 'origin-response', includeBody: false }],
        },
      ],
    },
  ];

  const distributionMetrics: DistributionDayMetrics[] = days.flatMap((date) => [
    { distributionId: 'E1AAAAAAAAAAAA', date, requests: 1_300_000, cacheHitRatePercent: 80 },
    {
      distributionId: 'E2BBBBBBBBBBBB',
      date,
      requests: date === '2026-10-31' ? 500_000 : 400_000,
      cacheHitRatePercent: 50,
    },
    { distributionId: 'E3CCCCCCCCCCCC', date, requests: 400_000, cacheHitRatePercent: 90 },
  ]);

  return {
    accountId: ACCOUNT_ID,
    now: new Date('2026-11-01T06:00:00Z'),
    distributions,
    functions,
    replicaUsage,
    replicas: [
      { functionName: 'auth-viewer', version: '3', region: 'us-west-2' },
      { functionName: 'auth-viewer', version: '2', region: 'eu-west-1' },
    ],
    distributionMetrics,
    logsInsights: deriveLogsInsights(replicaUsage, {
      billedExtraPerInvocationMs: 0.25,
      maxMemoryUsedMb: { 'auth-viewer': 50, 'headers-response': 40, 'origin-router': 100, 'image-resize': 700 },
    }),
    customMetrics: [
      {
        region: 'us-east-1',
        namespace: 'AWS/CloudFront',
        metricName: 'FunctionInvocations',
        dimensions: { FunctionName: 'rewrite-index', Region: 'Global' },
        unit: 'None',
        days: days.map((date) => ({ date, sum: 300_000 })),
      },
    ],
  };
}

/** Deterministic PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LargeScenarioSpec {
  functions: number;
  /** a count (the 13 edge regions first, then other regions) or an explicit list */
  regions: number | readonly string[];
  days: number;
  /** first day after the data (exclusive), default "2026-11-01"; `now` is its 06:00 UTC */
  endDate?: string;
  seed?: number;
  /** default ceil(functions / 4) */
  distributions?: number;
  /** published versions per function (the highest is associated), default 2 */
  versionsPerFunction?: number;
  /** probability that a replica has data on a given day, default 0.9 */
  density?: number;
  /** Logs Insights rows for every usage row (billed = sum + 0.25 ms × inv), default true */
  withLogs?: boolean;
}

const EVENT_CYCLE: EventType[] = ['viewer-request', 'origin-request', 'viewer-response', 'origin-response'];

/**
 * A large deterministic scenario: function fn-00001… (event type cycling viewer-request,
 * origin-request, viewer-response, origin-response; viewer functions 128 MB, origin functions
 * 128–2048 MB), each associated (highest version) with one distribution (round robin, one cache
 * behavior per function, path /f<i>/*, the first one on the default behavior); even-numbered
 * distributions have the monitoring subscription. Invocations are multiples of 100.
 */
export function buildLargeScenario(spec: LargeScenarioSpec): Scenario {
  const rand = mulberry32(spec.seed ?? 42);
  const endDate = spec.endDate ?? '2026-11-01';
  const end = dayStartSeconds(endDate);
  const regionList: string[] = typeof spec.regions === 'number' ? [...DEFAULT_EDGE_REGIONS, ...EXTRA_REGIONS].slice(0, spec.regions) : [...spec.regions];
  if (typeof spec.regions === 'number' && regionList.length < spec.regions) {
    throw new Error(`buildLargeScenario: at most ${DEFAULT_EDGE_REGIONS.length + EXTRA_REGIONS.length} regions`);
  }
  const dates = Array.from({ length: spec.days }, (_, i) => isoDate(end - (spec.days - i) * DAY_SECONDS));
  const nDist = spec.distributions ?? Math.max(1, Math.ceil(spec.functions / 4));
  const nVer = Math.max(1, spec.versionsPerFunction ?? 2);
  const density = spec.density ?? 0.9;
  const memories = [128, 256, 512, 1024, 2048];

  const functions: LambdaFunctionSpec[] = [];
  const distributions: DistributionSpec[] = Array.from({ length: nDist }, (_, d) => ({
    id: `E${String(d).padStart(4, '0')}LARGE${'X'.repeat(4)}`,
    comment: `large ${d}`,
    monitoringSubscription: d % 2 === 0,
    defaultCacheBehavior: { lambdaFunctionAssociations: [] },
    cacheBehaviors: [],
  }));
  const replicaUsage: ReplicaDayUsage[] = [];
  for (let i = 0; i < spec.functions; i++) {
    const name = `fn-${String(i + 1).padStart(5, '0')}`;
    const eventType = EVENT_CYCLE[i % 4] as EventType;
    const viewer = eventType.startsWith('viewer');
    const memory = viewer ? 128 : (memories[Math.floor(rand() * memories.length)] as number);
    const avgMs = viewer ? 1 + Math.floor(rand() * 5) : 10 + Math.floor(rand() * 290);
    functions.push({
      name,
      versions: Array.from({ length: nVer }, (_, v) => ({
        version: String(v + 1),
        memorySize: memory,
        timeout: viewer ? 5 : 30,
        codeSize: viewer ? 1_000 + Math.floor(rand() * 900_000) : 10_000 + Math.floor(rand() * 40_000_000),
        runtime: rand() < 0.7 ? 'nodejs22.x' : 'python3.12',
      })),
    });
    const dist = distributions[i % nDist] as DistributionSpec;
    const assoc = { functionArn: functionArn(name, String(nVer)), eventType, includeBody: false };
    if ((dist.defaultCacheBehavior.lambdaFunctionAssociations ?? []).length === 0) {
      dist.defaultCacheBehavior.lambdaFunctionAssociations = [assoc];
    } else {
      dist.cacheBehaviors?.push({ pathPattern: `/f${i + 1}/*`, lambdaFunctionAssociations: [assoc] });
    }
    const scale = 1 + Math.floor(rand() * 1000);
    for (const region of regionList) {
      const regionWeight = 0.2 + rand();
      for (const date of dates) {
        if (rand() >= density) continue;
        const invocations = Math.max(1, Math.round(scale * regionWeight * (0.5 + rand()))) * 100;
        const durationSumMs = Math.round(invocations * avgMs * (0.8 + 0.4 * rand()));
        replicaUsage.push({
          functionName: name,
          version: String(nVer),
          region,
          date,
          invocations,
          durationSumMs,
          durationMaxMs: Math.min((viewer ? 5 : 30) * 1000, avgMs * (3 + Math.floor(rand() * 10))),
          errors: Math.floor(invocations * 0.001 * rand()),
          throttles: 0,
        });
      }
    }
  }
  const distributionMetrics: DistributionDayMetrics[] = distributions.flatMap((d, di) =>
    dates.map((date) => ({
      distributionId: d.id,
      date,
      requests: (100 + di) * 10_000,
      cacheHitRatePercent: 50 + (di % 50),
    })),
  );
  return {
    accountId: ACCOUNT_ID,
    now: new Date((end + 6 * 3600) * 1000),
    distributions,
    functions,
    replicaUsage,
    distributionMetrics,
    logsInsights: spec.withLogs === false ? undefined : deriveLogsInsights(replicaUsage, { billedExtraPerInvocationMs: 0.25, maxMemoryUsedMb: {} }),
  };
}

/** Totals of usage rows per `function:version` and region, for days in [fromDate, toDate). */
export function usageTotals(
  scenario: Scenario,
  fromDate: string,
  toDate: string,
): Map<string, { functionName: string; version?: string; region: string; invocations: number; durationSumMs: number }> {
  const from = dayStartSeconds(fromDate);
  const to = dayStartSeconds(toDate);
  const out = new Map<string, { functionName: string; version?: string; region: string; invocations: number; durationSumMs: number }>();
  for (const u of scenario.replicaUsage) {
    const d = dayStartSeconds(u.date);
    if (d < from || d >= to) continue;
    const key = `${u.functionName}:${u.version ?? ''}|${u.region}`;
    const t = out.get(key) ?? {
      functionName: u.functionName,
      version: u.version,
      region: u.region,
      invocations: 0,
      durationSumMs: 0,
    };
    t.invocations += u.invocations;
    t.durationSumMs += u.durationSumMs;
    out.set(key, t);
  }
  return out;
}

/** Replica function name as seen in the regions: "us-east-1.<name>". */
export function replicaName(name: string): string {
  return REPLICA_PREFIX + name;
}
