// The fake AWS HTTP server: one node:http server on 127.0.0.1 that serves CloudWatch,
// CloudFront, Lambda and CloudWatch Logs for every region, routed by the SigV4 credential scope.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AthenaState, handleAthena } from './athena.js';
import { cloudfrontRoute, handleCloudFront } from './cloudfront.js';
import { handleCloudWatch } from './cloudwatch.js';
import { handleCostExplorer } from './cost-explorer.js';
import { buildIndex, type ScenarioIndex } from './data.js';
import { handleLambda, lambdaRoute } from './lambda.js';
import { handleLogs, LogsState } from './logs.js';
import { dropRequestToken, loopToken, RateLimiter, sendMangled } from './mangle.js';
import { callsByOperation, countCalls, isReadOnlyOperation, type RegionFailure, type RequestLogEntry, type Scenario, type ServiceName } from './scenario.js';
import { handleTagging } from './tagging.js';
import { AwsError, errorReply, parseCredentialScope, type Reply, requestId } from './wire.js';

export interface FakeAwsOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 (a free port) */
  port?: number;
}

export interface FakeAws {
  /** http://127.0.0.1:PORT — give it to clients as `endpoint` or AWS_ENDPOINT_URL */
  url: string;
  port: number;
  /** every request, in arrival order (mutable: clearRequests() empties it in place) */
  requests: RequestLogEntry[];
  close(): Promise<void>;
  /** replace the scenario (resets throttle counters and Logs queries; keeps the request log) */
  setScenario(scenario: Scenario): void;
  scenario(): Scenario;
  /** calls of `operation` (all when omitted), optionally for one service/region */
  callCount(operation?: string, filter?: { service?: ServiceName; region?: string }): number;
  /** { "monitoring:GetMetricData": n, "cloudfront:ListDistributions": m, ... } */
  callsByOperation(): Record<string, number>;
  /** requests whose operation is not read-only (should be empty for edgecost) */
  nonReadOnlyRequests(): RequestLogEntry[];
  /** throws when a non-read-only operation was called */
  assertReadOnly(): void;
  clearRequests(): void;
}

const SERVICES: ReadonlySet<string> = new Set(['monitoring', 'cloudfront', 'lambda', 'logs', 'ce', 'athena', 'tagging']);

/** AWS JSON services: X-Amz-Target prefix of each. */
const JSON_TARGETS: Partial<Record<ServiceName, string>> = {
  monitoring: 'GraniteServiceVersion20100801.',
  logs: 'Logs_20140328.',
  ce: 'AWSInsightsIndexService.',
  athena: 'AmazonAthena.',
  tagging: 'ResourceGroupsTaggingAPI_20170126.',
};

const IAM_PREFIX: Record<ServiceName, string> = {
  monitoring: 'cloudwatch',
  cloudfront: 'cloudfront',
  lambda: 'lambda',
  logs: 'logs',
  ce: 'ce',
  athena: 'athena',
  tagging: 'tag',
};

/** Fault keys, most specific first. "cloudwatch" is accepted as an alias of "monitoring". */
function faultKeys(service: string, region: string, operation: string): string[] {
  const names = service === 'monitoring' ? ['monitoring', 'cloudwatch'] : [service];
  const keys: string[] = [];
  for (const n of names) keys.push(`${n}/${region}/${operation}`);
  for (const n of names) keys.push(`${n}/${region}`);
  for (const n of names) keys.push(n);
  keys.push(region, '*');
  return keys;
}

function guessService(req: IncomingMessage, pathname: string): ServiceName | 'unknown' {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target.startsWith('GraniteServiceVersion20100801.')) return 'monitoring';
  if (target.startsWith('Logs_20140328.')) return 'logs';
  if (target.startsWith('AWSInsightsIndexService.')) return 'ce';
  if (target.startsWith('AmazonAthena.')) return 'athena';
  if (target.startsWith('ResourceGroupsTaggingAPI_20170126.')) return 'tagging';
  if (pathname.startsWith('/2015-03-31/')) return 'lambda';
  if (pathname.startsWith('/2020-05-31/')) return 'cloudfront';
  return 'unknown';
}

