import { AwsError } from '../errors.js';
import { classifyAwsError, describeAwsError } from './failures.js';
import type { RegionOutcome } from './region-read.js';

/**
 * The AwsError (exit 3) of a collection where no region answered: each failing IAM action with the
 * regions it failed in and AWS's answer, e.g. `access denied: cloudwatch:GetMetricData in
 * eu-west-1, us-east-1 (AccessDenied: …)`.
 */
export function noRegionAnswered(outcomes: readonly RegionOutcome[]): AwsError {
  const groups = new Map<string, { action: string; kind: ReturnType<typeof classifyAwsError>; regions: string[]; error: unknown }>();
  for (const outcome of outcomes) {
    if (outcome.status.status !== 'failed') continue;
    const action = outcome.failure?.action ?? 'cloudwatch:GetMetricData';
    const error = outcome.failure?.error ?? outcome.status.error;
    const kind = classifyAwsError(error);
    const key = `${action}|${kind}`;
    const group = groups.get(key) ?? { action, kind, regions: [], error };
    group.regions.push(outcome.status.region);
    groups.set(key, group);
  }
  const ordered = [...groups.values()].sort((a, b) => b.regions.length - a.regions.length || a.action.localeCompare(b.action, 'en'));
  const parts = ordered.map(({ action, kind, regions, error }) => {
    const where = regions.join(', ');
    const detail = describeAwsError(error);
    switch (kind) {
      case 'access-denied':
        return `access denied: ${action} in ${where} (${detail})`;
      case 'invalid-token':
        return `${action} in ${where}: the credentials are not valid there (${detail})`;
      case 'network':
        return `cannot reach AWS for ${action} in ${where}: ${detail}`;
      default:
        return `${action} failed in ${where}: ${detail}`;
    }
  });
  const denied = [...new Set(ordered.filter((g) => g.kind === 'access-denied').map((g) => g.action))];
  const hints = [
    ...(denied.length > 0 ? [`allow ${denied.join(' and ')} for this identity (docs/iam-policy.json lists every action edgecost calls)`] : []),
    ...(ordered.some((g) => g.kind === 'network') ? ['check the network, proxy settings and AWS_ENDPOINT_URL'] : []),
    ...(ordered.some((g) => g.kind === 'throttled') ? ['retry later, or raise AWS_MAX_ATTEMPTS'] : []),
    ...(ordered.some((g) => g.kind === 'invalid-token') ? ['check the access key / profile, and that the regions are enabled for the account'] : []),
  ];
  const first = ordered[0];
  const allRegions = ordered.flatMap((g) => g.regions);
  return new AwsError(`${parts.join('; ')}: no region answered, so the usage is unknown (not $0) and no snapshot was made`, {
    ...(first ? { action: first.action } : {}),
    ...(allRegions.length === 1 ? { region: allRegions[0] } : {}),
    ...(first ? { cause: first.error } : {}),
    ...(hints.length > 0 ? { hint: hints.join('; ') } : {}),
  });
}
