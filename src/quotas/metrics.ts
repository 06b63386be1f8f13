import type { EventType, FunctionConfig, Inventory } from '../model/inventory.js';
import type { UsageSeries } from '../model/snapshot.js';
import { FunctionConfigIndex, functionIdentity } from '../model/usage-config.js';
import { windowDates } from '../model/window.js';
import { functionWhere } from './rule-kit.js';
import type { Finding, LintIndex, LintUsage } from './types.js';

/** Shared arithmetic of the metric rules (near-timeout, headroom, throttles, errors). */

export const SECONDS_PER_DAY = 86_400;

export { functionIdentity } from '../model/usage-config.js';

export interface UsageGroup {
  identity: string;
  functionName: string;
  functionArn?: string;
  series: UsageSeries[];
}

/** Usage series grouped per function (all versions and regions), in first-seen order. */
export function groupUsageByFunction(usage: LintUsage): UsageGroup[] {
  const groups = new Map<string, UsageGroup>();
  for (const series of usage.usage) {
    const identity = functionIdentity(series);
    let group = groups.get(identity);
    if (!group) {
      group = { identity, functionName: series.functionName, functionArn: series.functionArn, series: [] };
      groups.set(identity, group);
    }
    group.series.push(series);
  }
  return [...groups.values()];
}

/**
 * The configuration a usage series ran with: the version it was read for, or else (metrics read per
 * function, not per version) the newest numbered version in the inventory — the same choice the
 * cost report makes.
 */
export class ConfigResolver {
  private readonly configs: FunctionConfigIndex;
  private readonly eventTypesByKey = new Map<string, EventType[]>();

  constructor(inventory: Inventory, index: LintIndex) {
    this.configs = new FunctionConfigIndex(inventory.functions);
    for (const edge of index.edgeFunctions) this.eventTypesByKey.set(edge.fn.key, edge.eventTypes);
  }

  configFor(series: { functionArn?: string; functionName: string; accountId?: string; version?: string }): FunctionConfig | undefined {
    return this.configs.resolve(series).config;
  }

  eventTypesOf(fn: FunctionConfig | undefined): EventType[] {
    return fn ? (this.eventTypesByKey.get(fn.key) ?? []) : [];
  }

  /** Where a finding about a function's usage points: its configuration when known, else its ARN. */
  where(group: UsageGroup, config: FunctionConfig | undefined): Pick<Finding, 'resource' | 'functionName' | 'file' | 'line' | 'eventType' | 'eventTypes'> {
    const eventTypes = this.eventTypesOf(config);
    const base = config ? functionWhere(config) : { resource: group.functionArn ?? group.functionName, functionName: group.functionName };
    return { ...base, ...(eventTypes.length > 0 ? { eventType: eventTypes[0], eventTypes } : {}) };
  }
}

export function isKnown(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Sum of the known entries of a daily series, and how many were known. */
export function sumKnown(values: readonly (number | null)[] | undefined): { sum: number; known: number } {
  let sum = 0;
  let known = 0;
  for (const value of values ?? []) {
    if (!isKnown(value)) continue;
    sum += value;
    known++;
  }
  return { sum, known };
}

/** The UTC date (YYYY-MM-DD) of day `index` of the window. */
export function dayLabel(usage: LintUsage, index: number): string {
  return windowDates(usage.window)[index] ?? `day ${index + 1}`;
}

export interface RegionKey {
  accountId?: string;
  region: string;
}

/** Usage grouped per account and region (quotas are per account per region). */
export function groupUsageByRegion(usage: LintUsage): { key: RegionKey; series: UsageSeries[] }[] {
  const groups = new Map<string, { key: RegionKey; series: UsageSeries[] }>();
  for (const series of usage.usage) {
    const accountId = series.accountId ?? (series.functionArn ? series.functionArn.split(':')[4] : undefined);
    const id = `${accountId ?? ''}|${series.region}`;
    let group = groups.get(id);
    if (!group) {
      group = { key: { ...(accountId ? { accountId } : {}), region: series.region }, series: [] };
      groups.set(id, group);
    }
    group.series.push(series);
  }
  return [...groups.values()].sort((a, b) => (a.key.accountId ?? '').localeCompare(b.key.accountId ?? '') || a.key.region.localeCompare(b.key.region));
}

/** The resource of a region-wide finding: the region, prefixed by the account when it is known. */
export function regionResource(key: RegionKey): string {
  return key.accountId ? `${key.accountId}/${key.region}` : key.region;
}
