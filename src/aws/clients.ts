import { createRequire } from 'node:module';
import type * as AthenaSdk from '@aws-sdk/client-athena';
import type * as CloudFrontSdk from '@aws-sdk/client-cloudfront';
import type * as CloudWatchSdk from '@aws-sdk/client-cloudwatch';
import type * as LogsSdk from '@aws-sdk/client-cloudwatch-logs';
import type * as CostExplorerSdk from '@aws-sdk/client-cost-explorer';
import type * as LambdaSdk from '@aws-sdk/client-lambda';
import type * as TaggingSdk from '@aws-sdk/client-resource-groups-tagging-api';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import {
  CLOUDFRONT_READS,
  CLOUDWATCH_DATAPOINTS_PER_SECOND,
  CLOUDWATCH_GET_METRIC_DATA,
  CLOUDWATCH_LIST_METRICS,
  LAMBDA_CONTROL_PLANE,
  type RateLimit,
  TokenBucket,
} from './rate-limits.js';
import { DEFAULT_MAX_RESPONSE_BYTES, GuardedHandler, NATIVE_JSON, type Protocol } from './wire-guard.js';

/**
 * The client factory: the only place that loads the AWS SDK. Each service's package is loaded
 * on first use (PACKAGES; the type imports above are erased), so commands that never call AWS
 * never pay the SDK's start-up cost. Clients are cached per service and region.
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

/**
 * The SDK's packages are CommonJS: `require` loads one in about two thirds of the time `import()`
 * takes (an import first scans the package's bundle for its exports), 130 ms instead of 200 ms
 * for CloudFront's, on the path to a collection's first call.
 */
const requireSdk = createRequire(import.meta.url);

/** Each service's SDK package. */
const PACKAGES: Record<ServiceKey, string> = {
  cloudfront: '@aws-sdk/client-cloudfront',
  lambda: '@aws-sdk/client-lambda',
  cloudwatch: '@aws-sdk/client-cloudwatch',
  logs: '@aws-sdk/client-cloudwatch-logs',
  ce: '@aws-sdk/client-cost-explorer',
  athena: '@aws-sdk/client-athena',
  tag: '@aws-sdk/client-resource-groups-tagging-api',
};

/**
 * An endpoint that accepts connections and never answers must not hang a CI job: a request that
 * takes longer than this fails (and is retried like any transient error). EDGECOST_REQUEST_TIMEOUT_MS overrides it.
 */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

function requestTimeoutMs(): number {
  return positiveFromEnv('EDGECOST_REQUEST_TIMEOUT_MS') ?? DEFAULT_REQUEST_TIMEOUT_MS;
}

/**
 * The whole collection must end within this (EDGECOST_RUN_TIMEOUT_MS overrides it): retries,
 * pages and Logs Insights polls are each bounded, and this bounds their sum, so a CI job ends
 * with exit 3 instead of running into the job's own timeout.
 */
export const DEFAULT_RUN_TIMEOUT_MS = 30 * 60_000;

function positiveFromEnv(name: string): number | undefined {
  const configured = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(configured) && configured > 0 ? configured : undefined;
}

