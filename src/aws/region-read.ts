import type { RegionStatus, UsageSeries } from '../model/snapshot.js';
import { assembleRegionUsage, compareSeries, identityOf, RESIDUAL_FIELDS, residualFields, usageSeries } from './assemble.js';
import { listReplicaVersionMetrics, runMetricQueries } from './cloudwatch.js';
import type { CollectContext } from './context.js';
import { addExactDurations } from './exact.js';
import { classifyAwsError, describeAwsError, fatalAwsError, isCredentialFailure, isFatal } from './failures.js';
import { listReplicas } from './lambda.js';
import { assembleTargets, type ListedVersions, planReplicaQueries, planReplicaTargets, type ReplicaTarget, sumSeries } from './metrics.js';
import { mapWithConcurrency } from './pool.js';
import { COMMERCIAL_REGIONS } from './regions.js';

/** The replica usage of each region: ListMetrics, GetMetricData and (with --exact) Logs Insights. */

export interface RegionOutcome {
  status: RegionStatus;
  usage: UsageSeries[];
  warnings: string[];
  /** For a failed region: the IAM action of the call that failed, and its error. */
  failure?: { action: string; error: unknown };
}

/** A call of a region's read failed: which IAM action it needed, and how it failed. */
class RegionCallError extends Error {
  constructor(
    readonly action: string,
    readonly error: unknown,
  ) {
    super(`${action}: ${describeAwsError(error)}`);
  }
}

async function regionCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof RegionCallError || isFatal(error) ? error : new RegionCallError(action, error);
  }
}

/** Reads every region (the explicit list, or those `--regions all` discovers), `concurrency` at once. */
export async function collectRegions(ctx: CollectContext, explicit: readonly string[] | undefined): Promise<RegionOutcome[]> {
  let regions: string[];
  const skipped: RegionOutcome[] = [];
  if (ctx.functions.length === 0) {
    const names = explicit ?? [...COMMERCIAL_REGIONS];
    return names.map((region) => ({ status: { region, status: 'skipped', error: 'no Lambda@Edge function selected' }, usage: [], warnings: [] }));
  }
  if (explicit) {
    regions = [...explicit];
  } else {
    const found = await discoverRegions(ctx);
    regions = found.regions;
    skipped.push(...found.skipped);
  }
  ctx.progress.setRegions(regions.length);
  const outcomes = await mapWithConcurrency(regions, ctx.concurrency, async (region) => {
    const outcome = await collectRegion(ctx, region);
    ctx.progress.regionDone();
    return outcome;
  });
  return [...outcomes, ...skipped].sort((a, b) => a.status.region.localeCompare(b.status.region, 'en'));
}

/** `--regions all`: the regions where Lambda lists replicas of the selected functions. */
async function discoverRegions(ctx: CollectContext): Promise<{ regions: string[]; skipped: RegionOutcome[] }> {
  const names = new Set(ctx.functions.map((fn) => fn.functionName));
  const skipped: RegionOutcome[] = [];
  const regions: string[] = [];
  const found = await mapWithConcurrency(COMMERCIAL_REGIONS, Math.max(ctx.concurrency, 4), async (region) => {
    try {
      const replicas = await listReplicas(ctx.aws, region);
      return { region, has: [...replicas.keys()].some((name) => names.has(name)) };
    } catch (error) {
      if (isFatal(error)) throw error;
      if (isCredentialFailure(error)) throw fatalAwsError(error, 'lambda:ListFunctions', region);
      return { region, error };
    }
  });
  for (const entry of found) {
    if ('error' in entry) {
      const kind = classifyAwsError(entry.error);
      if (kind === 'invalid-token') {
        skipped.push({ status: { region: entry.region, status: 'skipped', error: `not enabled for this account (${describeAwsError(entry.error)})` }, usage: [], warnings: [] });
      } else {
        skipped.push({
          status: { region: entry.region, status: 'failed', error: `lambda:ListFunctions: ${describeAwsError(entry.error)}` },
          usage: [],
          warnings: [],
          failure: { action: 'lambda:ListFunctions', error: entry.error },
        });
      }
    } else if (entry.has) {
      regions.push(entry.region);
    } else {
      skipped.push({ status: { region: entry.region, status: 'skipped', error: 'no replicas of the selected functions' }, usage: [], warnings: [] });
    }
  }
  return { regions, skipped };
}

