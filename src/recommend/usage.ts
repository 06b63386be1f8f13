import { type EventBinding, type FunctionConfig, listEventBindings } from '../model/inventory.js';
import { Selection, type SelectionFlags } from '../model/selection.js';
import type { Snapshot } from '../model/snapshot.js';
import { FunctionConfigIndex, seriesTotals } from '../model/usage-config.js';
import { begunDays, coveredDays } from '../model/window.js';
import { DAYS_PER_MONTH, type LambdaEdgeCost, monthlyRunRate, priceLambdaEdge } from '../pricing/engine.js';
import type { Decimal } from '../pricing/money.js';
import type { Pricing } from '../pricing/sheet.js';
import { attribute, distributionTraffic } from '../report/attribution.js';

/**
 * Usage of each associated function version over the window, and the share of it each association
 * runs — the quantities every recommender prices. Series are matched to versions as the report
 * does (src/report/build.ts): per-version metrics to their version, otherwise to the newest version.
 */

export interface VersionUsage {
  config: FunctionConfig;
  invocations: number;
  /** Raw CloudWatch Duration sum, ms. */
  durationSumMs: number;
  /** Exact billed duration sum (collect --exact) when known for every day with invocations. */
  billedDurationSumMs?: number;
  maxDurationMs?: number;
  /** Max memory used over the window (Logs Insights), MB. */
  maxMemoryUsedMB?: number;
  /** Series-days that have begun by `now` and have no data (unknown, not zero). */
  unknownDays: number;
  /** Regions with a series for this version. */
  regions: Set<string>;
}

export interface AssociationUsage {
  binding: EventBinding;
  /** Undefined when the association's function configuration is not in the inventory. */
  version?: VersionUsage;
  /** Fraction of the version's usage this association runs. */
  share: number;
  /** How the share was decided, in words; undefined when the version has one association. */
  attribution?: string;
}

export interface UsageModel {
  snapshot: Snapshot;
  pricing: Pricing;
  windowDays: number;
  /** Days of the window that have happened by `now` (fractional for today): run-rates divide by these, as the report's do. */
  coveredDays: number;
  exact: boolean;
  /** Associations that pass the --distribution/--function filters. */
  associations: AssociationUsage[];
  /** Every association of the inventory (hit rates are derived from any of them). */
  allAssociations: AssociationUsage[];
  versions: Map<string, VersionUsage>;
  /** Viewer requests of each distribution summed over its known days (as the report counts them). */
  requestsByDistribution: Map<string, number>;
  /** Days that have begun without a request count, per distribution with a request series. */
  unknownRequestDaysByDistribution: Map<string, number>;
  /** CloudFront CacheHitRate, 0–1. */
  cacheHitRateByDistribution: Map<string, number>;
  failedRegions: string[];
}

export interface UsageOptions extends SelectionFlags {
  /** The `--distribution/--function` selection; built from `distributionIds/functionNames` when absent. */
  selection?: Selection;
  /** The clock: days after it cannot have data, and run-rates divide by the days covered up to it. */
  now: Date;
}

