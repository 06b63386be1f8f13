import type { CacheBehavior, Distribution, LambdaAssociation } from '../model/inventory.js';
import { isEventType } from '../model/inventory.js';
import type { AwsClients } from './clients.js';
import { classifyAwsError, fatalAwsError } from './failures.js';
import { mapWithConcurrency } from './pool.js';

/** GetMonitoringSubscription calls in flight at once. */
const SUBSCRIPTION_CONCURRENCY = 4;

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
  const client = await aws.client('cloudfront', region);
  const sdk = await aws.sdk('cloudfront');
  const distributions: Distribution[] = [];
  try {
    const pages = sdk.paginateListDistributions({ client, pageSize: 100 }, {});
    for await (const page of pages) {
      aws.stats.recordCall('cloudfront:ListDistributions');
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
    }
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
