import { isViewerEvent } from '../model/inventory.js';
import { priceCloudFrontFunctions } from '../pricing/engine.js';
import { formatUsd } from '../pricing/money.js';
import { baseInputs, formatCount, formatMs, lowest, usageAssumptions } from './common.js';
import type { RecommendLimits } from './limits.js';
import type { Confidence, Recommendation } from './types.js';
import {
  type AssociationUsage,
  associationGroup,
  associationIdentity,
  describeAssociation,
  meanDurationMs,
  monthly,
  priceScaled,
  type UsageModel,
  usageComplete,
} from './usage.js';

export interface MoveToCloudFrontFunctionsOptions {
  limits: RecommendLimits;
}

/** Why an association cannot move to CloudFront Functions; undefined when nothing knowable rules it out. */
export function cloudFrontFunctionsBlocker(association: AssociationUsage, limits: RecommendLimits): string | undefined {
  const { binding, version } = association;
  if (!isViewerEvent(binding.eventType)) return `${binding.eventType}: CloudFront Functions run on viewer events only`;
  if (!version) return 'the function configuration is unknown';
  const runtime = version.config.runtime;
  if (runtime !== undefined && !runtime.startsWith('nodejs')) return `runtime ${runtime}: CloudFront Functions run JavaScript only`;
  if (binding.includeBody) return 'the association exposes the request body (IncludeBody), which CloudFront Functions cannot read';
  const maxBytes = limits.fact('cloudfrontFunctions.maxFunctionSizeBytes').value;
  if (version.config.unzippedSizeBytes !== undefined && version.config.unzippedSizeBytes > maxBytes) {
    return `the unzipped package is ${formatCount(version.config.unzippedSizeBytes)} bytes, over the ${formatCount(maxBytes)}-byte CloudFront Functions limit`;
  }
  if (version.config.unzippedSizeBytes === undefined && version.config.codeSizeBytes !== undefined && version.config.codeSizeBytes > maxBytes) {
    return `the package is ${formatCount(version.config.codeSizeBytes)} bytes compressed, already over the ${formatCount(maxBytes)}-byte CloudFront Functions limit`;
  }
  const mean = meanDurationMs(version);
  const maxMean = limits.heuristic('cloudfrontFunctions.maxMeanDurationMs').value;
  if (mean === null) return 'no invocations in the window: its duration is unknown';
  if (mean > maxMean) return `mean duration ${formatMs(mean)} is over ${formatMs(maxMean)}, too slow for a submillisecond budget`;
  return undefined;
}

/**
 * `move-to-cloudfront-functions`: a viewer-event function that is Node.js, small, quick and does not
 * read the body could run as a CloudFront Function, priced per invocation with no duration charge.
 * What the data cannot show (network calls, per-viewer lookups, Node.js APIs) is listed for review.
 */
export function recommendMoveToCloudFrontFunctions(model: UsageModel, options: MoveToCloudFrontFunctionsOptions): Recommendation[] {
  const { limits } = options;
  const out: Recommendation[] = [];
  for (const association of model.associations) {
    const version = association.version;
    if (!version || version.config.memoryMB === undefined) continue;
    if (cloudFrontFunctionsBlocker(association, limits) !== undefined) continue;
    const invocations = version.invocations * association.share;
    if (invocations <= 0) continue;
    const current = monthly(priceScaled(version, association.share, model.pricing).costUsd, model);
    const projected = monthly(priceCloudFrontFunctions(invocations, model.pricing.rates), model);
    const savings = current.minus(projected);
    if (savings.lte(0)) continue;
    out.push(build(model, association, invocations, current.toNumber(), projected.toNumber(), savings.toNumber(), limits));
  }
  return out;
}

