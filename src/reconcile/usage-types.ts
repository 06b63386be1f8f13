/**
 * Lambda@Edge usage types of the bill: `<CODE>-Lambda-Edge-Request` and
 * `<CODE>-Lambda-Edge-GB-Second`, one pair per executing region. The region codes are data
 * (pricing/usage-type-regions.json, with its source); a prefix that is not listed keeps its row,
 * with region null, so nothing in the bill is ever dropped.
 */

export type UsageUnit = 'request' | 'gb-second';

export interface UsageTypeRegionsFile {
  source: string;
  usageTypeSuffixes: Record<UsageUnit, string>;
  regions: Record<string, string>;
}

export interface UsageTypeRegions {
  source: string;
  suffixes: Record<UsageUnit, string>;
  regionByCode: ReadonlyMap<string, string>;
  codeByRegion: ReadonlyMap<string, string>;
}

export interface ParsedUsageType {
  /** The region short code before the suffix (`USE1`, `EU`); '' when there is none. */
  prefix: string;
  unit: UsageUnit;
  /** The AWS region, null when the prefix is not in the data file. */
  region: string | null;
}

/** The region-code table from its data file's parsed JSON (read by sources/reconcile-data.ts). */
export function usageTypeRegionsFromJson(data: UsageTypeRegionsFile): UsageTypeRegions {
  const regionByCode = new Map(Object.entries(data.regions));
  const codeByRegion = new Map([...regionByCode].map(([code, region]) => [region, code]));
  return { source: data.source, suffixes: data.usageTypeSuffixes, regionByCode, codeByRegion };
}

/** The unit and region of a Lambda@Edge usage type; undefined for any other usage type. */
export function parseUsageType(usageType: string, table: UsageTypeRegions): ParsedUsageType | undefined {
  for (const unit of ['request', 'gb-second'] as const) {
    const suffix = table.suffixes[unit];
    if (!usageType.endsWith(suffix)) continue;
    const prefix = usageType.slice(0, -suffix.length);
    return { prefix, unit, region: table.regionByCode.get(prefix) ?? null };
  }
  return undefined;
}
