import { baseInputs, dataGaps, periodText } from './common.js';
import type { RecommendLimits } from './limits.js';
import type { Confidence, Recommendation } from './types.js';
import { type AssociationUsage, associationGroup, associationIdentity, describeAssociation, type UsageModel, usageComplete } from './usage.js';

export interface RemoveUnusedOptions {
  limits: RecommendLimits;
}

/**
 * `remove-unused`: associations that ran no invocation in the window — either the function
 * version never ran anywhere, or the association's distribution served no request. Lambda@Edge
 * bills invocations only, so the direct saving is $0; what removing it frees is stated instead.
 * A failed region or a day without data means "unknown", so such a finding is low confidence.
 */
export function recommendRemoveUnused(model: UsageModel, options: RemoveUnusedOptions): Recommendation[] {
  const out: Recommendation[] = [];
  const regionsRead = model.snapshot.regions.filter((r) => r.status === 'ok').length;
  for (const association of model.associations) {
    const { binding, version } = association;
    if (!version) continue;
    const requests = model.requestsByDistribution.get(binding.distributionId);
    const unknownRequestDays = model.unknownRequestDaysByDistribution.get(binding.distributionId) ?? 0;
    let reason: string;
    let confidence: Confidence;
    if (version.invocations === 0) {
      reason = `${version.config.functionName}${version.config.version ? ` version ${version.config.version}` : ''} ran no invocation in ${periodText(model)} in any of the ${regionsRead} region${regionsRead === 1 ? '' : 's'} read`;
      confidence = usageComplete(model, version) ? 'high' : 'low';
    } else if (requests === 0) {
      // Requests are summed over the known days: zero with unknown days is not "no traffic".
      reason =
        unknownRequestDays === 0
          ? `${binding.distributionId} served no viewer request in ${periodText(model)}, so nothing ran on this association`
          : `${binding.distributionId} served no viewer request on the days its requests are known (${unknownRequestDays} day${unknownRequestDays === 1 ? '' : 's'} unknown), so nothing ran on this association then`;
      confidence = unknownRequestDays === 0 ? 'medium' : 'low';
    } else {
      continue;
    }
    out.push(build(model, association, reason, confidence, options.limits));
  }
  return out;
}

function build(model: UsageModel, association: AssociationUsage, reason: string, confidence: Confidence, limits: RecommendLimits): Recommendation {
  const { binding } = association;
  const version = association.version!;
  const replicas = limits.restriction('lambdaEdge.replicasDeletedAfterLastAssociation');
  const siblings = model.allAssociations.filter((a) => a.version === version && a !== association).length;
  return {
    kind: 'remove-unused',
    ...associationIdentity(version, binding),
    change: `remove ${binding.eventType} association`,
    from: describeAssociation(binding),
    to: 'no association',
    currentMonthlyCostUsd: 0,
    projectedMonthlyCostUsd: 0,
    monthlySavingsUsd: 0,
    confidence,
    assumptions: [
      reason,
      'Lambda@Edge bills invocations and their duration only: removing an association that never runs saves $0 directly',
      `it removes a deployment dependency: the association pins this version and frees the ${binding.eventType} slot of the cache behavior`,
      siblings === 0
        ? `it is the version's last association: CloudFront then deletes its replicas (typically within hours) and the version can be deleted (${replicas.source})`
        : `the version has ${siblings} other association${siblings === 1 ? '' : 's'}: its replicas stay until the last one is removed (${replicas.source})`,
      ...dataGaps(model, version),
    ],
    review: ['is the path or distribution meant for future or rare traffic (a seasonal page, a disaster-recovery origin)? Then keep it'],
    inputs: baseInputs(model, version, version.invocations * association.share, association.attribution),
    group: `unused|${associationGroup(association)}`,
  };
}
