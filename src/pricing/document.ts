import type { PriceSheet } from './sheet.js';

/** `pricing --output json`: the price sheet in use as it was read, and the file it came from (last). */
export type PricingDocument = Omit<PriceSheet, 'file'> & { file: string };

export function pricingDocument(sheet: PriceSheet): PricingDocument {
  const { file, ...rest } = sheet;
  return { ...rest, file };
}
