import type * as CloudFrontSdk from '@aws-sdk/client-cloudfront';
import type * as CloudWatchSdk from '@aws-sdk/client-cloudwatch';
import type * as LogsSdk from '@aws-sdk/client-cloudwatch-logs';
import type * as LambdaSdk from '@aws-sdk/client-lambda';
import type * as AthenaSdk from '@aws-sdk/client-athena';
import type * as CostExplorerSdk from '@aws-sdk/client-cost-explorer';
import type * as TaggingSdk from '@aws-sdk/client-resource-groups-tagging-api';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * The client factory: the only place that loads the AWS SDK. Each service's package is imported
 * on first use with a dynamic `import()` (the type imports above are erased), so commands that
 * never call AWS never pay the SDK's start-up cost. Clients are cached per service and region.
 */

/** `tag`: the Resource Groups Tagging API (IAM prefix `tag`), read by src/aws/tags.ts. */
export type ServiceKey = 'cloudfront' | 'lambda' | 'cloudwatch' | 'logs' | 'ce' | 'athena' | 'tag';

interface Sdks {
  cloudfront: typeof CloudFrontSdk;
  lambda: typeof LambdaSdk;
  cloudwatch: typeof CloudWatchSdk;
  logs: typeof LogsSdk;
  ce: typeof CostExplorerSdk;
  athena: typeof AthenaSdk;
  tag: typeof TaggingSdk;
}

interface Clients {
  cloudfront: CloudFrontSdk.CloudFrontClient;
  lambda: LambdaSdk.LambdaClient;
  cloudwatch: CloudWatchSdk.CloudWatchClient;
  logs: LogsSdk.CloudWatchLogsClient;
  ce: CostExplorerSdk.CostExplorerClient;
  athena: AthenaSdk.AthenaClient;
  tag: TaggingSdk.ResourceGroupsTaggingAPIClient;
}

/** IAM service prefix of each client (for action names like `cloudwatch:GetMetricData`). */
export const IAM_PREFIX: Record<ServiceKey, string> = {
  cloudfront: 'cloudfront',
  lambda: 'lambda',
  cloudwatch: 'cloudwatch',
  logs: 'logs',
  ce: 'ce',
  athena: 'athena',
  tag: 'tag',
};

/**
 * The SDK prints a nine-line notice on Node.js 20 (its releases after early 2027 need Node.js 22).
 * edgecost pins the SDK in its lock file and supports Node.js ≥ 20, so the notice is only noise on
 * the user's stderr; a user who sets the variable keeps their choice.
 */
function quietNodeVersionNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

const LOADERS: { [S in ServiceKey]: () => Promise<Sdks[S]> } = {
  cloudfront: () => import('@aws-sdk/client-cloudfront'),
  lambda: () => import('@aws-sdk/client-lambda'),
  cloudwatch: () => import('@aws-sdk/client-cloudwatch'),
  logs: () => import('@aws-sdk/client-cloudwatch-logs'),
  ce: () => import('@aws-sdk/client-cost-explorer'),
  athena: () => import('@aws-sdk/client-athena'),
  tag: () => import('@aws-sdk/client-resource-groups-tagging-api'),
};

/**
 * An endpoint that accepts connections and never answers must not hang a CI job: a request that
 * takes longer than this fails (and is retried like any transient error). EDGECOST_REQUEST_TIMEOUT_MS overrides it.
 */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

function requestTimeoutMs(): number {
  const configured = Number(process.env.EDGECOST_REQUEST_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_REQUEST_TIMEOUT_MS;
}

export interface RetrySettings {
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
  /** Fixed exponential backoff base (tests): replaces the SDK's jittered backoff. */
  baseDelayMs?: number;
}

/** Attempts per call when AWS_MAX_ATTEMPTS is not set: more than the SDK's 3, as GetMetricData bursts get throttled. */
export const DEFAULT_MAX_ATTEMPTS = 6;

/**
 * Retry settings from the environment: AWS_MAX_ATTEMPTS and AWS_RETRY_MODE are left to the SDK
 * (passing a value would override them); EDGECOST_RETRY_BASE_DELAY_MS (for tests) swaps the
 * SDK's backoff for a small deterministic one.
 */
export function retrySettingsFromEnv(env: NodeJS.ProcessEnv): RetrySettings {
  const settings: RetrySettings = {};
  if (env.AWS_MAX_ATTEMPTS === undefined || env.AWS_MAX_ATTEMPTS === '') settings.maxAttempts = DEFAULT_MAX_ATTEMPTS;
  if (env.AWS_RETRY_MODE === undefined || env.AWS_RETRY_MODE === '') settings.retryMode = 'adaptive';
  const base = Number(env.EDGECOST_RETRY_BASE_DELAY_MS);
  if (env.EDGECOST_RETRY_BASE_DELAY_MS !== undefined && Number.isFinite(base) && base >= 0) {
    settings.baseDelayMs = base;
    const attempts = Number(env.AWS_MAX_ATTEMPTS);
    settings.maxAttempts = Number.isInteger(attempts) && attempts > 0 ? attempts : DEFAULT_MAX_ATTEMPTS;
  }
  return settings;
}

/** Retries throttling, transient and server errors with delay base × 2^retry (no jitter). */
export class FixedBackoffRetryStrategy implements RetryStrategyV2 {
  constructor(
    private readonly maxAttempts: number,
    private readonly baseDelayMs: number,
  ) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const retries = previous.getRetryCount() + 1;
    if (errorInfo.errorType === 'CLIENT_ERROR' || retries >= this.maxAttempts) throw new Error('no more retries');
    return token(retries, this.baseDelayMs * 2 ** (retries - 1));
  }

  recordSuccess(): void {}
}

