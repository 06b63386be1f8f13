import { type Inventory, parseLambdaArn } from '../model/inventory.js';
import { Selection, type SelectionFlags } from '../model/selection.js';
import type { InputDefect, LintUsage } from './types.js';

/**
 * `--distribution ID` / `--function NAME` for templates and snapshots (a live collection applies
 * them while reading AWS): keeps the matching distributions (by id or logical id / address) and the
 * associations that run a matching function; usage is kept for matching functions only.
 */
export function filterLintInput(
  input: { inventory: Inventory; usage?: LintUsage; defects?: readonly InputDefect[] },
  filters: SelectionFlags | Selection,
): { inventory: Inventory; usage?: LintUsage; defects?: readonly InputDefect[] } {
  const selection = filters instanceof Selection ? filters : new Selection(filters);
  if (selection.all) return input;
  const byKey = new Map(input.inventory.functions.map((fn) => [fn.key, fn]));
  const matchesFunction = (functionKey: string | undefined, functionArn: string | undefined): boolean => {
    const fn = functionKey === undefined ? undefined : byKey.get(functionKey);
    return selection.includesFunction({ functionName: fn?.functionName, functionArn, resource: fn?.resource });
  };
  const inventory: Inventory = {
    functions: input.inventory.functions,
    distributions: input.inventory.distributions
      .filter((d) => selection.includesDistribution(d))
      .map((d) => ({
        ...d,
        behaviors: d.behaviors.map((b) => ({ ...b, lambdaAssociations: b.lambdaAssociations.filter((a) => matchesFunction(a.functionKey, a.functionArn)) })),
      })),
  };
  // An invalid association is kept with its distribution and, under --function, when it names a matching function.
  // Memory and timeout defects follow their function: the rules report them only for functions they lint.
  const defects = input.defects?.filter(
    (defect) =>
      defect.kind !== 'association' ||
      (selection.includesDistribution({ id: defect.distributionId, resource: defect.resource }) && matchesFunction(defect.functionKey, defect.functionArn)),
  );
  const withDefects = defects === undefined ? {} : { defects };
  if (!input.usage) return { inventory, ...withDefects };
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
  return { inventory, usage, ...withDefects };
}
