// Cost Explorer, AWS JSON 1.1 (`X-Amz-Target: AWSInsightsIndexService.<Operation>`, signing name
// `ce`, endpoint in us-east-1): GetDimensionValues and GetCostAndUsage, computed from the
// scenario's bill (CUR 2.0 line items), so Cost Explorer and a CUR fixture tell the same bill.
//
// Supported: TimePeriod (Start inclusive, End exclusive, YYYY-MM-DD), Granularity DAILY,
// Metrics UsageQuantity / UnblendedCost / NetUnblendedCost, GroupBy of up to two DIMENSIONs
// (USAGE_TYPE, LINKED_ACCOUNT, RECORD_TYPE, SERVICE, REGION), Filter expressions with And / Or /
// Not / Dimensions (exact values), SearchString (case-insensitive substring) and NextPageToken
// paging (pageSizes.costExplorerDays days / costExplorerDimensionValues values per page). Days from
// `bill.estimatedFrom` are `Estimated: true`. Amounts are decimal strings, as AWS sends them.
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { decodeToken, encodeToken } from './cloudwatch.js';
import type { ScenarioIndex } from './data.js';
import { type CurLineItem, dayStartSeconds, isoDate } from './scenario.js';
import { AwsError, jsonReply, type Reply } from './wire.js';

const CT = 'application/x-amz-json-1.1';
type Json = Record<string, unknown>;

const DIMENSIONS: Record<string, (item: CurLineItem) => string> = {
  USAGE_TYPE: (i) => i.usageType,
  LINKED_ACCOUNT: (i) => i.usageAccountId,
  RECORD_TYPE: (i) => i.lineItemType,
  SERVICE: (i) => (i.productCode === 'AWSLambda' ? 'AWS Lambda' : i.productCode),
  REGION: (i) => i.productRegionCode ?? 'global',
};
const METRIC_UNITS: Record<string, string> = { UsageQuantity: 'N/A', UnblendedCost: 'USD', NetUnblendedCost: 'USD' };

function validation(message: string): AwsError {
  return new AwsError(400, 'ValidationException', message);
}

function period(body: Json): { start: number; end: number } {
  const tp = body.TimePeriod as { Start?: unknown; End?: unknown } | undefined;
  if (!tp || typeof tp.Start !== 'string' || typeof tp.End !== 'string') throw validation('TimePeriod with Start and End is required');
  let start: number;
  let end: number;
  try {
    start = dayStartSeconds(tp.Start);
    end = dayStartSeconds(tp.End);
  } catch {
    throw validation(`Invalid date format: ${String(tp.Start)} / ${String(tp.End)} (expected yyyy-MM-dd)`);
  }
  if (end <= start) throw validation('Start date must be before end date');
  return { start, end };
}

function inPeriod(item: CurLineItem, p: { start: number; end: number }): boolean {
  const t = Date.parse(item.usageStartDate) / 1000;
  return t >= p.start && t < p.end;
}

function matches(expression: unknown, item: CurLineItem): boolean {
  if (expression === undefined || expression === null) return true;
  const e = expression as { And?: unknown[]; Or?: unknown[]; Not?: unknown; Dimensions?: { Key?: string; Values?: string[] } };
  const kinds = ['And', 'Or', 'Not', 'Dimensions'].filter((k) => (e as Json)[k] !== undefined);
  if (kinds.length !== 1) throw validation('Expression must have exactly one of And, Or, Not, Dimensions, Tags, CostCategories');
  if (e.And) return e.And.every((x) => matches(x, item));
  if (e.Or) return e.Or.some((x) => matches(x, item));
  if (e.Not) return !matches(e.Not, item);
  const key = e.Dimensions?.Key ?? '';
  const get = DIMENSIONS[key];
  if (!get) throw validation(`Dimension ${key} is not allowed`);
  return (e.Dimensions?.Values ?? []).includes(get(item));
}

