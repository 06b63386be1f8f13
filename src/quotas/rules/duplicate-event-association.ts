import { EVENT_TYPES, type LambdaAssociation } from '../../model/inventory.js';
import { associationWhere, formatNumber, listWords, overrideNote, quotaFields } from '../rule-kit.js';
import { type AssociationRef, defineRule, type RuleFinding } from '../types.js';

function label(ref: AssociationRef): string {
  return ref.fn?.functionName ?? ref.association.functionArn ?? '(unresolved function)';
}

/** At most one Lambda@Edge function per event type of a cache behavior. */
export const duplicateEventAssociation = defineRule({
  id: 'duplicate-event-association',
  title: 'One Lambda@Edge function per event type of a cache behavior',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: EVENT_TYPES,
  quota: ['behavior.functionsPerEventType'],
  check(ctx) {
    const limit = ctx.quotas.get('behavior.functionsPerEventType');
    const byBehavior = new Map<object, Map<LambdaAssociation['eventType'], AssociationRef[]>>();
    for (const ref of ctx.index.associations) {
      let events = byBehavior.get(ref.behavior);
      if (!events) {
        events = new Map();
        byBehavior.set(ref.behavior, events);
      }
      events.set(ref.association.eventType, [...(events.get(ref.association.eventType) ?? []), ref]);
    }
    const findings: RuleFinding[] = [];
    for (const events of byBehavior.values()) {
      for (const [eventType, refs] of events) {
        if (refs.length <= limit.value) continue;
        const extra = refs[limit.value] ?? refs[refs.length - 1]!;
        // The finding is about the behavior, not one of the functions: no functionName.
        const { functionName: _one, ...where } = associationWhere(extra);
        findings.push({
          severity: ctx.severity,
          ...where,
          message: `cache behavior "${extra.behavior.pathPattern}" of distribution ${extra.distribution.resource ?? extra.distribution.id} has ${formatNumber(refs.length)} Lambda@Edge functions on ${eventType} (${listWords(refs.map(label))}), but CloudFront allows ${formatNumber(limit.value)} per event type${overrideNote(limit)}; merge them into one function`,
          actual: refs.length,
          ...quotaFields(limit),
        });
      }
    }
    return findings;
  },
});
