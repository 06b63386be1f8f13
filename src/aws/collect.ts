import { AwsError, UsageError } from '../errors.js';
import { type Distribution, type FunctionConfig, parseLambdaArn } from '../model/inventory.js';
import {
  type DistributionMetrics,
  type RegionStatus,
  SNAPSHOT_KIND,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
  type TimeWindow,
  type UsageSeries,
} from '../model/snapshot.js';
import { windowDates } from '../model/window.js';
import { loadPricing } from '../pricing/sheet.js';
import { listDistributions, readMonitoringSubscriptions } from './cloudfront.js';
import { AwsClients, type RetrySettings, retrySettingsFromEnv } from './clients.js';
import { listReplicaVersionMetrics, runMetricQueries } from './cloudwatch.js';
import { classifyAwsError, describeAwsError, fatalAwsError, isCredentialFailure } from './failures.js';
import { configKey, fetchFunctionConfigs, listReplicas, type WantedFunction } from './lambda.js';
import { type LogsPolling, queryExactUsage } from './logs.js';
import {
  assembleTargets,
  choosePeriodSeconds,
  type DailyValues,
  dailySeries,
  type ListedVersions,
  type MetricQuery,
  planReplicaQueries,
  planReplicaTargets,
  type ReplicaField,
  type ReplicaTarget,
  subtractSeries,
  sumSeries,
} from './metrics.js';
import { mapWithConcurrency } from './pool.js';
import { attachCloudFormationTags } from './tags.js';
import { COMMERCIAL_REGIONS, EDGE_HOME_REGION, isRegionName, REGIONAL_EDGE_CACHE_REGIONS } from './regions.js';

export interface CollectOptions {
  window: TimeWindow;
  /** The clock: days starting at or after it are unknown (null), and CloudWatch retention is measured from it. */
  now: Date;
  /** Region of the CloudFront control-plane calls. */
  homeRegion: string;
  profile?: string;
  /** Regions where replica metrics are read: a list, 'all' (discovered), or the 13 regional-edge-cache regions. */
  regions?: string[] | 'all';
  /** Regions read at once. */
  concurrency: number;
  /** Exact billed durations from CloudWatch Logs Insights. */
  exact: boolean;
  distributionIds?: string[];
  functionNames?: string[];
  onProgress?: (message: string) => void;
  /** Clients to use (tests and the bench read their call counts); created and destroyed here otherwise. */
  clients?: AwsClients;
  /** Retry settings; default from AWS_MAX_ATTEMPTS / AWS_RETRY_MODE / EDGECOST_RETRY_BASE_DELAY_MS. */
  retry?: RetrySettings;
  /** Logs Insights polling; default every 1 s (EDGECOST_LOGS_POLL_MS), at most 120 polls. */
  logsPolling?: Partial<LogsPolling>;
  /**
   * Billing granularity of the price sheet, ms: with `exact`, a log group's billed total is split
   * between versions by their durations plus half of it per invocation. Default: the bundled sheet's.
   */
  billingGranularityMs?: number;
}

const DEFAULT_LOGS_POLLING: LogsPolling = { intervalMs: 1_000, maxPolls: 120 };

/** A function the distributions run, with the versions they name. */
interface SelectedFunction {
  functionName: string;
  unqualifiedArn: string;
  accountId: string;
  region: string;
  qualifiers: Set<string>;
}

interface RegionOutcome {
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
    throw error instanceof RegionCallError ? error : new RegionCallError(action, error);
  }
}

interface Context {
  options: CollectOptions;
  aws: AwsClients;
  periodSeconds: number;
  functions: SelectedFunction[];
  logsPolling: LogsPolling;
  progress: Progress;
  /** The price sheet's billing granularity (ms), read on first use. */
  billingGranularityMs: () => number;
}

