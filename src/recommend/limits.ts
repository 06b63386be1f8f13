import { failAt, type JsonInput } from '../model/json-input.js';

/**
 * What recommenders compare against (quotas/recommend.json): AWS facts with their source, and
 * edgecost's own thresholds with the reason for each. No recommender holds such a number as a literal.
 */

export const RECOMMEND_LIMITS_FILE = 'quotas/recommend.json';
export const RECOMMEND_LIMITS_SCHEMA_FILE = 'quotas/recommend.schema.json';

const FACTS = ['cloudfrontFunctions.maxFunctionSizeBytes', 'cloudfrontFunctions.maxMemoryMB', 'lambda.minMemoryMB'] as const;
const HEURISTICS = [
  'cloudfrontFunctions.maxMeanDurationMs',
  'cloudfrontFunctions.confidentMeanDurationMs',
  'cloudfrontFunctions.reviewMaxDurationMs',
  'reduceMemory.maxUsedFraction',
  'reduceMemory.headroomFactor',
  'reduceMemory.stepMB',
] as const;
const RESTRICTIONS = [
  'cloudfrontFunctions.eventTypes',
  'cloudfrontFunctions.duration',
  'cloudfrontFunctions.noNetworkOrFileSystem',
  'cloudfrontFunctions.noBodyAccess',
  'cloudfrontFunctions.language',
  'cloudfrontFunctions.exclusiveWithLambdaEdgeViewer',
  'lambdaEdge.oneFunctionPerEventType',
  'lambdaEdge.replicasDeletedAfterLastAssociation',
] as const;

export type FactKey = (typeof FACTS)[number];
export type HeuristicKey = (typeof HEURISTICS)[number];
export type RestrictionKey = (typeof RESTRICTIONS)[number];

export interface LimitEntry {
  value: number;
  unit: string;
  description: string;
  /** AWS facts: where the value comes from. */
  source?: string;
  /** Heuristics: why edgecost chose the value. */
  reason?: string;
}

export interface RestrictionEntry {
  value: string | string[];
  description: string;
  source: string;
}

export interface RecommendLimits {
  id: string;
  file: string;
  fact(key: FactKey): LimitEntry;
  heuristic(key: HeuristicKey): LimitEntry;
  restriction(key: RestrictionKey): RestrictionEntry;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks and interprets the limits file; a missing or malformed entry names the file and line. */
export function recommendLimitsFromJson(input: JsonInput): RecommendLimits {
  const { file, data } = input;
  const fail = (pointer: string, message: string): never => failAt(input, pointer, message);
  if (!isObject(data) || data.kind !== 'edgecost.recommend-limits') fail('/kind', 'not an edgecost recommend-limits file ("kind" must be "edgecost.recommend-limits")');
  const root = data as Record<string, unknown>;
  const section = (name: 'facts' | 'heuristics' | 'restrictions') => {
    const value = root[name];
    if (!isObject(value)) return fail(`/${name}`, `"${name}" must be an object`);
    return value;
  };
  const numbers = (name: 'facts' | 'heuristics', keys: readonly string[], required: 'source' | 'reason') => {
    const entries = section(name);
    const out = new Map<string, LimitEntry>();
    for (const key of keys) {
      const entry = entries[key];
      const pointer = `/${name}/${key}`;
      if (!isObject(entry)) return fail(`/${name}`, `${name}.${key} is missing`);
      if (typeof entry.value !== 'number' || !Number.isFinite(entry.value) || entry.value <= 0) fail(pointer, `${name}.${key}.value must be a positive number`);
      if (typeof entry[required] !== 'string' || entry[required] === '') fail(pointer, `${name}.${key} needs a "${required}"`);
      out.set(key, entry as unknown as LimitEntry);
    }
    return out;
  };
  const facts = numbers('facts', FACTS, 'source');
  const heuristics = numbers('heuristics', HEURISTICS, 'reason');
  const restrictionEntries = section('restrictions');
  const restrictions = new Map<string, RestrictionEntry>();
  for (const key of RESTRICTIONS) {
    const entry = restrictionEntries[key];
    if (!isObject(entry) || typeof entry.source !== 'string' || typeof entry.description !== 'string') {
      fail(`/restrictions`, `restrictions.${key} is missing or has no source`);
    }
    restrictions.set(key, entry as unknown as RestrictionEntry);
  }
  return {
    id: typeof root.id === 'string' ? root.id : file,
    file,
    fact: (key) => facts.get(key)!,
    heuristic: (key) => heuristics.get(key)!,
    restriction: (key) => restrictions.get(key)!,
  };
}
