import { EVENT_TYPES } from '../../model/inventory.js';
import { checkEventLimit } from '../rule-kit.js';
import { defineRule } from '../types.js';

/**
 * Viewer events allow 128 MB, origin events Lambda's range (quotas/lambda-edge.json `*.memoryMB`);
 * below Lambda's minimum (`function.minMemoryMB`) or not a whole number is rejected on any event.
 */
export const memoryLimit = defineRule({
  id: 'memory-limit',
  title: 'Function memory within the limit of its event type',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: EVENT_TYPES,
  quota: ['viewer.memoryMB', 'origin.memoryMB', 'function.minMemoryMB'],
  check: (ctx) =>
    checkEventLimit(ctx, EVENT_TYPES, {
      quotaName: 'memoryMB',
      property: 'memoryMB',
      label: 'memory',
      value: (fn) => fn.memoryMB,
      condition: (fn) => fn.valueConditions?.memoryMB,
      unknownMessage: () => 'memory size unknown (not a literal in the input): the memory limit could not be checked',
      fix: 'lower MemorySize or move the function to an origin event',
      minimumQuota: 'function.minMemoryMB',
      defectKind: 'memory',
    }),
});