function build(
  model: UsageModel,
  association: AssociationUsage,
  invocations: number,
  current: number,
  projected: number,
  savings: number,
  limits: RecommendLimits,
): Recommendation {
  const version = association.version!;
  const { binding } = association;
  const { rates } = model.pricing;
  const maxBytes = limits.fact('cloudfrontFunctions.maxFunctionSizeBytes');
  const confidentMean = limits.heuristic('cloudfrontFunctions.confidentMeanDurationMs').value;
  const reviewMax = limits.heuristic('cloudfrontFunctions.reviewMaxDurationMs').value;
  const mean = meanDurationMs(version)!;
  // Never "high": the code must be rewritten for another runtime, whatever the numbers say.
  let confidence: Confidence = 'medium';
  const assumptions = [
    `projected at the CloudFront Functions price (${formatUsd(rates.cloudfrontFunctionsInvocationUsd.times(1_000_000))} per 1M invocations, no duration charge) for the same ${formatCount(invocations)} invocations in the window`,
    rates.cloudfrontFunctionsFreeInvocations !== undefined
      ? `the ${formatCount(rates.cloudfrontFunctionsFreeInvocations)} free CloudFront Functions invocations a month are per account and not subtracted`
      : 'CloudFront Functions free tier not subtracted (it is per account)',
  ];
  const runtime = version.config.runtime;
  if (runtime === undefined) {
    assumptions.push('runtime unknown: only a Node.js (JavaScript) function can be ported');
    confidence = 'low';
  } else {
    assumptions.push(
      `runtime ${runtime}: JavaScript, but CloudFront Functions have their own runtime (${limits.restriction('cloudfrontFunctions.language').source}), so the code must be ported`,
    );
  }
  const unzipped = version.config.unzippedSizeBytes;
  const compressed = version.config.codeSizeBytes;
  if (unzipped !== undefined) {
    assumptions.push(`unzipped package ${formatCount(unzipped)} bytes ≤ ${formatCount(maxBytes.value)}-byte CloudFront Functions limit (${maxBytes.source})`);
  } else if (compressed !== undefined) {
    assumptions.push(
      `package ${formatCount(compressed)} bytes compressed (unzipped size unknown); the ${formatCount(maxBytes.value)}-byte CloudFront Functions limit applies to the code itself (${maxBytes.source})`,
    );
  } else {
    assumptions.push(`package size unknown: the code must fit ${formatCount(maxBytes.value)} bytes (${maxBytes.source})`);
    confidence = 'low';
  }
  assumptions.push(
    `mean duration ${formatMs(mean)} on Lambda@Edge; CloudFront Functions allow a submillisecond run time (${limits.restriction('cloudfrontFunctions.duration').source})`,
  );
  if (mean > confidentMean) confidence = 'low';
  const review = [
    `network calls: CloudFront Functions have no network or file-system access (${limits.restriction('cloudfrontFunctions.noNetworkOrFileSystem').source}); a function that fetches or calls an API cannot move`,
    'per-viewer logic: decisions must come from the request itself (headers, cookies, query string) or CloudFront KeyValueStore, not from a lookup elsewhere',
    `body access: CloudFront Functions cannot read the request body (${limits.restriction('cloudfrontFunctions.noBodyAccess').source})`,
    'Node.js APIs and npm modules used by the code: port them to the CloudFront Functions JavaScript runtime, then check compute utilization with the CloudFront TestFunction API before publishing',
  ];
  const max = version.maxDurationMs;
  if (max !== undefined && max > reviewMax) {
    review.push(`the slowest invocation took ${formatMs(max)} (over ${formatMs(reviewMax)}): a cold start, or a network call`);
  }
  const otherViewer = model.allAssociations.filter(
    (a) => a !== association && a.binding.distributionId === binding.distributionId && a.binding.pathPattern === binding.pathPattern && isViewerEvent(a.binding.eventType),
  );
  for (const other of otherViewer) {
    assumptions.push(
      `the cache behavior also runs ${other.version?.config.functionName ?? other.binding.functionArn ?? 'another function'} on ${other.binding.eventType} as Lambda@Edge, and CloudFront Functions and Lambda@Edge cannot share the viewer events of a behavior (${limits.restriction('cloudfrontFunctions.exclusiveWithLambdaEdgeViewer').source}): it must move too`,
    );
    confidence = 'low';
  }
  assumptions.push(...usageAssumptions(model, version, association));
  if (!usageComplete(model, version)) confidence = lowest(confidence, 'medium');

  return {
    kind: 'move-to-cloudfront-functions',
    ...associationIdentity(version, binding),
    change: `${binding.eventType} → CloudFront Functions`,
    from: describeAssociation(binding),
    to: `CloudFront Functions on ${binding.eventType}`,
    currentMonthlyCostUsd: current,
    projectedMonthlyCostUsd: projected,
    monthlySavingsUsd: savings,
    confidence,
    assumptions,
    review,
    inputs: {
      ...baseInputs(model, version, invocations, association.attribution),
      projectedInvocations: invocations,
      runtime: runtime ?? null,
      packageBytes: unzipped ?? compressed ?? null,
      packageBytesKind: unzipped !== undefined ? 'unzipped' : compressed !== undefined ? 'compressed' : null,
    },
    group: associationGroup(association),
  };
}
