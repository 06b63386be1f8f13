import type { FunctionConfig } from '../model/inventory.js';
import { SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION, type Snapshot, type TimeWindow } from '../model/snapshot.js';
import { windowDates } from '../model/window.js';
import { AwsClients, type RetrySettings, retrySettingsFromEnv } from './clients.js';
import { listDistributions } from './cloudfront.js';
import { type CollectContext, type CollectProgress, ProgressCounter } from './context.js';
import { collectDistributionMetrics } from './distribution-metrics.js';
import { fetchFunctionConfigs } from './lambda.js';
import type { LogsPolling } from './logs.js';
import { choosePeriodSeconds } from './metrics.js';
import { noRegionAnswered } from './region-failure.js';
import { collectRegions } from './region-read.js';
import { EDGE_HOME_REGION, REGIONAL_EDGE_CACHE_REGIONS } from './regions.js';
import { linkAssociations, selectDistributions, selectFunctions, unconfiguredVersions, wantedFunctions } from './selection.js';
import { attachCloudFormationTags, readTagsAhead } from './tags.js';
import { startVersionListing } from './version-listing.js';

export { weightedHitRate } from './assemble.js';
export type { CollectProgress } from './context.js';

export interface CollectOptions {
  window: TimeWindow;
  /** The clock: days starting at or after it are unknown (null), and CloudWatch retention is measured from it. */
  now: Date;
  /** Region of the CloudFront control-plane calls. */
  homeRegion: string;
  profile?: string;
  /**
   * Regions where replica metrics are read: region names (validated by the caller, see
   * `cli/regions-flag.ts`), 'all' (discovered), or by default the 13 regional-edge-cache regions.
   */
  regions?: readonly string[] | 'all';
  /** Regions read at once. */
  concurrency: number;
  /**
   * Run the Lambda version listing on a worker thread of its own (src/aws/version-listing.ts), so
   * that the metric work on this thread never holds up its pages: the CLI does. Off by default,
   * for library callers whose mocks or instrumentation of the SDK must see every call.
   */
  listingThread?: boolean;
  /** Exact billed durations from CloudWatch Logs Insights. */
  exact: boolean;
  distributionIds?: string[];
  functionNames?: string[];
  /** Called with the counts (regions done, calls made) whenever they change. */
  onProgress?: (progress: CollectProgress) => void;
  /** Clients to use (tests and the bench read their call counts); created and destroyed here otherwise. */
  clients?: AwsClients;
  /** Retry settings; default from AWS_MAX_ATTEMPTS / AWS_RETRY_MODE / EDGECOST_RETRY_BASE_DELAY_MS. */
  retry?: RetrySettings;
  /** Logs Insights polling; default every 1 s (EDGECOST_LOGS_POLL_MS), at most 120 polls. */
  logsPolling?: Partial<LogsPolling>;
  /**
   * Billing granularity (ms) of the price sheet in use: with `exact`, a log group's billed total is
   * split between versions by their durations plus half of it per invocation. Required with `exact`.
   */
  billingGranularityMs?: number;
}

const DEFAULT_LOGS_POLLING: LogsPolling = { intervalMs: 1_000, maxPolls: 120 };

/**
 * Reads one window of a live account into a snapshot: distributions and their Lambda@Edge
 * associations (CloudFront), the configuration of each associated version (Lambda), daily replica
 * metrics per region and version (CloudWatch), distribution requests and cache-hit rate, and with
 * `exact` the billed durations from Logs Insights. A region that fails is marked failed and its
 * usage left out (unknown, never zero); when no region answers at all, AwsError names the failing
 * IAM actions and regions (a snapshot would price as $0). Credential and home-region permission
 * errors, answers that are not AWS's documents and the run's deadline throw AwsError. Nothing is
 * written to AWS.
 */