/**
 * Reads one window of a live account into a snapshot: distributions and their Lambda@Edge
 * associations (CloudFront), the configuration of each associated version (Lambda), daily replica
 * metrics per region and version (CloudWatch), distribution requests and cache-hit rate, and with
 * `exact` the billed durations from Logs Insights, and the CloudFormation tags (src/aws/tags.ts). A region that fails is marked failed and its
 * usage left out (unknown, never zero); when no region answers at all, AwsError names the failing
 * IAM actions and regions (a snapshot would price as $0). Credential and home-region permission
 * errors throw AwsError. Nothing is written to AWS.
 */
export async function collectSnapshot(options: CollectOptions): Promise<Snapshot> {
  const { window, now } = options;
  const periodSeconds = choosePeriodSeconds(window, now);
  const explicitRegions = options.regions === 'all' ? undefined : validateRegions(options.regions ?? [...REGIONAL_EDGE_CACHE_REGIONS]);
  const aws = options.clients ?? new AwsClients({ profile: options.profile, retry: options.retry ?? retrySettingsFromEnv(process.env) });
  const progress = new Progress(options.onProgress, () => aws.stats.totalCalls);
  const warnings: string[] = [];
  try {
    // Inventory: distributions, then the functions they run.
    const listed = await listDistributions(aws, options.homeRegion);
    const distributions = selectDistributions(listed, options, warnings);
    const functions = selectFunctions(distributions, warnings);
    const ctx: Context = {
      options,
      aws,
      periodSeconds,
      functions,
      logsPolling: { ...DEFAULT_LOGS_POLLING, ...envPolling(), ...options.logsPolling },
      progress,
      billingGranularityMs: once(() => options.billingGranularityMs ?? loadPricing().rates.billingGranularityMs),
    };

    const wanted: WantedFunction[] = functions.map((fn) => ({ unqualifiedArn: fn.unqualifiedArn, functionName: fn.functionName, region: fn.region, qualifiers: fn.qualifiers }));
    const [configs, distributionMetrics, regionOutcomes] = await Promise.all([
      fetchFunctionConfigs(aws, wanted),
      collectDistributionMetrics(ctx, distributions),
      collectRegions(ctx, explicitRegions),
    ]);
    // Every region read failed: the usage is unknown, and a snapshot of it would price as $0.
    if (regionOutcomes.some((o) => o.status.status === 'failed') && !regionOutcomes.some((o) => o.status.status === 'ok')) {
      throw noRegionAnswered(regionOutcomes);
    }
    warnings.push(...configs.warnings, ...distributionMetrics.warnings);

    // Associations point at the configuration they run.
    for (const distribution of distributions) {
      for (const behavior of distribution.behaviors) {
        for (const association of behavior.lambdaAssociations) {
          const parsed = association.functionArn ? parseLambdaArn(association.functionArn) : undefined;
          if (!parsed) continue;
          const key = configKey(parsed.unqualifiedArn, parsed.qualifier ?? '$LATEST');
          if (configs.configs.has(key)) association.functionKey = key;
          else association.unresolvedReason = configs.unresolved.get(key) ?? 'the function configuration was not read';
        }
      }
    }

    const usage = regionOutcomes.flatMap((outcome) => outcome.usage);
    for (const outcome of regionOutcomes) warnings.push(...outcome.warnings);

    // Versions that ran in the window without being associated now still need their memory size.
    const inventoryFunctions: FunctionConfig[] = [...configs.configs.values()];
    const extra = unconfiguredVersions(usage, functions, configs.configs);
    if (extra.length > 0) {
      const more = await fetchFunctionConfigs(aws, extra);
      inventoryFunctions.push(...more.configs.values());
      for (const [key, reason] of more.unresolved) warnings.push(`${key} ran in the window but its configuration could not be read (${reason}); its cost is unknown`);
      warnings.push(...more.warnings);
    }

    // CloudFormation tags, by which `edgecost diff` matches templates (src/aws/tags.ts)
    warnings.push(...(await attachCloudFormationTags(aws, inventoryFunctions, distributions)));

    const dates = windowDates(window);
    const futureDay = dates.findIndex((_, day) => Date.parse(window.start) + day * 86_400_000 >= now.getTime());
    if (futureDay >= 0) warnings.push(`the window's days from ${dates[futureDay]} on have not happened yet: their usage is unknown (null)`);

    const accountId = distributions.find((d) => d.accountId)?.accountId ?? functions[0]?.accountId;
    const snapshot: Snapshot = {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      kind: SNAPSHOT_KIND,
      generatedAt: now.toISOString(),
      source: { type: 'aws', ...(accountId ? { accountId } : {}), region: options.homeRegion, tool: 'edgecost collect' },
      window,
      ...(options.exact ? { exact: true } : {}),
      inventory: { distributions, functions: inventoryFunctions.sort((a, b) => a.key.localeCompare(b.key, 'en')) },
      usage,
      distributionMetrics: distributionMetrics.metrics,
      regions: regionOutcomes.map((outcome) => ({ ...outcome.status, ...(accountId ? { accountId } : {}) })),
      warnings,
    };
    return snapshot;
  } finally {
    progress.finish();
    if (!options.clients) aws.destroy();
  }
}

