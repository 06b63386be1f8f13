import { failAt, type JsonInput } from '../model/json-input.js';

/**
 * The runtimes Lambda@Edge accepts, with Lambda's lifecycle dates (quotas/runtimes.json). A runtime
 * becomes "deprecated" when the lint clock passes its date — a data change, never a code change.
 */

export const DEFAULT_RUNTIMES_FILE = 'quotas/runtimes.json';
export const RUNTIMES_SCHEMA_FILE = 'quotas/runtimes.schema.json';

export interface RuntimeFamily {
  family: string;
  prefix: string;
  name: string;
}

export interface RuntimeInfo {
  id: string;
  family: string;
  /** YYYY-MM-DD: from this UTC day on, the runtime is deprecated. */
  deprecationDate: string;
  blockCreateDate?: string;
  /** YYYY-MM-DD: from this UTC day on, Lambda rejects every create and update with the runtime. */
  blockUpdateDate?: string;
  source: string;
  note?: string;
}

export type RuntimeStatus =
  | { status: 'supported'; runtime: RuntimeInfo }
  | { status: 'deprecated'; runtime: RuntimeInfo; successor?: RuntimeInfo }
  /** Past its block-create date (or block-update date): Lambda rejects creating functions with it. */
  | { status: 'blocked'; runtime: RuntimeInfo; successor?: RuntimeInfo }
  /** A Node.js or Python runtime the table does not list (newer than the table, or misspelt). */
  | { status: 'unlisted'; family: RuntimeFamily }
  /** Not Node.js or Python: Lambda@Edge does not run it. */
  | { status: 'unsupported-language' };

interface RuntimeFile {
  id: string;
  retrievedDate: string;
  source: string;
  families: RuntimeFamily[];
  runtimes: RuntimeInfo[];
}

/** Whether `date` (YYYY-MM-DD, a UTC day) has begun at `now`. */
export function dayHasBegun(date: string, now: Date): boolean {
  return now.getTime() >= Date.parse(`${date}T00:00:00.000Z`);
}

export class RuntimeTable {
  readonly file: string;
  readonly id: string;
  readonly source: string;
  readonly retrievedDate: string;
  readonly families: readonly RuntimeFamily[];
  readonly runtimes: readonly RuntimeInfo[];
  private readonly byId: Map<string, RuntimeInfo>;

  constructor(file: string, data: RuntimeFile) {
    this.file = file;
    this.id = data.id;
    this.source = data.source;
    this.retrievedDate = data.retrievedDate;
    this.families = data.families;
    this.runtimes = data.runtimes;
    this.byId = new Map(data.runtimes.map((runtime) => [runtime.id, runtime]));
  }

  get(id: string): RuntimeInfo | undefined {
    return this.byId.get(id);
  }

  familyOf(id: string): RuntimeFamily | undefined {
    return this.families.find((family) => id.startsWith(family.prefix));
  }

  /** The runtime of the same family with the latest deprecation date that is not deprecated at `now`. */
  successor(family: string, now: Date): RuntimeInfo | undefined {
    return this.runtimes
      .filter((runtime) => runtime.family === family && !dayHasBegun(runtime.deprecationDate, now))
      .sort((a, b) => b.deprecationDate.localeCompare(a.deprecationDate))[0];
  }

  status(id: string, now: Date): RuntimeStatus {
    const runtime = this.byId.get(id);
    if (!runtime) {
      const family = this.familyOf(id);
      return family ? { status: 'unlisted', family } : { status: 'unsupported-language' };
    }
    // From the block-create date a template that creates a function with it cannot deploy.
    const blockedFrom = runtime.blockCreateDate ?? runtime.blockUpdateDate;
    if (blockedFrom && dayHasBegun(blockedFrom, now)) {
      return { status: 'blocked', runtime, successor: this.successor(runtime.family, now) };
    }
    if (dayHasBegun(runtime.deprecationDate, now)) return { status: 'deprecated', runtime, successor: this.successor(runtime.family, now) };
    return { status: 'supported', runtime };
  }
}

/** Months after its retrieval date from which the runtime table is called stale. */
export const RUNTIME_TABLE_STALE_MONTHS = 6;

/** Whether the table was retrieved more than 6 months before `now` (its dates may have moved since). */
export function runtimeTableIsStale(table: Pick<RuntimeTable, 'retrievedDate'>, now: Date): boolean {
  const limit = new Date(`${table.retrievedDate}T00:00:00.000Z`);
  limit.setUTCMonth(limit.getUTCMonth() + RUNTIME_TABLE_STALE_MONTHS);
  return now.getTime() > limit.getTime();
}

/** Interprets a runtime table that matches quotas/runtimes.schema.json (the loader checked it). */
export function runtimeTableFromJson(input: JsonInput): RuntimeTable {
  const table = input.data as RuntimeFile;
  const families = new Set(table.families.map((family) => family.family));
  const seen = new Set<string>();
  table.runtimes.forEach((runtime, index) => {
    const pointer = `/runtimes/${index}`;
    if (seen.has(runtime.id)) failAt(input, pointer, `runtime "${runtime.id}" is listed twice`);
    seen.add(runtime.id);
    if (!families.has(runtime.family)) failAt(input, pointer, `runtime "${runtime.id}" names an unknown family "${runtime.family}"`);
    if (runtime.blockCreateDate && runtime.blockUpdateDate && runtime.blockUpdateDate < runtime.blockCreateDate) {
      failAt(input, pointer, `runtime "${runtime.id}": blockUpdateDate is before blockCreateDate`);
    }
    if (runtime.blockUpdateDate && runtime.blockUpdateDate < runtime.deprecationDate) {
      failAt(input, pointer, `runtime "${runtime.id}": blockUpdateDate is before deprecationDate`);
    }
  });
  return new RuntimeTable(input.file, table);
}
