import { UsageError } from '../errors.js';
import { regionNotice } from '../model/notices.js';
import type { Snapshot } from '../model/snapshot.js';
import { resolveWindow } from '../model/window.js';
import { loadSnapshots } from '../sources/snapshot.js';
import { parseRegionsFlag, progressTicker } from './collect-progress.js';
import { warnNotice } from './io.js';
import type { AwsFlags, FilterFlags, WindowFlags } from './options.js';

export interface SnapshotFlags extends WindowFlags, Partial<AwsFlags>, FilterFlags {
  input?: string[];
  demo?: boolean;
  exact?: boolean;
  quiet?: boolean;
}

/**
 * The snapshot a command works on: `--demo` (bundled sample account), `--input FILE...` (saved
 * snapshots, merged), or else a live collection from AWS. The AWS SDK is imported only in the last case.
 */
export async function obtainSnapshot(flags: SnapshotFlags, now: Date, pricing?: { billingGranularityMs: number }): Promise<Snapshot> {
  if (flags.demo && flags.input && flags.input.length > 0) {
    throw new UsageError('--demo and --input both name the data to use: give one of them');
  }
  if (flags.demo || (flags.input && flags.input.length > 0)) {
    const windowFlags = (['month', 'since', 'until', 'days', 'regions'] as const).filter((flag) => flags[flag] !== undefined);
    if (windowFlags.length > 0) {
      throw new UsageError(`--${windowFlags[0]} chooses what a live collection reads; ${flags.demo ? '--demo' : 'a snapshot'} has its own window and regions`, {
        hint: 'collect the window you want with `edgecost collect --month …`, or leave out the window flag',
      });
    }
  }
  if (flags.demo) {
    const { demoSnapshot } = await import('../demo/demo-account.js');
    return demoSnapshot();
  }
  if (flags.input && flags.input.length > 0) return loadSnapshots(flags.input);
  const regions = parseRegionsFlag(flags.regions);
  const { collectSnapshot } = await import('../aws/collect.js');
  const window = resolveWindow(flags, now);
  const ticker = progressTicker(flags.quiet);
  const snapshot = await collectSnapshot({
    window,
    now,
    homeRegion: flags.region ?? 'us-east-1',
    profile: flags.profile,
    regions,
    concurrency: flags.concurrency ?? 4,
    exact: flags.exact === true,
    distributionIds: flags.distribution,
    functionNames: flags.function,
    ...(pricing ? { billingGranularityMs: pricing.billingGranularityMs } : {}),
    onProgress: ticker.onProgress,
    listingThread: true,
  }).finally(ticker.stop);
  return snapshot;
}

/** Every command that reads usage warns on stderr for each region that failed (PRODUCT.md). */
export function warnFailedRegions(snapshot: Snapshot, quiet: boolean | undefined): void {
  for (const region of snapshot.regions) if (region.status === 'failed') warnNotice(regionNotice('input-region-failed', region), quiet);
}

export { parseRegionsFlag } from './collect-progress.js';
