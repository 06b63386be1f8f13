import { PagingError } from './aws/paging.js';
import { AwsError, AwsResponseError, EdgecostError, type ExitCode } from './errors.js';

/**
 * An error thrown in a worker thread, as data (an Error's own fields do not survive
 * `postMessage`), and back: edgecost's own errors come back as their class with their exit code and
 * hint (an AwsError with its action and region), and of any other error what `aws/failures.ts`
 * reads is kept (the SDK's error name, message, Node.js code and HTTP status, and the stack), so
 * the calling thread decides about it exactly as if it had been thrown there. Used by the Lambda
 * version listing (aws/version-listing.ts) and by `diff`'s template reader (cli/diff-sides-worker.ts).
 */
export type ErrorData =
  | { kind: 'aws'; response: boolean; message: string; action?: string; region?: string; hint?: string }
  | { kind: 'edgecost'; message: string; exitCode: ExitCode; hint?: string }
  | { kind: 'paging'; action: string; region: string; message: string }
  | { kind: 'sdk'; name: string; message: string; code?: string; httpStatusCode?: number; stack?: string }
  | { kind: 'value'; message: string };

export function errorToData(error: unknown): ErrorData {
  if (error instanceof AwsError) {
    return {
      kind: 'aws',
      response: error instanceof AwsResponseError,
      message: error.message,
      ...(error.action === undefined ? {} : { action: error.action }),
      ...(error.region === undefined ? {} : { region: error.region }),
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
  if (error instanceof EdgecostError) return { kind: 'edgecost', message: error.message, exitCode: error.exitCode, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  if (error instanceof PagingError) return { kind: 'paging', action: error.action, region: error.region, message: error.detail };
  if (error instanceof Error) {
    const { code, $metadata } = error as { code?: unknown; $metadata?: { httpStatusCode?: unknown } };
    return {
      kind: 'sdk',
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof $metadata?.httpStatusCode === 'number' ? { httpStatusCode: $metadata.httpStatusCode } : {}),
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  return { kind: 'value', message: String(error) };
}

export function errorFromData(data: ErrorData): Error {
  switch (data.kind) {
    case 'aws': {
      const options = {
        ...(data.action === undefined ? {} : { action: data.action }),
        ...(data.region === undefined ? {} : { region: data.region }),
        ...(data.hint === undefined ? {} : { hint: data.hint }),
      };
      return data.response ? new AwsResponseError(data.message, options) : new AwsError(data.message, options);
    }
    case 'edgecost':
      return new EdgecostError(data.message, data.exitCode, data.hint === undefined ? {} : { hint: data.hint });
    case 'paging':
      return new PagingError(data.action, data.region, data.message);
    case 'sdk': {
      const error = Object.assign(new Error(data.message), {
        ...(data.code === undefined ? {} : { code: data.code }),
        ...(data.httpStatusCode === undefined ? {} : { $metadata: { httpStatusCode: data.httpStatusCode } }),
      });
      error.name = data.name;
      if (data.stack !== undefined) error.stack = data.stack;
      return error;
    }
    default:
      return new Error(data.message);
  }
}
