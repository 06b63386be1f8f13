import { Decimal as DecimalBase } from 'decimal.js';

/**
 * Money is decimal, never float: sums of thousands of small amounts must not drift, and prices such
 * as the GB-second rate (eight decimal places) are not exact in binary. Rounding happens only for display.
 */
export const Decimal = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP });
export type Decimal = DecimalBase;

export const ZERO = new Decimal(0);

export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

/** Full precision for JSON contracts (a double carries ~16 significant digits, more than any bill needs). */
export function toJsonNumber(value: Decimal): number {
  return value.toNumber();
}

/** Rounds half-up to cents (or `places`) for tables; the decimal string avoids binary artefacts. */
export function formatUsd(value: Decimal | number, places = 2): string {
  const decimal = typeof value === 'number' ? new Decimal(value) : value;
  const fixed = decimal.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
  const [whole, fraction] = fixed.replace('-', '').split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${decimal.isNegative() && !decimal.toDecimalPlaces(places).isZero() ? '-' : ''}$${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Rounds to cents as a Decimal, so a table's total can be the sum of its rounded rows. */
export function roundCents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}
