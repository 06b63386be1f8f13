import { describe, expect, it } from 'vitest';
import { FixedBackoffRetryStrategy, retrySettingsFromEnv } from '../../src/aws/clients.js';
import { classifyAwsError, describeAwsError, fatalAwsError } from '../../src/aws/failures.js';
import { configKey, toFunctionConfig } from '../../src/aws/function-config.js';
import { dayOfBin } from '../../src/aws/logs.js';
import { AwsError, EXIT_AWS } from '../../src/errors.js';

function sdkError(name: string, message: string, status?: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

describe('classifyAwsError', () => {
  it.each([
    { error: sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), kind: 'no-credentials' },
    { error: sdkError('ExpiredToken', 'The security token included in the request is expired', 403), kind: 'expired-credentials' },
    { error: sdkError('ExpiredTokenException', 'expired', 403), kind: 'expired-credentials' },
    { error: sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403), kind: 'invalid-token' },
    { error: sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403), kind: 'invalid-token' },
    { error: sdkError('AccessDenied', 'not authorized to perform: cloudwatch:GetMetricData', 403), kind: 'access-denied' },
    { error: sdkError('AccessDeniedException', 'not authorized', 403), kind: 'access-denied' },
    { error: sdkError('Throttling', 'Rate exceeded', 400), kind: 'throttled' },
    { error: sdkError('TooManyRequestsException', 'Rate exceeded', 429), kind: 'throttled' },
    { error: sdkError('NoSuchMonitoringSubscription', 'none', 404), kind: 'not-found' },
    { error: sdkError('ResourceNotFoundException', 'Function not found', 404), kind: 'not-found' },
    { error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), kind: 'network' },
    { error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), kind: 'network' },
    { error: sdkError('InternalFailure', 'boom', 500), kind: 'other' },
  ])('$error.name → $kind', ({ error, kind }) => {
    expect(classifyAwsError(error)).toBe(kind);
  });
});

describe('fatalAwsError', () => {
  it.each([
    {
      error: sdkError('AccessDenied', 'User x is not authorized', 403),
      action: 'cloudfront:ListDistributions',
      message: /access denied: cloudfront:ListDistributions in us-east-1/,
      hint: /allow cloudfront:ListDistributions/,
    },
    {
      error: sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
      action: 'cloudfront:ListDistributions',
      message: /no AWS credentials found/,
      hint: /--profile/,
    },
    { error: sdkError('ExpiredToken', 'expired', 403), action: 'lambda:ListFunctions', message: /credentials have expired/, hint: /refresh/ },
    { error: sdkError('InvalidClientTokenId', 'invalid', 403), action: 'cloudfront:ListDistributions', message: /not valid in us-east-1/, hint: /access key/ },
  ])('$error.name → exit 3 naming the action', ({ error, action, message, hint }) => {
    const fatal = fatalAwsError(error, action, 'us-east-1');
    expect(fatal).toBeInstanceOf(AwsError);
    expect(fatal.exitCode).toBe(EXIT_AWS);
    expect(fatal.action).toBe(action);
    expect(fatal.message).toMatch(message);
    expect(fatal.hint).toMatch(hint);
  });

  it('describes errors in one line without a stack', () => {
    expect(describeAwsError(sdkError('AccessDenied', 'line one\n    at stack', 403))).toBe('AccessDenied: line one');
    expect(describeAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }))).toBe(
      'network error: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:9)',
    );
  });
});

describe('retry settings', () => {
  it.each([
    { env: {}, expected: { maxAttempts: 6, retryMode: 'adaptive' } },
    // the SDK reads these itself; passing a value would override them
    { env: { AWS_MAX_ATTEMPTS: '10' }, expected: { retryMode: 'adaptive' } },
    { env: { AWS_RETRY_MODE: 'standard' }, expected: { maxAttempts: 6 } },
    { env: { EDGECOST_RETRY_BASE_DELAY_MS: '2' }, expected: { maxAttempts: 6, retryMode: 'adaptive', baseDelayMs: 2 } },
    { env: { EDGECOST_RETRY_BASE_DELAY_MS: '2', AWS_MAX_ATTEMPTS: '3' }, expected: { maxAttempts: 3, retryMode: 'adaptive', baseDelayMs: 2 } },
  ])('$env', ({ env, expected }) => {
    expect(retrySettingsFromEnv(env)).toEqual(expected);
  });

  it('backs off base × 2^n for throttling and gives up on client errors or after maxAttempts', async () => {
    const strategy = new FixedBackoffRetryStrategy(3, 10);
    const first = await strategy.acquireInitialRetryToken();
    const second = await strategy.refreshRetryTokenForRetry(first, { errorType: 'THROTTLING' });
    expect([second.getRetryCount(), second.getRetryDelay()]).toEqual([1, 10]);
    const third = await strategy.refreshRetryTokenForRetry(second, { errorType: 'TRANSIENT' });
    expect([third.getRetryCount(), third.getRetryDelay()]).toEqual([2, 20]);
    await expect(strategy.refreshRetryTokenForRetry(third, { errorType: 'THROTTLING' })).rejects.toThrow();
    await expect(strategy.refreshRetryTokenForRetry(first, { errorType: 'CLIENT_ERROR' })).rejects.toThrow();
  });
});

describe('toFunctionConfig', () => {
  it('keeps what the quota rules need and never an environment value', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:api';
    const config = toFunctionConfig(
      {
        FunctionName: 'api',
        FunctionArn: `${arn}:4`,
        Version: '4',
        MemorySize: 256,
        Timeout: 10,
        CodeSize: 1_500_000,
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        PackageType: 'Zip',
        Environment: { Variables: { TOKEN: 'secret-value', A: '1' } },
        Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:x:1' }],
        VpcConfig: { SubnetIds: [], SecurityGroupIds: [], VpcId: '' },
        TracingConfig: { Mode: 'Active' },
        DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' },
        EphemeralStorage: { Size: 1024 },
      },
      configKey(arn, '4'),
    );
    expect(config).toEqual({
      key: `${arn}:4`,
      functionName: 'api',
      functionArn: arn,
      version: '4',
      accountId: '123456789012',
      region: 'us-east-1',
      memoryMB: 256,
      timeoutSec: 10,
      codeSizeBytes: 1_500_000,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      packageType: 'Zip',
      environmentVariableNames: ['A', 'TOKEN'],
      layerArns: ['arn:aws:lambda:us-east-1:123456789012:layer:x:1'],
      // an empty VpcConfig object is not a VPC
      vpcConfigured: false,
      tracingMode: 'Active',
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq',
      ephemeralStorageMB: 1024,
      resource: `${arn}:4`,
    });
    expect(JSON.stringify(config)).not.toContain('secret-value');
  });
});

describe('dayOfBin', () => {
  const w = { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z', days: 31 };
  it.each([
    { value: '2026-10-01 00:00:00.000', day: 0 },
    { value: '2026-10-31 00:00:00.000', day: 30 },
    { value: '2026-11-01 00:00:00.000', day: undefined },
    { value: 'not a date', day: undefined },
  ])('$value → $day', ({ value, day }) => {
    expect(dayOfBin(w, value)).toBe(day);
  });
});
