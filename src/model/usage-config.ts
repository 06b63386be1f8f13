import type { FunctionConfig } from './inventory.js';
import type { UsageSeries } from './snapshot.js';

/**
 * How a usage series meets its configuration, and what it sums to. The report, the recommenders
 * and the metric lint rules all read usage this way, so they price and judge the same invocations
 * with the same memory size.
 */

/** A function across its versions and regions: its unqualified ARN, or account + name. */
export function functionIdentity(item: { functionArn?: string; functionName: string; accountId?: string }): string {
  return item.functionArn ?? `${item.accountId ?? ''}:${item.functionName}`;
}

/** Numbered versions sort by number; `$LATEST` and aliases come last. */
export function versionNumber(version: string | undefined): number {
  const n = Number(version);
  return Number.isInteger(n) ? n : -1;
}

export function newestVersion(configs: readonly FunctionConfig[]): FunctionConfig | undefined {
  return [...configs].sort((a, b) => versionNumber(b.version) - versionNumber(a.version))[0];
}

export interface ResolvedConfig {
  /** Every version of the series' function in the inventory. */
  candidates: FunctionConfig[];
  /** The version the series was read for, when metrics were read per version. */
  versionConfig?: FunctionConfig;
  /** The configuration it ran with: its version, or else the newest version of the function. */
  config?: FunctionConfig;
}

/** Function versions of an inventory, indexed by function identity (falling back to the name). */
export class FunctionConfigIndex {
  private readonly byIdentity = new Map<string, FunctionConfig[]>();
  private readonly byName = new Map<string, FunctionConfig[]>();

  constructor(functions: readonly FunctionConfig[]) {
    for (const fn of functions) {
      const identity = functionIdentity(fn);
      this.byIdentity.set(identity, [...(this.byIdentity.get(identity) ?? []), fn]);
      this.byName.set(fn.functionName, [...(this.byName.get(fn.functionName) ?? []), fn]);
    }
  }

  resolve(series: { functionArn?: string; functionName: string; accountId?: string; version?: string }): ResolvedConfig {
    const candidates = this.byIdentity.get(functionIdentity(series)) ?? this.byName.get(series.functionName) ?? [];
    const versionConfig = series.version !== undefined ? candidates.find((fn) => fn.version === series.version) : undefined;
    return { candidates, versionConfig, config: versionConfig ?? newestVersion(candidates) };
  }
}

export interface SeriesTotals {
  invocations: number;
  durationSumMs: number;
  /** Exact billed duration, when known for every day with invocations (exact snapshots only). */
  billedDurationSumMs?: number;
  durationMaxMs?: number;
  /** Days that have begun but have no data (days after `now` cannot have data and are not counted). */
  unknownDays: number;
}

/** Sums one series over the days that have data. */
export function seriesTotals(series: UsageSeries, exact: boolean, begunDays: number): SeriesTotals {
  let invocations = 0;
  let durationSumMs = 0;
  let billed = 0;
  let billedKnown = exact && series.billedDurationSumMs !== undefined;
  let durationMaxMs: number | undefined;
  let unknownDays = 0;
  for (let day = 0; day < series.invocations.length; day++) {
    const count = series.invocations[day];
    const duration = series.durationSumMs[day];
    if (count === null || count === undefined || duration === null || duration === undefined) {
      if (day < begunDays) unknownDays++;
      continue;
    }
    invocations += count;
    durationSumMs += duration;
    if (billedKnown) {
      const exactDay = series.billedDurationSumMs?.[day];
      if (exactDay === null || exactDay === undefined) billedKnown = count === 0;
      else billed += exactDay;
    }
    const max = series.durationMaxMs?.[day];
    if (max !== null && max !== undefined) durationMaxMs = Math.max(durationMaxMs ?? 0, max);
  }
  return { invocations, durationSumMs, billedDurationSumMs: billedKnown ? billed : undefined, durationMaxMs, unknownDays };
}
