// The bill of a scenario: CUR 2.0 line items derived from its replica usage, as AWS would bill it.
// Cost Explorer (cost-explorer.ts) aggregates these items; writeCurParquet() writes them as a CUR
// 2.0 Parquet export that `reconcile --cur` reads with DuckDB and the fake Athena queries. One
// list, so the three bill sources cannot disagree.
import { Decimal } from 'decimal.js';
import { loadPricing } from '../../src/sources/data-files.js';
import { usageTypeRegions } from '../../src/sources/reconcile-data.js';
import type { BillSpec, CurLineItem, Scenario } from './scenario.js';
import { basicScenario } from './scenarios.js';

export interface BillOptions {
  /**
   * Billed ms added per invocation by rounding each one up to the next ms: AWS bills
   * Sum(Duration) + this × invocations. Must lie in [0, 1] (edgecost's [low, high]).
   */
  roundingMsPerInvocation: number;
  /** A private discount on one usage type: net unblended cost = unblended × (1 − percent/100). */
  discount?: { usageType: string; percent: number };
  /** Non-usage line items (credits, refunds), negative amounts. */
  adjustments?: { usageType: string; lineItemType: string; date: string; amountUsd: string }[];
  /** Include line_item_resource_id (the function ARN). */
  resourceIds?: boolean;
  /** Days from this date on are Estimated in Cost Explorer. */
  estimatedFrom?: string;
}

/** Line items are hourly in CUR: each day of a usage row is billed as two lines (03:00 and 15:00). */
const HOURS = ['03', '15'];

export function billFromUsage(scenario: Scenario, options: BillOptions): BillSpec {
  const { rates } = loadPricing();
  const table = usageTypeRegions();
  const memory = new Map<string, number>();
  for (const fn of scenario.functions) for (const v of fn.versions) memory.set(`${fn.name}:${v.version}`, v.memorySize);
  const items: CurLineItem[] = [];
  const item = (date: string, hour: string, usageType: string, fields: Partial<CurLineItem>): CurLineItem => ({
    usageStartDate: `${date}T${hour}:00:00Z`,
    usageEndDate: `${date}T${String(Number(hour) + 1).padStart(2, '0')}:00:00Z`,
    usageAccountId: scenario.accountId,
    payerAccountId: scenario.accountId,
    productCode: 'AWSLambda',
    usageType,
    lineItemType: 'Usage',
    resourceId: null,
    productRegionCode: null,
    usageAmount: 0,
    unblendedCost: 0,
    netUnblendedCost: 0,
    ...fields,
  });
  const cost = (quantity: Decimal, rate: Decimal, usageType: string) => {
    const unblended = quantity.times(rate).toDecimalPlaces(10);
    const net =
      options.discount?.usageType === usageType
        ? unblended
            .times(100 - options.discount.percent)
            .div(100)
            .toDecimalPlaces(10)
        : unblended;
    return { unblendedCost: unblended.toNumber(), netUnblendedCost: net.toNumber() };
  };
  for (const row of scenario.replicaUsage) {
    const code = table.codeByRegion.get(row.region);
    const memoryMB = memory.get(`${row.functionName}:${row.version}`);
    if (!code || memoryMB === undefined || row.invocations === 0) continue;
    const billedMs = new Decimal(row.durationSumMs).plus(new Decimal(row.invocations).times(options.roundingMsPerInvocation));
    const gbSeconds = billedMs.times(memoryMB).div(1024 * 1000);
    const resource = options.resourceIds ? `arn:aws:lambda:us-east-1:${scenario.accountId}:function:${row.functionName}` : null;
    const firstHalf = Math.floor(row.invocations / 2);
    HOURS.forEach((hour, index) => {
      const requests = new Decimal(index === 0 ? firstHalf : row.invocations - firstHalf);
      const share = gbSeconds.times(requests).div(row.invocations);
      const requestType = `${code}-Lambda-Edge-Request`;
      const gbType = `${code}-Lambda-Edge-GB-Second`;
      items.push(
        item(row.date, hour, requestType, {
          resourceId: resource,
          productRegionCode: row.region,
          usageAmount: requests.toNumber(),
          ...cost(requests, rates.lambdaEdgeRequestUsd, requestType),
        }),
        item(row.date, hour, gbType, { resourceId: resource, productRegionCode: row.region, usageAmount: share.toNumber(), ...cost(share, rates.lambdaEdgeGbSecondUsd, gbType) }),
      );
    });
  }
  for (const adjustment of options.adjustments ?? []) {
    const amount = Number(adjustment.amountUsd);
    items.push(item(adjustment.date, '00', adjustment.usageType, { lineItemType: adjustment.lineItemType, unblendedCost: amount, netUnblendedCost: amount }));
  }
  // Regional Lambda of the same account: never Lambda@Edge, never in the reconciliation.
  items.push(item('2026-10-30', '12', 'USE1-Lambda-GB-Second', { usageAmount: 5000, unblendedCost: 0.0833335, netUnblendedCost: 0.0833335 }));
  items.push(item('2026-10-30', '12', 'USE1-Request', { usageAmount: 1_000_000, unblendedCost: 0.2, netUnblendedCost: 0.2 }));
  return { lineItems: items, ...(options.estimatedFrom ? { estimatedFrom: options.estimatedFrom } : {}) };
}

