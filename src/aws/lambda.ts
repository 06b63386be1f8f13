import { type FunctionConfig, parseLambdaArn, REPLICA_PREFIX } from '../model/inventory.js';
import type { AwsClients } from './clients.js';
import { classifyAwsError, describeAwsError, fatalAwsError } from './failures.js';
import { configKey, LAMBDA_PAGE_SIZE, toFunctionConfig } from './function-config.js';
import { PagingError, paginate } from './paging.js';
import { mapWithConcurrency } from './pool.js';
import { EDGE_HOME_REGION } from './regions.js';
import { type ListingPlan, listVersions, type VersionListing } from './version-listing.js';

/**
 * Lambda reads: function configurations of the versions the distributions run, and the replicas
 * present in a region. The Lambda control plane allows ~15 calls/s for these APIs, so the fewest
 * calls win: one ListFunctions page holds up to 50 versions of any functions, one
 * ListVersionsByFunction page up to 50 versions of one function, one GetFunctionConfiguration one.
 */

/** Calls to the Lambda control plane in flight at once. */
export const LAMBDA_CONCURRENCY = 8;
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

/**
 * Reads the configuration of every wanted function version with as few control-plane calls as
 * it can: for many functions, one account-wide ListFunctions(FunctionVersion=ALL) listing first
 * (`listing`, started before the distributions were known, for its region; else one started
 * here), spending at most half the calls the per-function path would; then, per function still
 * missing, ListVersionsByFunction when it needs several versions or GetFunctionConfiguration
 * for one. A `listing` whose region has few or no wanted functions is told to stop.
 */
export async function fetchFunctionConfigs(
  aws: AwsClients,
  wanted: readonly WantedFunction[],
  options: { listing?: VersionListing; concurrency?: number } = {},
): Promise<FunctionConfigsResult> {
  const result: FunctionConfigsResult = { configs: new Map(), unresolved: new Map(), warnings: [] };
  const byRegion = new Map<string, WantedFunction[]>();
  for (const fn of wanted) byRegion.set(fn.region, [...(byRegion.get(fn.region) ?? []), fn]);
  const { listing } = options;
  if (listing && (byRegion.get(listing.region)?.length ?? 0) < BULK_LIST_MIN_FUNCTIONS) listing.close();
  for (const [region, functions] of byRegion) {
    if (functions.length >= BULK_LIST_MIN_FUNCTIONS) await listAllVersions(aws, region, functions, result, listing?.region === region ? listing : undefined);
    const remaining = functions.filter((fn) => missingQualifiers(fn, result).length > 0);
    await mapWithConcurrency(remaining, options.concurrency ?? LAMBDA_CONCURRENCY, (fn) => readOneFunction(aws, fn, result));
  }
  return result;
}

function missingQualifiers(fn: WantedFunction, result: FunctionConfigsResult): string[] {
  return [...fn.qualifiers].filter((q) => {
    const key = configKey(fn.unqualifiedArn, q);
    return !result.configs.has(key) && !result.unresolved.has(key);
  });
}

async function listAllVersions(aws: AwsClients, region: string, functions: readonly WantedFunction[], result: FunctionConfigsResult, listing?: VersionListing): Promise<void> {
  const wantedKeys = functions.flatMap((fn) => [...fn.qualifiers].map((q) => configKey(fn.unqualifiedArn, q)));
  const plan: ListingPlan | undefined = wantedKeys.length === 0 ? undefined : { wanted: wantedKeys, pageBudget: Math.ceil(functions.length / 2) };
  try {
    const found = listing ? await listing.plan(plan) : plan ? await listVersions(aws, region, plan) : new Map();
    for (const [key, config] of found) result.configs.set(key, config);
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
