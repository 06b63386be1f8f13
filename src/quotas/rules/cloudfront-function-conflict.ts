import { isViewerEvent } from '../../model/inventory.js';
import { associationWhere, listWords } from '../rule-kit.js';
import { type AssociationRef, defineRule, type RuleFinding } from '../types.js';

/** CloudFront Functions and Lambda@Edge cannot both be on the viewer events of one cache behavior. */
export const cloudfrontFunctionConflict = defineRule({
  id: 'cloudfront-function-conflict',
  title: 'No CloudFront Function beside Lambda@Edge on viewer events',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: ['viewer-request', 'viewer-response'],
  restriction: ['cloudFrontFunctionsOnViewerEvents'],
  check(ctx) {
    const restriction = ctx.quotas.restriction('cloudFrontFunctionsOnViewerEvents');
    const viewerLambdas = new Map<object, AssociationRef[]>();
    for (const ref of ctx.index.associations) {
      if (!isViewerEvent(ref.association.eventType)) continue;
      viewerLambdas.set(ref.behavior, [...(viewerLambdas.get(ref.behavior) ?? []), ref]);
    }
    const findings: RuleFinding[] = [];
    for (const refs of viewerLambdas.values()) {
      const first = refs[0]!;
      const cloudFrontFunctions = first.behavior.functionAssociations.filter((association) => isViewerEvent(association.eventType));
      if (cloudFrontFunctions.length === 0) continue;
      const lambdaEvents = [...new Set(refs.map((ref) => ref.association.eventType))];
      const functionEvents = [...new Set(cloudFrontFunctions.map((association) => association.eventType))];
      findings.push({
        severity: ctx.severity,
        ...associationWhere(first),
        message: `cache behavior "${first.behavior.pathPattern}" of distribution ${first.distribution.resource ?? first.distribution.id} has a CloudFront Function on ${listWords(functionEvents)} and Lambda@Edge on ${listWords(lambdaEvents)}, but CloudFront does not allow both on the viewer events of one cache behavior; move the Lambda@Edge function to an origin event or its logic into the CloudFront Function`,
        actual: 'CloudFront Function + Lambda@Edge',
        limit: 'one of them',
        quota: 'restrictions.cloudFrontFunctionsOnViewerEvents',
        quotaSource: restriction.source,
      });
    }
    return findings;
  },
});