const PROTOCOLS: Record<ServiceKey, Protocol> = { cloudfront: 'xml', lambda: 'json', cloudwatch: 'json', logs: 'json', ce: 'json', athena: 'json', tag: 'json' };

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
  /** Told of every call and attempt by name (progress; a worker thread passes its own on to the main thread's stats). */
  private readonly recorders = new Set<(kind: 'call' | 'attempt', action: string) => void>();

  recordCall(action: string): void {
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
    this.totalCalls++;
    for (const recorder of this.recorders) recorder('call', action);
  }

  /** Calls `recorder` with each call and attempt recorded from now on; returns the function that stops it. */
  onRecord(recorder: (kind: 'call' | 'attempt', action: string) => void): () => void {
    this.recorders.add(recorder);
    return () => this.recorders.delete(recorder);
  }

  recordAttempt(action: string): void {
    this.attempts.set(action, (this.attempts.get(action) ?? 0) + 1);
    for (const recorder of this.recorders) recorder('attempt', action);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.calls.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

export interface AwsClientsOptions {
  profile?: string;
  retry?: RetrySettings;
  /** Deadline of everything these clients do, ms from their creation; default EDGECOST_RUN_TIMEOUT_MS or 30 min. */
  runTimeoutMs?: number;
  /** Largest response body accepted; default 64 MiB (EDGECOST_MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
  /** Rate budgets shared with another thread's clients, by bucket key (see threadOptions). */
  rateBudgets?: Record<string, SharedArrayBuffer>;
}

/** All Lambda control-plane calls of a region share one budget. */
function lambdaBucketKey(region: string): string {
  return `lambda/${region}`;
}

/** Optional cost of a call beyond one request: GetMetricData's expected datapoints. */
export interface CallCost {
  datapoints?: number;
}

export class AwsClients {
  readonly stats = new CallStats();
  private readonly sdks = new Map<ServiceKey, Promise<unknown>>();
  private readonly clients = new Map<string, unknown>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly operations = new WeakMap<object, string>();
  /** ms since the epoch when everything must have ended. */
  readonly runDeadline: number;

  constructor(private readonly options: AwsClientsOptions = {}) {
    this.runDeadline = Date.now() + (options.runTimeoutMs ?? positiveFromEnv('EDGECOST_RUN_TIMEOUT_MS') ?? DEFAULT_RUN_TIMEOUT_MS);
  }

  /**
   * Options for clients in another thread that act as these do (same profile, retries, size cap
   * and deadline) and spend from the same Lambda request budget of `lambdaRegion`.
   */
  threadOptions(lambdaRegion: string): AwsClientsOptions {
    const key = lambdaBucketKey(lambdaRegion);
    // the buckets of bucket() always keep their state in a SharedArrayBuffer
    const state = this.bucket(key, LAMBDA_CONTROL_PLANE).state as SharedArrayBuffer;
    return { ...this.options, runTimeoutMs: Math.max(1, this.runDeadline - Date.now()), rateBudgets: { [key]: state } };
  }

  async sdk<S extends ServiceKey>(service: S): Promise<Sdks[S]> {
    let loading = this.sdks.get(service) as Promise<Sdks[S]> | undefined;
    if (!loading) {
      quietNodeVersionNotice();
      // async: a package that fails to load rejects the first call, as an import would
      loading = (async () => requireSdk(PACKAGES[service]) as Sdks[S])();
      this.sdks.set(service, loading);
    }
    return loading;
  }

  /**
   * Starts loading the SDK modules of services a run will call, so that they load while its first
   * answers are on the wire rather than when each service is first called (a failure to load
   * surfaces at that call).
   */
  preload(...services: ServiceKey[]): void {
    for (const service of services) this.sdk(service).catch(() => undefined);
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
    this.guard(service, created);
    this.clients.set(key, created);
    return created;
  }

  /**
   * Runs one API call: counts it, and lets its error through unchanged (callers decide whether a
   * failure is fatal or marks a region failed).
   */
  async call<S extends ServiceKey, T>(service: S, region: string, operation: string, run: (client: Clients[S], sdk: Sdks[S]) => Promise<T>, cost: CallCost = {}): Promise<T> {
    const client = await this.client(service, region);
    const sdk = await this.sdk(service);
    await this.pace(service, region, operation, cost);
    this.stats.recordCall(`${IAM_PREFIX[service]}:${operation}`);
    return run(client, sdk);
  }

  /** Waits until the call fits the documented request rates (src/aws/rate-limits.ts). */
  async pace(service: ServiceKey, region: string, operation: string, cost: CallCost = {}): Promise<void> {
    const waits: Promise<void>[] = [];
    const take = (key: string, limit: RateLimit, n = 1) => waits.push(this.bucket(key, limit).take(n));
    if (service === 'lambda') take(lambdaBucketKey(region), LAMBDA_CONTROL_PLANE);
    if (service === 'cloudfront') take('cloudfront', CLOUDFRONT_READS);
    if (service === 'cloudwatch' && operation === 'ListMetrics') take(`cloudwatch/${region}/ListMetrics`, CLOUDWATCH_LIST_METRICS);
    if (service === 'cloudwatch' && operation === 'GetMetricData') {
      take(`cloudwatch/${region}/GetMetricData`, CLOUDWATCH_GET_METRIC_DATA);
      if (cost.datapoints) take(`cloudwatch/${region}/datapoints`, CLOUDWATCH_DATAPOINTS_PER_SECOND, cost.datapoints);
    }
    await Promise.all(waits);
  }

  /** The bucket of a rate budget; its state is shareable with another thread's clients (threadOptions). */
  private bucket(key: string, limit: RateLimit): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limit, undefined, this.options.rateBudgets?.[key] ?? TokenBucket.sharedState());
      this.buckets.set(key, bucket);
    }
    return bucket;
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

  /**
   * Counts HTTP attempts (retries included) per API with a middleware inside the retry loop, and
   * notes which operation each HTTP request is for (the wire guard names it in its errors).
   */
  private countAttempts(service: ServiceKey, client: Clients[ServiceKey]): void {
    const stats = this.stats;
    const operations = this.operations;
    const stack = (client as unknown as { middlewareStack?: { add: (mw: unknown, options: unknown) => void } }).middlewareStack;
    stack?.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        stats.recordAttempt(`${IAM_PREFIX[service]}:${operation}`);
        const request = (args as { request?: unknown }).request;
        if (typeof request === 'object' && request !== null) operations.set(request, operation);
        return next(args);
      },
      { step: 'deserialize', name: 'edgecostAttemptCounter' },
    );
    // Right after the SDK's serializer: JSON members it was not given (NATIVE_MEMBERS) join the body.
    stack?.add(
      (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
        const { input, request } = args as { input?: Record<symbol, unknown>; request?: { body?: unknown } };
        const members = input?.[NATIVE_MEMBERS];
        const body = request?.body;
        if (members !== undefined && request && (typeof body === 'string' || body instanceof Uint8Array)) {
          const serialized = JSON.parse(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as object;
          request.body = Buffer.from(JSON.stringify({ ...serialized, ...(members as object) }));
        }
        return next(args);
      },
      { step: 'build', priority: 'high', name: 'edgecostNativeMembers' },
    );
    // Outermost: puts a natively parsed answer (wire-guard.ts, NATIVE_JSON) into the command's output.
    stack?.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const result = (await next(args)) as { response?: Record<symbol, unknown>; output?: Record<string, unknown> };
        const native = result.response?.[NATIVE_JSON];
        if (native !== undefined && result.output) {
          result.output = { ...result.output, ...fromNativeJson((context.commandName ?? '').replace(/Command$/, ''), native) };
        }
        return result;
      },
      { step: 'initialize', name: 'edgecostNativeJson' },
    );
  }

  /** Puts the wire guard (whole-request deadline, size cap, document check) around the client's HTTP handler. */
  private guard(service: ServiceKey, client: Clients[ServiceKey]): void {
    const config = (client as unknown as { config: { requestHandler: ConstructorParameters<typeof GuardedHandler>[0] } }).config;
    config.requestHandler = new GuardedHandler(config.requestHandler, {
      service: IAM_PREFIX[service],
      protocol: PROTOCOLS[service],
      requestTimeoutMs: requestTimeoutMs(),
      maxBytes: this.options.maxResponseBytes ?? positiveFromEnv('EDGECOST_MAX_RESPONSE_BYTES') ?? DEFAULT_MAX_RESPONSE_BYTES,
      runDeadline: () => this.runDeadline,
      operationOf: (request) => (typeof request === 'object' && request !== null ? this.operations.get(request) : undefined),
      ...(service === 'cloudwatch' ? { nativeJson: new Set(Object.keys(NATIVE_OUTPUTS)) } : {}),
    }) as unknown as typeof config.requestHandler;
  }
}

