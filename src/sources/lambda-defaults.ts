/**
 * What Lambda uses when a template or plan leaves a setting out. These are facts, not guesses: a
 * function without `MemorySize` really gets 128 MB, so a viewer-event rule may judge it. Each value
 * carries where it is documented (checked with the project's reference search, 2026).
 */

export interface DocumentedDefault<T> {
  value: T;
  source: string;
}

export const LAMBDA_DEFAULTS = {
  memoryMB: {
    value: 128,
    // "The default setting, 128 MB, is the lowest possible setting." (Lambda developer guide);
    // the CloudFormation and SAM resource pages document the same default for MemorySize.
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html; https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html',
  },
  timeoutSec: {
    value: 3,
    // "The default value for this setting is 3 seconds" (Lambda developer guide).
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html; https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html',
  },
  architectures: {
    value: ['x86_64'],
    // SAM: "Architectures … Default: x86_64", passed directly to AWS::Lambda::Function.
    source: 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html',
  },
  ephemeralStorageMB: {
    value: 512,
    // "/tmp … was set at 512 MB for every function"; the configurable setting keeps 512 MB as the default.
    source: 'https://aws.amazon.com/blogs/compute/using-larger-ephemeral-storage-for-aws-lambda/',
  },
  packageType: {
    value: 'Zip',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html',
  },
  tracingMode: {
    value: 'PassThrough',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-tracingconfig.html',
  },
} as const satisfies Record<string, DocumentedDefault<unknown>>;
