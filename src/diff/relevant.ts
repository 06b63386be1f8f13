import type { Distribution } from '../model/inventory.js';
import type { Snapshot } from '../model/snapshot.js';

/**
 * The part of a snapshot a diff can read: the functions the templates match, every function that
 * shares a distribution with them (hit rates are derived from those), and every distribution any of
 * these runs on (their traffic splits a shared version's usage). Per-function figures come out the
 * same as from the whole snapshot; a large account is priced in a fraction of the time.
 */
export function relevantSnapshot(snapshot: Snapshot, functionNames: ReadonlySet<string>, distributionIds: ReadonlySet<string>): Snapshot {
  const nameOfKey = new Map(snapshot.inventory.functions.map((fn) => [fn.key, fn.functionName]));
  const namesOn = (distribution: Distribution): string[] =>
    distribution.behaviors
      .flatMap((b) => b.lambdaAssociations.map((a) => (a.functionKey === undefined ? undefined : nameOfKey.get(a.functionKey))))
      .filter((n): n is string => n !== undefined);
  const runs = (distribution: Distribution, names: ReadonlySet<string>) => namesOn(distribution).some((n) => names.has(n));

  const neighbours = snapshot.inventory.distributions.filter((d) => distributionIds.has(d.id) || runs(d, functionNames));
  const kept = new Set(functionNames);
  for (const distribution of neighbours) for (const name of namesOn(distribution)) kept.add(name);
  const distributions = snapshot.inventory.distributions.filter((d) => runs(d, kept) || distributionIds.has(d.id));
  return {
    ...snapshot,
    inventory: { distributions, functions: snapshot.inventory.functions.filter((fn) => kept.has(fn.functionName)) },
    usage: snapshot.usage.filter((series) => kept.has(series.functionName)),
  };
}