function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: compute() };
    return value.v;
  };
}

/**
 * The AwsError (exit 3) of a collection where no region answered: each failing IAM action with the
 * regions it failed in and AWS's answer, e.g. `access denied: cloudwatch:GetMetricData in
 * eu-west-1, us-east-1 (AccessDenied: …)`.
 */
function noRegionAnswered(outcomes: readonly RegionOutcome[]): AwsError {
  const groups = new Map<string, { action: string; kind: ReturnType<typeof classifyAwsError>; regions: string[]; error: unknown }>();
  for (const outcome of outcomes) {
    if (outcome.status.status !== 'failed') continue;
    const action = outcome.failure?.action ?? 'cloudwatch:GetMetricData';
    const error = outcome.failure?.error ?? outcome.status.error;
    const kind = classifyAwsError(error);
    const key = `${action}|${kind}`;
    const group = groups.get(key) ?? { action, kind, regions: [], error };
    group.regions.push(outcome.status.region);
    groups.set(key, group);
  }
  const ordered = [...groups.values()].sort((a, b) => b.regions.length - a.regions.length || a.action.localeCompare(b.action, 'en'));
  const parts = ordered.map(({ action, kind, regions, error }) => {
    const where = regions.join(', ');
    const detail = describeAwsError(error);
    switch (kind) {
      case 'access-denied':
        return `access denied: ${action} in ${where} (${detail})`;
      case 'invalid-token':
        return `${action} in ${where}: the credentials are not valid there (${detail})`;
      case 'network':
        return `cannot reach AWS for ${action} in ${where}: ${detail}`;
      default:
        return `${action} failed in ${where}: ${detail}`;
    }
  });
  const denied = [...new Set(ordered.filter((g) => g.kind === 'access-denied').map((g) => g.action))];
  const hints = [
    ...(denied.length > 0 ? [`allow ${denied.join(' and ')} for this identity (docs/iam-policy.json lists every action edgecost calls)`] : []),
    ...(ordered.some((g) => g.kind === 'network') ? ['check the network, proxy settings and AWS_ENDPOINT_URL'] : []),
    ...(ordered.some((g) => g.kind === 'throttled') ? ['retry later, or raise AWS_MAX_ATTEMPTS'] : []),
    ...(ordered.some((g) => g.kind === 'invalid-token') ? ['check the access key / profile, and that the regions are enabled for the account'] : []),
  ];
  const first = ordered[0];
  const allRegions = ordered.flatMap((g) => g.regions);
  return new AwsError(`${parts.join('; ')}: no region answered, so the usage is unknown (not $0) and no snapshot was made`, {
    ...(first ? { action: first.action } : {}),
    ...(allRegions.length === 1 ? { region: allRegions[0] } : {}),
    ...(first ? { cause: first.error } : {}),
    ...(hints.length > 0 ? { hint: hints.join('; ') } : {}),
  });
}

