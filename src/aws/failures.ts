import { AwsError } from '../errors.js';

/**
 * What kind of failure an AWS SDK error is. The SDK's error `name` is the service's error code
 * (CloudWatch's awsQuery-compatible codes like `AccessDenied` and `InvalidClientTokenId`, Lambda
 * and Logs' `AccessDeniedException`, `UnrecognizedClientException`); network failures carry a
 * Node.js `code` and no HTTP status.
 */
export type AwsFailureKind =
  | 'no-credentials'
  | 'expired-credentials'
  /** The key is not valid here: bad credentials, or (outside the home region) a region not enabled. */
  | 'invalid-token'
  | 'access-denied'
  | 'throttled'
  | 'not-found'
  | 'network'
  | 'other';

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);
const INVALID_TOKEN = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException', 'RequestThrottled', 'SlowDown']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function asSdkError(error: unknown): SdkErrorLike {
  return typeof error === 'object' && error !== null ? (error as SdkErrorLike) : { message: String(error) };
}

export function classifyAwsError(error: unknown): AwsFailureKind {
  const e = asSdkError(error);
  const name = e.name ?? '';
  if (name === 'CredentialsProviderError' || name === 'ProviderError') return 'no-credentials';
  if (EXPIRED.has(name)) return 'expired-credentials';
  if (INVALID_TOKEN.has(name)) return 'invalid-token';
  if (ACCESS_DENIED.has(name)) return 'access-denied';
  if (THROTTLED.has(name) || e.$metadata?.httpStatusCode === 429) return 'throttled';
  if (/NotFound|NoSuch/.test(name)) return 'not-found';
  if (e.code && NETWORK_CODES.has(e.code)) return 'network';
  if (name === 'TimeoutError' || name === 'RequestTimeout' || /socket hang up|ECONNRESET|ECONNREFUSED|timed out/i.test(e.message ?? '')) return 'network';
  if (e.$metadata?.httpStatusCode === 403) return 'access-denied';
  return 'other';
}

/** One line for a user: the error code and AWS's message (never a stack trace). */
export function describeAwsError(error: unknown): string {
  const e = asSdkError(error);
  const kind = classifyAwsError(error);
  const message = (e.message ?? '').split('\n')[0]?.trim() ?? '';
  if (kind === 'network') return `network error: ${e.code ?? e.name ?? 'error'}${message && message !== e.code ? ` (${message})` : ''}`;
  const name = e.name && e.name !== 'Error' ? e.name : undefined;
  if (name && message) return `${name}: ${message}`;
  return name ?? (message || 'unknown error');
}

/**
 * Turns an error of a call the collection cannot do without (home-region CloudFront and Lambda
 * reads, credentials) into an AwsError (exit 3) naming the IAM action, with a hint.
 */
export function fatalAwsError(error: unknown, action: string, region: string): AwsError {
  if (error instanceof AwsError) return error;
  const kind = classifyAwsError(error);
  const detail = describeAwsError(error);
  switch (kind) {
    case 'no-credentials':
      return new AwsError(`no AWS credentials found (${detail})`, {
        action,
        region,
        cause: error,
        hint: 'configure the standard AWS credential chain: AWS_PROFILE or --profile, environment variables, SSO (`aws sso login`), or an instance/OIDC role',
      });
    case 'expired-credentials':
      return new AwsError(`the AWS credentials have expired (${detail})`, {
        action,
        region,
        cause: error,
        hint: 'refresh them (e.g. `aws sso login`, or re-assume the role) and run again',
      });
    case 'invalid-token':
      return new AwsError(`the AWS credentials are not valid in ${region} (${detail})`, {
        action,
        region,
        cause: error,
        hint: 'check the access key / profile; a region that is not enabled for the account also answers this way',
      });
    case 'access-denied':
      return new AwsError(`access denied: ${action} in ${region} (${detail})`, {
        action,
        region,
        cause: error,
        hint: `allow ${action} for this identity (docs/iam-policy.json lists every action edgecost calls)`,
      });
    case 'network':
      return new AwsError(`cannot reach AWS for ${action} in ${region}: ${detail}`, {
        action,
        region,
        cause: error,
        hint: 'check the network, proxy settings and AWS_ENDPOINT_URL',
      });
    default:
      return new AwsError(`${action} failed in ${region}: ${detail}`, { action, region, cause: error });
  }
}

/** Credential failures end the whole collection even when they happen in a replica region. */
export function isCredentialFailure(error: unknown): boolean {
  const kind = classifyAwsError(error);
  return kind === 'no-credentials' || kind === 'expired-credentials';
}

/** Errors that end the whole collection wherever they happen: edgecost's own AwsError (an unusable answer, the run's deadline). */
export function isFatal(error: unknown): boolean {
  return error instanceof AwsError;
}
