import type { DiffDocument } from '../diff/types.js';
import { diffView, plainText } from './diff-view.js';
import { escapeData, escapeProperty } from './lint-github.js';
import { displayPath } from './lint-location.js';

/**
 * GitHub Actions notice annotations, one per function whose cost or settings change, on the line
 * that declares it: `::notice file=F,line=L,title=T::message`.
 */
export function renderDiffGithub(doc: DiffDocument, options: { baseDir?: string } = {}): string {
  const view = diffView(doc);
  const lines = view.rows
    .filter((r) => r.fn.status !== 'unchanged' || r.fn.headMonthlyUsd === null)
    .map((r) => {
      const properties: string[] = [];
      if (r.fn.file && r.fn.status !== 'removed') {
        properties.push(`file=${escapeProperty(displayPath(r.fn.file, options.baseDir))}`);
        if (r.fn.line !== null) properties.push(`line=${r.fn.line}`);
      }
      properties.push(`title=${escapeProperty(`edgecost diff: ${r.change} / month`)}`);
      const message = `${r.fn.resource} (${r.fn.functionName ?? 'unmatched'}) ${r.fn.status}: ${r.base} → ${r.head} a month (${r.change}, ${r.percent})${r.changes ? `; ${r.changes}` : ''}`;
      return `::notice ${properties.join(',')}::${escapeData(plainText(message))}`;
    });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
