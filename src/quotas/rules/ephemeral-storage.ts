import { eventFields, formatNumber, functionWhere, overrideNote, quotaFields } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/** Lambda@Edge allows /tmp up to 512 MB (Lambda's default); larger ephemeral storage is not supported. */
export const ephemeralStorage = defineRule({
  id: 'ephemeral-storage',
  title: 'Ephemeral storage within the Lambda@Edge limit',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  quota: ['function.ephemeralStorageMB'],
  check(ctx) {
    const limit = ctx.quotas.get('function.ephemeralStorageMB');
    const findings: RuleFinding[] = [];
    for (const edge of ctx.index.edgeFunctions) {
      // Not set means Lambda's default of 512 MB, which is within the limit.
      const size = edge.fn.ephemeralStorageMB;
      if (size === undefined || size <= limit.value) continue;
      findings.push({
        severity: ctx.severity,
        ...functionWhere(edge.fn, 'ephemeralStorageMB'),
        ...eventFields(edge),
        message: `ephemeral storage ${formatNumber(size)} MB is over the ${formatNumber(limit.value)} MB Lambda@Edge limit${overrideNote(limit)}; remove EphemeralStorage or set it to ${formatNumber(limit.value)}`,
        actual: size,
        ...quotaFields(limit),
      });
    }
    return findings;
  },
});
