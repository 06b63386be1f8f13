import { InputError } from '../errors.js';
import { failAt, type JsonInput } from '../model/json-input.js';
import { Decimal } from './money.js';

export const RATE_IDS = [
  'lambdaEdge.request',
  'lambdaEdge.gbSecond',
  'lambdaEdge.billingGranularity',
  'cloudfrontFunctions.invocation',
  'cloudfrontFunctions.freeInvocations',
  'lambda.x86.request',
  'lambda.x86.gbSecond',
] as const;
export type RateId = (typeof RATE_IDS)[number];

const REQUIRED_RATES: readonly RateId[] = ['lambdaEdge.request', 'lambdaEdge.gbSecond', 'lambdaEdge.billingGranularity', 'cloudfrontFunctions.invocation'];

export interface PriceRate {
  id: RateId;
  description?: string;
  /** Decimal string as written in the sheet. */
  amount: string;
  per: number;
  unit: string;
  source: string;
  effectiveDate?: string;
  note?: string;
}

export interface PriceSheet {
  id: string;
  description?: string;
  currency: 'USD';
  effectiveDate: string;
  retrievedDate: string;
  /** The file the sheet was read from. */
  file: string;
  rates: PriceRate[];
}

/** The rates the engine uses, per single unit, as decimals. */
export interface Rates {
  lambdaEdgeRequestUsd: Decimal;
  lambdaEdgeGbSecondUsd: Decimal;
  billingGranularityMs: number;
  cloudfrontFunctionsInvocationUsd: Decimal;
  cloudfrontFunctionsFreeInvocations?: number;
  lambdaX86RequestUsd?: Decimal;
  lambdaX86GbSecondUsd?: Decimal;
}

export interface Pricing {
  sheet: PriceSheet;
  rates: Rates;
}

/** Interprets a price sheet that matches pricing/pricing.schema.json (the loader checked it). */
export function pricingFromJson(input: JsonInput): Pricing {
  const { file } = input;
  const sheet = { ...(input.data as Omit<PriceSheet, 'file'>), file };
  const byId = new Map<RateId, PriceRate>();
  for (const rate of sheet.rates) {
    if (byId.has(rate.id)) failAt(input, `/rates/${sheet.rates.indexOf(rate)}`, `rate "${rate.id}" is listed twice`);
    byId.set(rate.id, rate);
  }
  for (const id of REQUIRED_RATES) {
    if (!byId.has(id)) throw new InputError(file, `missing rate "${id}"`);
  }
  const perUnit = (id: RateId): Decimal | undefined => {
    const rate = byId.get(id);
    return rate === undefined ? undefined : new Decimal(rate.amount).div(rate.per);
  };
  const granularity = perUnit('lambdaEdge.billingGranularity')!.toNumber();
  if (!(granularity > 0)) throw new InputError(file, 'lambdaEdge.billingGranularity must be more than 0 ms');
  const free = perUnit('cloudfrontFunctions.freeInvocations');
  return {
    sheet,
    rates: {
      lambdaEdgeRequestUsd: perUnit('lambdaEdge.request')!,
      lambdaEdgeGbSecondUsd: perUnit('lambdaEdge.gbSecond')!,
      billingGranularityMs: granularity,
      cloudfrontFunctionsInvocationUsd: perUnit('cloudfrontFunctions.invocation')!,
      cloudfrontFunctionsFreeInvocations: free?.toNumber(),
      lambdaX86RequestUsd: perUnit('lambda.x86.request'),
      lambdaX86GbSecondUsd: perUnit('lambda.x86.gbSecond'),
    },
  };
}
