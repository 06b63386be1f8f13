import type { Distribution, EventType, FunctionConfig } from '../model/inventory.js';
import { REGIONAL_EDGE_CACHE_REGIONS } from '../model/regions.js';
import type { DistributionMetrics, RegionStatus, Snapshot, UsageSeries } from '../model/snapshot.js';
import { windowFromDates } from '../model/window.js';

/**
 * A bundled sample account for `--demo`: three distributions, the four event types, one function
 * version shared by two distributions, a CloudFront Function, an association that never ran, twelve
 * regions with traffic and a month (October 2026) of daily data. Generated deterministically, so the
 * demo report is the same on every machine.
 */

const ACCOUNT = '111122223333';
const DEFAULT_REGIONS = REGIONAL_EDGE_CACHE_REGIONS;

/** Share of edge traffic served from each regional edge cache (us-west-1 serves none in the demo). */
const REGION_SHARE: Record<string, number> = {
  'us-east-1': 0.24,
  'us-east-2': 0.08,
  'us-west-1': 0,
  'us-west-2': 0.13,
  'ap-south-1': 0.05,
  'ap-northeast-1': 0.09,
  'ap-northeast-2': 0.03,
  'ap-southeast-1': 0.04,
  'ap-southeast-2': 0.03,
  'eu-central-1': 0.12,
  'eu-west-1': 0.1,
  'eu-west-2': 0.07,
  'sa-east-1': 0.02,
};

function arn(name: string, version?: string): string {
  return `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${version ? `:${version}` : ''}`;
}

interface DemoFunction {
  name: string;
  version: string;
  memoryMB: number;
  timeoutSec: number;
  codeSizeBytes: number;
  runtime: string;
  /** Mean duration of one invocation, ms. */
  meanDurationMs: number;
  maxDurationMs: number;
}

const FUNCTIONS: DemoFunction[] = [
  { name: 'auth-check', version: '12', memoryMB: 128, timeoutSec: 5, codeSizeBytes: 48_211, runtime: 'nodejs22.x', meanDurationMs: 2.4, maxDurationMs: 41 },
  { name: 'origin-router', version: '5', memoryMB: 512, timeoutSec: 30, codeSizeBytes: 2_304_551, runtime: 'nodejs22.x', meanDurationMs: 34.6, maxDurationMs: 912 },
  { name: 'image-headers', version: '3', memoryMB: 256, timeoutSec: 10, codeSizeBytes: 9_812, runtime: 'nodejs20.x', meanDurationMs: 11.8, maxDurationMs: 230 },
  { name: 'security-headers', version: '7', memoryMB: 128, timeoutSec: 3, codeSizeBytes: 3_120, runtime: 'nodejs22.x', meanDurationMs: 1.1, maxDurationMs: 17 },
  { name: 'api-signer', version: '21', memoryMB: 1024, timeoutSec: 30, codeSizeBytes: 7_950_002, runtime: 'python3.12', meanDurationMs: 78.5, maxDurationMs: 4_870 },
  { name: 'geo-redirect', version: '4', memoryMB: 128, timeoutSec: 5, codeSizeBytes: 1_904, runtime: 'nodejs22.x', meanDurationMs: 0.9, maxDurationMs: 12 },
  { name: 'legacy-redirect', version: '2', memoryMB: 128, timeoutSec: 5, codeSizeBytes: 2_211, runtime: 'nodejs18.x', meanDurationMs: 1.3, maxDurationMs: 9 },
];

/**
 * The shop distribution and its functions were deployed by CloudFormation from examples/shop-v1.yaml
 * (stack "shop"): the tags CloudFormation puts on them, as `collect` records them.
 */
const SHOP_STACK_TAGS: Record<string, Record<string, string>> = {
  'auth-check': { 'aws:cloudformation:stack-name': 'shop', 'aws:cloudformation:logical-id': 'AuthCheckFunction' },
  'origin-router': { 'aws:cloudformation:stack-name': 'shop', 'aws:cloudformation:logical-id': 'OriginRouterFunction' },
  'image-headers': { 'aws:cloudformation:stack-name': 'shop', 'aws:cloudformation:logical-id': 'ImageHeadersFunction' },
  E1SHOPWEB0001: { 'aws:cloudformation:stack-name': 'shop', 'aws:cloudformation:logical-id': 'ShopDistribution' },
};

function config(fn: DemoFunction): FunctionConfig {
  const tags = SHOP_STACK_TAGS[fn.name];
  return {
    ...(tags ? { tags } : {}),
    key: arn(fn.name, fn.version),
    functionName: fn.name,
    functionArn: arn(fn.name),
    version: fn.version,
    accountId: ACCOUNT,
    region: 'us-east-1',
    memoryMB: fn.memoryMB,
    timeoutSec: fn.timeoutSec,
    codeSizeBytes: fn.codeSizeBytes,
    runtime: fn.runtime,
    architectures: ['x86_64'],
    packageType: 'Zip',
    environmentVariableNames: [],
    layerArns: [],
    vpcConfigured: false,
    tracingMode: 'PassThrough',
    ephemeralStorageMB: 512,
    resource: arn(fn.name, fn.version),
  };
}

function association(name: string, eventType: EventType, includeBody = false) {
  const fn = FUNCTIONS.find((f) => f.name === name)!;
  return { eventType, functionArn: arn(fn.name, fn.version), functionKey: arn(fn.name, fn.version), includeBody };
}