function throttleError(service: ServiceName): AwsError {
  switch (service) {
    case 'lambda':
      return new AwsError(429, 'TooManyRequestsException', 'Rate exceeded', { Reason: 'CallerRateLimitExceeded' });
    case 'logs':
      return new AwsError(400, 'ThrottlingException', 'Rate exceeded');
    case 'ce':
      return new AwsError(400, 'LimitExceededException', 'Rate exceeded');
    case 'athena':
      return new AwsError(400, 'TooManyRequestsException', 'Rate exceeded');
    case 'tagging':
      return new AwsError(400, 'ThrottledException', 'Rate exceeded');
    default:
      return new AwsError(400, 'Throttling', 'Rate exceeded');
  }
}

function failureError(service: ServiceName, failure: Exclude<RegionFailure, 'network'>, operation: string, acct: string): AwsError {
  if (failure === 'not-enabled') {
    const code = service === 'monitoring' || service === 'cloudfront' ? 'InvalidClientTokenId' : 'UnrecognizedClientException';
    return new AwsError(403, code, 'The security token included in the request is invalid.');
  }
  const action = `${IAM_PREFIX[service]}:${operation}`;
  const message = `User: arn:aws:iam::${acct}:user/edgecost-test is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  const code = service === 'monitoring' || service === 'cloudfront' ? 'AccessDenied' : 'AccessDeniedException';
  return new AwsError(403, code, message);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {
    'content-type': reply.contentType,
    'content-length': String(body.length),
    'x-amzn-requestid': requestId(),
    date: new Date().toUTCString(),
    ...reply.headers,
  });
  res.end(body);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startFakeAws(initial: Scenario, options: FakeAwsOptions = {}): Promise<FakeAws> {
  let idx: ScenarioIndex = buildIndex(initial);
  let throttleLeft = new Map(Object.entries(initial.throttle ?? {}));
  let limiters = new Map<string, RateLimiter>();
  let logsState = new LogsState();
  let athenaState = new AthenaState();
  const requests: RequestLogEntry[] = [];

  const route = (service: ServiceName, req: IncomingMessage, url: URL): { operation: string; run: (region: string, body: Record<string, unknown>) => Reply | Promise<Reply> } => {
    const method = req.method ?? 'GET';
    const jsonPrefix = JSON_TARGETS[service];
    if (jsonPrefix !== undefined) {
      const prefix = jsonPrefix;
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(prefix) ? target.slice(prefix.length) : `${method} ${url.pathname}`;
      return {
        operation,
        run: (region, body) => {
          if (method !== 'POST' || !target.startsWith(prefix)) {
            throw new AwsError(400, service === 'monitoring' ? 'UnknownOperation' : 'UnknownOperationException', `Unknown operation ${target}`);
          }
          if (service === 'ce') return handleCostExplorer(idx, region, operation, body);
          if (service === 'athena') return handleAthena(idx, athenaState, operation, body);
          if (service === 'tagging') return handleTagging(idx, region, operation, body);
          return service === 'monitoring' ? handleCloudWatch(idx, region, operation, body) : handleLogs(idx, logsState, region, operation, body);
        },
      };
    }
    if (service === 'cloudfront') {
      const r = cloudfrontRoute(method, url.pathname);
      return { operation: r.operation, run: () => handleCloudFront(idx, r, url.searchParams) };
    }
    const r = lambdaRoute(method, url.pathname);
    return { operation: r.operation, run: (region) => handleLambda(idx, region, r, url.searchParams) };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake-aws.local');
    const scope = parseCredentialScope(req.headers.authorization);
    const entry: RequestLogEntry = {
      service: 'unknown',
      region: scope?.region ?? 'unknown',
      operation: `${req.method ?? 'GET'} ${url.pathname}`,
      time: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
    };
    requests.push(entry);
    const reply = (service: ServiceName | 'unknown', r: Reply | AwsError): void => {
      const out = r instanceof AwsError ? errorReply(service, r) : r;
      entry.status = out.status;
      if (r instanceof AwsError) entry.errorCode = r.code;
      send(res, out);
    };

    if (!scope) {
      const svc = guessService(req, url.pathname);
      entry.service = svc;
      reply(svc, new AwsError(403, 'MissingAuthenticationToken', 'Missing Authentication Token (fake-aws needs SigV4-signed requests).'));
      return;
    }
    if (!SERVICES.has(scope.service)) {
      reply('unknown', new AwsError(400, 'UnknownService', `fake-aws does not serve the service "${scope.service}"`));
      return;
    }
    const service = scope.service as ServiceName;
    const region = scope.region;
    entry.service = service;
    const { operation, run } = route(service, req, url);
    entry.operation = operation;

    let body: Record<string, unknown> = {};
    if (JSON_TARGETS[service] !== undefined) {
      try {
        const text = raw.toString('utf8');
        const parsed: unknown = text === '' ? {} : JSON.parse(text);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        reply(service, new AwsError(400, 'SerializationException', 'Request body is not a JSON object.'));
        return;
      }
      if (operation === 'GetMetricData' && Array.isArray(body.MetricDataQueries)) {
        entry.queryCount = body.MetricDataQueries.length;
      }
    }

    const keys = faultKeys(service, region, operation);
    const sc = idx.scenario;
    const latency =
      typeof sc.latencyMs === 'number'
        ? sc.latencyMs
        : sc.latencyMs
          ? keys.map((k) => (sc.latencyMs as Record<string, number | undefined>)[k]).find((v) => v !== undefined)
          : undefined;
    if (latency !== undefined && latency > 0) await sleep(latency);

    const failure = sc.failRegions ? keys.map((k) => sc.failRegions?.[k]).find((v) => v !== undefined) : undefined;
    if (failure !== undefined) {
      entry.fault = failure;
      if (failure === 'network') {
        req.socket.destroy();
        return;
      }
      reply(service, failureError(service, failure, operation, sc.accountId));
      return;
    }
    const limitKey = sc.rateLimits ? keys.find((k) => sc.rateLimits?.[k] !== undefined) : undefined;
    if (limitKey !== undefined) {
      let limiter = limiters.get(limitKey);
      if (!limiter) {
        limiter = new RateLimiter(sc.rateLimits?.[limitKey] ?? 1);
        limiters.set(limitKey, limiter);
      }
      if (!limiter.admit()) {
        entry.fault = 'throttle';
        reply(service, throttleError(service));
        return;
      }
    }
    const throttleKey = keys.find((k) => (throttleLeft.get(k) ?? 0) > 0);
    if (throttleKey !== undefined) {
      throttleLeft.set(throttleKey, (throttleLeft.get(throttleKey) ?? 0) - 1);
      entry.fault = 'throttle';
      reply(service, throttleError(service));
      return;
    }

    const mangle = sc.mangle ? keys.map((k) => sc.mangle?.[k]).find((v) => v !== undefined) : undefined;
    if (mangle?.kind === 'repeat-token') dropRequestToken(service, body, url);
    if (mangle && mangle.kind !== 'repeat-token') {
      entry.fault = mangle.kind;
      let real: Reply;
      try {
        real = await run(region, body);
      } catch (e) {
        real = errorReply(service, e instanceof AwsError ? e : new AwsError(500, 'InternalFailure', String(e)));
      }
      entry.status = await sendMangled(res, mangle, real, send);
      return;
    }
    try {
      const answer = await run(region, body);
      if (mangle?.kind === 'repeat-token') entry.fault = 'repeat-token';
      reply(service, mangle?.kind === 'repeat-token' ? loopToken(service, operation, answer) : answer);
    } catch (e) {
      if (e instanceof AwsError) reply(service, e);
      else {
        const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
        reply(service, new AwsError(500, 'InternalFailure', `fake-aws internal error: ${msg}`));
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain', 'content-length': '0' });
      }
      res.end();
      console.error('fake-aws:', e);
    });
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        athenaState.close();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
    setScenario(s: Scenario) {
      idx = buildIndex(s);
      throttleLeft = new Map(Object.entries(s.throttle ?? {}));
      limiters = new Map();
      logsState = new LogsState();
      athenaState.close();
      athenaState = new AthenaState();
    },
    scenario: () => idx.scenario,
    callCount: (operation, filter) => countCalls(requests, operation, filter),
    callsByOperation: () => callsByOperation(requests),
    nonReadOnlyRequests: () => requests.filter((r) => !isReadOnlyOperation(r.operation)),
    assertReadOnly() {
      const bad = requests.filter((r) => !isReadOnlyOperation(r.operation));
      if (bad.length > 0) {
        throw new Error(`fake-aws: non-read-only operations called: ${[...new Set(bad.map((b) => `${b.service}:${b.operation}`))].join(', ')}`);
      }
    },
    clearRequests() {
      requests.length = 0;
    },
  };
}