/**
 * Members of a JSON-protocol request serialized with JSON.stringify instead of the SDK's
 * schema-driven serializer: the input carries them under this key (and an empty value under their
 * own name, for the SDK). For GetMetricData's 500 queries the SDK's serializer took a fifth of a
 * collection's CPU time; they are plain strings and numbers whose wire form is their JSON.
 */
export const NATIVE_MEMBERS = Symbol('edgecost.nativeMembers');

/**
 * Where a natively parsed GetMetricData result keeps its timestamps as ms since the epoch: a page
 * holds up to 100,800 of them, and a Date each (only to read its time back) was a third of the
 * collector's garbage. `Timestamps` still reads as the SDK's Date[], built on first access.
 */
export const EPOCH_MS = Symbol('edgecost.epochMs');

/** GetMetricData's output from its JSON answer: the SDK's shape, timestamps (epoch seconds on the wire) as Dates. */
function getMetricDataOutput(answer: Record<string, unknown>): Record<string, unknown> {
  const { MetricDataResults, NextToken, Messages } = answer as { MetricDataResults?: Record<string, unknown>[]; NextToken?: string; Messages?: unknown[] };
  return {
    MetricDataResults: (MetricDataResults ?? []).map((raw) => new NativeMetricDataResult(raw)),
    ...(NextToken === undefined ? {} : { NextToken }),
    ...(Messages === undefined ? {} : { Messages }),
  };
}