const DISTRIBUTIONS: Distribution[] = [
  {
    id: 'E1SHOPWEB0001',
    accountId: ACCOUNT,
    domainName: 'd111111abcdef8.cloudfront.net',
    comment: 'shop.example.com',
    enabled: true,
    tags: SHOP_STACK_TAGS.E1SHOPWEB0001,
    behaviors: [
      {
        pathPattern: '/images/*',
        lambdaAssociations: [association('image-headers', 'origin-response')],
        functionAssociations: [],
      },
      {
        pathPattern: '*',
        lambdaAssociations: [association('auth-check', 'viewer-request'), association('origin-router', 'origin-request', true)],
        functionAssociations: [],
      },
    ],
  },
  {
    id: 'E2DOCSSITE002',
    accountId: ACCOUNT,
    domainName: 'd222222abcdef8.cloudfront.net',
    comment: 'docs.example.com',
    enabled: true,
    behaviors: [
      {
        pathPattern: '*',
        lambdaAssociations: [association('auth-check', 'viewer-request'), association('security-headers', 'viewer-response')],
        functionAssociations: [],
      },
    ],
  },
  {
    id: 'E3APIEDGE0003',
    accountId: ACCOUNT,
    domainName: 'd333333abcdef8.cloudfront.net',
    comment: 'api.example.com',
    enabled: true,
    behaviors: [
      { pathPattern: '/api/*', lambdaAssociations: [association('api-signer', 'origin-request')], functionAssociations: [] },
      { pathPattern: '/legacy/*', lambdaAssociations: [association('legacy-redirect', 'viewer-request')], functionAssociations: [] },
      {
        pathPattern: '/assets/*',
        lambdaAssociations: [],
        functionAssociations: [{ eventType: 'viewer-request', functionArn: `arn:aws:cloudfront::${ACCOUNT}:function/url-rewrite` }],
      },
      { pathPattern: '*', lambdaAssociations: [association('geo-redirect', 'viewer-request')], functionAssociations: [] },
    ],
  },
];

/** Viewer requests a day, cache-hit rate (percent; undefined without the monitoring subscription). */
const TRAFFIC: Record<string, { requestsPerDay: number; cacheHitRatePercent?: number }> = {
  E1SHOPWEB0001: { requestsPerDay: 4_000_000, cacheHitRatePercent: 85 },
  E2DOCSSITE002: { requestsPerDay: 800_000 },
  E3APIEDGE0003: { requestsPerDay: 1_500_000, cacheHitRatePercent: 40 },
};

/** Invocations a day of each function, derived from its associations and the traffic above. */
const INVOCATIONS_PER_DAY: Record<string, number> = {
  'auth-check': 4_000_000 + 800_000,
  'origin-router': 4_000_000 * 0.85 * 0.15,
  'image-headers': 4_000_000 * 0.15 * 0.3,
  'security-headers': 800_000,
  'api-signer': 1_500_000 * 0.6 * 0.55,
  'geo-redirect': 1_500_000 * 0.4,
  'legacy-redirect': 0,
};

/** mulberry32: a small deterministic PRNG, so the demo never changes between runs. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_MONTH = '2026-10';

export function demoSnapshot(): Snapshot {
  const window = windowFromDates(new Date(Date.UTC(2026, 9, 1)), new Date(Date.UTC(2026, 10, 1)));
  const random = prng(20261001);
  const dayFactors = Array.from({ length: window.days }, (_, day) => {
    const weekday = new Date(Date.UTC(2026, 9, 1 + day)).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 0.78 : 1.06;
    return weekend * (0.92 + random() * 0.16);
  });

  const usage: UsageSeries[] = [];
  for (const fn of FUNCTIONS) {
    for (const region of DEFAULT_REGIONS) {
      const share = REGION_SHARE[region] ?? 0;
      const perDay = (INVOCATIONS_PER_DAY[fn.name] ?? 0) * share;
      const invocations = dayFactors.map((factor) => Math.round(perDay * factor));
      const durationSumMs = invocations.map((count) => Math.round(count * fn.meanDurationMs * (0.95 + random() * 0.1) * 100) / 100);
      const durationMaxMs = invocations.map((count) => (count === 0 ? 0 : Math.round(fn.maxDurationMs * (0.6 + random() * 0.4) * 100) / 100));
      const errors = invocations.map((count) => Math.round(count * (fn.name === 'api-signer' ? 0.012 : 0.0004) * random()));
      usage.push({
        functionName: fn.name,
        functionArn: arn(fn.name),
        version: fn.version,
        accountId: ACCOUNT,
        region,
        invocations,
        durationSumMs,
        durationMaxMs,
        errors,
        throttles: invocations.map(() => 0),
      });
    }
  }

  const distributionMetrics: DistributionMetrics[] = DISTRIBUTIONS.map((d) => {
    const traffic = TRAFFIC[d.id]!;
    return {
      distributionId: d.id,
      accountId: ACCOUNT,
      requests: dayFactors.map((factor) => Math.round(traffic.requestsPerDay * factor)),
      monitoringSubscription: traffic.cacheHitRatePercent !== undefined,
      ...(traffic.cacheHitRatePercent !== undefined ? { cacheHitRatePercent: traffic.cacheHitRatePercent } : {}),
    };
  });

  const regions: RegionStatus[] = DEFAULT_REGIONS.map((region) => ({ region, status: 'ok' }));

  return {
    schemaVersion: 1,
    kind: 'edgecost.snapshot',
    generatedAt: '2026-11-01T06:00:00.000Z',
    source: { type: 'demo', accountId: ACCOUNT, region: 'us-east-1', tool: 'edgecost demo account' },
    window,
    inventory: { distributions: DISTRIBUTIONS, functions: FUNCTIONS.map(config) },
    usage,
    distributionMetrics,
    regions,
  };
}
