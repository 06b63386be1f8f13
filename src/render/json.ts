import type { Snapshot } from '../model/snapshot.js';

/**
 * JSON output, for every command: the document as is, indented, one trailing newline. The document
 * is the contract (PRODUCT.md); every other format is a view of it.
 */
export function renderJson(document: unknown): string {
  return `${jsonText(document)}\n`;
}

/**
 * `JSON.stringify`, and then the characters it leaves raw that a terminal or log viewer may act on
 * (DEL, the C1 controls such as CSI \u009b, and the Unicode line separators) written as `\uXXXX`
 * escapes: the same JSON to a parser, inert on a terminal. C0 controls are escaped by JSON itself.
 */
export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Snapshot JSON (`collect`): indented, with numeric series kept on one line each (a month of a large
 * account stays readable and small).
 */
export function renderSnapshotJson(snapshot: Snapshot): string {
  return jsonText(snapshot).replace(/\[\n\s*((?:-?\d[\d.eE+-]*|null)(?:,\n\s*(?:-?\d[\d.eE+-]*|null))*)\n\s*\]/g, (_, inner: string) => `[${inner.replace(/,\n\s*/g, ', ')}]`);
}
