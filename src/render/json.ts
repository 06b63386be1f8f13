import type { Snapshot } from '../model/snapshot.js';

/**
 * JSON output, for every command: the document as is, indented, one trailing newline. The document
 * is the contract (PRODUCT.md); every other format is a view of it.
 */
export function renderJson(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Snapshot JSON (`collect`): indented, with numeric series kept on one line each (a month of a large
 * account stays readable and small).
 */
export function renderSnapshotJson(snapshot: Snapshot): string {
  return JSON.stringify(snapshot, null, 2).replace(
    /\[\n\s*((?:-?\d[\d.eE+-]*|null)(?:,\n\s*(?:-?\d[\d.eE+-]*|null))*)\n\s*\]/g,
    (_, inner: string) => `[${inner.replace(/,\n\s*/g, ', ')}]`,
  );
}
