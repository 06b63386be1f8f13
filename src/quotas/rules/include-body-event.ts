import { associationWhere, listWords } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/** IncludeBody exposes the request body to request events only; on a response event it is not supported. */
export const includeBodyEvent = defineRule({
  id: 'include-body-event',
  title: 'IncludeBody only on request events',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: ['viewer-response', 'origin-response'],
  restriction: ['includeBodyEvents'],
  check(ctx) {
    const restriction = ctx.quotas.restriction('includeBodyEvents');
    const allowed = Array.isArray(restriction.value) ? restriction.value : [restriction.value];
    const findings: RuleFinding[] = [];
    for (const ref of ctx.index.associations) {
      const { association } = ref;
      if (!association.includeBody || allowed.includes(association.eventType)) continue;
      findings.push({
        severity: ctx.severity,
        ...associationWhere(ref),
        message: `IncludeBody is set on the ${association.eventType} association, but CloudFront exposes the request body only to ${listWords(allowed)} functions; remove IncludeBody or move the body logic to a request event`,
        actual: association.eventType,
        limit: allowed.join(', '),
        quota: 'restrictions.includeBodyEvents',
        quotaSource: restriction.source,
      });
    }
    return findings;
  },
});