export function buildUsageModel(snapshot: Snapshot, pricing: Pricing, options: UsageOptions): UsageModel {
  const selection = options.selection ?? new Selection(options);
  const exact = snapshot.exact === true;
  const begun = begunDays(snapshot.window, options.now);
  const configIndex = new FunctionConfigIndex(snapshot.inventory.functions);

  const versions = new Map<string, VersionUsage>();
  const versionOf = (config: FunctionConfig): VersionUsage => {
    let usage = versions.get(config.key);
    if (!usage) {
      usage = { config, invocations: 0, durationSumMs: 0, billedDurationSumMs: exact ? 0 : undefined, unknownDays: 0, regions: new Set() };
      versions.set(config.key, usage);
    }
    return usage;
  };
  for (const fn of snapshot.inventory.functions) versionOf(fn);

  for (const series of snapshot.usage) {
    const { config } = configIndex.resolve(series);
    if (!config) continue;
    const usage = versionOf(config);
    usage.regions.add(series.region);
    const totals = seriesTotals(series, exact, begun);
    usage.unknownDays += totals.unknownDays;
    usage.invocations += totals.invocations;
    usage.durationSumMs += totals.durationSumMs;
    if (usage.billedDurationSumMs !== undefined) {
      // A version's exact total is known only while every series with invocations had it.
      if (totals.billedDurationSumMs !== undefined) usage.billedDurationSumMs += totals.billedDurationSumMs;
      else if (totals.invocations > 0) usage.billedDurationSumMs = undefined;
    }
    if (totals.durationMaxMs !== undefined && totals.invocations > 0) usage.maxDurationMs = Math.max(usage.maxDurationMs ?? 0, totals.durationMaxMs);
    if (series.maxMemoryUsedMB !== undefined) usage.maxMemoryUsedMB = Math.max(usage.maxMemoryUsedMB ?? 0, series.maxMemoryUsedMB);
  }

  const traffic = distributionTraffic(snapshot, options.now);

  // Split a version's usage across its associations by the report's rule (src/report/attribution.ts).
  const allBindings = listEventBindings(snapshot.inventory);
  const bindingsByKey = new Map<string, EventBinding[]>();
  for (const binding of allBindings) {
    if (binding.functionKey === undefined) continue;
    bindingsByKey.set(binding.functionKey, [...(bindingsByKey.get(binding.functionKey) ?? []), binding]);
  }
  const allAssociations: AssociationUsage[] = [];
  const associations: AssociationUsage[] = [];
  for (const binding of allBindings) {
    const version = binding.functionKey === undefined ? undefined : versions.get(binding.functionKey);
    const selected =
      selection.includesDistribution({ id: binding.distributionId }) &&
      (!selection.functionNames || (version !== undefined && selection.includesFunction({ functionName: version.config.functionName })));
    const siblings = binding.functionKey === undefined ? [binding] : (bindingsByKey.get(binding.functionKey) ?? [binding]);
    const split = attribute(siblings, traffic.requests, traffic.hitRates);
    const index = siblings.indexOf(binding);
    const share = split.shares[index] ?? 0;
    const association: AssociationUsage = { binding, version, share };
    if (split.basis === 'requests') {
      const partial = siblings.some((b) => (traffic.unknownRequestDays.get(b.distributionId) ?? 0) > 0);
      const weighted = siblings.some((b, i) => split.weights[i] !== traffic.requests.get(b.distributionId));
      association.attribution = `the version runs on ${siblings.length} associations; this one is given ${(100 * share).toFixed(1)}% of its invocations, its distribution's share of their requests${weighted ? ' (origin events weighted by the cache-miss rate)' : ''}${partial ? ' over the days with known requests' : ''}`;
    } else if (split.basis === 'equal') {
      const unknown = siblings.filter((b) => !traffic.requests.has(b.distributionId)).map((b) => b.distributionId);
      association.attribution = `the version runs on ${siblings.length} associations and ${
        unknown.length > 0 ? `the requests of ${[...new Set(unknown)].join(', ')} are unknown` : "their distributions' requests add up to zero"
      }: split equally`;
    }
    allAssociations.push(association);
    if (selected) associations.push(association);
  }

  return {
    snapshot,
    pricing,
    windowDays: snapshot.window.days,
    coveredDays: coveredDays(snapshot.window, options.now),
    exact,
    associations,
    allAssociations,
    versions,
    requestsByDistribution: traffic.requests,
    unknownRequestDaysByDistribution: traffic.unknownRequestDays,
    cacheHitRateByDistribution: traffic.hitRates,
    failedRegions: snapshot.regions.filter((r) => r.status === 'failed').map((r) => r.region),
  };
}

/** The version's usage scaled by `factor` (an association's share, a miss rate), at a memory size. */
export function priceScaled(version: VersionUsage, factor: number, pricing: Pricing, memoryMB = version.config.memoryMB ?? 0): LambdaEdgeCost {
  return priceLambdaEdge(
    {
      invocations: version.invocations * factor,
      durationSumMs: version.durationSumMs * factor,
      billedDurationSumMs: version.billedDurationSumMs === undefined ? undefined : version.billedDurationSumMs * factor,
      memoryMB,
    },
    pricing.rates,
  );
}

/** A window cost as a monthly run-rate: × 30.4375 / the days covered (as the report computes it). */
export function monthly(cost: Decimal, model: UsageModel): Decimal {
  return monthlyRunRate(cost, model.coveredDays);
}

export function runRateFactor(model: UsageModel): number {
  return model.coveredDays > 0 ? DAYS_PER_MONTH / model.coveredDays : 0;
}

export function meanDurationMs(version: VersionUsage): number | null {
  return version.invocations > 0 ? version.durationSumMs / version.invocations : null;
}

/** Whether every region answered and every day of this version is known. */
export function usageComplete(model: UsageModel, version: VersionUsage): boolean {
  return model.failedRegions.length === 0 && version.unknownDays === 0;
}

/** The fields that say which function version and association a recommendation is about. */
export function associationIdentity(version: VersionUsage, binding: EventBinding) {
  return {
    functionName: version.config.functionName,
    ...(version.config.functionArn ? { functionArn: version.config.functionArn } : {}),
    ...(version.config.version ? { version: version.config.version } : {}),
    distributionId: binding.distributionId,
    pathPattern: binding.pathPattern,
    eventType: binding.eventType,
  };
}

export function describeAssociation(binding: EventBinding): string {
  return `${binding.eventType} on ${binding.distributionId} ${binding.pathPattern === '*' ? '(default behavior)' : binding.pathPattern}`;
}

/** Alternatives for one association (move it, or replace it) share a group: totals count the best one. */
export function associationGroup(association: AssociationUsage): string {
  const { binding } = association;
  return `${binding.distributionId}|${binding.pathPattern}|${binding.eventType}|${binding.functionKey ?? binding.functionArn ?? ''}`;
}
