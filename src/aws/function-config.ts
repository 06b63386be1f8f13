import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { type FunctionConfig, parseLambdaArn } from '../model/inventory.js';

/** A Lambda function configuration as edgecost keeps it, and its key. */

/** Largest page Lambda's list APIs return. */
export const LAMBDA_PAGE_SIZE = 50;

/** `<unqualified ARN>:<qualifier>`: how configurations are looked up. */
export function configKey(unqualifiedArn: string, qualifier: string): string {
  return `${unqualifiedArn}:${qualifier}`;
}

/** Plain inventory data from a Lambda FunctionConfiguration. Environment values are never kept. */
export function toFunctionConfig(configuration: FunctionConfiguration, key: string): FunctionConfig {
  const parsed = configuration.FunctionArn ? parseLambdaArn(configuration.FunctionArn) : undefined;
  const vpc = configuration.VpcConfig;
  const config: FunctionConfig = {
    key,
    functionName: configuration.FunctionName ?? parsed?.functionName ?? key,
    functionArn: parsed?.unqualifiedArn,
    version: configuration.Version,
    accountId: parsed?.accountId,
    region: parsed?.region,
    memoryMB: configuration.MemorySize,
    timeoutSec: configuration.Timeout,
    codeSizeBytes: configuration.CodeSize,
    runtime: configuration.Runtime,
    architectures: configuration.Architectures ? [...configuration.Architectures] : undefined,
    packageType: configuration.PackageType === 'Image' || configuration.PackageType === 'Zip' ? configuration.PackageType : undefined,
    environmentVariableNames: Object.keys(configuration.Environment?.Variables ?? {}).sort(),
    layerArns: (configuration.Layers ?? []).flatMap((layer) => (layer.Arn ? [layer.Arn] : [])),
    vpcConfigured: (vpc?.SubnetIds?.length ?? 0) > 0 || (vpc?.SecurityGroupIds?.length ?? 0) > 0 || Boolean(vpc?.VpcId),
    tracingMode: configuration.TracingConfig?.Mode,
    deadLetterTargetArn: configuration.DeadLetterConfig?.TargetArn,
    ephemeralStorageMB: configuration.EphemeralStorage?.Size,
    resource: key,
  };
  for (const name of Object.keys(config) as (keyof FunctionConfig)[]) {
    if (config[name] === undefined) delete config[name];
  }
  return config;
}