function token(count: number, delayMs: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delayMs };
}

/** Calls made, per API (`cloudwatch:GetMetricData`), counting logical calls and HTTP attempts. */
export class CallStats {
  readonly calls = new Map<string, number>();
  readonly attempts = new Map<string, number>();
  /** MetricDataQueries per GetMetricData call, for the bench. */
  readonly metricQueriesPerCall: number[] = [];
  totalCalls = 0;

  recordCall(action: string): void {
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
    this.totalCalls++;
  }

  recordAttempt(action: string): void {
    this.attempts.set(action, (this.attempts.get(action) ?? 0) + 1);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.calls.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

export interface AwsClientsOptions {
  profile?: string;
  retry?: RetrySettings;
}

export class AwsClients {
  readonly stats = new CallStats();
  private readonly sdks = new Map<ServiceKey, Promise<unknown>>();
  private readonly clients = new Map<string, unknown>();

  constructor(private readonly options: AwsClientsOptions = {}) {}

  async sdk<S extends ServiceKey>(service: S): Promise<Sdks[S]> {
    let loading = this.sdks.get(service) as Promise<Sdks[S]> | undefined;
    if (!loading) {
      quietNodeVersionNotice();
      loading = LOADERS[service]();
      this.sdks.set(service, loading);
    }
    return loading;
  }

  async client<S extends ServiceKey>(service: S, region: string): Promise<Clients[S]> {
    const key = `${service}/${region}`;
    const cached = this.clients.get(key) as Clients[S] | undefined;
    if (cached) return cached;
    const sdk = await this.sdk(service);
    const again = this.clients.get(key) as Clients[S] | undefined;
    if (again) return again;
    const config = this.clientConfig(region);
    let created: Clients[S];
    switch (service) {
      case 'cloudfront':
        created = new (sdk as Sdks['cloudfront']).CloudFrontClient(config) as Clients[S];
        break;
      case 'lambda':
        created = new (sdk as Sdks['lambda']).LambdaClient(config) as Clients[S];
        break;
      case 'cloudwatch':
        created = new (sdk as Sdks['cloudwatch']).CloudWatchClient(config) as Clients[S];
        break;
      case 'ce':
        created = new (sdk as Sdks['ce']).CostExplorerClient(config) as Clients[S];
        break;
      case 'athena':
        created = new (sdk as Sdks['athena']).AthenaClient(config) as Clients[S];
        break;
      case 'tag':
        created = new (sdk as Sdks['tag']).ResourceGroupsTaggingAPIClient(config) as Clients[S];
        break;
      default:
        created = new (sdk as Sdks['logs']).CloudWatchLogsClient(config) as Clients[S];
    }
    this.countAttempts(service, created);
    this.clients.set(key, created);
    return created;
  }

  /**
   * Runs one API call: counts it, and lets its error through unchanged (callers decide whether a
   * failure is fatal or marks a region failed).
   */
  async call<S extends ServiceKey, T>(
    service: S,
    region: string,
    operation: string,
    run: (client: Clients[S], sdk: Sdks[S]) => Promise<T>,
  ): Promise<T> {
    const client = await this.client(service, region);
    const sdk = await this.sdk(service);
    this.stats.recordCall(`${IAM_PREFIX[service]}:${operation}`);
    return run(client, sdk);
  }

  destroy(): void {
    for (const client of this.clients.values()) (client as { destroy(): void }).destroy();
    this.clients.clear();
  }

  private clientConfig(region: string) {
    const retry = this.options.retry ?? {};
    return {
      region,
      ...(this.options.profile === undefined ? {} : { profile: this.options.profile }),
      ...(retry.baseDelayMs !== undefined
        ? { retryStrategy: new FixedBackoffRetryStrategy(retry.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, retry.baseDelayMs) }
        : {
            ...(retry.maxAttempts === undefined ? {} : { maxAttempts: retry.maxAttempts }),
            ...(retry.retryMode === undefined ? {} : { retryMode: retry.retryMode }),
          }),
      requestHandler: { connectionTimeout: 10_000, requestTimeout: requestTimeoutMs(), throwOnRequestTimeout: true },
    };
  }

  /** Counts HTTP attempts (retries included) per API with a middleware inside the retry loop. */
  private countAttempts(service: ServiceKey, client: Clients[ServiceKey]): void {
    const stats = this.stats;
    const stack = (client as unknown as { middlewareStack?: { add: (mw: unknown, options: unknown) => void } }).middlewareStack;
    stack?.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        stats.recordAttempt(`${IAM_PREFIX[service]}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`);
        return next(args);
      },
      { step: 'deserialize', name: 'edgecostAttemptCounter' },
    );
  }
}