function validateRegions(regions: readonly string[]): string[] {
  const unique = [...new Set(regions.map((r) => r.trim()).filter(Boolean))];
  if (unique.length === 0) throw new UsageError('--regions needs at least one region, or "all"');
  for (const region of unique) {
    if (!isRegionName(region)) throw new UsageError(`--regions: "${region}" is not an AWS region name (e.g. eu-west-1)`);
  }
  return unique;
}

function envPolling(): Partial<LogsPolling> {
  const interval = Number(process.env.EDGECOST_LOGS_POLL_MS);
  return process.env.EDGECOST_LOGS_POLL_MS !== undefined && Number.isFinite(interval) && interval >= 0 ? { intervalMs: interval } : {};
}

/**
 * Distributions kept in the snapshot: those named by --distribution, else those that run edge code
 * (Lambda@Edge or CloudFront Functions); with --function, only associations of those functions.
 */
function selectDistributions(all: Distribution[], options: CollectOptions, warnings: string[]): Distribution[] {
  let selected = all;
  if (options.distributionIds && options.distributionIds.length > 0) {
    const wanted = new Set(options.distributionIds);
    selected = all.filter((d) => wanted.has(d.id));
    for (const id of wanted) if (!all.some((d) => d.id === id)) warnings.push(`distribution ${id} was not found in the account`);
  } else {
    selected = all.filter((d) => d.behaviors.some((b) => b.lambdaAssociations.length > 0 || b.functionAssociations.length > 0));
  }
  if (options.functionNames && options.functionNames.length > 0) {
    const names = new Set(options.functionNames);
    let dropped = 0;
    selected = selected.flatMap((distribution) => {
      const behaviors = distribution.behaviors.map((behavior) => {
        const kept = behavior.lambdaAssociations.filter((a) => {
          const name = a.functionArn ? parseLambdaArn(a.functionArn)?.functionName : undefined;
          return name !== undefined && names.has(name);
        });
        dropped += behavior.lambdaAssociations.length - kept.length;
        return { ...behavior, lambdaAssociations: kept };
      });
      return behaviors.some((b) => b.lambdaAssociations.length > 0) ? [{ ...distribution, behaviors }] : [];
    });
    if (dropped > 0) warnings.push(`--function: ${dropped} association(s) of other functions left out of the snapshot`);
    for (const name of names) {
      if (!selected.some((d) => d.behaviors.some((b) => b.lambdaAssociations.some((a) => a.functionArn && parseLambdaArn(a.functionArn)?.functionName === name)))) {
        warnings.push(`function ${name} is not associated with any selected distribution`);
      }
    }
  }
  return selected;
}

function selectFunctions(distributions: Distribution[], warnings: string[]): SelectedFunction[] {
  const functions = new Map<string, SelectedFunction>();
  for (const distribution of distributions) {
    for (const behavior of distribution.behaviors) {
      for (const association of behavior.lambdaAssociations) {
        const parsed = association.functionArn ? parseLambdaArn(association.functionArn) : undefined;
        if (!parsed) {
          association.unresolvedReason = `not a Lambda function ARN: ${association.functionArn ?? '(none)'}`;
          warnings.push(`distribution ${distribution.id} (${behavior.pathPattern}, ${association.eventType}): ${association.unresolvedReason}`);
          continue;
        }
        let fn = functions.get(parsed.unqualifiedArn);
        if (!fn) {
          fn = { functionName: parsed.functionName, unqualifiedArn: parsed.unqualifiedArn, accountId: parsed.accountId, region: parsed.region, qualifiers: new Set() };
          functions.set(parsed.unqualifiedArn, fn);
        }
        fn.qualifiers.add(parsed.qualifier ?? '$LATEST');
      }
    }
  }
  return [...functions.values()].sort((a, b) => a.functionName.localeCompare(b.functionName, 'en'));
}

// ---------------------------------------------------------------- regions

