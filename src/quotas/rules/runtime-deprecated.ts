import { EVENT_TYPES } from '../../model/inventory.js';
import { eventFields, functionWhere } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/** A runtime past its Lambda deprecation date (decided by the lint clock against quotas/runtimes.json). */
export const runtimeDeprecated = defineRule({
  id: 'runtime-deprecated',
  title: 'Runtime not past its deprecation date',
  kind: 'static',
  defaultSeverity: 'warning',
  appliesTo: EVENT_TYPES,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const edge of ctx.index.edgeFunctions) {
      const { fn } = edge;
      if (fn.runtime === undefined) continue; // runtime-unsupported reports the unknown runtime
      const status = ctx.runtimes.status(fn.runtime, ctx.now);
      if (status.status !== 'deprecated') continue;
      const { runtime, successor } = status;
      const blocked = runtime.blockCreateDate
        ? `; Lambda blocks creating functions with it from ${runtime.blockCreateDate}${runtime.blockUpdateDate ? ` and updating them from ${runtime.blockUpdateDate}` : ''}`
        : runtime.blockUpdateDate
          ? `; Lambda will reject updates from ${runtime.blockUpdateDate}`
          : '';
      findings.push({
        severity: ctx.severity,
        ...functionWhere(fn, 'runtime'),
        ...eventFields(edge),
        message: `runtime ${fn.runtime} has been deprecated since ${runtime.deprecationDate} (no more security patches)${blocked}${successor ? `; move to ${successor.id}` : ''}`,
        actual: fn.runtime,
        limit: `deprecated ${runtime.deprecationDate}`,
        quota: `runtimes.${fn.runtime}`,
        quotaSource: runtime.source,
      });
    }
    return findings;
  },
});
