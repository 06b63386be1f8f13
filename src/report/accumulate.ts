import { type EventBinding, type EventType, type FunctionConfig, listEventBindings, parseLambdaArn } from '../model/inventory.js';
import type { Selection } from '../model/selection.js';
import type { RegionStatus, Snapshot } from '../model/snapshot.js';
import { FunctionConfigIndex, functionIdentity, seriesTotals } from '../model/usage-config.js';
import { begunDays, windowDates } from '../model/window.js';
import { type LambdaEdgeUsage, QuantitySum } from '../pricing/engine.js';
import type { Rates } from '../pricing/sheet.js';
import { attributionShares, type DistributionTraffic, distributionTraffic } from './attribution.js';

/**
 * The first step of `buildReport`: one pass over the usage series that sums quantities (not money)
 * per function, region, event type, distribution and day, and counts what cannot be priced. Pricing
 * is linear, so the rows priced from these sums equal pricing every day of every series.
 */

export interface FunctionAccumulator {
  functionName: string;
  functionArn?: string;
  configs: FunctionConfig[];
  quantities: QuantitySum;
  durationSumMs: number;
  durationMaxMs?: number;
  /** Invocations per memory size, so a function whose versions differ shows what it ran with. */
  invocationsByMemoryMB: Map<number, number>;
  regions: Map<string, { quantities: QuantitySum; durationSumMs: number; durationMaxMs?: number }>;
}

export interface DayBucket {
  invocations: Float64Array;
  durationSumMs: Float64Array;
  billedDurationSumMs: Float64Array;
  exact: boolean;
}

export interface UnpricedFunction {
  functionName: string;
  invocations: number;
  regions: Set<string>;
}

export interface ReportAccumulation {
  dates: string[];
  bindingsByKey: Map<string, EventBinding[]>;
  traffic: DistributionTraffic;
  /** The key of a region row: per account and region when merged snapshots name accounts. */
  regionKey: (accountId: string | undefined, region: string) => string;
  regionStatus: Map<string, RegionStatus>;
  functions: Map<string, FunctionAccumulator>;
  regionCost: Map<string, QuantitySum>;
  eventCost: Map<EventType, QuantitySum>;
  distributionCost: Map<string, QuantitySum>;
  /** Daily quantities per memory size. */
  dayBuckets: Map<number, DayBucket>;
  total: QuantitySum;
  /** Function versions whose usage is split across several associations. */
  splitVersions: Set<string>;
  /** Functions without per-version metrics whose versions differ in memory (priced at the newest). */
  newestStandsIn: Set<string>;
  /** Usage whose memory size is unknown, per function. */
  unpriced: Map<string, UnpricedFunction>;
  unknownDaySeries: number;
  /** Series of an exact snapshot without exact billed durations. */
  estimatedSeries: number;
}

function addTo<K>(map: Map<K, QuantitySum>, key: K, usage: LambdaEdgeUsage, rates: Rates, share = 1): void {
  let sum = map.get(key);
  if (!sum) {
    sum = new QuantitySum();
    map.set(key, sum);
  }
  sum.addUsage(usage, rates, share);
}

function bindingsByFunctionKey(snapshot: Snapshot): Map<string, EventBinding[]> {
  const byKey = new Map<string, EventBinding[]>();
  for (const binding of listEventBindings(snapshot.inventory)) {
    if (binding.functionKey === undefined) continue;
    byKey.set(binding.functionKey, [...(byKey.get(binding.functionKey) ?? []), binding]);
  }
  return byKey;
}

/**
 * Sums a snapshot's usage for the report. A function version serving several associations has its
 * usage split across them by `attributionShares`; with `--distribution`, only the selected
 * distributions' shares are counted.
 */