async function collectRegions(ctx: Context, explicit: string[] | undefined): Promise<RegionOutcome[]> {
  const { options } = ctx;
  let regions: string[];
  const skipped: RegionOutcome[] = [];
  if (ctx.functions.length === 0) {
    const names = explicit ?? [...COMMERCIAL_REGIONS];
    return names.map((region) => ({ status: { region, status: 'skipped', error: 'no Lambda@Edge function selected' }, usage: [], warnings: [] }));
  }
  if (explicit) {
    regions = explicit;
  } else {
    const found = await discoverRegions(ctx);
    regions = found.regions;
    skipped.push(...found.skipped);
  }
  ctx.progress.setRegions(regions.length);
  const outcomes = await mapWithConcurrency(regions, options.concurrency, async (region) => {
    const outcome = await collectRegion(ctx, region);
    ctx.progress.regionDone();
    return outcome;
  });
  return [...outcomes, ...skipped].sort((a, b) => a.status.region.localeCompare(b.status.region, 'en'));
}

/** `--regions all`: the regions where Lambda lists replicas of the selected functions. */
async function discoverRegions(ctx: Context): Promise<{ regions: string[]; skipped: RegionOutcome[] }> {
  const names = new Set(ctx.functions.map((fn) => fn.functionName));
  const skipped: RegionOutcome[] = [];
  const regions: string[] = [];
  const found = await mapWithConcurrency(COMMERCIAL_REGIONS, Math.max(ctx.options.concurrency, 4), async (region) => {
    try {
      const replicas = await listReplicas(ctx.aws, region);
      return { region, has: [...replicas.keys()].some((name) => names.has(name)) };
    } catch (error) {
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

async function collectRegion(ctx: Context, region: string): Promise<RegionOutcome> {
  try {
    return await readRegion(ctx, region);
  } catch (thrown) {
    const { action, error } = thrown instanceof RegionCallError ? thrown : { action: 'cloudwatch:GetMetricData', error: thrown };
    if (isCredentialFailure(error)) throw fatalAwsError(error, action, region);
    const kind = classifyAwsError(error);
    const reason = describeAwsError(error);
    const error_ = kind === 'invalid-token' ? `${reason} (is the region enabled for this account?)` : reason;
    return { status: { region, status: 'failed', error: error_ }, usage: [], warnings: [], failure: { action, error } };
  }
}

async function readRegion(ctx: Context, region: string): Promise<RegionOutcome> {
  const { options, aws, periodSeconds } = ctx;
  const { window, now } = options;
  const warnings: string[] = [];
  const byName = new Map(ctx.functions.map((fn) => [fn.functionName, fn]));
  let listed: ListedVersions;
  try {
    listed = await listReplicaVersionMetrics(aws, region, new Set(byName.keys()));
  } catch (error) {
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
  const values = assembleTargets(window, now, targets, queries, points);

  const usage: UsageSeries[] = [];
  const seriesOf = (target: ReplicaTarget, fields: Map<ReplicaField, DailyValues>): UsageSeries => {
    const fn = byName.get(target.functionName)!;
    const concurrency = fields.get('concurrentExecutionsMax');
    return {
      functionName: fn.functionName,
      functionArn: fn.unqualifiedArn,
      ...(target.version === undefined ? {} : { version: target.version }),
      accountId: fn.accountId,
      region,
      invocations: fields.get('invocations')!,
      durationSumMs: fields.get('durationSumMs')!,
      durationMaxMs: fields.get('durationMaxMs')!,
      errors: fields.get('errors')!,
      throttles: fields.get('throttles')!,
      ...(concurrency ? { concurrentExecutionsMax: concurrency } : {}),
    };
  };

  // Per-version reads come with a function-level guard: invocations it counts beyond the versions'
  // sum belong to versions not read per version, and get a version-less series of their own. Its
  // peak concurrency is not known (the function-level maximum also counts the versions' peaks), so
  // it has no ConcurrentExecutions series.
  const residualNeeded: { target: ReplicaTarget; invocations: DailyValues; parts: Map<ReplicaField, DailyValues>[] }[] = [];
  const versionValues = new Map<string, Map<ReplicaField, DailyValues>[]>();
  targets.forEach((target, index) => {
    if (target.guard || target.version === undefined) return;
    versionValues.set(target.functionName, [...(versionValues.get(target.functionName) ?? []), values[index]!]);
  });
  targets.forEach((target, index) => {
    const fields = values[index]!;
    if (target.guard) {
      const parts = versionValues.get(target.functionName) ?? [];
      const residual = subtractSeries(fields.get('invocations')!, parts.map((p) => p.get('invocations')!));
      if (sumSeries(residual) > 0) residualNeeded.push({ target, invocations: residual, parts });
      return;
    }
    const fn = byName.get(target.functionName)!;
    const associated = target.version === undefined || fn.qualifiers.has(target.version);
    const series = seriesOf(target, fields);
    if (associated || hasAnyValue(series)) usage.push(series);
  });
  if (residualNeeded.length > 0) {
    const residualTargets: ReplicaTarget[] = residualNeeded.map(({ target }) => ({ ...target, guard: false, fields: ['durationSumMs', 'durationMaxMs', 'errors', 'throttles'] }));
    const residualQueries = planReplicaQueries(residualTargets);
    const residualPoints = await regionCall('cloudwatch:GetMetricData', () => runMetricQueries(aws, region, window, periodSeconds, residualQueries));
    const residualValues = assembleTargets(window, now, residualTargets, residualQueries, residualPoints);
    residualNeeded.forEach(({ target, invocations, parts }, i) => {
      const total = residualValues[i]!;
      const fields = new Map<ReplicaField, DailyValues>([
        ['invocations', invocations],
        ['durationSumMs', subtractSeries(total.get('durationSumMs')!, parts.map((p) => p.get('durationSumMs')!))],
        // The function-level maximum bounds the unattributed invocations' maximum.
        ['durationMaxMs', total.get('durationMaxMs')!.map((max, day) => ((invocations[day] ?? 0) > 0 ? max : 0))],
        ['errors', subtractSeries(total.get('errors')!, parts.map((p) => p.get('errors')!))],
        ['throttles', subtractSeries(total.get('throttles')!, parts.map((p) => p.get('throttles')!))],
      ]);
      usage.push(seriesOf({ ...target, version: undefined }, fields));
      warnings.push(
        `${sumSeries(invocations)} invocations of ${target.functionName} in ${region} have no per-version metrics; they are recorded without a version`,
      );
    });
  }

  if (options.exact) warnings.push(...(await regionCall('logs:StartQuery', () => addExactDurations(ctx, region, usage))));
  usage.sort((a, b) => a.functionName.localeCompare(b.functionName, 'en') || versionOrder(a.version) - versionOrder(b.version));
  return { status: { region, status: 'ok' }, usage, warnings };
}

function versionOrder(version: string | undefined): number {
  return version === undefined ? Number.MAX_SAFE_INTEGER : Number(version);
}

function hasAnyValue(series: UsageSeries): boolean {
  return [series.invocations, series.errors ?? [], series.throttles ?? []].some((values) => values.some((v) => v !== null && v > 0));
}

/**
 * Attaches Logs Insights billed durations to the region's series. Logs are per function (all
 * versions share the log group): when several series of a function ran on one day, the day's
 * exact total is split by their estimated billed durations, and a warning says so.
 */
async function addExactDurations(ctx: Context, region: string, usage: UsageSeries[]): Promise<string[]> {
  const warnings: string[] = [];
  const ran = [...new Set(usage.filter((s) => sumSeries(s.invocations) > 0).map((s) => s.functionName))];
  if (ran.length === 0) return warnings;
  let exact: Awaited<ReturnType<typeof queryExactUsage>>;
  try {
    exact = await queryExactUsage(ctx.aws, region, ctx.options.window, ran, ctx.logsPolling);
  } catch (error) {
    if (isCredentialFailure(error)) throw error;
    return [`exact billed durations in ${region} are unknown (${describeAwsError(error)}); the estimate is used there`];
  }
  warnings.push(...exact.warnings);
  for (const functionName of ran) {
    const series = usage.filter((s) => s.functionName === functionName);
    const logs = exact.byFunction.get(functionName);
    let split = false;
    let missingDays = 0;
    for (const s of series) s.billedDurationSumMs = s.invocations.map((v) => (v === null ? null : 0));
    for (let day = 0; day < ctx.options.window.days; day++) {
      const running = series.filter((s) => (s.invocations[day] ?? 0) > 0);
      if (running.length === 0) continue;
      const billed = logs?.billedMsByDay.get(day);
      if (billed === undefined) {
        for (const s of running) s.billedDurationSumMs![day] = null;
        missingDays++;
        continue;
      }
      if (running.length === 1) {
        running[0]!.billedDurationSumMs![day] = billed;
        continue;
      }
      split = true;
      // Expected billed duration: each invocation rounds up by half the granularity on average.
      const halfGranularityMs = ctx.billingGranularityMs() / 2;
      const estimates = running.map((s) => (s.durationSumMs[day] ?? 0) + halfGranularityMs * (s.invocations[day] ?? 0));
      const total = estimates.reduce((a, b) => a + b, 0);
      running.forEach((s, i) => {
        s.billedDurationSumMs![day] = total > 0 ? (billed * estimates[i]!) / total : billed / running.length;
      });
    }
    if (logs?.maxMemoryUsedMB !== undefined) for (const s of series) s.maxMemoryUsedMB = logs.maxMemoryUsedMB;
    if (split) warnings.push(`${functionName} in ${region}: several versions ran on the same day; the exact billed duration of the log group is split between them by their estimated durations`);
    if (missingDays > 0) warnings.push(`${functionName} in ${region}: no REPORT log lines on ${missingDays} day(s) with invocations; those days use the estimate`);
  }
  return warnings;
}

/** Versions with usage whose configuration is not in the inventory yet. */
function unconfiguredVersions(usage: readonly UsageSeries[], functions: readonly SelectedFunction[], configs: ReadonlyMap<string, FunctionConfig>): WantedFunction[] {
  const wanted = new Map<string, { fn: SelectedFunction; qualifiers: Set<string> }>();
  for (const series of usage) {
    if (series.version === undefined || sumSeries(series.invocations) === 0) continue;
    const fn = functions.find((f) => f.functionName === series.functionName);
    if (!fn || configs.has(configKey(fn.unqualifiedArn, series.version))) continue;
    const entry = wanted.get(fn.unqualifiedArn) ?? { fn, qualifiers: new Set<string>() };
    entry.qualifiers.add(series.version);
    wanted.set(fn.unqualifiedArn, entry);
  }
  return [...wanted.values()].map(({ fn, qualifiers }) => ({ unqualifiedArn: fn.unqualifiedArn, functionName: fn.functionName, region: fn.region, qualifiers }));
}

// ---------------------------------------------------------------- distributions

/**
 * Daily viewer requests of each distribution and, when the additional-metrics subscription is on,
 * its cache-hit rate over the window (daily averages weighted by requests). CloudFront publishes
 * both in us-east-1 under `Region=Global`. A failed read leaves them unknown, with a warning.
 */
async function collectDistributionMetrics(ctx: Context, distributions: Distribution[]): Promise<{ metrics: DistributionMetrics[]; warnings: string[] }> {
  const { options, aws } = ctx;
  if (distributions.length === 0) return { metrics: [], warnings: [] };
  const ids = distributions.map((d) => d.id);
  const subscriptions = await readMonitoringSubscriptions(aws, options.homeRegion, ids);
  const queries: (MetricQuery & { distribution: number; kind: 'requests' | 'hitRate' })[] = [];
  ids.forEach((id, index) => {
    const dimensions = [
      { Name: 'DistributionId', Value: id },
      { Name: 'Region', Value: 'Global' },
    ];
    queries.push({ id: `r${index}`, namespace: 'AWS/CloudFront', metricName: 'Requests', dimensions, stat: 'Sum', distribution: index, kind: 'requests' });
    if (subscriptions.get(id)) {
      queries.push({ id: `h${index}`, namespace: 'AWS/CloudFront', metricName: 'CacheHitRate', dimensions, stat: 'Average', distribution: index, kind: 'hitRate' });
    }
  });
  const accountOf = (index: number) => distributions[index]?.accountId;
  let points: Map<string, { timestamp: number; value: number }[]>;
  try {
    points = await runMetricQueries(aws, EDGE_HOME_REGION, options.window, ctx.periodSeconds, queries);
  } catch (error) {
    if (isCredentialFailure(error)) throw fatalAwsError(error, 'cloudwatch:GetMetricData', EDGE_HOME_REGION);
    return {
      metrics: ids.map((id, index) => ({ distributionId: id, ...(accountOf(index) ? { accountId: accountOf(index) } : {}), monitoringSubscription: subscriptions.get(id) === true })),
      warnings: [`CloudFront distribution metrics could not be read in ${EDGE_HOME_REGION} (${describeAwsError(error)}); requests and cache-hit rates are unknown`],
    };
  }
  const metrics = ids.map((id, index): DistributionMetrics => {
    const requests = dailySeries(options.window, options.now, points.get(`r${index}`) ?? [], 'sum');
    const entry: DistributionMetrics = { distributionId: id, ...(accountOf(index) ? { accountId: accountOf(index) } : {}), requests, monitoringSubscription: subscriptions.get(id) === true };
    const hitRate = points.get(`h${index}`);
    if (hitRate && hitRate.length > 0) {
      const weighted = weightedHitRate(options.window, options.now, hitRate, requests);
      if (weighted !== undefined) entry.cacheHitRatePercent = weighted;
    }
    return entry;
  });
  return { metrics, warnings: [] };
}

/** Mean of daily CacheHitRate averages weighted by each day's requests (plain mean without requests). */
export function weightedHitRate(window: TimeWindow, now: Date, hitRate: readonly { timestamp: number; value: number }[], requests: DailyValues): number | undefined {
  const rates = dailySeries(window, now, hitRate, 'max');
  const present = new Set(hitRate.map((p) => Math.floor((p.timestamp - Date.parse(window.start)) / 86_400_000)));
  let weightSum = 0;
  let weighted = 0;
  let plain = 0;
  let count = 0;
  rates.forEach((rate, day) => {
    if (rate === null || !present.has(day)) return;
    const weight = requests[day] ?? 0;
    weighted += rate * weight;
    weightSum += weight;
    plain += rate;
    count++;
  });
  if (count === 0) return undefined;
  const value = weightSum > 0 ? weighted / weightSum : plain / count;
  return Math.min(100, Math.max(0, value));
}

// ---------------------------------------------------------------- progress

/** Progress lines: regions done, calls made, elapsed time; a few per second while collecting. */
class Progress {
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout | undefined;
  private regionsTotal = 0;
  private regionsDone = 0;

  constructor(
    private readonly emit: ((message: string) => void) | undefined,
    private readonly calls: () => number,
  ) {
    if (emit) {
      this.timer = setInterval(() => this.render(), 250);
      this.timer.unref();
    }
  }

  setRegions(total: number): void {
    this.regionsTotal = total;
    this.render();
  }

  regionDone(): void {
    this.regionsDone++;
    this.render();
  }

  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.render();
  }

  private render(): void {
    if (!this.emit) return;
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    const regions = this.regionsTotal > 0 ? `regions ${this.regionsDone}/${this.regionsTotal}, ` : '';
    this.emit(`collecting: ${regions}${this.calls()} calls, ${seconds} s`);
  }
}
