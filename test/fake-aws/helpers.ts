// Real SDK clients pointed at a fake AWS, with a fast retry strategy (test-only helper).
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
// @smithy/core is an AWS SDK dependency (util-retry now lives in @smithy/core/retry).
import { ConfiguredRetryStrategy } from '@smithy/core/retry';

export const testCredentials = { accessKeyId: 'AKIDFAKEAWSTEST', secretAccessKey: 'fake-aws-secret' };

function config(url: string, region: string, maxAttempts: number) {
  return {
    region,
    endpoint: url,
    credentials: testCredentials,
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 10),
  };
}

export const cloudwatch = (url: string, region = 'us-east-1', maxAttempts = 3) => new CloudWatchClient(config(url, region, maxAttempts));
export const cloudfront = (url: string, maxAttempts = 3) => new CloudFrontClient(config(url, 'us-east-1', maxAttempts));
export const lambda = (url: string, region = 'us-east-1', maxAttempts = 3) => new LambdaClient(config(url, region, maxAttempts));
export const logs = (url: string, region = 'us-east-1', maxAttempts = 3) => new CloudWatchLogsClient(config(url, region, maxAttempts));

export const seconds = (iso: string): Date => new Date(iso);

/** Catch the rejection of a promise (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}
