import type { EventBinding, FunctionConfig } from '../model/inventory.js';
import type { Side } from './build.js';
import type { DiffChange } from './types.js';

/**
 * What changed in a function between the base and head templates: its settings (memory is priced;
 * timeout, runtime, code and the rest are listed with no cost change) and its associations (moves,
 * additions and removals, named by the template's distribution resource and cache behavior).
 */

const SETTINGS: { property: string; read: (fn: FunctionConfig) => string | number | undefined }[] = [
  { property: 'memoryMB', read: (fn) => fn.memoryMB },
  { property: 'timeoutSec', read: (fn) => fn.timeoutSec },
  { property: 'runtime', read: (fn) => fn.runtime },
  { property: 'architectures', read: (fn) => fn.architectures?.join(',') },
  { property: 'ephemeralStorageMB', read: (fn) => fn.ephemeralStorageMB },
  { property: 'codeSizeBytes', read: (fn) => fn.codeSizeBytes },
  { property: 'code', read: (fn) => fn.artifactPath },
  { property: 'environmentVariables', read: (fn) => fn.environmentVariableNames?.join(',') },
  { property: 'layers', read: (fn) => fn.layerArns?.length },
];

interface Placed {
  behavior: string;
  eventType: string;
  includeBody: boolean;
}

function placements(fn: FunctionConfig | undefined, side: Side): Placed[] {
  if (!fn) return [];
  return (side.bindingsByFunction.get(fn.key) ?? []).map((binding: EventBinding) => {
    const distribution = side.deployed.get(binding.distributionId)?.distribution;
    return { behavior: `${distribution?.resource ?? binding.distributionId} ${binding.pathPattern}`, eventType: binding.eventType, includeBody: binding.includeBody };
  });
}

export function describeChanges(baseFn: FunctionConfig | undefined, headFn: FunctionConfig | undefined, base: Side, head: Side): DiffChange[] {
  const changes: DiffChange[] = [];
  if (baseFn && headFn) {
    for (const { property, read } of SETTINGS) {
      const from = read(baseFn);
      const to = read(headFn);
      if (from !== to) changes.push({ property, from: from ?? null, to: to ?? null });
    }
  }
  const before = placements(baseFn, base);
  const after = placements(headFn, head);
  const same = (a: Placed, b: Placed) => a.behavior === b.behavior && a.eventType === b.eventType;
  const removed = before.filter((a) => !after.some((b) => same(a, b)));
  const added = after.filter((b) => !before.some((a) => same(a, b)));
  for (const gone of removed) {
    const index = added.findIndex((a) => a.behavior === gone.behavior);
    const moved = index >= 0 ? added.splice(index, 1)[0] : undefined;
    changes.push({ property: 'association', from: `${gone.eventType} on ${gone.behavior}`, to: moved ? `${moved.eventType} on ${moved.behavior}` : null });
  }
  for (const item of added) changes.push({ property: 'association', from: null, to: `${item.eventType} on ${item.behavior}` });
  for (const a of before) {
    const b = after.find((x) => same(a, x));
    if (b && a.includeBody !== b.includeBody) changes.push({ property: `includeBody (${a.eventType} on ${a.behavior})`, from: String(a.includeBody), to: String(b.includeBody) });
  }
  return changes;
}
