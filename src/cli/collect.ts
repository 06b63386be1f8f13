import type { Command } from 'commander';
import { resolveWindow } from '../model/window.js';
import { renderSnapshotJson } from '../render/json.js';
import { parseRegionsFlag, progressTicker } from './collect-progress.js';
import { checkOutputPath, clockFromEnv, emit, warn } from './io.js';
import { type AwsFlags, addAwsOptions, addFilterOptions, addWindowOptions, type FilterFlags, type WindowFlags } from './options.js';

interface CollectFlags extends WindowFlags, AwsFlags, FilterFlags {
  out?: string;
  exact?: boolean;
  quiet?: boolean;
}

export function configure(command: Command): void {
  command
    .description(command.summary())
    .option('-o, --out <FILE>', 'write the snapshot to FILE (atomically); stdout otherwise')
    .option('--exact', 'exact billed durations and max memory used from CloudWatch Logs Insights (slower, scans logs)')
    .option('--quiet', 'no progress or warnings on stderr');
  addWindowOptions(command);
  addAwsOptions(command);
  addFilterOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ edgecost collect --month 2026-10 -o snapshot.json
  $ edgecost collect --days 7 --regions all --exact -o week.json
  $ AWS_PROFILE=prod edgecost collect --month 2026-10 -o prod.json

A region that fails is recorded as "failed" in the snapshot (its cost unknown, not zero) and warned
about on stderr; collect still exits 0. Credentials or permission errors on CloudFront/Lambda exit 3,
and so does a run where no region answered (the message names the denied IAM action and regions).
IAM: docs/iam-policy.json. Environment: the standard AWS variables (AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL, AWS_MAX_ATTEMPTS, AWS_RETRY_MODE…), see docs/aws.md.`,
  );
  command.action(async (flags: CollectFlags) => {
    const now = clockFromEnv();
    const window = resolveWindow(flags, now);
    await checkOutputPath(flags.out);
    const regions = parseRegionsFlag(flags.regions);
    // collect has no --pricing: the bundled sheet is the one in use (its granularity splits --exact durations).
    const billingGranularityMs = flags.exact ? (await import('../sources/data-files.js')).loadPricing().rates.billingGranularityMs : undefined;
    const { collectSnapshot } = await import('../aws/collect.js');
    const ticker = progressTicker(flags.quiet);
    const snapshot = await collectSnapshot({
      window,
      now,
      homeRegion: flags.region,
      profile: flags.profile,
      regions,
      concurrency: flags.concurrency,
      exact: flags.exact === true,
      ...(billingGranularityMs === undefined ? {} : { billingGranularityMs }),
      distributionIds: flags.distribution,
      functionNames: flags.function,
      onProgress: ticker.onProgress,
      listingThread: true,
    }).finally(ticker.stop);
    for (const region of snapshot.regions) {
      if (region.status === 'failed') warn(`region ${region.region} failed: ${region.error ?? 'unknown error'} (its cost is unknown, not zero)`, flags.quiet);
    }
    for (const message of snapshot.warnings ?? []) warn(message, flags.quiet);
    await emit(renderSnapshotJson(snapshot), flags.out);
    if (flags.out !== undefined && flags.out !== '-' && !flags.quiet) {
      const failed = snapshot.regions.filter((r) => r.status === 'failed').length;
      const read = snapshot.regions.filter((r) => r.status === 'ok').length;
      process.stderr.write(
        `wrote ${flags.out}: ${snapshot.inventory.distributions.length} distribution(s), ${snapshot.inventory.functions.length} function version(s), ${read} region(s) read${failed > 0 ? `, ${failed} failed` : ''}\n`,
      );
    }
  });
}