/**
 * reconcileScenario(): basicScenario() plus auth-viewer:3 in eu-west-3 (Paris: not one of the 13
 * default regions, so a default collection does not read it; `--regions all` does), 50,000
 * invocations and 100,000 ms a day on Oct 29–31, and its bill:
 * - every invocation billed rounded up, on average +0.45 ms (inside edgecost's [+0, +1 ms]);
 * - a 20 % private discount on USE1-Lambda-Edge-GB-Second (net unblended = 80 % of unblended);
 * - a credit of −$0.25 on USE1-Lambda-Edge-Request on Oct 30;
 * - resource IDs (the function ARN) on every usage line; Oct 31 is Estimated in Cost Explorer;
 * - regional Lambda lines (USE1-Lambda-GB-Second, USE1-Request) that are not Lambda@Edge, and the
 *   trap row of Sep 30 (outside the window) billed too.
 * Per region, billed requests = invocations: us-east-1 5,790,000; eu-west-1 2,865,000;
 * ap-northeast-1 930,000; sa-east-1 130,000; eu-west-3 150,000.
 */
export function reconcileScenario(options: { resourceIds?: boolean } = {}): Scenario {
  const base = basicScenario();
  const days = ['2026-10-29', '2026-10-30', '2026-10-31'];
  const replicaUsage = [
    ...base.replicaUsage,
    ...days.map((date) => ({ functionName: 'auth-viewer', version: '3', region: 'eu-west-3', date, invocations: 50_000, durationSumMs: 100_000, durationMaxMs: 20 })),
  ];
  const scenario: Scenario = { ...base, replicaUsage };
  scenario.bill = billFromUsage(scenario, {
    roundingMsPerInvocation: 0.45,
    discount: { usageType: 'USE1-Lambda-Edge-GB-Second', percent: 20 },
    adjustments: [{ usageType: 'USE1-Lambda-Edge-Request', lineItemType: 'Credit', date: '2026-10-30', amountUsd: '-0.25' }],
    resourceIds: options.resourceIds ?? true,
    estimatedFrom: '2026-10-31',
  });
  return scenario;
}

function sqlText(value: string | null): string {
  return value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`;
}

function sqlNumber(value: number | null): string {
  return value === null ? 'NULL' : String(value);
}

/**
 * Writes line items as a CUR 2.0 Parquet file with the export's column names and types
 * (timestamps, doubles, strings). `withNetCost`/`withResourceIds` false leave those columns out,
 * as exports without discounts or resource IDs do.
 */
export async function writeCurParquet(items: readonly CurLineItem[], file: string, options: { withNetCost?: boolean; withResourceIds?: boolean } = {}): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    const net = options.withNetCost !== false;
    const resources = options.withResourceIds !== false;
    await connection.run(`CREATE TABLE cur (
      identity_line_item_id VARCHAR, bill_payer_account_id VARCHAR, line_item_usage_account_id VARCHAR,
      line_item_line_item_type VARCHAR, line_item_usage_start_date TIMESTAMP, line_item_usage_end_date TIMESTAMP,
      line_item_product_code VARCHAR, line_item_usage_type VARCHAR, line_item_operation VARCHAR,
      line_item_resource_id VARCHAR, line_item_usage_amount DOUBLE, line_item_unblended_cost DOUBLE,
      line_item_net_unblended_cost DOUBLE, product_region_code VARCHAR)`);
    for (let start = 0; start < items.length; start += 500) {
      const values = items
        .slice(start, start + 500)
        .map((i, n) =>
          [
            sqlText(`line-${start + n}`),
            sqlText(i.payerAccountId),
            sqlText(i.usageAccountId),
            sqlText(i.lineItemType),
            `TIMESTAMP '${i.usageStartDate.replace('T', ' ').replace('Z', '')}'`,
            `TIMESTAMP '${i.usageEndDate.replace('T', ' ').replace('Z', '')}'`,
            sqlText(i.productCode),
            sqlText(i.usageType),
            sqlText('Invoke'),
            sqlText(i.resourceId),
            sqlNumber(i.usageAmount),
            sqlNumber(i.unblendedCost),
            sqlNumber(i.netUnblendedCost),
            sqlText(i.productRegionCode),
          ].join(', '),
        );
      await connection.run(`INSERT INTO cur VALUES ${values.map((v) => `(${v})`).join(', ')}`);
    }
    const drop = [...(net ? [] : ['line_item_net_unblended_cost']), ...(resources ? [] : ['line_item_resource_id'])];
    const select = drop.length > 0 ? `SELECT * EXCLUDE (${drop.join(', ')}) FROM cur` : 'SELECT * FROM cur';
    await connection.run(`COPY (${select}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Writes the result of a SELECT as a Parquet file (tests: files that are not CUR exports). */
export async function writeParquetOf(select: string, file: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (${select}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
