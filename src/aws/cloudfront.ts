import type { CacheBehavior, Distribution, LambdaAssociation } from '../model/inventory.js';
import { isEventType } from '../model/inventory.js';
import type { AwsClients } from './clients.js';
import { classifyAwsError, fatalAwsError } from './failures.js';
import { paginate } from './paging.js';
import { mapWithConcurrency } from './pool.js';

/** GetMonitoringSubscription calls in flight at once; their rate is kept by AwsClients (rate-limits.ts). */
const SUBSCRIPTION_CONCURRENCY = 16;
/** ListDistributions pages at most (100,000 distributions; the account quota is far lower): more is a server that never stops. */
const MAX_PAGES = 1_000;

interface LambdaAssociationsShape {
  Items?: { LambdaFunctionARN?: string; EventType?: string; IncludeBody?: boolean }[];
}
interface FunctionAssociationsShape {
  Items?: { FunctionARN?: string; EventType?: string }[];
}
interface BehaviorShape {
  PathPattern?: string;
  LambdaFunctionAssociations?: LambdaAssociationsShape;
  FunctionAssociations?: FunctionAssociationsShape;
}

function behaviorOf(pathPattern: string, shape: BehaviorShape | undefined): CacheBehavior {
  const lambdaAssociations: LambdaAssociation[] = [];
  for (const item of shape?.LambdaFunctionAssociations?.Items ?? []) {
    if (!isEventType(item.EventType) || !item.LambdaFunctionARN) continue;
    lambdaAssociations.push({ eventType: item.EventType, functionArn: item.LambdaFunctionARN, includeBody: item.IncludeBody === true });
  }
  const functionAssociations = (shape?.FunctionAssociations?.Items ?? []).flatMap((item) =>
    isEventType(item.EventType) && item.FunctionARN ? [{ eventType: item.EventType, functionArn: item.FunctionARN }] : [],
  );
  return { pathPattern, lambdaAssociations, functionAssociations };
}

/** `arn:aws:cloudfront::123456789012:distribution/E1…` → account id. */
export function accountOfDistributionArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : /^arn:aws[a-z-]*:cloudfront::(\d{12}):/.exec(arn)?.[1];
}

/**
 * Every distribution of the account (all pages of ListDistributions), with its cache behaviors'
 * Lambda@Edge and CloudFront Functions associations. The summaries carry the behaviors, so no
 * GetDistributionConfig call is needed. Failures here are fatal: without them there is nothing to price.
 */
export async function listDistributions(aws: AwsClients, region: string): Promise<Distribution[]> {
  const distributions: Distribution[] = [];
  try {
    await paginate({
      action: 'cloudfront:ListDistributions',
      region,
      maxPages: MAX_PAGES,
      fetch: (marker: string | undefined) =>
        aws.call('cloudfront', region, 'ListDistributions', (client, sdk) => client.send(new sdk.ListDistributionsCommand({ MaxItems: 100, Marker: marker }))),
      next: (page) => (page.DistributionList?.IsTruncated ? page.DistributionList.NextMarker : undefined),
      onPage: (page) => {
        for (const summary of page.DistributionList?.Items ?? []) {
          if (!summary.Id) continue;
          const behaviors: CacheBehavior[] = [behaviorOf('*', summary.DefaultCacheBehavior)];
          for (const behavior of summary.CacheBehaviors?.Items ?? []) {
            behaviors.push(behaviorOf(behavior.PathPattern ?? '', behavior));
          }
          distributions.push({
            id: summary.Id,
            accountId: accountOfDistributionArn(summary.ARN),
            domainName: summary.DomainName,
            comment: summary.Comment || undefined,
            enabled: summary.Enabled,
            behaviors,
          });
        }
      },
    });
  } catch (error) {
    throw fatalAwsError(error, 'cloudfront:ListDistributions', region);
  }
  return distributions;
}

/**
 * Whether each distribution's additional-metrics subscription (CacheHitRate) is on.
 * NoSuchMonitoringSubscription means off.
 */
export async function readMonitoringSubscriptions(aws: AwsClients, region: string, distributionIds: readonly string[]): Promise<Map<string, boolean>> {
  const enabled = await mapWithConcurrency(distributionIds, SUBSCRIPTION_CONCURRENCY, async (id) => {
    try {
      const answer = await aws.call('cloudfront', region, 'GetMonitoringSubscription', (client, sdk) =>
        client.send(new sdk.GetMonitoringSubscriptionCommand({ DistributionId: id })),
      );
      return answer.MonitoringSubscription?.RealtimeMetricsSubscriptionConfig?.RealtimeMetricsSubscriptionStatus === 'Enabled';
    } catch (error) {
      if (classifyAwsError(error) === 'not-found') return false;
      throw fatalAwsError(error, 'cloudfront:GetMonitoringSubscription', region);
    }
  });
  return new Map(distributionIds.map((id, i) => [id, enabled[i] === true]));
}
