import type { TimeWindow } from '../model/snapshot.js';
import type { Confidence } from '../recommend/types.js';

/** The `diff --output json` contract (PRODUCT.md, kind "edgecost.diff"); JSON Schema: schemas/diff.schema.json. */
export const DIFF_KIND = 'edgecost.diff';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffChange {
  /** `memoryMB`, `timeoutSec`, `runtime`, `code`, `association`, … */
  property: string;
  from: string | number | null;
  to: string | number | null;
}

/** How a template function was tied to measured usage, or why it was not. */
export interface DiffMatch {
  by: 'function-name' | 'distribution-id' | 'cloudformation-tags' | 'map' | 'none';
  /** In words: which name, tags or flag. */
  detail: string;
}

export interface DiffFunction {
  /** Logical id (CloudFormation/SAM/CDK) or Terraform address. */
  resource: string;
  file: string;
  line: number | null;
  /** Deployed function name the resource was matched to; null when it matches nothing measured. */
  functionName: string | null;
  status: DiffStatus;
  changes: DiffChange[];
  /** Monthly run-rates, USD; null when unknown (never 0 for unknown). */
  baseMonthlyUsd: number | null;
  headMonthlyUsd: number | null;
  changeUsd: number | null;
  changePercent: number | null;
  /** The head cost is a lower bound (requests only: the duration is unknown). */
  lowerBound: boolean;
  confidence: Confidence;
  match: DiffMatch;
  assumptions: string[];
}

export interface DiffLintError {
  ruleId: string;
  resource: string;
  file?: string;
  line?: number;
  message: string;
}

export interface DiffDocument {
  schemaVersion: 1;
  kind: typeof DIFF_KIND;
  generatedAt: string;
  window: TimeWindow;
  pricingId: string;
  base: { files: string[]; ref?: string };
  head: { files: string[] };
  totals: {
    /** Run-rate of the functions of the base templates (known ones). */
    baseMonthlyUsd: number;
    /** Projected run-rate of the functions of the head templates (known ones). */
    headMonthlyUsd: number;
    changeUsd: number;
    changePercent: number | null;
    /** Functions whose base or head cost is unknown: the totals leave them out. */
    unknownCount: number;
    /** Functions whose head cost is a request-only lower bound. */
    lowerBoundCount: number;
  };
  functions: DiffFunction[];
  /** Errors `lint` finds in the head templates (the deployment would be rejected). */
  lintErrors: DiffLintError[];
  warnings: string[];
}
