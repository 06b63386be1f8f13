import { type EventBinding, type EventType, type FunctionConfig, listEventBindings, parseLambdaArn } from '../model/inventory.js';
import type { Snapshot } from '../model/snapshot.js';
import { FunctionConfigIndex, functionIdentity, newestVersion, seriesTotals } from '../model/usage-config.js';
import { begunDays, coveredDays, monthToDate, windowDates } from '../model/window.js';
import {
  forecastMonthEnd,
  type LambdaEdgeCost,
  type LambdaEdgeUsage,
  monthlyRunRate,
  priceLambdaEdge,
  priceQuantities,
  QuantitySum,
} from '../pricing/engine.js';
import { ZERO } from '../pricing/money.js';
import type { Pricing } from '../pricing/sheet.js';
import { attributionShares, distributionTraffic } from './attribution.js';
import {
  REPORT_KIND,
  type Report,
  type ReportDay,
  type ReportEvent,
  type ReportFunction,
  type ReportGroupRow,
  type ReportRegion,
  type ReportRegionCost,
} from './document.js';

export interface ReportOptions {
  pricing: Pricing;
  now: Date;
  distributionIds?: string[];
  functionNames?: string[];
}

/**
 * Quantities (not money) summed from CloudWatch doubles or split by shares carry binary noise in
 * the last digits (141447482.00000006); 15 significant digits is more than any count or ms needs.
 */
function quantity(value: number): number {
  return Number(value.toPrecision(15));
}

function costFields(cost: LambdaEdgeCost) {
  return {
    invocations: quantity(cost.invocations),
    billedGbSeconds: cost.billedGbSeconds.toNumber(),
    requestCostUsd: cost.requestCostUsd.toNumber(),
    durationCostUsd: cost.durationCostUsd.toNumber(),
    costUsd: cost.costUsd.toNumber(),
    costLowUsd: cost.costLowUsd.toNumber(),
    costHighUsd: cost.costHighUsd.toNumber(),
  };
}

function sortByCost<T extends { costUsd: number }>(rows: T[], key: (row: T) => string): T[] {
  return rows.sort((a, b) => b.costUsd - a.costUsd || key(a).localeCompare(key(b)));
}

/**
 * Prices a snapshot into the report document (PRODUCT.md `edgecost.report`). Pure: the clock and
 * prices are arguments, so one snapshot always yields the same report.
 *
 * Cost is computed per usage series (function replica × region, optionally per version) from its
 * summed quantities — pricing is linear, so this equals pricing each day — and money is summed as
 * decimals. A function version serving several associations has its usage split across them by
 * `attributionShares`; with `--distribution`, only the named distributions' shares are counted.
 * What cannot be priced (failed regions, unknown memory, days with no data) is listed in
 * `incomplete`, never counted as zero.
 */
