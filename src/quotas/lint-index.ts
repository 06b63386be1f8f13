import { EVENT_TYPES, type FunctionConfig, type Inventory } from '../model/inventory.js';
import type { AssociationRef, EdgeFunction, LintIndex } from './types.js';

/**
 * Joins associations to the functions they run, once per lint run (every rule reads this instead of
 * walking the inventory itself, which keeps a 2,000-resource template fast).
 * A function that no association runs is linted only with `includeUnattached` (templates).
 */
export function buildLintIndex(inventory: Inventory, options: { includeUnattached?: boolean } = {}): LintIndex {
  const byKey = new Map<string, FunctionConfig>();
  for (const fn of inventory.functions) if (!byKey.has(fn.key)) byKey.set(fn.key, fn);
  const associations: AssociationRef[] = [];
  const edges = new Map<string, EdgeFunction>();
  for (const distribution of inventory.distributions) {
    for (const behavior of distribution.behaviors) {
      for (const association of behavior.lambdaAssociations) {
        const fn = association.functionKey === undefined ? undefined : byKey.get(association.functionKey);
        const ref: AssociationRef = { association, behavior, distribution, ...(fn ? { fn } : {}) };
        associations.push(ref);
        if (!fn) continue;
        let edge = edges.get(fn.key);
        if (!edge) {
          edge = { fn, associations: [], eventTypes: [] };
          edges.set(fn.key, edge);
        }
        edge.associations.push(ref);
        if (!edge.eventTypes.includes(association.eventType)) edge.eventTypes.push(association.eventType);
      }
    }
  }
  // Template loaders put only Lambda@Edge functions in the inventory (those an association leads to
  // and those whose role trusts edgelambda.amazonaws.com): a template may define one whose
  // distribution lives elsewhere. Such a function is linted on every event type it could run on.
  if (options.includeUnattached) {
    for (const fn of byKey.values()) if (!edges.has(fn.key)) edges.set(fn.key, { fn, associations: [], eventTypes: [] });
  }
  const order = new Map(inventory.functions.map((fn, index) => [fn.key, index]));
  const edgeFunctions = [...edges.values()].sort((a, b) => (order.get(a.fn.key) ?? 0) - (order.get(b.fn.key) ?? 0));
  for (const edge of edgeFunctions) edge.eventTypes.sort((a, b) => EVENT_TYPES.indexOf(a) - EVENT_TYPES.indexOf(b));
  return { edgeFunctions, associations };
}
