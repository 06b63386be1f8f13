import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { DEFAULT_PRICING_FILE, loadPricing, parsePriceSheet } from '../../src/sources/data-files.js';

const bundled = readFileSync(DEFAULT_PRICING_FILE, 'utf8');

function broken(mutate: (sheet: Record<string, unknown> & { rates: Record<string, unknown>[] }) => void): string {
  const sheet = JSON.parse(bundled);
  mutate(sheet);
  return JSON.stringify(sheet, null, 2);
}

function errorOf(text: string): InputError {
  try {
    parsePriceSheet('sheet.json', text);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('price sheets', () => {
  it('loads the bundled sheet with sources and dates', () => {
    const { sheet, rates } = loadPricing();
    expect(sheet.currency).toBe('USD');
    expect(sheet.rates.every((r) => r.source.startsWith('https://'))).toBe(true);
    expect(rates.lambdaEdgeRequestUsd.toString()).toBe('6e-7');
    expect(rates.lambdaEdgeGbSecondUsd.toString()).toBe('0.00005001');
    expect(rates.billingGranularityMs).toBe(1);
  });

  it.each([
    [
      'unknown field',
      broken((s) => {
        s.discount = '10%';
      }),
      /unknown field "discount"/,
      72,
    ],
    [
      'unknown rate id',
      broken((s) => {
        s.rates[0]!.id = 'lambdaEdge.requests';
      }),
      /must be equal to one of the allowed values/,
      undefined,
    ],
    [
      'price as a number',
      broken((s) => {
        s.rates[1]!.amount = 0.00005001;
      }),
      /\/rates\/1\/amount must be string/,
      undefined,
    ],
    [
      'missing required rate',
      broken((s) => {
        s.rates.splice(1, 1);
      }),
      /missing rate "lambdaEdge.gbSecond"/,
      undefined,
    ],
    [
      'duplicate rate',
      broken((s) => {
        s.rates.push({ ...s.rates[0]! });
      }),
      /listed twice/,
      undefined,
    ],
    ['invalid JSON', '{\n  "schemaVersion": 1,\n  "rates": [\n}', /invalid JSON/, 4],
  ])('rejects a broken sheet (%s) naming the file and line', (_name, text, message, line) => {
    const error = errorOf(text);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^sheet\.json/);
    expect(error.message).toMatch(message);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('accepts negotiated rates', () => {
    const text = broken((s) => {
      s.id = 'negotiated-2027';
      s.rates[0]!.amount = '0.48';
    });
    const { sheet, rates } = parsePriceSheet('negotiated.json', text);
    expect(sheet.id).toBe('negotiated-2027');
    expect(rates.lambdaEdgeRequestUsd.toString()).toBe('4.8e-7');
  });

  it('names a missing file', () => {
    expect(() => loadPricing('/nonexistent/prices.json')).toThrow(/\/nonexistent\/prices\.json: cannot read the price sheet \(ENOENT\)/);
  });
});
