import { type Inventory, parseLambdaArn } from '../model/inventory.js';
import type { LintUsage } from './types.js';

/**
 * `--distribution ID` / `--function NAME` for templates and snapshots (a live collection applies
 * them while reading AWS): keeps the matching distributions (by id or logical id / address) and the
 * associations that run a matching function; usage is kept for matching functions only.
 */
export function filterLintInput(
  input: { inventory: Inventory; usage?: LintUsage },
  filters: { distributionIds?: string[]; functionNames?: string[] },
): { inventory: Inventory; usage?: LintUsage } {
  const distributions = filters.distributionIds?.length ? new Set(filters.distributionIds) : undefined;
  const names = filters.functionNames?.length ? new Set(filters.functionNames) : undefined;
  if (!distributions && !names) return input;
  const byKey = new Map(input.inventory.functions.map((fn) => [fn.key, fn]));
  const matchesFunction = (functionKey: string | undefined, functionArn: string | undefined): boolean => {
    if (!names) return true;
    const fn = functionKey === undefined ? undefined : byKey.get(functionKey);
    const name = fn?.functionName ?? (functionArn ? parseLambdaArn(functionArn)?.functionName : undefined);
    return name !== undefined && (names.has(name) || (fn?.resource !== undefined && names.has(fn.resource)));
  };
  const inventory: Inventory = {
    functions: input.inventory.functions,
    distributions: input.inventory.distributions
      .filter((d) => !distributions || distributions.has(d.id) || (d.resource !== undefined && distributions.has(d.resource)))
      .map((d) => ({
        ...d,
        behaviors: d.behaviors.map((b) => ({ ...b, lambdaAssociations: b.lambdaAssociations.filter((a) => matchesFunction(a.functionKey, a.functionArn)) })),
      })),
  };
  if (!input.usage) return { inventory };
  // Usage is per function: keep the functions the remaining associations run.
  const kept = new Set<string>();
  for (const distribution of inventory.distributions) {
    for (const behavior of distribution.behaviors) {
      for (const association of behavior.lambdaAssociations) {
        const fn = association.functionKey === undefined ? undefined : byKey.get(association.functionKey);
        const name = fn?.functionName ?? (association.functionArn ? parseLambdaArn(association.functionArn)?.functionName : undefined);
        if (name !== undefined) kept.add(name);
      }
    }
  }
  const usage: LintUsage = { ...input.usage, usage: input.usage.usage.filter((series) => kept.has(series.functionName)) };
  return { inventory, usage };
}
