import { lastDayOf } from '../model/window.js';
import type { Decimal } from '../pricing/money.js';
import type { PriceRate, Pricing } from '../pricing/sheet.js';
import type { UsageUnit } from './usage-types.js';

export interface EffectiveSheetOptions {
  /** The account's rate per single unit (bill cost ÷ quantity; net when the bill has it). */
  rates: Partial<Record<UsageUnit, Decimal>>;
  window: { start: string; end: string };
  source: string;
  accountIds: string[];
  now: Date;
}

/** A decimal as the sheet schema wants it: plain digits, no exponent, no trailing zeros. */
function plainDecimal(value: Decimal, places: number): string {
  const fixed = value.toDecimalPlaces(places).toFixed(places);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/**
 * A price sheet with the account's effective Lambda@Edge rates in place of the list rates; every
 * other rate (CloudFront Functions, granularity) is kept from the sheet in use. The caller
 * validates the text with the parser `--pricing` uses (sources/data-files.ts) before writing it,
 * so what is written can always be read back.
 */
export function effectivePriceSheet(base: Pricing, options: EffectiveSheetOptions): { text: string } {
  const start = options.window.start.slice(0, 10);
  const endExclusive = lastDayOf(options.window);
  const where = `${options.source}, ${start} to ${endExclusive}${options.accountIds.length > 0 ? `, account ${options.accountIds.join(', ')}` : ''}`;
  const replace = (rate: PriceRate): PriceRate => {
    const unit: UsageUnit | undefined = rate.id === 'lambdaEdge.request' ? 'request' : rate.id === 'lambdaEdge.gbSecond' ? 'gb-second' : undefined;
    const learned = unit ? options.rates[unit] : undefined;
    if (!unit || !learned) return rate;
    const per = rate.per;
    return {
      id: rate.id,
      description: `${rate.description ?? rate.id}: the account's effective rate`,
      amount: plainDecimal(learned.times(per), 16),
      per,
      unit: rate.unit,
      source: `edgecost reconcile: bill cost ÷ billed quantity (${where})`,
      effectiveDate: start,
      note: `list rate in ${base.sheet.id}: ${rate.amount} per ${per.toLocaleString('en-US')} ${rate.unit}`,
    };
  };
  const document = {
    $schema: 'https://edgecost.dev/schemas/pricing.schema.json',
    schemaVersion: 1,
    kind: 'edgecost.pricing',
    id: `effective-${options.accountIds[0] ?? 'account'}-${start}`,
    description: `Effective Lambda@Edge rates learned by edgecost reconcile from ${where}; other rates from ${base.sheet.id}.`,
    currency: base.sheet.currency,
    effectiveDate: start,
    retrievedDate: options.now.toISOString().slice(0, 10),
    rates: base.sheet.rates.map(replace),
  };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  return { text };
}
