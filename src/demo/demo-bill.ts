import type { Snapshot } from '../model/snapshot.js';
import { FunctionConfigIndex } from '../model/usage-config.js';
import { windowDates } from '../model/window.js';
import { Decimal } from '../pricing/money.js';
import type { Rates } from '../pricing/sheet.js';
import type { Bill, BillLine } from '../reconcile/bill.js';
import { usageTypeRegions } from '../sources/reconcile-data.js';

/**
 * The demo account's bill, for `edgecost reconcile --demo`: what Cost Explorer would show for the
 * demo usage. Each invocation is billed rounded up to the next ms, which on average adds
 * `roundingMs` per invocation (inside edgecost's [low, high]); the account has a private discount
 * on one usage type (net cost below unblended) and one credit. Deterministic, like the demo.
 */
export const DEMO_BILL = {
  roundingMs: 0.48,
  discountedUsageType: 'USE1-Lambda-Edge-GB-Second',
  discountPercent: 12,
  credit: { usageType: 'EU-Lambda-Edge-Request', date: '2026-10-15', amountUsd: '-5.00' },
} as const;

export function demoBill(snapshot: Snapshot, rates: Rates): Bill {
  const table = usageTypeRegions();
  const configs = new FunctionConfigIndex(snapshot.inventory.functions);
  const dates = windowDates(snapshot.window);
  const accountId = snapshot.source.accountId ?? null;
  // Per usage type and day: requests and GB-seconds (billed ms × memory / 1024 / 1000).
  const sums = new Map<string, Decimal>();
  const add = (usageType: string, date: string, value: Decimal) => {
    const key = `${usageType}|${date}`;
    sums.set(key, (sums.get(key) ?? new Decimal(0)).plus(value));
  };
  for (const series of snapshot.usage) {
    const code = table.codeByRegion.get(series.region);
    const memoryMB = configs.resolve(series).config?.memoryMB;
    if (!code || memoryMB === undefined) continue;
    dates.forEach((date, day) => {
      const count = series.invocations[day] ?? 0;
      const durationMs = series.durationSumMs[day] ?? 0;
      if (count === 0) return;
      add(`${code}${table.suffixes.request}`, date, new Decimal(count));
      const billedMs = new Decimal(durationMs).plus(new Decimal(count).times(DEMO_BILL.roundingMs));
      add(`${code}${table.suffixes['gb-second']}`, date, billedMs.times(memoryMB).div(1024 * 1000));
    });
  }
  const lines: BillLine[] = [];
  for (const [key, quantity] of [...sums].sort(([a], [b]) => a.localeCompare(b))) {
    const [usageType, date] = key.split('|') as [string, string];
    const rate = usageType.endsWith(table.suffixes.request) ? rates.lambdaEdgeRequestUsd : rates.lambdaEdgeGbSecondUsd;
    // Cost Explorer amounts carry up to 10 decimal places.
    const rounded = quantity.toDecimalPlaces(10);
    const cost = rounded.times(rate).toDecimalPlaces(10);
    const net =
      usageType === DEMO_BILL.discountedUsageType
        ? cost
            .times(100 - DEMO_BILL.discountPercent)
            .div(100)
            .toDecimalPlaces(10)
        : cost;
    lines.push({
      date,
      accountId,
      usageType,
      lineItemType: 'Usage',
      resourceId: null,
      regionCode: null,
      quantity: rounded,
      unblendedCostUsd: cost,
      netUnblendedCostUsd: net,
      estimated: false,
    });
  }
  const credit = new Decimal(DEMO_BILL.credit.amountUsd);
  lines.push({
    date: DEMO_BILL.credit.date,
    accountId,
    usageType: DEMO_BILL.credit.usageType,
    lineItemType: 'Credit',
    resourceId: null,
    regionCode: null,
    quantity: new Decimal(0),
    unblendedCostUsd: credit,
    netUnblendedCostUsd: credit,
    estimated: false,
  });
  return {
    source: 'cost-explorer',
    apiRequests: 0,
    lines,
    resourceIds: false,
    netCost: true,
    demo: true,
    warnings: ['demo: the bundled sample bill of the demo account (no AWS call)'],
  };
}
