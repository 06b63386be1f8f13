import type { Decimal } from '../pricing/money.js';
import type { BillSource } from './document.js';

/**
 * The bill as edgecost reads it, whatever the source: Lambda@Edge line items summed per account,
 * usage type, line item type and (when the export has them) resource — per day from Cost Explorer
 * (which marks days not final), over the window from a CUR export.
 */
export interface BillLine {
  /** UTC day, YYYY-MM-DD (Cost Explorer: the day; CUR: the first day of the summed line items). */
  date: string;
  accountId: string | null;
  usageType: string;
  /** CUR `line_item_line_item_type` / Cost Explorer `RECORD_TYPE`: Usage, Credit, Refund, Tax, … */
  lineItemType: string;
  resourceId: string | null;
  /** CUR `product_region_code`, when present. */
  regionCode: string | null;
  quantity: Decimal;
  unblendedCostUsd: Decimal;
  netUnblendedCostUsd: Decimal | null;
  /** The source marks the day as not final (Cost Explorer `Estimated`). */
  estimated: boolean;
}

export interface Bill {
  source: BillSource;
  apiRequests: number;
  lines: BillLine[];
  /** The export carries `line_item_resource_id`. */
  resourceIds: boolean;
  /** The source has net unblended cost. */
  netCost: boolean;
  demo?: boolean;
  warnings: string[];
}

/** Line item types that are usage (charged at a rate); everything else is an adjustment. */
const USAGE_LINE_TYPES = new Set(['Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage']);

export function isUsageLine(line: Pick<BillLine, 'lineItemType'>): boolean {
  return USAGE_LINE_TYPES.has(line.lineItemType);
}

/** The function a Lambda resource ID names (`arn:aws:lambda:us-east-1:ACCT:function:NAME[:QUALIFIER]`), without the replica prefix. */
export function functionNameOfResource(resourceId: string | null): string | undefined {
  if (!resourceId) return undefined;
  const match = /:function:([^:]+)/.exec(resourceId);
  const name = match?.[1];
  if (!name) return undefined;
  return name.startsWith('us-east-1.') ? name.slice('us-east-1.'.length) : name;
}
