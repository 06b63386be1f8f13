import type { Distribution } from '../model/inventory.js';
import type { DistributionMetrics } from '../model/snapshot.js';
import { weightedHitRate } from './assemble.js';
import { readMonitoringSubscriptions } from './cloudfront.js';
import { runMetricQueries } from './cloudwatch.js';
import type { CollectContext } from './context.js';
import { describeAwsError, fatalAwsError, isCredentialFailure, isFatal } from './failures.js';
import { type Datapoints, dailySeries, type MetricQuery, noDatapoints } from './metrics.js';
import { EDGE_HOME_REGION } from './regions.js';

/**
 * Daily viewer requests of each distribution and, when the additional-metrics subscription is on,
 * its cache-hit rate over the window (daily averages weighted by requests). CloudFront publishes
 * both in us-east-1 under `Region=Global`. The subscriptions and the metrics are read at the same
 * time (CacheHitRate is asked for every distribution and kept only where the subscription is on).
 * A failed metrics read leaves them unknown, with a warning.
 */
export async function collectDistributionMetrics(ctx: CollectContext, distributions: Distribution[]): Promise<{ metrics: DistributionMetrics[]; warnings: string[] }> {
  if (distributions.length === 0) return { metrics: [], warnings: [] };
  const ids = distributions.map((d) => d.id);
  const queries: MetricQuery[] = ids.flatMap((id, index) => {
    const dimensions = [
      { Name: 'DistributionId', Value: id },
      { Name: 'Region', Value: 'Global' },
    ];
    return [
      { id: `r${index}`, namespace: 'AWS/CloudFront', metricName: 'Requests', dimensions, stat: 'Sum' },
      { id: `h${index}`, namespace: 'AWS/CloudFront', metricName: 'CacheHitRate', dimensions, stat: 'Average' },
    ];
  });
  const [subscriptions, read] = await Promise.all([
    readMonitoringSubscriptions(ctx.aws, ctx.homeRegion, ids),
    runMetricQueries(ctx.aws, EDGE_HOME_REGION, ctx.window, ctx.periodSeconds, queries).then(
      (points) => ({ points }),
      (error: unknown) => {
        if (isFatal(error)) throw error;
        if (isCredentialFailure(error)) throw fatalAwsError(error, 'cloudwatch:GetMetricData', EDGE_HOME_REGION);
        return { error };
      },
    ),
  ]);
  const accountOf = (index: number) => distributions[index]?.accountId;
  if ('error' in read) {
    return {
      metrics: ids.map((id, index) => ({
        distributionId: id,
        ...(accountOf(index) ? { accountId: accountOf(index) } : {}),
        monitoringSubscription: subscriptions.get(id) === true,
      })),
      warnings: [`CloudFront distribution metrics could not be read in ${EDGE_HOME_REGION} (${describeAwsError(read.error)}); requests and cache-hit rates are unknown`],
    };
  }
  const points: Map<string, Datapoints> = read.points;
  const metrics = ids.map((id, index): DistributionMetrics => {
    const requests = dailySeries(ctx.window, ctx.now, points.get(`r${index}`) ?? noDatapoints(), 'sum');
    const subscribed = subscriptions.get(id) === true;
    const entry: DistributionMetrics = { distributionId: id, ...(accountOf(index) ? { accountId: accountOf(index) } : {}), requests, monitoringSubscription: subscribed };
    const hitRate = subscribed ? points.get(`h${index}`) : undefined;
    if (hitRate && hitRate.values.length > 0) {
      const weighted = weightedHitRate(ctx.window, ctx.now, hitRate, requests);
      if (weighted !== undefined) entry.cacheHitRatePercent = weighted;
    }
    return entry;
  });
  return { metrics, warnings: [] };
}