function requestHash(body: Json): string {
  const { NextPageToken: _token, ...rest } = body;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

function items(idx: ScenarioIndex): CurLineItem[] {
  return idx.scenario.bill?.lineItems ?? [];
}

export function handleCostExplorer(idx: ScenarioIndex, region: string, operation: string, body: Json): Reply {
  if (region !== 'us-east-1') throw new AwsError(400, 'UnrecognizedClientException', `Cost Explorer is served from us-east-1, not ${region}`);
  switch (operation) {
    case 'GetDimensionValues':
      return getDimensionValues(idx, body);
    case 'GetCostAndUsage':
      return getCostAndUsage(idx, body);
    default:
      throw new AwsError(400, 'UnknownOperationException', `fake-aws Cost Explorer does not implement ${operation}`);
  }
}

function getDimensionValues(idx: ScenarioIndex, body: Json): Reply {
  const p = period(body);
  const dimension = String(body.Dimension ?? '');
  const get = DIMENSIONS[dimension];
  if (!get) throw validation(`Dimension ${dimension} is not supported`);
  const search = typeof body.SearchString === 'string' ? body.SearchString.toLowerCase() : undefined;
  const values = [
    ...new Set(
      items(idx)
        .filter((i) => inPeriod(i, p) && matches(body.Filter, i))
        .map(get),
    ),
  ]
    .filter((v) => search === undefined || v.toLowerCase().includes(search))
    .sort();
  const hash = requestHash(body);
  const offset = typeof body.NextPageToken === 'string' ? (decodeToken(body.NextPageToken, hash, 'InvalidNextTokenException').offset ?? 0) : 0;
  const size = Math.min(idx.pageSizes.costExplorerDimensionValues, typeof body.MaxResults === 'number' ? body.MaxResults : Number.POSITIVE_INFINITY);
  const page = values.slice(offset, offset + size);
  const next = offset + size < values.length ? encodeToken({ h: hash, offset: offset + size }) : undefined;
  return jsonReply(
    { DimensionValues: page.map((Value) => ({ Value, Attributes: {} })), ReturnSize: page.length, TotalSize: values.length, ...(next ? { NextPageToken: next } : {}) },
    CT,
  );
}

function getCostAndUsage(idx: ScenarioIndex, body: Json): Reply {
  const p = period(body);
  if (body.Granularity !== 'DAILY') throw validation('fake-aws supports Granularity DAILY only');
  const metrics = body.Metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) throw validation('Metrics is required');
  for (const m of metrics) if (typeof m !== 'string' || !METRIC_UNITS[m]) throw validation(`Metric ${String(m)} is not supported`);
  const groupBy = (body.GroupBy ?? []) as { Type?: string; Key?: string }[];
  if (groupBy.length > 2) throw validation('GroupBy supports up to two keys');
  const getters = groupBy.map((g) => {
    const get = g.Type === 'DIMENSION' ? DIMENSIONS[g.Key ?? ''] : undefined;
    if (!get) throw validation(`GroupBy ${String(g.Type)}:${String(g.Key)} is not supported`);
    return get;
  });
  const selected = items(idx).filter((i) => inPeriod(i, p) && matches(body.Filter, i));
  const estimatedFrom = idx.scenario.bill?.estimatedFrom ? dayStartSeconds(idx.scenario.bill.estimatedFrom) : Number.POSITIVE_INFINITY;
  const days: number[] = [];
  for (let d = p.start; d < p.end; d += 86_400) days.push(d);

  const hash = requestHash(body);
  const offset = typeof body.NextPageToken === 'string' ? (decodeToken(body.NextPageToken, hash, 'InvalidNextTokenException').offset ?? 0) : 0;
  const size = idx.pageSizes.costExplorerDays;
  const pageDays = days.slice(offset, offset + size);
  const amount = (value: Decimal, metric: string) => ({ Amount: value.toFixed(), Unit: METRIC_UNITS[metric] });
  const value = (item: CurLineItem, metric: string) =>
    new Decimal(metric === 'UsageQuantity' ? item.usageAmount : metric === 'UnblendedCost' ? item.unblendedCost : (item.netUnblendedCost ?? item.unblendedCost));

  const resultsByTime = pageDays.map((day) => {
    const ofDay = selected.filter((i) => isoDate(Math.floor(Date.parse(i.usageStartDate) / 1000)) === isoDate(day));
    const sums = (list: CurLineItem[]) =>
      Object.fromEntries(
        metrics.map((m: string) => [
          m,
          amount(
            list.reduce((a, i) => a.plus(value(i, m)), new Decimal(0)),
            m,
          ),
        ]),
      );
    const groups = new Map<string, CurLineItem[]>();
    if (getters.length > 0) {
      for (const item of ofDay) {
        const keys = JSON.stringify(getters.map((g) => g(item)));
        groups.set(keys, [...(groups.get(keys) ?? []), item]);
      }
    }
    return {
      TimePeriod: { Start: isoDate(day), End: isoDate(day + 86_400) },
      Total: getters.length > 0 ? {} : sums(ofDay),
      Groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([keys, list]) => ({ Keys: JSON.parse(keys) as string[], Metrics: sums(list) })),
      Estimated: day >= estimatedFrom,
    };
  });
  const next = offset + size < days.length ? encodeToken({ h: hash, offset: offset + size }) : undefined;
  return jsonReply(
    {
      GroupDefinitions: groupBy.map((g) => ({ Type: g.Type, Key: g.Key })),
      ResultsByTime: resultsByTime,
      DimensionValueAttributes: [],
      ...(next ? { NextPageToken: next } : {}),
    },
    CT,
  );
}
