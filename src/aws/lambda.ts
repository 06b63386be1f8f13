import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { type FunctionConfig, parseLambdaArn, REPLICA_PREFIX } from '../model/inventory.js';
import type { AwsClients } from './clients.js';
import { classifyAwsError, describeAwsError, fatalAwsError } from './failures.js';
import { PagingError, paginate } from './paging.js';
import { mapWithConcurrency } from './pool.js';
import { EDGE_HOME_REGION } from './regions.js';

/**
 * Lambda reads: function configurations of the versions the distributions run, and the replicas
 * present in a region. The Lambda control plane allows ~15 calls/s for these APIs, so the fewest
 * calls win: one ListFunctions page holds up to 50 versions of any functions, one
 * ListVersionsByFunction page up to 50 versions of one function, one GetFunctionConfiguration one.
 */

/** Calls to the Lambda control plane in flight at once. */
export const LAMBDA_CONCURRENCY = 8;
/** Largest page Lambda's list APIs return. */
const LAMBDA_PAGE_SIZE = 50;
/** From this many functions on, one account-wide ListFunctions listing is tried first. */
const BULK_LIST_MIN_FUNCTIONS = 6;
/** Pages of one listing at most (50,000 versions): more is a server that never stops. */
const MAX_PAGES = 1_000;

/** The versions (or other qualifiers) of one function that are needed. */
export interface WantedFunction {
  /** `arn:aws:lambda:us-east-1:ACCT:function:NAME` */
  unqualifiedArn: string;
  functionName: string;
  region: string;
  qualifiers: ReadonlySet<string>;
}

export interface FunctionConfigsResult {
  /** By key `<unqualified ARN>:<qualifier>`. */
  configs: Map<string, FunctionConfig>;
  /** Keys that could not be read, with why. */
  unresolved: Map<string, string>;
  warnings: string[];
}

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

/**
 * Reads the configuration of every wanted function version with as few control-plane calls as
 * it can: for many functions, one account-wide ListFunctions(FunctionVersion=ALL) listing first,
 * spending at most half the calls the per-function path would; then, per function still
 * missing, ListVersionsByFunction when it needs several versions or GetFunctionConfiguration
 * for one.
 */
export async function fetchFunctionConfigs(aws: AwsClients, wanted: readonly WantedFunction[], concurrency = LAMBDA_CONCURRENCY): Promise<FunctionConfigsResult> {
  const result: FunctionConfigsResult = { configs: new Map(), unresolved: new Map(), warnings: [] };
  const byRegion = new Map<string, WantedFunction[]>();
  for (const fn of wanted) byRegion.set(fn.region, [...(byRegion.get(fn.region) ?? []), fn]);
  for (const [region, functions] of byRegion) {
    if (functions.length >= BULK_LIST_MIN_FUNCTIONS) await listAllVersions(aws, region, functions, result, Math.ceil(functions.length / 2));
    const remaining = functions.filter((fn) => missingQualifiers(fn, result).length > 0);
    await mapWithConcurrency(remaining, concurrency, (fn) => readOneFunction(aws, fn, result));
  }
  return result;
}

function missingQualifiers(fn: WantedFunction, result: FunctionConfigsResult): string[] {
  return [...fn.qualifiers].filter((q) => {
    const key = configKey(fn.unqualifiedArn, q);
    return !result.configs.has(key) && !result.unresolved.has(key);
  });
}

async function listAllVersions(aws: AwsClients, region: string, functions: readonly WantedFunction[], result: FunctionConfigsResult, pageBudget: number): Promise<void> {
  const wantedKeys = new Set(functions.flatMap((fn) => [...fn.qualifiers].map((q) => configKey(fn.unqualifiedArn, q))));
  if (wantedKeys.size === 0) return;
  try {
    await paginate({
      action: 'lambda:ListFunctions',
      region,
      maxPages: Number.MAX_SAFE_INTEGER,
      fetch: (marker: string | undefined) =>
        aws.call('lambda', region, 'ListFunctions', (client, sdk) =>
          client.send(new sdk.ListFunctionsCommand({ FunctionVersion: 'ALL', MaxItems: LAMBDA_PAGE_SIZE, Marker: marker })),
        ),
      next: (answer) => answer.NextMarker,
      onPage: (answer) => {
        for (const configuration of answer.Functions ?? []) {
          const parsed = configuration.FunctionArn ? parseLambdaArn(configuration.FunctionArn) : undefined;
          if (!parsed || !configuration.Version) continue;
          const key = configKey(parsed.unqualifiedArn, configuration.Version);
          if (!wantedKeys.delete(key)) continue;
          result.configs.set(key, toFunctionConfig(configuration, key));
        }
        // The budget spent (the per-function path reads the rest), or everything found.
        return wantedKeys.size > 0 && --pageBudget > 0;
      },
    });
  } catch (error) {
    if (error instanceof PagingError) throw fatalAwsError(error, 'lambda:ListFunctions', region);
    if (classifyAwsError(error) === 'access-denied') {
      result.warnings.push(`lambda:ListFunctions was denied in ${region}; function configurations were read one function at a time`);
      return;
    }
    throw fatalAwsError(error, 'lambda:ListFunctions', region);
  }
}