export function accumulateUsage(snapshot: Snapshot, options: { rates: Rates; now: Date; selection: Selection }): ReportAccumulation {
  const { rates, selection } = options;
  const exact = snapshot.exact === true;
  const dates = windowDates(snapshot.window);
  const begun = begunDays(snapshot.window, options.now);
  const configIndex = new FunctionConfigIndex(snapshot.inventory.functions);
  const bindingsByKey = bindingsByFunctionKey(snapshot);
  const traffic = distributionTraffic(snapshot, options.now);

  // Merged snapshots of several accounts have one region row per account; one account, one per region.
  const byAccount = snapshot.regions.some((r) => r.accountId !== undefined);
  const regionKey = (accountId: string | undefined, region: string) => (byAccount ? `${accountId ?? snapshot.source.accountId ?? ''}|${region}` : `|${region}`);

  const acc: ReportAccumulation = {
    dates,
    bindingsByKey,
    traffic,
    regionKey,
    regionStatus: new Map(snapshot.regions.map((r) => [regionKey(r.accountId, r.region), r])),
    functions: new Map(),
    regionCost: new Map(),
    eventCost: new Map(),
    distributionCost: new Map(),
    dayBuckets: new Map(),
    total: new QuantitySum(),
    splitVersions: new Set(),
    newestStandsIn: new Set(),
    unpriced: new Map(),
    unknownDaySeries: 0,
    estimatedSeries: 0,
  };

  for (const series of snapshot.usage) {
    if (!selection.includesFunction({ functionName: series.functionName })) continue;
    const identity = functionIdentity({ functionArn: series.functionArn, functionName: series.functionName, accountId: series.accountId });
    const { candidates, versionConfig, config } = configIndex.resolve(series);
    const seriesBindings = versionConfig ? (bindingsByKey.get(versionConfig.key) ?? []) : candidates.flatMap((fn) => bindingsByKey.get(fn.key) ?? []);
    const shares = attributionShares(seriesBindings, traffic.requests, traffic.hitRates);
    // With --distribution, only the selected distributions' share of a shared version counts.
    const counted = seriesBindings.map((b) => selection.includesDistribution({ id: b.distributionId }));
    const share = selection.distributionIds ? shares.reduce((a, w, i) => a + (counted[i] ? w : 0), 0) : 1;
    if (share <= 0) continue;

    const totals = seriesTotals(series, exact, begun);
    if (totals.unknownDays > 0) acc.unknownDaySeries++;
    const memoryMB = config?.memoryMB;
    if (memoryMB === undefined) {
      const entry = acc.unpriced.get(identity) ?? { functionName: series.functionName, invocations: 0, regions: new Set<string>() };
      entry.invocations += totals.invocations * share;
      entry.regions.add(series.region);
      acc.unpriced.set(identity, entry);
      continue;
    }
    if (!versionConfig && new Set(candidates.map((c) => c.memoryMB)).size > 1) acc.newestStandsIn.add(series.functionName);
    if (exact && totals.billedDurationSumMs === undefined && totals.invocations > 0) acc.estimatedSeries++;
    if (seriesBindings.length > 1) acc.splitVersions.add(`${identity}:${series.version ?? ''}`);

    const usage: LambdaEdgeUsage = {
      invocations: totals.invocations,
      durationSumMs: totals.durationSumMs,
      billedDurationSumMs: totals.billedDurationSumMs,
      memoryMB,
    };
    acc.total.addUsage(usage, rates, share);

    let fnAcc = acc.functions.get(identity);
    if (!fnAcc) {
      fnAcc = {
        functionName: series.functionName,
        functionArn: series.functionArn ?? (config?.functionArn ? parseLambdaArn(config.functionArn)?.unqualifiedArn : undefined),
        configs: candidates,
        quantities: new QuantitySum(),
        durationSumMs: 0,
        invocationsByMemoryMB: new Map(),
        regions: new Map(),
      };
      acc.functions.set(identity, fnAcc);
    }
    fnAcc.invocationsByMemoryMB.set(memoryMB, (fnAcc.invocationsByMemoryMB.get(memoryMB) ?? 0) + totals.invocations * share);
    fnAcc.quantities.addUsage(usage, rates, share);
    fnAcc.durationSumMs += totals.durationSumMs * share;
    if (totals.durationMaxMs !== undefined) fnAcc.durationMaxMs = Math.max(fnAcc.durationMaxMs ?? 0, totals.durationMaxMs);
    const fnRegion = fnAcc.regions.get(series.region) ?? { quantities: new QuantitySum(), durationSumMs: 0 };
    fnRegion.quantities.addUsage(usage, rates, share);
    fnRegion.durationSumMs += totals.durationSumMs * share;
    if (totals.durationMaxMs !== undefined) fnRegion.durationMaxMs = Math.max(fnRegion.durationMaxMs ?? 0, totals.durationMaxMs);
    fnAcc.regions.set(series.region, fnRegion);

    addTo(acc.regionCost, regionKey(series.accountId, series.region), usage, rates, share);
    seriesBindings.forEach((binding, index) => {
      if (!counted[index]) return;
      addTo(acc.eventCost, binding.eventType, usage, rates, shares[index]);
      addTo(acc.distributionCost, binding.distributionId, usage, rates, shares[index]);
    });
    if (seriesBindings.length === 0) addTo(acc.distributionCost, '(not associated)', usage, rates);

    let bucket = acc.dayBuckets.get(memoryMB);
    if (!bucket) {
      bucket = { invocations: new Float64Array(dates.length), durationSumMs: new Float64Array(dates.length), billedDurationSumMs: new Float64Array(dates.length), exact: true };
      acc.dayBuckets.set(memoryMB, bucket);
    }
    if (totals.billedDurationSumMs === undefined) bucket.exact = false;
    for (let day = 0; day < dates.length; day++) {
      const count = series.invocations[day];
      const duration = series.durationSumMs[day];
      if (count === null || count === undefined || duration === null || duration === undefined) continue;
      bucket.invocations[day]! += count * share;
      bucket.durationSumMs[day]! += duration * share;
      bucket.billedDurationSumMs[day]! += (series.billedDurationSumMs?.[day] ?? 0) * share;
    }
  }
  return acc;
}