export async function collectSnapshot(options: CollectOptions): Promise<Snapshot> {
  const { window, now } = options;
  if (options.exact && options.billingGranularityMs === undefined) throw new TypeError('collectSnapshot: `exact` needs billingGranularityMs (the price sheet in use)');
  const periodSeconds = choosePeriodSeconds(window, now);
  const explicitRegions = options.regions === 'all' ? undefined : (options.regions ?? REGIONAL_EDGE_CACHE_REGIONS);
  const aws = options.clients ?? new AwsClients({ profile: options.profile, retry: options.retry ?? retrySettingsFromEnv(process.env) });
  const progress = new ProgressCounter(options.onProgress, () => aws.stats.totalCalls);
  const stopCounting = aws.stats.onRecord((kind) => kind === 'call' && progress.report());
  const warnings: string[] = [];
  // Lambda@Edge functions live in us-east-1: their versions are listed from the start (version-listing.ts).
  const versions = startVersionListing(aws, EDGE_HOME_REGION, { thread: options.listingThread === true });
  try {
    // Inventory: distributions, then the functions they run. The other services' SDKs load meanwhile.
    const listing = listDistributions(aws, options.homeRegion);
    aws.preload('tag', 'cloudwatch', ...(options.exact ? (['logs'] as const) : []));
    const listed = await listing;
    const distributions = selectDistributions(listed, options, warnings);
    const functions = selectFunctions(distributions, warnings);
    const ctx: CollectContext = {
      window,
      now,
      homeRegion: options.homeRegion,
      concurrency: options.concurrency,
      exact: options.exact,
      aws,
      periodSeconds,
      functions,
      logsPolling: { ...DEFAULT_LOGS_POLLING, ...envPolling(), ...options.logsPolling },
      ...(options.billingGranularityMs === undefined ? {} : { billingGranularityMs: options.billingGranularityMs }),
      progress,
    };

    const wanted = wantedFunctions(functions);
    // The tags (for `edgecost diff`) are read beside the metrics; attached at the end.
    const tagsAhead = readTagsAhead(
      aws,
      wanted.map((fn) => fn.unqualifiedArn),
      distributions,
    );
    const [configs, distributionMetrics, regionOutcomes] = await Promise.all([
      fetchFunctionConfigs(aws, wanted, { listing: versions }),
      collectDistributionMetrics(ctx, distributions),
      collectRegions(ctx, explicitRegions),
    ]);
    // Every region read failed: the usage is unknown, and a snapshot of it would price as $0.
    if (regionOutcomes.some((o) => o.status.status === 'failed') && !regionOutcomes.some((o) => o.status.status === 'ok')) {
      throw noRegionAnswered(regionOutcomes);
    }
    warnings.push(...configs.warnings, ...distributionMetrics.warnings);
    linkAssociations(distributions, configs.configs, configs.unresolved);

    const usage = regionOutcomes.flatMap((outcome) => outcome.usage);
    for (const outcome of regionOutcomes) warnings.push(...outcome.warnings);

    // Versions that ran in the window without being associated now still need their memory size.
    const inventoryFunctions: FunctionConfig[] = [...configs.configs.values()];
    const extra = unconfiguredVersions(usage, functions, configs.configs);
    if (extra.length > 0) {
      const more = await fetchFunctionConfigs(aws, extra);
      inventoryFunctions.push(...more.configs.values());
      for (const [key, reason] of more.unresolved) warnings.push(`${key} ran in the window but its configuration could not be read (${reason}); its cost is unknown`);
      warnings.push(...more.warnings);
    }

    // CloudFormation tags, by which `edgecost diff` matches templates (src/aws/tags.ts)
    warnings.push(...(await attachCloudFormationTags(aws, inventoryFunctions, distributions, tagsAhead)));

    const dates = windowDates(window);
    const futureDay = dates.findIndex((_, day) => Date.parse(window.start) + day * 86_400_000 >= now.getTime());
    if (futureDay >= 0) warnings.push(`the window's days from ${dates[futureDay]} on have not happened yet: their usage is unknown (null)`);

    const accountId = distributions.find((d) => d.accountId)?.accountId ?? functions[0]?.accountId;
    return {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      kind: SNAPSHOT_KIND,
      generatedAt: now.toISOString(),
      source: { type: 'aws', ...(accountId ? { accountId } : {}), region: options.homeRegion, tool: 'edgecost collect' },
      window,
      ...(options.exact ? { exact: true } : {}),
      inventory: { distributions, functions: inventoryFunctions.sort((a, b) => a.key.localeCompare(b.key, 'en')) },
      usage,
      distributionMetrics: distributionMetrics.metrics,
      regions: regionOutcomes.map((outcome) => ({ ...outcome.status, ...(accountId ? { accountId } : {}) })),
      warnings,
    };
  } finally {
    versions.close();
    stopCounting();
    progress.report();
    if (!options.clients) aws.destroy();
  }
}

function envPolling(): Partial<LogsPolling> {
  const interval = Number(process.env.EDGECOST_LOGS_POLL_MS);
  return process.env.EDGECOST_LOGS_POLL_MS !== undefined && Number.isFinite(interval) && interval >= 0 ? { intervalMs: interval } : {};
}