/**
 * ListMetrics' output from its JSON answer, in the SDK's shape. A member of the wrong type (a
 * `Metrics` that is not a list, a dimension that is not an object…) fails the call as the SDK's
 * parser would, rather than reading as "no metrics".
 */
function listMetricsOutput(answer: Record<string, unknown>): Record<string, unknown> {
  const malformed = (what: string) => Object.assign(new Error(`ListMetrics answered a malformed document: ${what}`), { name: 'SerializationException' });
  const text = (value: unknown, what: string) => {
    if (value === undefined || typeof value === 'string') return value;
    throw malformed(`${what} is not a string`);
  };
  const list = (value: unknown, what: string): unknown[] => {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    throw malformed(`${what} is not a list`);
  };
  const object = (value: unknown, what: string): Record<string, unknown> => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    throw malformed(`${what} is not an object`);
  };
  const metrics = list(answer.Metrics, 'Metrics').map((raw) => {
    const metric = object(raw, 'a metric');
    return {
      Namespace: text(metric.Namespace, 'Namespace'),
      MetricName: text(metric.MetricName, 'MetricName'),
      Dimensions: list(metric.Dimensions, 'Dimensions').map((d) => {
        const dimension = object(d, 'a dimension');
        return { Name: text(dimension.Name, 'a dimension Name'), Value: text(dimension.Value, 'a dimension Value') };
      }),
    };
  });
  const next = text(answer.NextToken, 'NextToken');
  return { Metrics: metrics, ...(next === undefined ? {} : { NextToken: next }) };
}

/**
 * The CloudWatch operations whose answers are read with JSON.parse (wire-guard.ts, NATIVE_JSON),
 * each with the function that gives the command's output from the parsed answer.
 */
const NATIVE_OUTPUTS: Record<string, (answer: Record<string, unknown>) => Record<string, unknown>> = {
  GetMetricData: getMetricDataOutput,
  ListMetrics: listMetricsOutput,
};

function fromNativeJson(operation: string, json: unknown): Record<string, unknown> {
  const output = NATIVE_OUTPUTS[operation];
  return output && json !== null && typeof json === 'object' ? output(json as Record<string, unknown>) : {};
}

const RESULT_MEMBERS = ['Id', 'Label', 'StatusCode', 'Messages', 'Values'] as const;

/** One result of a natively parsed GetMetricData answer: its members, and `Timestamps` as Dates when read. */
class NativeMetricDataResult {
  readonly [EPOCH_MS]: number[];
  private dates: Date[] | undefined;

  constructor(raw: Record<string, unknown>) {
    for (const member of RESULT_MEMBERS) if (raw[member] !== undefined) (this as Record<string, unknown>)[member] = raw[member];
    // The parsed answer is ours: its list of times becomes the list of ms in place.
    this[EPOCH_MS] = Array.isArray(raw.Timestamps) ? toEpochMs(raw.Timestamps as (number | string)[]) : [];
  }

  get Timestamps(): Date[] {
    this.dates ??= this[EPOCH_MS].map((ms) => new Date(ms));
    return this.dates;
  }
}

function toEpochMs(times: (number | string)[]): number[] {
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    times[i] = typeof t === 'number' ? t * 1000 : Date.parse(t);
  }
  return times as number[];
}
