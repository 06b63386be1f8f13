import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { InputError, parseJsonFile } from '../errors.js';
import { lineOfJsonPointer } from '../model/schema.js';
import { packagePath } from '../paths.js';
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

const REQUIRED_RATES: readonly RateId[] = [
  'lambdaEdge.request',
  'lambdaEdge.gbSecond',
  'lambdaEdge.billingGranularity',
  'cloudfrontFunctions.invocation',
];

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

export const DEFAULT_PRICING_FILE = packagePath('pricing/aws-public.json');
const SCHEMA_FILE = packagePath('pricing/pricing.schema.json');

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: unknown }[] | null };
let validator: Validator | undefined;

function getValidator(): Validator {
  if (!validator) {
    const Ajv = (AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule;
    const ajv = new (Ajv as unknown as new (options: object) => { compile(schema: unknown): Validator })({ allErrors: true, strict: false });
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
  }
  return validator;
}

export function parsePriceSheet(file: string, text: string): Pricing {
  const data = parseJsonFile(file, text);
  const validate = getValidator();
  if (!validate(data)) {
    const first = validate.errors?.[0];
    const path = first?.instancePath || '/';
    const params = first?.params as { additionalProperty?: string; allowedValues?: unknown[] } | undefined;
    const detail = params?.additionalProperty
      ? `unknown field "${params.additionalProperty}"`
      : params?.allowedValues
        ? `${first?.message}: ${params.allowedValues.join(', ')}`
        : first?.message;
    const line = lineOfJsonPointer(text, params?.additionalProperty ? `${path}/${params.additionalProperty}` : path);
    throw new InputError(file, `not a valid price sheet: ${path} ${detail}`, {
      line,
      hint: 'see pricing/pricing.schema.json and pricing/aws-public.json for the expected shape',
    });
  }
  const sheet = { ...(data as Omit<PriceSheet, 'file'>), file };
  const byId = new Map<RateId, PriceRate>();
  for (const rate of sheet.rates) {
    if (byId.has(rate.id)) throw new InputError(file, `rate "${rate.id}" is listed twice`, { line: lineOfJsonPointer(text, `/rates/${sheet.rates.indexOf(rate)}`) });
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

/** Loads a price sheet (the bundled public one by default), validated against the schema. */
export function loadPricing(file: string = DEFAULT_PRICING_FILE): Pricing {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(file, `cannot read the price sheet (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parsePriceSheet(file, text);
}
