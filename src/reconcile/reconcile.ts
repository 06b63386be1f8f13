import { formatCount } from '../model/count.js';
import type { Snapshot } from '../model/snapshot.js';
import { FunctionConfigIndex, seriesTotals } from '../model/usage-config.js';
import { begunDays, DAY_MS } from '../model/window.js';
import { QuantitySum, sumNumbers } from '../pricing/engine.js';
import { Decimal, formatUsd, ZERO } from '../pricing/money.js';
import type { Pricing } from '../pricing/sheet.js';
import { type Bill, type BillLine, functionNameOfResource, isUsageLine } from './bill.js';
import { type Cause, type EffectiveRate, RECONCILIATION_KIND, type Reconciliation, type ReconciliationRow, type ReconciliationTotals } from './document.js';
import { parseUsageType, type UsageTypeRegions, type UsageUnit } from './usage-types.js';

export interface ReconcileOptions {
  pricing: Pricing;
  now: Date;
  /** Rows whose cost differs from the bill by more than this percentage are flagged. */
  tolerancePercent: number;
  /** The usage-type prefix → region table (data/usage-type-regions.json, read by sources/reconcile-data.ts). */
  regions: UsageTypeRegions;
}

/**
 * CloudWatch keeps 1-hour datapoints 455 days (reference §4): a window older than that may have
 * lost replica metrics, so a shortfall there is named as retention rather than left unexplained.
 */
const CLOUDWATCH_RETENTION_DAYS = 455;
/** A bill rate within this fraction of the sheet's is the same rate, rounded (CUR rounds each line's cost). */
const RATE_ROUNDING = new Decimal('0.001');
/** Billed GB-seconds may fall outside [low, high] by the bill's own rounding of each line (a fraction). */
const GB_SECONDS_SLACK = 0.000001;

interface EstimateCell {
  account: string | null;
  region: string;
  functionName: string | null;
  quantities: QuantitySum;
  invocations: number;
  memoryUnknownInvocations: number;
}

interface BillCell {
  account: string | null;
  region: string | null;
  prefix: string;
  functionName: string | null;
  requests: Decimal;
  gbSeconds: Decimal;
  unblendedUsd: Decimal;
  netUsd: Decimal | null;
  estimatedDays: Set<string>;
}

const num = (value: Decimal) => value.toNumber();
/** Plain code-unit order: localeCompare (ICU) costs more than the rest of a large reconciliation. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Puts edgecost's estimate beside the bill (PRODUCT.md `edgecost.reconciliation`). Pure: the
 * snapshot, the bill lines, the prices and the clock in; the document out.
 *
 * Rows are per account and region — and per function when every Lambda@Edge usage line carries a
 * resource ID that names a function. Usage line items (Usage, DiscountedUsage,
 * SavingsPlanCoveredUsage) are compared; credits, refunds, discounts and tax are kept apart as
 * adjustments, named as causes, and left out of the billed cost so that rates stay rates.
 */
