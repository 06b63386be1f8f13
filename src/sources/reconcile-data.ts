import { readFileSync } from 'node:fs';
import { CUR_SQL_FILE } from '../reconcile/cur-sql.js';
import { type UsageTypeRegions, type UsageTypeRegionsFile, usageTypeRegionsFromJson } from '../reconcile/usage-types.js';
import { cannotRead } from './json-data.js';
import { packagePath } from './package-root.js';

/** The data files reconcile reads at run time: the usage-type region codes and the one CUR SQL text. */

const USAGE_TYPE_REGIONS_FILE = 'pricing/usage-type-regions.json';
let regions: UsageTypeRegions | undefined;
let sqlTemplate: string | undefined;

function readPackaged(relative: string, what: string): string {
  const file = packagePath(relative);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw cannotRead(file, `the ${what}`, error);
  }
}

export function usageTypeRegions(): UsageTypeRegions {
  regions ??= usageTypeRegionsFromJson(JSON.parse(readPackaged(USAGE_TYPE_REGIONS_FILE, 'usage-type region table')) as UsageTypeRegionsFile);
  return regions;
}

export function curSqlTemplate(): string {
  sqlTemplate ??= readPackaged(CUR_SQL_FILE, 'CUR SQL');
  return sqlTemplate;
}
