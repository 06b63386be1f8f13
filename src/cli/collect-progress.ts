import type { CollectProgress } from '../aws/context.js';
import { isRegionName } from '../aws/regions.js';
import { UsageError } from '../errors.js';
import { endProgress, progressReporter } from './io.js';

/** The line drawn while collecting: regions done, calls made, elapsed time. */
export function formatProgress(progress: CollectProgress, elapsedMs: number): string {
  const regions = progress.regionsTotal > 0 ? `regions ${progress.regionsDone}/${progress.regionsTotal}, ` : '';
  return `collecting: ${regions}${progress.calls} calls, ${(elapsedMs / 1000).toFixed(1)} s`;
}

/**
 * A progress ticker for a live collection: the collector reports counts, the ticker redraws the
 * latest a few times a second on a terminal (nothing when quiet or not a TTY). `stop()` draws the
 * final line and clears it.
 */
export function progressTicker(quiet: boolean | undefined): { onProgress?: (progress: CollectProgress) => void; stop: () => void } {
  const write = progressReporter(quiet);
  if (!write) return { stop: () => {} };
  const started = performance.now();
  let latest: CollectProgress = { regionsDone: 0, regionsTotal: 0, calls: 0 };
  const render = () => write(formatProgress(latest, performance.now() - started));
  const timer = setInterval(render, 250);
  timer.unref();
  return {
    onProgress: (progress) => {
      latest = progress;
    },
    stop: () => {
      clearInterval(timer);
      render();
      endProgress(quiet);
    },
  };
}

/** `--regions`: "all", or comma-separated region names, each checked here (the collector trusts them). */
export function parseRegionsFlag(value: string | undefined): string[] | 'all' | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'all') return 'all';
  const unique = [
    ...new Set(
      value
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
  if (unique.length === 0) throw new UsageError('--regions needs at least one region, or "all"');
  for (const region of unique) {
    if (!isRegionName(region)) throw new UsageError(`--regions: "${region}" is not an AWS region name (e.g. eu-west-1)`);
  }
  return unique;
}
