import { defineRule, minSeverity, type RuleFinding } from '../types.js';

/**
 * A Lambda@Edge association CloudFront would reject: `LambdaFunctionAssociations` that is not a
 * list, an item that is not a mapping, an EventType that is missing or not one of the four events,
 * a missing LambdaFunctionARN (Terraform: `event_type`, `lambda_arn`). The loaders find them
 * (`InputDefect`, kind `association`); an association they cannot read before deploy (an
 * unevaluable intrinsic) is reported as unknown, never passed.
 */
export const invalidAssociation = defineRule({
  id: 'invalid-association',
  title: 'Lambda@Edge association that CloudFront accepts',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['associationEventTypes', 'associationShape'],
  check(ctx) {
    const findings: RuleFinding[] = [];
    const byKey = new Map(ctx.inventory.functions.map((fn) => [fn.key, fn]));
    for (const defect of ctx.defects) {
      if (defect.kind !== 'association') continue;
      const restriction = ctx.quotas.restriction(defect.restriction ?? 'associationShape');
      const fn = defect.functionKey === undefined ? undefined : byKey.get(defect.functionKey);
      const finding: RuleFinding = {
        severity: defect.unknown ? minSeverity(ctx.severity, 'warning') : ctx.severity,
        resource: defect.resource,
        ...(fn ? { functionName: fn.functionName } : {}),
        ...(defect.eventType === undefined ? {} : { eventType: defect.eventType }),
        ...(defect.distributionId === undefined ? {} : { distributionId: defect.distributionId }),
        ...(defect.pathPattern === undefined ? {} : { pathPattern: defect.pathPattern }),
        file: defect.file,
        ...(defect.line === undefined ? {} : { line: defect.line }),
        ...(defect.column === undefined ? {} : { column: defect.column }),
        message: defect.unknown ? `${defect.message}: whether CloudFront accepts the association could not be checked` : `${defect.message}; CloudFront rejects the deployment`,
        actual: defect.actual,
        limit: defect.expected ?? (Array.isArray(restriction.value) ? restriction.value.join(', ') : restriction.value),
        quota: `restrictions.${restriction.key}`,
        quotaSource: restriction.source,
        ...(defect.unknown ? { unknown: true } : {}),
      };
      findings.push(finding);
    }
    return findings;
  },
});
