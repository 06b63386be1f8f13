import type { Expression, GetCostAndUsageCommandOutput } from '@aws-sdk/client-cost-explorer';
import type { TimeWindow } from '../model/snapshot.js';
import { Decimal } from '../pricing/money.js';
import type { Bill, BillLine } from '../reconcile/bill.js';
import { parseUsageType } from '../reconcile/usage-types.js';
import { usageTypeRegions } from '../sources/reconcile-data.js';
import type { AwsClients } from './clients.js';
import { fatalAwsError } from './failures.js';
import { type PageLoop, PagingError, paginate } from './paging.js';

/**
 * The bill from Cost Explorer (AWS JSON 1.1, `AWSInsightsIndexService.*`, endpoint in us-east-1).
 * `GetDimensionValues` finds the Lambda@Edge usage types present (filters match exact values);
 * `GetCostAndUsage` reads them per day, account and usage type (usage records only), and a second
 * query per usage type and record type finds what is not usage (credits, refunds, tax). Both follow
 * `NextPageToken`. Each request costs $0.01: the count is part of the result.
 */

const CE_REGION = 'us-east-1';
const USAGE_RECORD_TYPES = ['Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage'];
const METRICS = ['UsageQuantity', 'UnblendedCost', 'NetUnblendedCost'];

function day(iso: string): string {
  return iso.slice(0, 10);
}

function amount(metrics: Record<string, { Amount?: string }> | undefined, name: string): Decimal | null {
  const value = metrics?.[name]?.Amount;
  return value === undefined ? null : new Decimal(value);
}

export async function readCostExplorerBill(aws: AwsClients, window: TimeWindow): Promise<Bill> {
  const timePeriod = { Start: day(window.start), End: day(window.end) };
  let requests = 0;
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    requests++;
    try {
      return await run();
    } catch (error) {
      throw fatalAwsError(error, `ce:${operation}`, CE_REGION);
    }
  };

  const usageTypes: string[] = [];
  await guardedPages('ce:GetDimensionValues', {
    fetch: (token) =>
      call('GetDimensionValues', () =>
        aws.call('ce', CE_REGION, 'GetDimensionValues', (client, sdk) =>
          client.send(
            new sdk.GetDimensionValuesCommand({
              TimePeriod: timePeriod,
              Dimension: 'USAGE_TYPE',
              SearchString: 'Lambda-Edge',
              Context: 'COST_AND_USAGE',
              NextPageToken: token,
            }),
          ),
        ),
      ),
    next: (page) => page.NextPageToken,
    onPage: (page) => {
      for (const value of page.DimensionValues ?? []) {
        if (value.Value && parseUsageType(value.Value, usageTypeRegions())) usageTypes.push(value.Value);
      }
    },
  });

  const lines: BillLine[] = [];
  if (usageTypes.length > 0) {
    const byUsageType: Expression = { Dimensions: { Key: 'USAGE_TYPE', Values: usageTypes.sort(), MatchOptions: ['EQUALS'] } };
    const pages = async (
      filter: Expression,
      groupBy: string[],
      onGroup: (date: string, estimated: boolean, keys: string[], metrics: Record<string, { Amount?: string }>) => void,
    ) => {
      await guardedPages('ce:GetCostAndUsage', {
        fetch: (next): Promise<GetCostAndUsageCommandOutput> =>
          call('GetCostAndUsage', () =>
            aws.call('ce', CE_REGION, 'GetCostAndUsage', (client, sdk) =>
              client.send(
                new sdk.GetCostAndUsageCommand({
                  TimePeriod: timePeriod,
                  Granularity: 'DAILY',
                  Filter: filter,
                  Metrics: METRICS,
                  GroupBy: groupBy.map((Key) => ({ Type: 'DIMENSION', Key })),
                  NextPageToken: next,
                }),
              ),
            ),
          ),
        next: (page) => page.NextPageToken,
        onPage: (page) => {
          for (const result of page.ResultsByTime ?? []) {
            const date = result.TimePeriod?.Start ?? '';
            for (const group of result.Groups ?? []) onGroup(date, result.Estimated === true, group.Keys ?? [], group.Metrics ?? {});
          }
        },
      });
    };

    // Usage: per day, account and usage type. A member account sees only itself as LINKED_ACCOUNT.
    await pages(
      { And: [byUsageType, { Dimensions: { Key: 'RECORD_TYPE', Values: USAGE_RECORD_TYPES, MatchOptions: ['EQUALS'] } }] },
      ['LINKED_ACCOUNT', 'USAGE_TYPE'],
      (date, estimated, [accountId, usageType], metrics) => {
        lines.push({
          date,
          accountId: accountId ?? null,
          usageType: usageType ?? '',
          lineItemType: 'Usage',
          resourceId: null,
          regionCode: null,
          quantity: amount(metrics, 'UsageQuantity') ?? new Decimal(0),
          unblendedCostUsd: amount(metrics, 'UnblendedCost') ?? new Decimal(0),
          netUnblendedCostUsd: amount(metrics, 'NetUnblendedCost'),
          estimated,
        });
      },
    );
    // Everything else on these usage types (credits, refunds, tax, discounts), per record type.
    await pages(byUsageType, ['USAGE_TYPE', 'RECORD_TYPE'], (date, estimated, [usageType, recordType], metrics) => {
      if (recordType === undefined || USAGE_RECORD_TYPES.includes(recordType)) return;
      const cost = amount(metrics, 'UnblendedCost') ?? new Decimal(0);
      if (cost.isZero()) return;
      lines.push({
        date,
        accountId: null,
        usageType: usageType ?? '',
        lineItemType: recordType,
        resourceId: null,
        regionCode: null,
        quantity: new Decimal(0),
        unblendedCostUsd: cost,
        netUnblendedCostUsd: amount(metrics, 'NetUnblendedCost'),
        estimated,
      });
    });
  }
  return {
    source: 'cost-explorer',
    apiRequests: requests,
    lines,
    resourceIds: false,
    netCost: lines.filter((l) => l.lineItemType === 'Usage').every((l) => l.netUnblendedCostUsd !== null),
    warnings: [],
  };
}

/** Cost Explorer pages at most: a year of days × usage types × accounts fits in far fewer. */
const MAX_CE_PAGES = 1_000;

/** Follows NextPageToken with the paging guard (a repeated token or endless pages is exit 3, not a hang). */
async function guardedPages<P>(action: string, loop: Pick<PageLoop<P>, 'fetch' | 'next' | 'onPage'>): Promise<void> {
  try {
    await paginate({ action, region: CE_REGION, maxPages: MAX_CE_PAGES, ...loop });
  } catch (error) {
    if (error instanceof PagingError) throw fatalAwsError(error, action, CE_REGION);
    throw error;
  }
}
