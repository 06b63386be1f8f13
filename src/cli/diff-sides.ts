import type { DiffOptions } from '../diff/build.js';
import { UsageError } from '../errors.js';
import type { LoadedTemplates } from '../sources/templates.js';

/** The flags that name the two sides of a template change. */
export interface SidesFlags {
  base?: string[];
  head?: string[];
  baseRef?: string;
}

/** Both sides read, and the head's lint errors (what the deployment would reject, whatever it costs). */
export interface Sides {
  base: LoadedTemplates;
  head: LoadedTemplates;
  notes: string[];
  lintErrors: NonNullable<DiffOptions['lintErrors']>;
}

export function checkSidesFlags(flags: SidesFlags): void {
  if (!flags.head || flags.head.length === 0) throw new UsageError('diff needs --head PATH (the templates after the change) and --base PATH or --base-ref REF');
  if (flags.base && flags.base.length > 0 && flags.baseRef !== undefined) throw new UsageError('--base and --base-ref both name the base: give one of them');
  if ((!flags.base || flags.base.length === 0) && flags.baseRef === undefined) throw new UsageError('diff needs --base PATH or --base-ref REF (the templates before the change)');
}

/** Reads the base and head templates and lints the head, in the thread that calls it. */
export async function readSides(flags: SidesFlags, now: Date): Promise<Sides> {
  checkSidesFlags(flags);
  const { loadTemplates } = await import('../sources/templates.js');
  const notes: string[] = [];
  const head = await loadTemplates(flags.head!);
  let base: LoadedTemplates;
  if (flags.baseRef !== undefined) {
    const { loadTemplatesAtRef } = await import('../sources/git-ref.js');
    base = await loadTemplatesAtRef(flags.baseRef, flags.head!, notes);
  } else {
    base = await loadTemplates(flags.base!);
  }
  return { base, head, notes, lintErrors: await headLintErrors(head, now) };
}

async function headLintErrors(head: LoadedTemplates, now: Date): Promise<Sides['lintErrors']> {
  const { lintInventory } = await import('../quotas/engine.js');
  const { loadQuotaTable, loadRuntimeTable } = await import('../sources/data-files.js');
  const doc = lintInventory(
    { inventory: head.inventory, defects: head.defects },
    { now, quotas: loadQuotaTable(), runtimes: loadRuntimeTable(), includeUnattachedFunctions: true },
  );
  return doc.findings
    .filter((f) => f.severity === 'error')
    .map((f) => ({ ruleId: f.ruleId, resource: f.resource, ...(f.file ? { file: f.file } : {}), ...(f.line !== undefined ? { line: f.line } : {}), message: f.message }));
}
