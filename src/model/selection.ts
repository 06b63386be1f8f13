import { parseLambdaArn } from './inventory.js';

/**
 * `--distribution ID` / `--function NAME`: which distributions and functions a command looks at.
 * One set of matching rules for every command (collect, lint, report, recommend, compare, gate):
 *
 * - a distribution matches by its id, or by its template resource (logical id, Terraform address);
 * - a function matches by its name (given, or read from its ARN, qualified or not), or by its
 *   template resource;
 * - exact and case-sensitive (CloudFront ids and Lambda names are), each flag repeatable;
 * - without a flag of a kind, everything of that kind matches.
 */
export interface SelectionFlags {
  distributionIds?: readonly string[];
  functionNames?: readonly string[];
}

export interface DistributionRef {
  /** The distribution id (`E…`), or the id an association or binding names. */
  id?: string;
  /** Logical id or Terraform address, for distributions read from templates. */
  resource?: string;
}

export interface FunctionRef {
  functionName?: string;
  functionArn?: string;
  resource?: string;
}

export class Selection {
  readonly distributionIds: ReadonlySet<string> | undefined;
  readonly functionNames: ReadonlySet<string> | undefined;

  constructor(flags: SelectionFlags = {}) {
    this.distributionIds = flags.distributionIds?.length ? new Set(flags.distributionIds) : undefined;
    this.functionNames = flags.functionNames?.length ? new Set(flags.functionNames) : undefined;
  }

  /** Everything matches: no flag was given. */
  get all(): boolean {
    return !this.distributionIds && !this.functionNames;
  }

  /** The flags again, as the options of the functions that take them. */
  get flags(): SelectionFlags {
    return {
      ...(this.distributionIds ? { distributionIds: [...this.distributionIds] } : {}),
      ...(this.functionNames ? { functionNames: [...this.functionNames] } : {}),
    };
  }

  includesDistribution(distribution: DistributionRef): boolean {
    if (!this.distributionIds) return true;
    return (distribution.id !== undefined && this.distributionIds.has(distribution.id)) || (distribution.resource !== undefined && this.distributionIds.has(distribution.resource));
  }

  includesFunction(fn: FunctionRef): boolean {
    const names = this.functionNames;
    return !names || functionKeys(fn).some((key) => names.has(key));
  }

  /** Names of `--function` that no item of `present` matches (for a "matched nothing" notice). */
  unmatchedFunctions(present: Iterable<FunctionRef>): string[] {
    if (!this.functionNames) return [];
    const seen = new Set<string>();
    for (const fn of present) for (const key of functionKeys(fn)) seen.add(key);
    return [...this.functionNames].filter((name) => !seen.has(name));
  }

  /** Ids of `--distribution` that no item of `present` matches. */
  unmatchedDistributions(present: Iterable<DistributionRef>): string[] {
    if (!this.distributionIds) return [];
    const seen = new Set<string>();
    for (const d of present) for (const key of [d.id, d.resource]) if (key !== undefined) seen.add(key);
    return [...this.distributionIds].filter((id) => !seen.has(id));
  }
}

/** What a function can be selected by: its name (given or from its ARN) and its template resource. */
function functionKeys(fn: FunctionRef): string[] {
  const name = fn.functionName ?? (fn.functionArn ? parseLambdaArn(fn.functionArn)?.functionName : undefined);
  return [name, fn.resource].filter((key): key is string => key !== undefined);
}

/** The selection of `--distribution` / `--function` flags (absent flags select everything). */
export function selectionOf(flags: SelectionFlags = {}): Selection {
  return new Selection(flags);
}
