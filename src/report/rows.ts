import type { Selection } from '../model/selection.js';
import type { Snapshot } from '../model/snapshot.js';
import { newestVersion } from '../model/usage-config.js';
import { type LambdaEdgeCost, monthlyRunRate, priceLambdaEdge, priceQuantities, QuantitySum } from '../pricing/engine.js';
import { ZERO } from '../pricing/money.js';
import type { Rates } from '../pricing/sheet.js';
import type { ReportAccumulation } from './accumulate.js';
import type { CostFields, ReportDay, ReportEvent, ReportFunction, ReportGroupRow, ReportRegion, ReportRegionCost } from './document.js';

/** The second step of `buildReport`: the accumulated quantities priced into the report's rows. */

/**
 * Quantities (not money) summed from CloudWatch doubles or split by shares carry binary noise in
 * the last digits (141447482.00000006); 15 significant digits is more than any count or ms needs.
 */
export function quantity(value: number): number {
  return Number(value.toPrecision(15));
}

export function costFields(cost: LambdaEdgeCost): CostFields {
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

export function sortByCost<T extends { costUsd: number }>(rows: T[], key: (row: T) => string): T[] {
  return rows.sort((a, b) => b.costUsd - a.costUsd || key(a).localeCompare(key(b)));
}

export function priceSum(sum: QuantitySum | undefined, rates: Rates): LambdaEdgeCost {
  return priceQuantities((sum ?? new QuantitySum()).toQuantities(), rates);
}

/** Daily cost: pricing is linear, so each day is priced from its quantities summed per memory size. */
export function dayRows(acc: ReportAccumulation, rates: Rates): ReportDay[] {
  return acc.dates.map((date, day) => {
    let invocations = 0;
    let costUsd = ZERO;
    for (const [memoryMB, bucket] of acc.dayBuckets) {
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
}

/** One row per region of the snapshot (a failed one: null, unknown), plus regions with usage but no status. */
export function regionRows(snapshot: Snapshot, acc: ReportAccumulation, rates: Rates): ReportRegion[] {
  const regions: ReportRegion[] = snapshot.regions.map((status) => {
    const key = acc.regionKey(status.accountId, status.region);
    const failed = status.status === 'failed';
    return {
      region: status.region,
      ...(status.accountId ? { accountId: status.accountId } : {}),
      status: status.status,
      ...(status.error ? { error: status.error } : {}),
      invocations: failed ? null : priceSum(acc.regionCost.get(key), rates).invocations,
      costUsd: failed ? null : priceSum(acc.regionCost.get(key), rates).costUsd.toNumber(),
    };
  });
  for (const [key, quantities] of acc.regionCost) {
    if (acc.regionStatus.has(key)) continue;
    const [accountId, region] = key.split('|') as [string, string];
    const cost = priceSum(quantities, rates);
    regions.push({ region, ...(accountId ? { accountId } : {}), status: 'ok', invocations: cost.invocations, costUsd: cost.costUsd.toNumber() });
  }
  return regions.sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1) || a.region.localeCompare(b.region) || (a.accountId ?? '').localeCompare(b.accountId ?? ''));
}

export function functionRows(acc: ReportAccumulation, options: { rates: Rates; selection: Selection; days: number }): ReportFunction[] {
  const { rates, selection } = options;
  const rows = [...acc.functions.values()].map((fn): ReportFunction => {
    const events: ReportEvent[] = fn.configs
      .flatMap((c) => acc.bindingsByKey.get(c.key) ?? [])
      .filter((b) => selection.includesDistribution({ id: b.distributionId }))
      .map((b) => ({ distributionId: b.distributionId, eventType: b.eventType, pathPattern: b.pathPattern }));
    const newest = newestVersion(fn.configs);
    const regions: ReportRegionCost[] = [...fn.regions.entries()].map(([region, r]) => {
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
    const cost = priceSum(fn.quantities, rates);
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
      monthlyRunRateUsd: monthlyRunRate(cost.costUsd, options.days).toNumber(),
      regions: sortByCost(regions, (r) => r.region),
    };
  });
  return sortByCost(rows, (f) => f.functionName);
}

export function eventTypeRows(acc: ReportAccumulation, rates: Rates): ReportGroupRow[] {
  const rows = [...acc.eventCost.entries()].map(([eventType, q]) => ({ key: eventType, ...costFields(priceSum(q, rates)) }));
  return sortByCost(rows, (r) => r.key);
}

export function distributionRows(acc: ReportAccumulation, rates: Rates): ReportGroupRow[] {
  const { traffic } = acc;
  const rows = [...acc.distributionCost.entries()].map(([distributionId, q]) => ({
    key: distributionId,
    ...costFields(priceSum(q, rates)),
    ...(traffic.requests.has(distributionId) ? { requests: traffic.requests.get(distributionId) } : {}),
    ...(traffic.hitRates.has(distributionId) ? { cacheHitRatePercent: (traffic.hitRates.get(distributionId) ?? 0) * 100 } : {}),
  }));
  return sortByCost(rows, (r) => r.key);
}
