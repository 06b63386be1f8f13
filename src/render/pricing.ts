import type { PricingDocument } from '../pricing/document.js';
import type { PriceRate } from '../pricing/sheet.js';
import { renderTable } from './table.js';
import { escapeText } from './text.js';

/** Reads as a price: "0.60 USD per 1,000,000 requests", "1 ms", "2,000,000 invocations per month". */
function formatRate(rate: PriceRate, currency: string): string {
  const amount = Number(rate.amount).toLocaleString('en-US', { maximumFractionDigits: 20 });
  // Rates that are not money: the billing granularity and the free allowance.
  if (rate.id === 'lambdaEdge.billingGranularity' || rate.id === 'cloudfrontFunctions.freeInvocations') return `${amount} ${rate.unit}`;
  const unit = rate.per === 1 ? rate.unit.replace(/s$/, '') : rate.unit;
  return `${rate.amount} ${currency} per ${rate.per === 1 ? '' : `${rate.per.toLocaleString('en-US')} `}${unit}`;
}

/** `edgecost pricing`: every rate of the sheet with its price, effective date and source. */
export function renderPricingTable(sheet: PricingDocument, options: { color: boolean }): string {
  const rows = sheet.rates.map((rate) => [rate.id, formatRate(rate, sheet.currency), rate.effectiveDate ?? sheet.effectiveDate, rate.source]);
  const lines = [
    escapeText(`Price sheet ${sheet.id} (${sheet.currency}), effective ${sheet.effectiveDate}, retrieved ${sheet.retrievedDate}`),
    escapeText(`File: ${sheet.file}`),
    renderTable(['Rate', 'Price', 'Effective', 'Source'], [false, false, false, false], rows, undefined, { color: options.color }),
  ];
  const notes = sheet.rates.filter((r) => r.note).map((r) => `  - ${escapeText(`${r.id}: ${r.note}`)}`);
  if (notes.length > 0) lines.push('Notes:', ...notes);
  return `${lines.join('\n')}\n`;
}
