import { type EventType, type FunctionConfig, listEventBindings, parseLambdaArn } from '../model/inventory.js';
import type { Snapshot, UsageSeries } from '../model/snapshot.js';
import { monthToDate, windowDates } from '../model/window.js';
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

/** Identity of a function across versions: its unqualified ARN, or account + name. */
function functionIdentity(fn: { functionArn?: string; functionName: string; accountId?: string }): string {
  return fn.functionArn ?? `${fn.accountId ?? ''}:${fn.functionName}`;
}

function versionNumber(version: string | undefined): number {
  const n = Number(version);
  return Number.isInteger(n) ? n : -1;
}

interface SeriesTotals {
  invocations: number;
  durationSumMs: number;
  billedDurationSumMs?: number;
  durationMaxMs?: number;
  unknownDays: number;
}

function totalsOf(series: UsageSeries, exact: boolean): SeriesTotals {
  let invocations = 0;
  let durationSumMs = 0;
  let billed = 0;
  let billedKnown = exact && series.billedDurationSumMs !== undefined;
  let durationMaxMs: number | undefined;
  let unknownDays = 0;
  for (let day = 0; day < series.invocations.length; day++) {
    const count = series.invocations[day];
    const duration = series.durationSumMs[day];
    if (count === null || count === undefined || duration === null || duration === undefined) {
      unknownDays++;
      continue;
    }
    invocations += count;
    durationSumMs += duration;
    if (billedKnown) {
      const exactDay = series.billedDurationSumMs?.[day];
      if (exactDay === null || exactDay === undefined) billedKnown = count === 0 ? billedKnown : false;
      else billed += exactDay;
    }
    const max = series.durationMaxMs?.[day];
    if (max !== null && max !== undefined) durationMaxMs = Math.max(durationMaxMs ?? 0, max);
  }
  return { invocations, durationSumMs, billedDurationSumMs: billedKnown ? billed : undefined, durationMaxMs, unknownDays };
}

