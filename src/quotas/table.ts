import { readFileSync } from 'node:fs';
import { InputError, parseJsonFile, UsageError } from '../errors.js';
import { EVENT_TYPES, type EventType, isEventType } from '../model/inventory.js';
import { compileSchema, lineOfJsonPointer, type SchemaValidator } from '../model/schema.js';
import { packagePath } from '../paths.js';

/**
 * The Lambda@Edge quota table (quotas/lambda-edge.json): every limit a rule compares against, with
 * its source URL. Rules never hold a limit as a literal; they ask this table. Values AWS may raise
 * for an account, and the per-event limits AWS's own pages disagree on, are overridable.
 */

export const DEFAULT_QUOTAS_FILE = 'quotas/lambda-edge.json';
const SCHEMA_FILE = 'quotas/lambda-edge.schema.json';

export type EventGroup = 'viewer' | 'origin';

export interface QuotaEntry {
  /** `viewer.memoryMB`, `region.concurrentExecutions`, or a per-event override key `viewer-request.memoryMB`. */
  key: string;
  value: number;
  unit: string;
  description: string;
  source: string;
  alsoSource?: string[];
  /** What another AWS page says instead, when AWS's pages disagree. */
  disputed?: string;
  adjustable?: boolean;
  note?: string;
  /** Where an override came from (`--quota`, a config file); absent for the shipped value. */
  overriddenBy?: string;
  /** The shipped value, when overridden. */
  defaultValue?: number;
}

export interface Restriction {
  key: string;
  value: string | string[];
  description: string;
  source: string;
  note?: string;
}

interface QuotaFile {
  id: string;
  retrievedDate: string;
  sourcesDisagree?: string;
  eventGroups: Record<EventGroup, EventType[]>;
  quotas: Record<string, Omit<QuotaEntry, 'key'>>;
  restrictions: Record<string, Omit<Restriction, 'key'>>;
}

export class QuotaTable {
  readonly file: string;
  readonly id: string;
  readonly retrievedDate: string;
  readonly sourcesDisagree?: string;
  private readonly entries: Map<string, QuotaEntry>;
  private readonly restrictions: Map<string, Restriction>;
  private readonly groups: Record<EventGroup, EventType[]>;

  constructor(file: string, data: QuotaFile, entries?: Map<string, QuotaEntry>) {
    this.file = file;
    this.id = data.id;
    this.retrievedDate = data.retrievedDate;
    this.sourcesDisagree = data.sourcesDisagree;
    this.groups = data.eventGroups;
    this.entries = entries ?? new Map(Object.entries(data.quotas).map(([key, entry]) => [key, { key, ...entry }]));
    this.restrictions = new Map(Object.entries(data.restrictions).map(([key, entry]) => [key, { key, ...entry }]));
  }