export function reconcile(snapshot: Snapshot, bill: Bill, options: ReconcileOptions): Reconciliation {
  const table = options.regions;
  const { rates } = options.pricing;
  const exact = snapshot.exact === true;
  const warnings = [...bill.warnings];

  const edgeLines: { line: BillLine; unit: UsageUnit; prefix: string; region: string | null }[] = [];
  for (const line of bill.lines) {
    const parsed = parseUsageType(line.usageType, table);
    if (parsed) edgeLines.push({ line, ...parsed });
  }
  const usageLines = edgeLines.filter((l) => isUsageLine(l.line));
  const perFunction = bill.resourceIds && usageLines.length > 0 && usageLines.every((l) => functionNameOfResource(l.line.resourceId) !== undefined);

  const billAccounts = new Set(edgeLines.map((l) => l.line.accountId).filter((a): a is string => a !== null));
  const soleBillAccount = billAccounts.size === 1 ? [...billAccounts][0]! : null;
  const accountOf = (accountId: string | undefined): string | null => accountId ?? snapshot.source.accountId ?? soleBillAccount;
  const regionKey = (region: string | null, prefix: string) => region ?? `?${prefix}`;
  const rowKey = (account: string | null, region: string, fn: string | null) => `${account ?? ''}|${region}|${fn ?? ''}`;

  // edgecost's side: usage series summed per account, region (and function).
  const configs = new FunctionConfigIndex(snapshot.inventory.functions);
  const begun = begunDays(snapshot.window, options.now);
  const estimates = new Map<string, EstimateCell>();
  const usageAccounts = new Set<string>();
  for (const series of snapshot.usage) {
    const account = accountOf(series.accountId);
    if (account) usageAccounts.add(account);
    const functionName = perFunction ? series.functionName : null;
    const key = rowKey(account, series.region, functionName);
    let cell = estimates.get(key);
    if (!cell) {
      cell = { account, region: series.region, functionName, quantities: new QuantitySum(), invocations: 0, memoryUnknownInvocations: 0 };
      estimates.set(key, cell);
    }
    const totals = seriesTotals(series, exact, begun);
    const memoryMB = configs.resolve(series).config?.memoryMB;
    cell.invocations += totals.invocations;
    if (memoryMB === undefined) {
      cell.memoryUnknownInvocations += totals.invocations;
      continue;
    }
    cell.quantities.addUsage({ invocations: totals.invocations, durationSumMs: totals.durationSumMs, billedDurationSumMs: totals.billedDurationSumMs, memoryMB }, rates);
  }

  // The bill's side.
  const billed = new Map<string, BillCell>();
  const adjustments = new Map<string, Map<string, Decimal>>();
  const estimatedDays = new Set<string>();
  for (const { line, unit, prefix, region } of edgeLines) {
    if (line.estimated) estimatedDays.add(line.date);
    const account = line.accountId ?? snapshot.source.accountId ?? null;
    const where = regionKey(region, prefix);
    if (!isUsageLine(line)) {
      const key = rowKey(account, where, null);
      const byType = adjustments.get(key) ?? new Map<string, Decimal>();
      byType.set(line.lineItemType, (byType.get(line.lineItemType) ?? ZERO).plus(line.unblendedCostUsd));
      adjustments.set(key, byType);
      continue;
    }
    const functionName = perFunction ? (functionNameOfResource(line.resourceId) ?? null) : null;
    const key = rowKey(account, where, functionName);
    let cell = billed.get(key);
    if (!cell) {
      cell = { account, region, prefix, functionName, requests: ZERO, gbSeconds: ZERO, unblendedUsd: ZERO, netUsd: bill.netCost ? ZERO : null, estimatedDays: new Set() };
      billed.set(key, cell);
    }
    if (unit === 'request') cell.requests = cell.requests.plus(line.quantity);
    else cell.gbSeconds = cell.gbSeconds.plus(line.quantity);
    cell.unblendedUsd = cell.unblendedUsd.plus(line.unblendedCostUsd);
    if (cell.netUsd !== null) cell.netUsd = line.netUnblendedCostUsd === null ? null : cell.netUsd.plus(line.netUnblendedCostUsd);
    if (line.estimated) cell.estimatedDays.add(line.date);
  }

  const regionStatus = new Map<string, Snapshot['regions'][number]>();
  for (const status of snapshot.regions) {
    regionStatus.set(rowKey(accountOf(status.accountId), status.region, null), status);
    if (!regionStatus.has(rowKey(null, status.region, null))) regionStatus.set(rowKey(null, status.region, null), status);
  }
  const statusOf = (account: string | null, region: string) => regionStatus.get(rowKey(account, region, null)) ?? regionStatus.get(rowKey(null, region, null));
  const retentionStart = options.now.getTime() - CLOUDWATCH_RETENTION_DAYS * DAY_MS;
  const beyondRetention = Date.parse(snapshot.window.start) < retentionStart;

  const keys = new Set([...billed.keys(), ...estimates.keys()]);
  // Regions with only adjustments (a credit and no usage) still get a row, so the credit is seen.
  for (const key of adjustments.keys()) if (![...keys].some((k) => k.startsWith(key))) keys.add(key);
  const rows: ReconciliationRow[] = [];
  // The rows' money as exact decimals, for the totals (the rows carry numbers).
  const exactCosts = new Map<ReconciliationRow, { costUsd: Decimal | null; billedCostUsd: Decimal }>();
  for (const key of keys) {
    const b = billed.get(key);
    const e = estimates.get(key);
    const [accountText, where] = key.split('|') as [string, string];
    const account = accountText === '' ? null : accountText;
    const region = b ? b.region : (e?.region ?? (where.startsWith('?') ? null : where));
    const prefix = b ? b.prefix : region ? (table.codeByRegion.get(region) ?? null) : where.slice(1);
    const functionName = b?.functionName ?? e?.functionName ?? null;
    const causes: Cause[] = [];
    const status = region ? statusOf(account, region) : undefined;

    let invocations: number | null = null;
    // GB-seconds are quantities (CloudWatch doubles), not money: numbers; the cost is decimal.
    let low: number | null = null;
    let point: number | null = null;
    let high: number | null = null;
    let cost: Decimal | null = null;
    if (e) {
      invocations = e.invocations;
      if (e.memoryUnknownInvocations === 0) {
        ({ low, point, high } = e.quantities.gbSecondsRange());
        cost = e.quantities.pointCost(rates).costUsd;
      } else {
        causes.push({
          code: 'memory-unknown',
          message: `no memory size is known for ${formatCount(e.memoryUnknownInvocations)} of the invocations here: their GB-seconds and cost are unknown`,
        });
      }
    } else if (region === null) {
      causes.push({
        code: 'unknown-usage-type',
        message: `usage type prefix "${prefix}" is not a region code edgecost knows (pricing/usage-type-regions.json): the bill's usage here has nothing to compare with`,
      });
    } else if (account !== null && usageAccounts.size > 0 && !usageAccounts.has(account)) {
      causes.push({
        code: 'account-not-in-usage',
        message: `account ${account} is in the bill but not in the usage data: collect it too (one snapshot per account, merged with --input)`,
      });
    } else if (status?.status === 'failed') {
      causes.push({ code: 'region-not-read', message: `edgecost could not read ${region}${status.error ? ` (${status.error})` : ''}: its usage is unknown, not zero` });
    } else if (status === undefined || status.status === 'skipped') {
      causes.push({
        code: 'region-not-collected',
        message: `${region} was not collected (the default reads the 13 regional-edge-cache regions): run with --regions all, or --regions including ${region}`,
      });
    } else {
      // The region answered and had no datapoints: zero invocations there (CloudWatch stores nothing when nothing ran).
      invocations = 0;
      low = 0;
      point = 0;
      high = 0;
      cost = ZERO;
    }

    const billedRequests = b?.requests ?? ZERO;
    const billedGbSeconds = b?.gbSeconds ?? ZERO;
    const billedGbSecondsNumber = num(billedGbSeconds);
    const billedCost = b?.unblendedUsd ?? ZERO;
    const billedNet = b ? b.netUsd : bill.netCost ? ZERO : null;
    const days = [...(b?.estimatedDays ?? [])].sort();
    if (days.length > 0) {
      causes.push({ code: 'days-not-final', message: `${days.length} day(s) of the bill are estimated, not final (${days.join(', ')}): the bill may still change` });
    }
    if (b === undefined && invocations !== null && invocations > 0) {
      causes.push({
        code: 'not-in-bill',
        message: 'the bill has no Lambda@Edge usage here although CloudWatch counted invocations (another payer account, or usage not billed yet)',
      });
    }
    if (b !== undefined && invocations !== null && !billedRequests.equals(invocations)) {
      causes.push({
        code: 'requests-differ',
        message: `billed requests ${formatCount(billedRequests.toNumber())} ≠ ${formatCount(invocations)} invocations${beyondRetention ? '' : ' (CloudWatch counts each invocation once; a difference means missing days or regions)'}`,
      });
    }
    if (beyondRetention && b !== undefined && (invocations === null || billedRequests.greaterThan(invocations))) {
      causes.push({
        code: 'cloudwatch-retention',
        message: `the window starts more than ${CLOUDWATCH_RETENTION_DAYS} days before now: CloudWatch no longer keeps all of its metrics`,
      });
    }
    if (b !== undefined && low !== null && high !== null && (billedGbSecondsNumber < low * (1 - GB_SECONDS_SLACK) || billedGbSecondsNumber > high * (1 + GB_SECONDS_SLACK))) {
      const places = (value: Decimal | number) => (typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : value.toDecimalPlaces(3).toString());
      causes.push({
        code: 'gb-seconds-outside-bounds',
        message: `billed GB-seconds ${places(billedGbSeconds)} lie outside edgecost's [${places(low)}, ${places(high)}] (other memory sizes, missing days, or a different billing granularity)`,
      });
    }
    const regionAdjustments = adjustments.get(rowKey(account, regionKey(region, prefix ?? ''), null));
    const adjustmentsUsd: Record<string, number> = {};
    for (const [type, amount] of [...(regionAdjustments ?? [])].sort(([a], [b2]) => compare(a, b2))) {
      adjustmentsUsd[type] = num(amount);
      causes.push({
        code: 'credits',
        message: `${type} line items of ${formatUsd(amount, 4)} apply in this ${perFunction ? 'region' : 'row'}: kept apart from the usage cost compared here`,
      });
    }
    if (billedNet?.lessThan(billedCost) && billedCost.greaterThan(0)) {
      const off = billedCost.minus(billedNet).div(billedCost).times(100);
      causes.push({
        code: 'discount',
        message: `net cost is ${off.toDecimalPlaces(2).toString()} % below unblended: a discount applies (see effectiveRates; --write-pricing learns it)`,
      });
    }

    const diff = cost === null ? null : billedCost.isZero() ? (cost.isZero() ? ZERO : null) : cost.minus(billedCost).div(billedCost).times(100);
    const row: ReconciliationRow = {
      region,
      usageTypePrefix: prefix,
      accountId: account,
      functionName,
      billedRequests: num(billedRequests),
      invocations,
      billedGbSeconds: billedGbSecondsNumber,
      gbSecondsLow: low,
      gbSecondsPoint: point,
      gbSecondsHigh: high,
      billedCostUsd: num(billedCost),
      billedNetCostUsd: billedNet === null ? null : num(billedNet),
      costUsd: cost === null ? null : num(cost),
      costDiffPercent: diff === null ? null : num(diff),
      withinTolerance: diff?.abs().lessThanOrEqualTo(options.tolerancePercent) === true,
      adjustmentsUsd,
      causes,
    };
    rows.push(row);
    exactCosts.set(row, { costUsd: cost, billedCostUsd: billedCost });
  }
  rows.sort(
    (a, b) =>
      b.billedCostUsd - a.billedCostUsd ||
      (b.costUsd ?? 0) - (a.costUsd ?? 0) ||
      compare(a.region ?? '~', b.region ?? '~') ||
      compare(a.usageTypePrefix ?? '', b.usageTypePrefix ?? '') ||
      compare(a.accountId ?? '', b.accountId ?? '') ||
      compare(a.functionName ?? '', b.functionName ?? ''),
  );

  const totals = totalsOf(billed, estimates, rows, exactCosts, adjustments, bill.netCost);
  const effectiveRates = effectiveRatesOf(usageLines, bill.netCost, options.pricing);
  if (perFunction) warnings.push('the bill carries resource IDs: rows are per function and region');
  if (edgeLines.length === 0) warnings.push('the bill has no Lambda@Edge usage types in this window');

  return {
    schemaVersion: 1,
    kind: RECONCILIATION_KIND,
    generatedAt: options.now.toISOString(),
    window: snapshot.window,
    pricingId: options.pricing.sheet.id,
    tolerancePercent: options.tolerancePercent,
    bill: {
      source: bill.source,
      apiRequests: bill.apiRequests,
      ...(bill.demo ? { demo: true } : {}),
      resourceIds: bill.resourceIds,
      netCost: bill.netCost,
      estimatedDays: [...estimatedDays].sort(),
    },
    durationBasis: exact ? 'exact-billed' : 'estimated-rounding',
    rows,
    totals,
    effectiveRates,
    warnings,
  };
}

