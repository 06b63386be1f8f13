import { Readable } from 'node:stream';
import { AwsResponseError } from '../errors.js';
import { decodeUtf8 } from '../utf8.js';

/**
 * Checks on every AWS answer before the SDK reads it, so a broken answer is an error and never an
 * empty account:
 * - the whole request (headers and body) must finish within the request timeout and the run's
 *   deadline; a body sent a byte at a time is cut off;
 * - the body may be at most `maxBytes` (the largest real answers, a GetMetricData page of 100,800
 *   datapoints or 100 distributions with all their behaviors, are a few MB);
 * - a 2xx answer must be the protocol's document: a JSON object (CloudWatch, Logs, Lambda), or
 *   the operation's XML root element, whole (CloudFront).
 */

/** Bodies above this fail (64 MiB: more than ten times the largest answer edgecost asks for). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export type Protocol = 'json' | 'xml';

/** Root element of each CloudFront read's XML answer. */
const XML_ROOTS: Record<string, string> = {
  ListDistributions: 'DistributionList',
  GetMonitoringSubscription: 'MonitoringSubscription',
};

interface HttpResponseLike {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

interface InnerHandler {
  handle(request: unknown, options?: { abortSignal?: AbortSignal; requestTimeout?: number }): Promise<{ response: HttpResponseLike }>;
  destroy?(): void;
  updateHttpClientConfig?(key: never, value: never): void;
  httpHandlerConfigs?(): unknown;
}

export interface GuardSettings {
  service: string;
  protocol: Protocol;
  requestTimeoutMs: number;
  maxBytes: number;
  /** ms since the epoch when the whole run must end (Infinity for none). */
  runDeadline: () => number;
  /** The operation a request is for (recorded by a middleware). */
  operationOf: (request: unknown) => string | undefined;
  /**
   * Operations whose 2xx JSON answer is parsed here with JSON.parse and handed on as
   * `response[NATIVE_JSON]` (the SDK then deserializes `{}`): GetMetricData, whose answers of up to
   * 100,800 datapoints cost the SDK's schema-driven parser most of a collection's CPU time, and
   * ListMetrics (500 metrics a page).
   */
  nativeJson?: ReadonlySet<string>;
}

/** Where a natively parsed JSON answer travels on the HTTP response (see GuardSettings.nativeJson). */
export const NATIVE_JSON = Symbol('edgecost.nativeJson');

function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { name: 'TimeoutError', code: 'ETIMEDOUT' });
}

/** Wraps the SDK's HTTP handler with the checks above. */
export class GuardedHandler {
  constructor(
    private readonly inner: InnerHandler,
    private readonly settings: GuardSettings,
  ) {}

  get metadata(): unknown {
    return (this.inner as { metadata?: unknown }).metadata;
  }

  updateHttpClientConfig(key: never, value: never): void {
    this.inner.updateHttpClientConfig?.(key, value);
  }

  httpHandlerConfigs(): unknown {
    return this.inner.httpHandlerConfigs?.() ?? {};
  }

  destroy(): void {
    this.inner.destroy?.();
  }

  async handle(request: unknown, options: { abortSignal?: AbortSignal; requestTimeout?: number } = {}): Promise<{ response: HttpResponseLike }> {
    const { service, requestTimeoutMs, maxBytes } = this.settings;
    const operation = this.settings.operationOf(request) ?? 'request';
    const runDeadline = this.settings.runDeadline();
    const started = Date.now();
    if (started >= runDeadline) throw runOver(service, operation);
    const runBound = runDeadline - started < requestTimeoutMs;
    const budget = Math.max(1, Math.min(requestTimeoutMs, runDeadline - started));
    const controller = new AbortController();
    const outer = options.abortSignal;
    const forward = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', forward, { once: true });
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      controller.abort(new Error('deadline'));
    }, budget);
    const late = () =>
      runBound ? runOver(service, operation) : timeoutError(`no complete answer from ${service} ${operation} within ${requestTimeoutMs} ms (EDGECOST_REQUEST_TIMEOUT_MS)`);
    try {
      let answer: { response: HttpResponseLike };
      try {
        answer = await this.inner.handle(request, { ...options, abortSignal: controller.signal });
      } catch (error) {
        if (expired) throw late();
        throw error;
      }
      const { response } = answer;
      const declared = Number(response.headers['content-length'] ?? response.headers['Content-Length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        destroyBody(response.body);
        throw tooLarge(service, operation, maxBytes);
      }
      const body = await readBody(response.body, maxBytes, controller.signal).catch((error: unknown) => {
        if (expired) throw late();
        if (error === TOO_LARGE) throw tooLarge(service, operation, maxBytes);
        throw error;
      });
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      // decoded once: checked here, and parsed here for the operations read natively
      const text = ok ? decodeUtf8(body) : '';
      if (ok) checkDocument(service, operation, this.settings.protocol, text);
      if (ok && this.settings.nativeJson?.has(operation)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          checkDocument(service, operation, 'json', Buffer.from('{'));
        }
        (response as unknown as Record<symbol, unknown>)[NATIVE_JSON] = parsed;
        response.body = Readable.from([Buffer.from('{}')]);
        return { response };
      }
      response.body = Readable.from([body]);
      return { response };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    }
  }
}