async function readOneFunction(aws: AwsClients, fn: WantedFunction, result: FunctionConfigsResult): Promise<void> {
  let missing = missingQualifiers(fn, result);
  if (missing.filter((q) => /^\d+$/.test(q)).length >= 2) {
    const needed = new Set(missing);
    try {
      await paginate({
        action: 'lambda:ListVersionsByFunction',
        region: fn.region,
        maxPages: MAX_PAGES,
        fetch: (marker: string | undefined) =>
          aws.call('lambda', fn.region, 'ListVersionsByFunction', (client, sdk) =>
            client.send(new sdk.ListVersionsByFunctionCommand({ FunctionName: fn.unqualifiedArn, MaxItems: LAMBDA_PAGE_SIZE, Marker: marker })),
          ),
        next: (answer) => answer.NextMarker,
        onPage: (answer) => {
          for (const configuration of answer.Versions ?? []) {
            if (!configuration.Version || !needed.delete(configuration.Version)) continue;
            const key = configKey(fn.unqualifiedArn, configuration.Version);
            result.configs.set(key, toFunctionConfig(configuration, key));
          }
          return needed.size > 0;
        },
      });
    } catch (error) {
      if (classifyAwsError(error) === 'not-found') {
        for (const q of needed) result.unresolved.set(configKey(fn.unqualifiedArn, q), `lambda:ListVersionsByFunction: ${describeAwsError(error)}`);
        return;
      }
      throw fatalAwsError(error, 'lambda:ListVersionsByFunction', fn.region);
    }
    missing = missingQualifiers(fn, result);
  }
  // Aliases, $LATEST and versions the listing did not show: one call each.
  for (const qualifier of missing) {
    const key = configKey(fn.unqualifiedArn, qualifier);
    try {
      const configuration = await aws.call('lambda', fn.region, 'GetFunctionConfiguration', (client, sdk) =>
        client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: fn.unqualifiedArn, Qualifier: qualifier })),
      );
      result.configs.set(key, toFunctionConfig(configuration, key));
    } catch (error) {
      if (classifyAwsError(error) === 'not-found') {
        result.unresolved.set(key, `lambda:GetFunctionConfiguration: ${describeAwsError(error)}`);
        continue;
      }
      throw fatalAwsError(error, 'lambda:GetFunctionConfiguration', fn.region);
    }
  }
}

/** Replicas of us-east-1 functions present in a region: function name (no prefix) → versions. */
export async function listReplicas(aws: AwsClients, region: string): Promise<Map<string, Set<string>>> {
  const replicas = new Map<string, Set<string>>();
  await paginate({
    action: 'lambda:ListFunctions',
    region,
    maxPages: MAX_PAGES,
    fetch: (marker: string | undefined) =>
      aws.call('lambda', region, 'ListFunctions', (client, sdk) =>
        client.send(new sdk.ListFunctionsCommand({ MasterRegion: EDGE_HOME_REGION, FunctionVersion: 'ALL', MaxItems: LAMBDA_PAGE_SIZE, Marker: marker })),
      ),
    next: (answer) => answer.NextMarker,
    onPage: (answer) => {
      for (const configuration of answer.Functions ?? []) {
        const name = configuration.FunctionName ?? '';
        const functionName = name.startsWith(REPLICA_PREFIX)
          ? name.slice(REPLICA_PREFIX.length)
          : configuration.MasterArn
            ? parseLambdaArn(configuration.MasterArn)?.functionName
            : undefined;
        if (!functionName) continue;
        let versions = replicas.get(functionName);
        if (!versions) {
          versions = new Set();
          replicas.set(functionName, versions);
        }
        if (configuration.Version) versions.add(configuration.Version);
      }
    },
  });
  return replicas;
}