function totalsOf(
  billed: Map<string, BillCell>,
  estimates: Map<string, EstimateCell>,
  rows: ReconciliationRow[],
  exactCosts: Map<ReconciliationRow, { costUsd: Decimal | null; billedCostUsd: Decimal }>,
  adjustments: Map<string, Map<string, Decimal>>,
  netCost: boolean,
): ReconciliationTotals {
  let requests = ZERO;
  let gbSeconds = ZERO;
  let unblended = ZERO;
  let net: Decimal | null = netCost ? ZERO : null;
  for (const cell of billed.values()) {
    requests = requests.plus(cell.requests);
    gbSeconds = gbSeconds.plus(cell.gbSeconds);
    unblended = unblended.plus(cell.unblendedUsd);
    net = net === null || cell.netUsd === null ? null : net.plus(cell.netUsd);
  }
  const known = rows.filter((r) => r.costUsd !== null);
  const sumDecimal = (values: (Decimal | null | undefined)[]) => values.reduce<Decimal>((total, v) => (v ? total.plus(v) : total), ZERO);
  const anyEstimate = estimates.size > 0;
  const cost = known.length > 0 ? sumDecimal(known.map((r) => exactCosts.get(r)?.costUsd)) : null;
  const comparedBill = sumDecimal(known.map((r) => exactCosts.get(r)?.billedCostUsd));
  const adjustmentsUsd: Record<string, Decimal> = {};
  for (const byType of adjustments.values()) for (const [type, amount] of byType) adjustmentsUsd[type] = (adjustmentsUsd[type] ?? ZERO).plus(amount);
  // Quantities (invocations are whole numbers, GB-seconds doubles): compensated sums of numbers.
  const sum = (values: (number | null)[]) => sumNumbers(values.filter((v): v is number => v !== null));
  const gb = (pick: (r: ReconciliationRow) => number | null) => (known.length > 0 ? sum(known.map(pick)) : null);
  return {
    billedRequests: num(requests),
    invocations: anyEstimate ? sum(rows.map((r) => r.invocations)) : null,
    billedGbSeconds: num(gbSeconds),
    gbSecondsLow: gb((r) => r.gbSecondsLow),
    gbSecondsPoint: gb((r) => r.gbSecondsPoint),
    gbSecondsHigh: gb((r) => r.gbSecondsHigh),
    billedCostUsd: num(unblended),
    billedNetCostUsd: net === null ? null : num(net),
    costUsd: cost === null ? null : num(cost),
    costDiffPercent: cost === null || comparedBill.isZero() ? null : num(cost.minus(comparedBill).div(comparedBill).times(100)),
    adjustmentsUsd: Object.fromEntries(Object.entries(adjustmentsUsd).map(([type, amount]) => [type, num(amount)])),
    rows: rows.length,
    rowsOutsideTolerance: rows.filter((r) => !r.withinTolerance).length,
  };
}