/** One region: its usage, or `failed` with why (credential failures and edgecost's own AwsErrors end the run). */
async function collectRegion(ctx: CollectContext, region: string): Promise<RegionOutcome> {
  try {
    return await readRegion(ctx, region);
  } catch (thrown) {
    if (isFatal(thrown)) throw thrown;
    const { action, error } = thrown instanceof RegionCallError ? thrown : { action: 'cloudwatch:GetMetricData', error: thrown };
    if (isCredentialFailure(error)) throw fatalAwsError(error, action, region);
    const kind = classifyAwsError(error);
    const reason = describeAwsError(error);
    const error_ = kind === 'invalid-token' ? `${reason} (is the region enabled for this account?)` : reason;
    return { status: { region, status: 'failed', error: error_ }, usage: [], warnings: [], failure: { action, error } };
  }
}

async function readRegion(ctx: CollectContext, region: string): Promise<RegionOutcome> {
  const { aws, window, now, periodSeconds } = ctx;
  const warnings: string[] = [];
  const byName = new Map(ctx.functions.map((fn) => [fn.functionName, fn]));
  let listed: ListedVersions;
  try {
    listed = await listReplicaVersionMetrics(aws, region, new Set(byName.keys()));
  } catch (error) {
    if (isFatal(error)) throw error;
    if (classifyAwsError(error) !== 'access-denied') throw new RegionCallError('cloudwatch:ListMetrics', error);
    // Without the list, the per-version series are unknown: read every function at function level.
    listed = new Map();
    warnings.push(
      `cloudwatch:ListMetrics is denied in ${region} (${describeAwsError(error)}): its replica metrics are read per function (FunctionName), not per version; allow cloudwatch:ListMetrics to tell versions apart`,
    );
  }
  const targets = planReplicaTargets(
    ctx.functions.map((fn) => ({ functionName: fn.functionName, versions: [...fn.qualifiers] })),
    listed,
  );
  const queries = planReplicaQueries(targets);
  const points = await regionCall('cloudwatch:GetMetricData', () => runMetricQueries(aws, region, window, periodSeconds, queries));
  const { usage, residuals } = assembleRegionUsage(region, targets, assembleTargets(window, now, targets, queries, points), byName);

  // Invocations without per-version metrics get a version-less series of their own. Its peak
  // concurrency is not known (the function-level maximum also counts the versions' peaks).
  if (residuals.length > 0) {
    const residualTargets: ReplicaTarget[] = residuals.map(({ target }) => ({ ...target, guard: false, fields: RESIDUAL_FIELDS }));
    const residualQueries = planReplicaQueries(residualTargets);
    const residualPoints = await regionCall('cloudwatch:GetMetricData', () => runMetricQueries(aws, region, window, periodSeconds, residualQueries));
    const totals = assembleTargets(window, now, residualTargets, residualQueries, residualPoints);
    residuals.forEach(({ target, invocations, parts }, i) => {
      const fn = byName.get(target.functionName)!;
      usage.push(usageSeries(identityOf(fn, region, undefined), residualFields(invocations, totals[i]!, parts)));
      warnings.push(`${sumSeries(invocations)} invocations of ${target.functionName} in ${region} have no per-version metrics; they are recorded without a version`);
    });
  }

  if (ctx.exact) warnings.push(...(await regionCall('logs:StartQuery', () => addExactDurations(ctx, region, usage))));
  usage.sort(compareSeries);
  return { status: { region, status: 'ok' }, usage, warnings };
}
