import { parseLambdaArn } from '../../model/inventory.js';
import { associationWhere, eventFields, functionWhere, unknownFinding } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/** A Lambda@Edge function must be created in us-east-1 (quotas/lambda-edge.json restrictions.homeRegion). */
export const functionRegion = defineRule({
  id: 'function-region',
  title: 'Function created in us-east-1',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['homeRegion'],
  check(ctx) {
    const restriction = ctx.quotas.restriction('homeRegion');
    const home = restriction.value as string;
    const source = { limit: home, quota: 'restrictions.homeRegion', quotaSource: restriction.source };
    const findings: RuleFinding[] = [];
    const regionOfFunction = new Map<string, string | undefined>();
    for (const edge of ctx.index.edgeFunctions) {
      const { fn } = edge;
      const region = fn.region ?? (fn.functionArn ? parseLambdaArn(fn.functionArn)?.region : undefined);
      regionOfFunction.set(fn.key, region);
      const where = { ...functionWhere(fn), ...eventFields(edge) };
      if (region === undefined) {
        const arnRegion = edge.associations.some((ref) => ref.association.functionArn && parseLambdaArn(ref.association.functionArn));
        if (!arnRegion) {
          findings.push(
            unknownFinding(ctx, where, `region unknown (the input does not say where the function's stack deploys): Lambda@Edge functions must be created in ${home}`, 'info'),
          );
        }
        continue;
      }
      if (region === home) continue;
      findings.push({
        severity: ctx.severity,
        ...where,
        message: `function is in ${region}, but CloudFront replicates Lambda@Edge functions only from ${home}; deploy the function (its stack) in ${home}`,
        actual: region,
        ...source,
      });
    }
    // ARNs written in associations: checked where the function's own region is unknown or unresolved.
    for (const ref of ctx.index.associations) {
      const arn = ref.association.functionArn === undefined ? undefined : parseLambdaArn(ref.association.functionArn);
      if (!arn || arn.region === home) continue;
      if (ref.fn && regionOfFunction.get(ref.fn.key) !== undefined) continue;
      findings.push({
        severity: ctx.severity,
        ...associationWhere(ref),
        message: `the ${ref.association.eventType} association names a function in ${arn.region} (${ref.association.functionArn}), but Lambda@Edge functions must be created in ${home}`,
        actual: arn.region,
        ...source,
      });
    }
    return findings;
  },
});