  /** A quota by key; a missing key is a programming error (a rule naming a quota the table lacks). */
  get(key: string): QuotaEntry {
    const entry = this.entries.get(key);
    if (!entry) throw new Error(`quota "${key}" is not in ${this.file}`);
    return entry;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The viewer/origin group an event type belongs to. */
  groupOf(eventType: EventType): EventGroup {
    return this.groups.viewer.includes(eventType) ? 'viewer' : 'origin';
  }

  /**
   * The quota `name` (e.g. `memoryMB`) for one event type: a per-event override
   * (`viewer-request.memoryMB`) wins over the group's value (`viewer.memoryMB`).
   */
  forEvent(eventType: EventType, name: string): QuotaEntry {
    return this.entries.get(`${eventType}.${name}`) ?? this.get(`${this.groupOf(eventType)}.${name}`);
  }

  restriction(key: string): Restriction {
    const entry = this.restrictions.get(key);
    if (!entry) throw new Error(`restriction "${key}" is not in ${this.file}`);
    return entry;
  }

  list(): QuotaEntry[] {
    return [...this.entries.values()];
  }

  listRestrictions(): Restriction[] {
    return [...this.restrictions.values()];
  }

  /** Whether `key` can be overridden: a table key, or `<event-type>.<name>` where `<group>.<name>` exists. */
  isOverridable(key: string): boolean {
    if (this.entries.has(key) && !isEventType(key.slice(0, key.indexOf('.')))) return true;
    const dot = key.indexOf('.');
    const prefix = key.slice(0, dot);
    return isEventType(prefix) && this.entries.has(`${this.groupOf(prefix)}.${key.slice(dot + 1)}`);
  }

  /** A copy with overridden values (`--quota`, config file). Unknown keys and bad values are UsageErrors. */
  withOverrides(overrides: Record<string, number>, origin: string): QuotaTable {
    const entries = new Map(this.entries);
    for (const [key, value] of Object.entries(overrides)) {
      if (!this.isOverridable(key)) {
        throw new UsageError(`${origin}: unknown quota "${key}"`, { hint: `known quotas: ${this.overridableKeys().join(', ')}` });
      }
      if (!Number.isFinite(value) || value < 0) throw new UsageError(`${origin}: quota "${key}" must be a number ≥ 0, got ${value}`);
      const dot = key.indexOf('.');
      const prefix = key.slice(0, dot);
      const base = isEventType(prefix) ? this.get(`${this.groupOf(prefix)}.${key.slice(dot + 1)}`) : this.get(key);
      entries.set(key, {
        ...base,
        key,
        value,
        overriddenBy: origin,
        defaultValue: base.defaultValue ?? base.value,
        description: isEventType(prefix) ? `${base.description} (${prefix} only)` : base.description,
      });
    }
    const data: QuotaFile = {
      id: this.id,
      retrievedDate: this.retrievedDate,
      sourcesDisagree: this.sourcesDisagree,
      eventGroups: this.groups,
      quotas: {},
      restrictions: Object.fromEntries([...this.restrictions].map(([key, { key: _key, ...rest }]) => [key, rest])),
    };
    return new QuotaTable(this.file, data, entries);
  }

  overridableKeys(): string[] {
    return [...this.entries.keys()].filter((key) => !isEventType(key.slice(0, key.indexOf('.'))));
  }
}

let validateQuotaFile: SchemaValidator | undefined;

export function parseQuotaTable(file: string, text: string): QuotaTable {
  const data = parseJsonFile(file, text);
  validateQuotaFile ??= compileSchema(SCHEMA_FILE);
  const issue = validateQuotaFile(data);
  if (issue) {
    throw new InputError(file, `not a valid quota table: ${issue.path} ${issue.message}`, {
      line: lineOfJsonPointer(text, issue.path),
      hint: `see ${SCHEMA_FILE}`,
    });
  }
  const table = data as QuotaFile;
  const grouped = [...table.eventGroups.viewer, ...table.eventGroups.origin].sort();
  if (grouped.join() !== [...EVENT_TYPES].sort().join()) {
    throw new InputError(file, 'eventGroups must place each of the four event types in exactly one group', {
      line: lineOfJsonPointer(text, '/eventGroups'),
    });
  }
  return new QuotaTable(file, table);
}

/** Reads and validates a quota table (the shipped one by default). */
export function loadQuotaTable(file?: string): QuotaTable {
  const path = file ?? packagePath(DEFAULT_QUOTAS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(path, `cannot read the quota table (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseQuotaTable(file ?? DEFAULT_QUOTAS_FILE, text);
}

/** Parses one `--quota KEY=VALUE` flag. */
export function parseQuotaFlag(text: string): [string, number] {
  const match = /^\s*([A-Za-z][A-Za-z0-9-]*\.[A-Za-z][A-Za-z0-9]*)\s*=\s*(\S+)\s*$/.exec(text);
  if (!match) throw new UsageError(`--quota expects KEY=NUMBER (e.g. viewer.memoryMB=256), got "${text}"`);
  // Decimal only (digit groups may be separated by _): Number() would also take 0x10 as 16.
  const value = /^\d+(_\d+)*(\.\d+)?$/.test(match[2]!) ? Number(match[2]!.replace(/_/g, '')) : Number.NaN;
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--quota ${match[1]}: expected a number ≥ 0, got "${match[2]}"`);
  return [match[1]!, value];
}
