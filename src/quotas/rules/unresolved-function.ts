import { associationWhere } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/**
 * An association whose function the input does not define or could not be followed to (a custom
 * resource output, an imported value, a parameter): its quotas were not checked, which is reported
 * rather than passed in silence (PRODUCT.md: references that cannot be resolved are warnings).
 */
export const unresolvedFunction = defineRule({
  id: 'unresolved-function',
  title: 'Association resolves to a function of the input',
  kind: 'static',
  defaultSeverity: 'warning',
  appliesTo: 'all',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const ref of ctx.index.associations) {
      if (ref.fn) continue;
      const { association } = ref;
      const reason =
        association.unresolvedReason ??
        (association.functionKey !== undefined ? `function ${association.functionKey} is not in the input` : 'the input does not say which function it runs');
      findings.push({
        severity: ctx.severity,
        ...associationWhere(ref),
        message: `the function of the ${association.eventType} association could not be resolved (${reason}): its memory, timeout, package, runtime and feature rules were not checked`,
        ...(association.functionArn === undefined ? {} : { actual: association.functionArn }),
      });
    }
    return findings;
  },
});
