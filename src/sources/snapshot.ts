import { InputError } from '../errors.js';
import { describeJsonValue, failAt, type JsonInput } from '../model/json-input.js';
import { SNAPSHOT_KIND, type Snapshot } from '../model/snapshot.js';
import { checkSnapshot, describeUsage, usageIdentity } from '../model/snapshot-checks.js';
import { compileSchema, parseJsonData, readTextFileAsync } from './json-data.js';

export const SNAPSHOT_SCHEMA_FILE = 'schemas/snapshot.schema.json';

/** Parses and validates one snapshot document; errors name the file and the line. */
export function parseSnapshot(file: string, text: string): Snapshot {
  return snapshotFromJson(parseJsonData(file, text, { what: 'snapshot' }));
}

/** Checks a parsed snapshot: its kind and version first (what the file is), then the schema and the window. */
export function snapshotFromJson(input: JsonInput): Snapshot {
  const { file } = input;
  const data = input.data as { kind?: unknown; schemaVersion?: unknown };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(file, 'not an edgecost snapshot: expected a JSON object', { line: 1 });
  }
  if (data.kind !== SNAPSHOT_KIND) {
    const kind = typeof data.kind === 'string' ? `"${data.kind}"` : 'none';
    throw new InputError(file, `not an edgecost snapshot: "kind" is ${kind}, expected "${SNAPSHOT_KIND}"`, {
      line: input.at('/kind')?.line ?? 1,
      hint: 'create one with `edgecost collect -o snapshot.json`',
    });
  }
  if (data.schemaVersion !== 1) {
    // Say what the file holds: the string "1" is not the number 1.
    const message =
      typeof data.schemaVersion === 'number'
        ? `snapshot schemaVersion ${data.schemaVersion} is not supported (this edgecost reads version 1)`
        : `snapshot "schemaVersion" is ${describeJsonValue(data.schemaVersion)}, expected the number 1`;
    failAt(input, '/schemaVersion', message);
  }
  const issue = compileSchema(SNAPSHOT_SCHEMA_FILE)(data);
  if (issue) failAt(input, issue.pointer, `invalid snapshot: ${issue.path} ${issue.message}`);
  const snapshot = data as unknown as Snapshot;
  const problem = checkSnapshot(snapshot, { numbersChecked: true });
  if (problem) failAt(input, problem.pointer, `invalid snapshot: ${problem.pointer} ${problem.message}`);
  return snapshot;
}

export async function readSnapshot(file: string): Promise<Snapshot> {
  return parseSnapshot(file, await readTextFileAsync(file, 'the snapshot'));
}

/**
 * Merges snapshots of several accounts (or several collections of one account) for the same window.
 * Windows must match: adding a March snapshot to an April one would make every run-rate wrong.
 */
export function mergeSnapshots(snapshots: { file: string; snapshot: Snapshot }[]): Snapshot {
  const [first, ...rest] = snapshots;
  if (!first) throw new InputError('--input', 'no snapshot given');
  if (rest.length === 0) return first.snapshot;
  for (const { file, snapshot } of rest) {
    if (snapshot.window.start !== first.snapshot.window.start || snapshot.window.end !== first.snapshot.window.end) {
      throw new InputError(
        file,
        `window ${snapshot.window.start} – ${snapshot.window.end} differs from ${first.file} (${first.snapshot.window.start} – ${first.snapshot.window.end}); merge only snapshots of the same window`,
      );
    }
  }
  const all = snapshots.map((s) => s.snapshot);
  const functionKeys = new Set<string>();
  const distributionIds = new Set<string>();
  const merged: Snapshot = {
    ...first.snapshot,
    source: { type: 'merged', tool: first.snapshot.source.tool },
    exact: all.every((s) => s.exact === true),
    inventory: { distributions: [], functions: [] },
    usage: all.flatMap((s) => s.usage.map((u) => (u.accountId || !s.source.accountId ? u : { ...u, accountId: s.source.accountId }))),
    distributionMetrics: all.flatMap((s) => s.distributionMetrics),
    regions: all.flatMap((s) => s.regions.map((r) => ({ ...r, accountId: r.accountId ?? s.source.accountId }))),
    warnings: all.flatMap((s) => s.warnings ?? []),
  };
  // The same usage twice (one file given twice, two collections of one account) would double the bill.
  const seen = new Map<string, string>();
  snapshots.forEach(({ file }, index) => {
    const snapshot = all[index]!;
    for (const series of snapshot.usage) {
      const key = usageIdentity(series, snapshot.source.accountId);
      const previous = seen.get(key);
      if (previous !== undefined) {
        throw new InputError(
          file,
          `usage of ${describeUsage(series)} is already in ${previous}: merging would count it twice (merge snapshots of different accounts, or of one account once)`,
        );
      }
      seen.set(key, file);
    }
  });
  for (const snapshot of all) {
    for (const fn of snapshot.inventory.functions) {
      if (functionKeys.has(fn.key)) continue;
      functionKeys.add(fn.key);
      merged.inventory.functions.push(fn);
    }
    for (const distribution of snapshot.inventory.distributions) {
      if (distributionIds.has(distribution.id)) continue;
      distributionIds.add(distribution.id);
      merged.inventory.distributions.push(distribution);
    }
  }
  return merged;
}

export async function loadSnapshots(files: string[]): Promise<Snapshot> {
  const loaded = await Promise.all(files.map(async (file) => ({ file, snapshot: await readSnapshot(file) })));
  return mergeSnapshots(loaded);
}