const TOO_LARGE = Symbol('too large');

function destroyBody(body: unknown): void {
  (body as { destroy?: () => void } | undefined)?.destroy?.();
}

async function readBody(body: unknown, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (body instanceof Uint8Array) {
    if (body.byteLength > maxBytes) throw TOO_LARGE;
    return Buffer.from(body);
  }
  const stream = body as NodeJS.ReadableStream & { destroy?: (error?: Error) => void };
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise<Buffer>((resolve, reject) => {
    const stop = (error: unknown) => {
      cleanup();
      stream.destroy?.();
      reject(error);
    };
    const onAbort = () => stop(new Error('aborted'));
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > maxBytes) {
        stop(TOO_LARGE);
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      signal.removeEventListener('abort', onAbort);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

function tooLarge(service: string, operation: string, maxBytes: number): AwsResponseError {
  return new AwsResponseError(`unexpected response from ${service} ${operation}: the body is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`, {
    action: `${service}:${operation}`,
    hint: 'an AWS answer is never this large: check AWS_ENDPOINT_URL and any proxy in between',
  });
}

function runOver(service: string, operation: string): AwsResponseError {
  return new AwsResponseError(`the run's deadline passed during ${service} ${operation} (EDGECOST_RUN_TIMEOUT_MS); the usage is unknown`, {
    action: `${service}:${operation}`,
    hint: 'raise EDGECOST_RUN_TIMEOUT_MS, or narrow the collection (--regions, --distribution)',
  });
}

/** Throws AwsResponseError when a 2xx body is not the protocol's document. */
export function checkDocument(service: string, operation: string, protocol: Protocol, body: Buffer | string): void {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const problem = protocol === 'json' ? jsonProblem(text) : xmlProblem(text, XML_ROOTS[operation]);
  if (problem) {
    throw new AwsResponseError(`unexpected response from ${service} ${operation}: HTTP 200 with ${problem}`, {
      action: `${service}:${operation}`,
      hint: 'the answer did not come from AWS as expected: check AWS_ENDPOINT_URL and any proxy in between, then run again',
    });
  }
}

function describeBody(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed === '') return 'an empty body';
  if (/^<(!doctype\s+html|html)[\s>]/i.test(trimmed)) return 'an HTML page';
  return "a body that is not the service's document";
}

/**
 * A JSON answer must be one object: `{` … `}`. Checked by its ends, not parsed a second time (the
 * SDK parses it next and fails on anything inside): an empty, HTML, cut-off or array body fails here.
 */
function jsonProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'an empty body';
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) return undefined;
  if (trimmed.startsWith('<')) return describeBody(text);
  return trimmed.startsWith('{') ? 'JSON that is cut off' : 'a body that is not a JSON object';
}

function xmlProblem(text: string, root: string | undefined): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'an empty body';
  const open = /^(?:<\?xml[^>]*\?>\s*)?<([A-Za-z_][\w.:-]*)[\s>/]/.exec(trimmed);
  if (!open) return describeBody(text);
  const name = open[1]!;
  if (root !== undefined && name !== root) return name.toLowerCase() === 'html' ? 'an HTML page' : `XML whose root is <${name}>, not <${root}>`;
  if (!trimmed.endsWith(`</${name}>`) && !/\/>$/.test(trimmed)) return `XML that is cut off (no closing </${name}>)`;
  return undefined;
}