export function buildReport(snapshot: Snapshot, options: ReportOptions): Report {
  const { rates } = options.pricing;
  const warnings: string[] = [...(snapshot.warnings ?? [])];
  const incomplete: string[] = [];
  const exact = snapshot.exact === true;
  const dates = windowDates(snapshot.window);
  const begun = begunDays(snapshot.window, options.now);
  const distributionFilter = options.distributionIds?.length ? new Set(options.distributionIds) : undefined;
  const functionFilter = options.functionNames?.length ? new Set(options.functionNames) : undefined;

  const configIndex = new FunctionConfigIndex(snapshot.inventory.functions);

  const bindings = listEventBindings(snapshot.inventory);
  const traffic = distributionTraffic(snapshot, options.now);
  const bindingsByKey = new Map<string, EventBinding[]>();
  for (const binding of bindings) {
    if (binding.functionKey === undefined) continue;
    bindingsByKey.set(binding.functionKey, [...(bindingsByKey.get(binding.functionKey) ?? []), binding]);
  }

  // Merged snapshots of several accounts have one region row per account; one account, one per region.
  const byAccount = snapshot.regions.some((r) => r.accountId !== undefined);
  const regionKey = (accountId: string | undefined, region: string) =>
    byAccount ? `${accountId ?? snapshot.source.accountId ?? ''}|${region}` : `|${region}`;
  const regionStatus = new Map(snapshot.regions.map((r) => [regionKey(r.accountId, r.region), r]));

  interface FunctionAccumulator {
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
  const functions = new Map<string, FunctionAccumulator>();
  const regionCost = new Map<string, QuantitySum>();
  const eventCost = new Map<EventType, QuantitySum>();
  const distributionCost = new Map<string, QuantitySum>();
  const addTo = <K>(map: Map<K, QuantitySum>, key: K, usage: LambdaEdgeUsage, share = 1) => {
    let sum = map.get(key);
    if (!sum) {
      sum = new QuantitySum();
      map.set(key, sum);
    }
    sum.addUsage(usage, rates, share);
  };
  const price = (sum: QuantitySum | undefined) => priceQuantities((sum ?? new QuantitySum()).toQuantities(), rates);
  const dayBuckets = new Map<number, { invocations: Float64Array; durationSumMs: Float64Array; billedDurationSumMs: Float64Array; exact: boolean }>();
  const total = new QuantitySum();
  const splitVersions = new Set<string>();
  const newestStandsIn = new Set<string>();
  const unpriced = new Map<string, { functionName: string; invocations: number; regions: Set<string> }>();
  let unknownDaySeries = 0;
  let estimatedSeries = 0;

  for (const series of snapshot.usage) {
    if (functionFilter && !functionFilter.has(series.functionName)) continue;
    const identity = functionIdentity({ functionArn: series.functionArn, functionName: series.functionName, accountId: series.accountId });
    const { candidates, versionConfig, config } = configIndex.resolve(series);
    const seriesBindings = versionConfig
      ? (bindingsByKey.get(versionConfig.key) ?? [])
      : candidates.flatMap((fn) => bindingsByKey.get(fn.key) ?? []);
    const shares = attributionShares(seriesBindings, traffic.requests, traffic.hitRates);
    // With --distribution, only the named distributions' share of a shared version counts.
    const counted = distributionFilter ? seriesBindings.map((b) => distributionFilter.has(b.distributionId)) : seriesBindings.map(() => true);
    const share = distributionFilter ? shares.reduce((a, w, i) => a + (counted[i] ? w : 0), 0) : 1;
    if (share <= 0) continue;

    const totals = seriesTotals(series, exact, begun);
    if (totals.unknownDays > 0) unknownDaySeries++;
    const memoryMB = config?.memoryMB;
    if (memoryMB === undefined) {
      const entry = unpriced.get(identity) ?? { functionName: series.functionName, invocations: 0, regions: new Set<string>() };
      entry.invocations += totals.invocations * share;
      entry.regions.add(series.region);
      unpriced.set(identity, entry);
      continue;
    }
    if (!versionConfig && new Set(candidates.map((c) => c.memoryMB)).size > 1) newestStandsIn.add(series.functionName);
    if (exact && totals.billedDurationSumMs === undefined && totals.invocations > 0) estimatedSeries++;
    if (seriesBindings.length > 1) splitVersions.add(`${identity}:${series.version ?? ''}`);

    const usage: LambdaEdgeUsage = {
      invocations: totals.invocations,
      durationSumMs: totals.durationSumMs,
      billedDurationSumMs: totals.billedDurationSumMs,
      memoryMB,
    };
    total.addUsage(usage, rates, share);

    let fnAcc = functions.get(identity);
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
      functions.set(identity, fnAcc);
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

    addTo(regionCost, regionKey(series.accountId, series.region), usage, share);
    seriesBindings.forEach((binding, index) => {
      if (!counted[index]) return;
      addTo(eventCost, binding.eventType, usage, shares[index]);
      addTo(distributionCost, binding.distributionId, usage, shares[index]);
    });
    if (seriesBindings.length === 0) addTo(distributionCost, '(not associated)', usage);

    // Daily cost: pricing is linear, so days are priced from quantities summed per memory size.
    let bucket = dayBuckets.get(memoryMB);
    if (!bucket) {
      bucket = { invocations: new Float64Array(dates.length), durationSumMs: new Float64Array(dates.length), billedDurationSumMs: new Float64Array(dates.length), exact: true };
      dayBuckets.set(memoryMB, bucket);
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

  const byDay: ReportDay[] = dates.map((date, day) => {
    let invocations = 0;
    let costUsd = ZERO;
    for (const [memoryMB, bucket] of dayBuckets) {
      const count = bucket.invocations[day] ?? 0;
      invocations += count;
      costUsd = costUsd.plus(
        priceLambdaEdge(
          {
            invocations: count,
            durationSumMs: bucket.durationSumMs[day] ?? 0,
            billedDurationSumMs: bucket.exact ? (bucket.billedDurationSumMs[day] ?? 0) : undefined,
            memoryMB,
          },
          rates,
        ).costUsd,
      );
    }
    return { date, invocations: quantity(invocations), costUsd: costUsd.toNumber() };
  });

  if (functionFilter) {
    const named = new Set(snapshot.usage.map((u) => u.functionName));
    for (const name of functionFilter) if (!named.has(name)) warnings.push(`--function ${name}: no usage of a function with that name in the data`);
  }
  if (distributionFilter) {
    const known = new Set(snapshot.inventory.distributions.map((d) => d.id));
    for (const id of distributionFilter) if (!known.has(id)) warnings.push(`--distribution ${id}: no such distribution in the data`);
  }
  if (splitVersions.size > 0) {
    warnings.push(
      `${splitVersions.size} function version${splitVersions.size === 1 ? ' runs' : 's run'} on several associations: the event-type and distribution views split ${splitVersions.size === 1 ? 'its' : 'their'} cost by each distribution's requests (equally where requests are unknown)`,
    );
  }
  for (const name of newestStandsIn) {
    warnings.push(`${name}: CloudWatch has no per-version metrics for it and its versions differ in memory size; its usage is priced at the newest version's memory`);
  }
  if (unknownDaySeries > 0) {
    incomplete.push(`${unknownDaySeries} usage series have days with no data: those days are unknown and not counted`);
  }
  for (const entry of unpriced.values()) {
    incomplete.push(
      `no memory size known for ${entry.functionName} (${Math.round(entry.invocations).toLocaleString('en-US')} invocations in ${[...entry.regions].sort().join(', ')}): its cost is unknown and left out of the totals`,
    );
  }
  if (exact && estimatedSeries > 0) {
    warnings.push(`${estimatedSeries} usage series had no exact billed durations (no REPORT lines found): their duration is estimated from CloudWatch sums`);
  }

  const regions: ReportRegion[] = snapshot.regions.map((status) => {
    const key = regionKey(status.accountId, status.region);
    const failed = status.status === 'failed';
    return {
      region: status.region,
      ...(status.accountId ? { accountId: status.accountId } : {}),
      status: status.status,
      ...(status.error ? { error: status.error } : {}),
      invocations: failed ? null : price(regionCost.get(key)).invocations,
      costUsd: failed ? null : price(regionCost.get(key)).costUsd.toNumber(),
    };
  });
  for (const [key, quantities] of regionCost) {
    if (regionStatus.has(key)) continue;
    const [accountId, region] = key.split('|') as [string, string];
    const cost = price(quantities);
    regions.push({ region, ...(accountId ? { accountId } : {}), status: 'ok', invocations: cost.invocations, costUsd: cost.costUsd.toNumber() });
  }
  regions.sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1) || a.region.localeCompare(b.region) || (a.accountId ?? '').localeCompare(b.accountId ?? ''));
  for (const status of snapshot.regions) {
    if (status.status !== 'failed') continue;
    const where = `region ${status.region}${status.accountId ? ` (account ${status.accountId})` : ''}`;
    incomplete.push(`${where} failed${status.error ? ` (${status.error})` : ''}: its cost is unknown, not zero, and the totals leave it out`);
  }

  const days = coveredDays(snapshot.window, options.now);
  const reportFunctions: ReportFunction[] = [...functions.values()].map((fn) => {
    const events: ReportEvent[] = fn.configs
      .flatMap((c) => bindingsByKey.get(c.key) ?? [])
      .filter((b) => !distributionFilter || distributionFilter.has(b.distributionId))
      .map((b) => ({ distributionId: b.distributionId, eventType: b.eventType, pathPattern: b.pathPattern }));
    const newest = newestVersion(fn.configs);
    const regionRows: ReportRegionCost[] = [...fn.regions.entries()].map(([region, r]) => {
      const cost = r.quantities.pointCost(rates);
      return {
        region,
        invocations: quantity(r.quantities.invocations),
        durationMs: quantity(r.durationSumMs),
        ...(r.durationMaxMs !== undefined ? { maxDurationMs: r.durationMaxMs } : {}),
        billedGbSeconds: cost.billedGbSeconds.toNumber(),
        costUsd: cost.costUsd.toNumber(),
      };
    });
    const cost = price(fn.quantities);
    // Memory sizes the function ran with, most invocations first; `memoryMB` is the main one.
    const memorySizesMB = [...fn.invocationsByMemoryMB.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0]).map(([mb]) => mb);
    return {
      functionName: fn.functionName,
      functionArn: fn.functionArn ?? null,
      memoryMB: memorySizesMB[0] ?? newest?.memoryMB ?? null,
      ...(memorySizesMB.length > 1 ? { memorySizesMB } : {}),
      versions: [...new Set(fn.configs.map((c) => c.version).filter((v): v is string => v !== undefined))],
      events,
      durationMs: quantity(fn.durationSumMs),
      ...(fn.durationMaxMs !== undefined ? { maxDurationMs: fn.durationMaxMs } : {}),
      ...costFields(cost),
      monthlyRunRateUsd: monthlyRunRate(cost.costUsd, days).toNumber(),
      regions: sortByCost(regionRows, (r) => r.region),
    };
  });

  const byEventType: ReportGroupRow[] = [...eventCost.entries()].map(([eventType, q]) => ({ key: eventType, ...costFields(price(q)) }));
  const byDistribution: ReportGroupRow[] = [...distributionCost.entries()].map(([distributionId, q]) => ({
    key: distributionId,
    ...costFields(price(q)),
    ...(traffic.requests.has(distributionId) ? { requests: traffic.requests.get(distributionId) } : {}),
    ...(traffic.hitRates.has(distributionId) ? { cacheHitRatePercent: (traffic.hitRates.get(distributionId) ?? 0) * 100 } : {}),
  }));

  const mtd = monthToDate(snapshot.window, options.now);
  const totalCost = price(total);
  const totals = {
    ...costFields(totalCost),
    monthlyRunRateUsd: monthlyRunRate(totalCost.costUsd, days).toNumber(),
    ...(mtd ? { forecastMonthEndUsd: forecastMonthEnd(totalCost.costUsd, mtd.elapsedDays, mtd.monthDays).toNumber() } : {}),
  };

  return {
    schemaVersion: 1,
    kind: REPORT_KIND,
    generatedAt: options.now.toISOString(),
    source: snapshot.source,
    window: snapshot.window,
    ...(days < snapshot.window.days ? { coveredDays: days } : {}),
    pricing: {
      id: options.pricing.sheet.id,
      currency: options.pricing.sheet.currency,
      effectiveDate: options.pricing.sheet.effectiveDate,
      billingGranularityMs: rates.billingGranularityMs,
    },
    durationBasis: !exact ? 'estimated-rounding' : estimatedSeries > 0 ? 'mixed' : 'exact-billed',
    totals,
    functions: sortByCost(reportFunctions, (f) => f.functionName),
    byEventType: sortByCost(byEventType, (r) => r.key),
    byDistribution: sortByCost(byDistribution, (r) => r.key),
    byDay,
    regions,
    incomplete,
    warnings: [...incomplete, ...warnings],
  };
}