/** The account's rates per unit: bill cost ÷ bill quantity, beside the sheet's. */
function effectiveRatesOf(usageLines: { line: BillLine; unit: UsageUnit }[], netCost: boolean, pricing: Pricing): EffectiveRate[] {
  return (['request', 'gb-second'] as const).map((unit) => {
    let quantity = ZERO;
    let unblended = ZERO;
    let net: Decimal | null = netCost ? ZERO : null;
    for (const { line, unit: lineUnit } of usageLines) {
      if (lineUnit !== unit) continue;
      quantity = quantity.plus(line.quantity);
      unblended = unblended.plus(line.unblendedCostUsd);
      net = net === null || line.netUnblendedCostUsd === null ? null : net.plus(line.netUnblendedCostUsd);
    }
    const sheet = unit === 'request' ? pricing.rates.lambdaEdgeRequestUsd : pricing.rates.lambdaEdgeGbSecondUsd;
    const billedRate = quantity.isZero() ? null : unblended.div(quantity);
    const netRate = quantity.isZero() || net === null ? null : net.div(quantity);
    const rate = netRate ?? billedRate;
    const differs = rate?.minus(sheet).abs().greaterThan(sheet.times(RATE_ROUNDING)) === true;
    const note =
      rate === null
        ? 'no usage of this unit in the bill'
        : differs
          ? `the bill's ${netRate ? 'net ' : ''}rate is ${rate.minus(sheet).div(sheet).times(100).toDecimalPlaces(2).toString()} % from the sheet's: a private rate or discount (--write-pricing writes a sheet with it)`
          : undefined;
    return {
      unit,
      sheetUsd: num(sheet),
      billedUsd: billedRate === null ? null : num(billedRate),
      netUsd: netRate === null ? null : num(netRate),
      quantity: num(quantity),
      differs,
      ...(note ? { note } : {}),
    };
  });
}

/** The rate the account pays per unit (net when the bill has it), as exact decimals, for --write-pricing. */
export function effectiveRateDecimals(bill: Bill, table: UsageTypeRegions): Partial<Record<UsageUnit, Decimal>> {
  const out: Partial<Record<UsageUnit, Decimal>> = {};
  for (const unit of ['request', 'gb-second'] as const) {
    let quantity = ZERO;
    let cost = ZERO;
    let netKnown = bill.netCost;
    let net = ZERO;
    for (const line of bill.lines) {
      if (!isUsageLine(line)) continue;
      if (parseUsageType(line.usageType, table)?.unit !== unit) continue;
      quantity = quantity.plus(line.quantity);
      cost = cost.plus(line.unblendedCostUsd);
      if (line.netUnblendedCostUsd === null) netKnown = false;
      else net = net.plus(line.netUnblendedCostUsd);
    }
    if (!quantity.isZero()) out[unit] = (netKnown ? net : cost).div(quantity);
  }
  return out;
}