function costFields(cost: LambdaEdgeCost) {
  return {
    invocations: cost.invocations,
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
 * decimals. A function version serving several associations has its cost split across them by each
 * distribution's share of requests (origin events weighted by the cache-miss rate when known),
 * equally when requests are unknown; the report says so.
 */
export function buildReport(snapshot: Snapshot, options: ReportOptions): Report {
  const { rates } = options.pricing;
  const warnings: string[] = [...(snapshot.warnings ?? [])];
  const exact = snapshot.exact === true;
  const dates = windowDates(snapshot.window);
  const distributionFilter = options.distributionIds?.length ? new Set(options.distributionIds) : undefined;
  const functionFilter = options.functionNames?.length ? new Set(options.functionNames) : undefined;

  // Configurations by identity and version.
  const configsByIdentity = new Map<string, FunctionConfig[]>();
  const configsByName = new Map<string, FunctionConfig[]>();
  for (const fn of snapshot.inventory.functions) {
    const identity = functionIdentity(fn);
    configsByIdentity.set(identity, [...(configsByIdentity.get(identity) ?? []), fn]);
    configsByName.set(fn.functionName, [...(configsByName.get(fn.functionName) ?? []), fn]);
  }

  // Associations per function version key, and distribution weights for attribution.
  const bindings = listEventBindings(snapshot.inventory);
  const requestsByDistribution = new Map<string, number>();
  const hitRateByDistribution = new Map<string, number>();
  for (const metrics of snapshot.distributionMetrics) {
    if (metrics.requests) {
      const known = metrics.requests.filter((v): v is number => v !== null);
      if (known.length > 0) requestsByDistribution.set(metrics.distributionId, known.reduce((a, b) => a + b, 0));
    }
    if (metrics.cacheHitRatePercent !== undefined) hitRateByDistribution.set(metrics.distributionId, metrics.cacheHitRatePercent / 100);
  }
  const bindingsByKey = new Map<string, typeof bindings>();
  for (const binding of bindings) {
    if (binding.functionKey === undefined) continue;
    bindingsByKey.set(binding.functionKey, [...(bindingsByKey.get(binding.functionKey) ?? []), binding]);
  }

  const regionStatus = new Map(snapshot.regions.map((r) => [r.region, r]));
  const failedRegions = new Set(snapshot.regions.filter((r) => r.status === 'failed').map((r) => r.region));

  interface FunctionAccumulator {
    identity: string;
    functionName: string;
    functionArn?: string;
    configs: FunctionConfig[];
    quantities: QuantitySum;
    durationSumMs: number;
    durationMaxMs?: number;
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
  let unknownDaySeries = 0;

  for (const series of snapshot.usage) {
    if (functionFilter && !functionFilter.has(series.functionName)) continue;
    const identity = functionIdentity({
      functionArn: series.functionArn,
      functionName: series.functionName,
      accountId: series.accountId,
    });
    const candidates = configsByIdentity.get(identity) ?? configsByName.get(series.functionName) ?? [];
    const versionConfig =
      series.version !== undefined ? candidates.find((fn) => fn.version === series.version) : undefined;
    // Without per-version metrics, the newest associated version stands for the function.
    const config =
      versionConfig ??
      [...candidates].sort((a, b) => versionNumber(b.version) - versionNumber(a.version))[0];
    const memoryMB = config?.memoryMB;
    if (memoryMB === undefined) {
      warnings.push(
        `no memory size known for ${series.functionName}${series.version ? `:${series.version}` : ''} in ${series.region}: its cost is unknown and left out of the totals`,
      );
      continue;
    }
    const seriesBindings = versionConfig
      ? (bindingsByKey.get(versionConfig.key) ?? [])
      : candidates.flatMap((fn) => bindingsByKey.get(fn.key) ?? []);
    if (distributionFilter && !seriesBindings.some((b) => distributionFilter.has(b.distributionId))) continue;

    const totals = totalsOf(series, exact);
    if (totals.unknownDays > 0) unknownDaySeries++;
    const usage: LambdaEdgeUsage = {
      invocations: totals.invocations,
      durationSumMs: totals.durationSumMs,
      billedDurationSumMs: totals.billedDurationSumMs,
      memoryMB,
    };
    total.addUsage(usage, rates);

    let fnAcc = functions.get(identity);
    if (!fnAcc) {
      fnAcc = {
        identity,
        functionName: series.functionName,
        functionArn: series.functionArn ?? (config?.functionArn ? parseLambdaArn(config.functionArn)?.unqualifiedArn : undefined),
        configs: candidates,
        quantities: new QuantitySum(),
        durationSumMs: 0,
        regions: new Map(),
      };
      functions.set(identity, fnAcc);
    }
    fnAcc.quantities.addUsage(usage, rates);
    fnAcc.durationSumMs += totals.durationSumMs;
    if (totals.durationMaxMs !== undefined) fnAcc.durationMaxMs = Math.max(fnAcc.durationMaxMs ?? 0, totals.durationMaxMs);
    const fnRegion = fnAcc.regions.get(series.region) ?? { quantities: new QuantitySum(), durationSumMs: 0 };
    fnRegion.quantities.addUsage(usage, rates);
    fnRegion.durationSumMs += totals.durationSumMs;
    if (totals.durationMaxMs !== undefined) fnRegion.durationMaxMs = Math.max(fnRegion.durationMaxMs ?? 0, totals.durationMaxMs);
    fnAcc.regions.set(series.region, fnRegion);

    addTo(regionCost, series.region, usage);

    // Attribution to associations (event type, distribution).
    const weights = seriesBindings.map((b) => {
      const requests = requestsByDistribution.get(b.distributionId);
      if (requests === undefined) return undefined;
      const hitRate = hitRateByDistribution.get(b.distributionId);
      const origin = b.eventType === 'origin-request' || b.eventType === 'origin-response';
      return origin && hitRate !== undefined ? requests * (1 - hitRate) : requests;
    });
    if (seriesBindings.length > 1) splitVersions.add(`${identity}:${series.version ?? ''}`);
    const allKnown = weights.every((w) => w !== undefined) && weights.reduce<number>((a, w) => a + (w ?? 0), 0) > 0;
    const weightSum = allKnown ? weights.reduce<number>((a, w) => a + (w ?? 0), 0) : seriesBindings.length;
    seriesBindings.forEach((binding, index) => {
      const share = seriesBindings.length === 1 ? 1 : (allKnown ? (weights[index] ?? 0) : 1) / weightSum;
      addTo(eventCost, binding.eventType, usage, share);
      addTo(distributionCost, binding.distributionId, usage, share);
    });
    if (seriesBindings.length === 0) {
      addTo(distributionCost, '(not associated)', usage);
    }

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
      bucket.invocations[day]! += count;
      bucket.durationSumMs[day]! += duration;
      bucket.billedDurationSumMs[day]! += series.billedDurationSumMs?.[day] ?? 0;
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
    return { date, invocations, costUsd: costUsd.toNumber() };
  });

  if (splitVersions.size > 0) {
    warnings.push(
      `${splitVersions.size} function version${splitVersions.size === 1 ? ' runs' : 's run'} on several associations: the event-type and distribution views split ${splitVersions.size === 1 ? 'its' : 'their'} cost by each distribution's requests (equally where requests are unknown)`,
    );
  }
  if (unknownDaySeries > 0) {
    warnings.push(`${unknownDaySeries} usage series have days with no data: those days are unknown and not counted`);
  }

  const regions: ReportRegion[] = snapshot.regions.map((status) => ({
    region: status.region,
    status: status.status,
    ...(status.error ? { error: status.error } : {}),
    invocations: status.status === 'failed' ? null : price(regionCost.get(status.region)).invocations,
    costUsd: status.status === 'failed' ? null : price(regionCost.get(status.region)).costUsd.toNumber(),
  }));
  for (const [region, quantities] of regionCost) {
    if (!regionStatus.has(region)) regions.push({ region, status: 'ok', invocations: price(quantities).invocations, costUsd: price(quantities).costUsd.toNumber() });
  }
  regions.sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1) || a.region.localeCompare(b.region));
  for (const region of failedRegions) {
    const error = regionStatus.get(region)?.error;
    warnings.push(`region ${region} failed${error ? ` (${error})` : ''}: its cost is unknown, not zero, and the totals leave it out`);
  }

  const days = snapshot.window.days;
  const reportFunctions: ReportFunction[] = [...functions.values()].map((fn) => {
    const events: ReportEvent[] = fn.configs
      .flatMap((c) => bindingsByKey.get(c.key) ?? [])
      .map((b) => ({ distributionId: b.distributionId, eventType: b.eventType, pathPattern: b.pathPattern }));
    const newest = [...fn.configs].sort((a, b) => versionNumber(b.version) - versionNumber(a.version))[0];
    const regionRows: ReportRegionCost[] = [...fn.regions.entries()].map(([region, r]) => {
      const cost = r.quantities.pointCost(rates);
      return {
        region,
        invocations: r.quantities.invocations,
        durationMs: r.durationSumMs,
        ...(r.durationMaxMs !== undefined ? { maxDurationMs: r.durationMaxMs } : {}),
        billedGbSeconds: cost.billedGbSeconds.toNumber(),
        costUsd: cost.costUsd.toNumber(),
      };
    });
    const cost = price(fn.quantities);
    return {
      functionName: fn.functionName,
      functionArn: fn.functionArn ?? null,
      memoryMB: newest?.memoryMB ?? null,
      versions: [...new Set(fn.configs.map((c) => c.version).filter((v): v is string => v !== undefined))],
      events,
      durationMs: fn.durationSumMs,
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
    ...(requestsByDistribution.has(distributionId) ? { requests: requestsByDistribution.get(distributionId) } : {}),
    ...(hitRateByDistribution.has(distributionId) ? { cacheHitRatePercent: (hitRateByDistribution.get(distributionId) ?? 0) * 100 } : {}),
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
    pricing: {
      id: options.pricing.sheet.id,
      currency: options.pricing.sheet.currency,
      effectiveDate: options.pricing.sheet.effectiveDate,
      billingGranularityMs: rates.billingGranularityMs,
    },
    durationBasis: exact ? 'exact-billed' : 'estimated-rounding',
    totals,
    functions: sortByCost(reportFunctions, (f) => f.functionName),
    byEventType: sortByCost(byEventType, (r) => r.key),
    byDistribution: sortByCost(byDistribution, (r) => r.key),
    byDay,
    regions,
    warnings,
  };
}
