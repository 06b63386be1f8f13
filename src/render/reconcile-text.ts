import type { Reconciliation } from '../reconcile/document.js';
import { reconciliationView } from './reconcile-view.js';
import { renderTable } from './table.js';
import { csvCell, escapeMarkdown } from './text.js';

/** Renderers of `edgecost reconcile`: views of the one reconciliation document. */

export function renderReconciliationTable(doc: Reconciliation, options: { color: boolean }): string {
  const view = reconciliationView(doc);
  const lines = [...view.summary, ''];
  lines.push(renderTable(view.headers, view.numeric, view.rows, view.totalRow, options));
  lines.push('', 'Effective rates');
  lines.push(renderTable(view.rateHeaders, view.rateNumeric, view.rateRows, undefined, options));
  if (view.causes.length > 0) {
    lines.push('', 'Causes:');
    for (const cause of view.causes) lines.push(`  - ${cause}`);
  }
  for (const warning of doc.warnings) lines.push(`note: ${warning}`);
  return `${lines.join('\n')}\n`;
}

export function renderReconciliationMarkdown(doc: Reconciliation): string {
  const view = reconciliationView(doc);
  const [title, ...summary] = view.summary;
  const lines = [`## ${escapeMarkdown(title ?? '')}`, '', ...summary.map((s) => `- ${escapeMarkdown(s)}`), ''];
  const table = (headers: string[], numeric: boolean[], rows: string[][], total?: string[]) => {
    lines.push(`| ${headers.map(escapeMarkdown).join(' | ')} |`);
    lines.push(`|${numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`);
    for (const row of rows) lines.push(`| ${row.map(escapeMarkdown).join(' | ')} |`);
    if (total) lines.push(`| ${total.map((c) => (c ? `**${escapeMarkdown(c)}**` : '')).join(' | ')} |`);
  };
  table(view.headers, view.numeric, view.rows, view.totalRow);
  lines.push('', '### Effective rates', '');
  table(view.rateHeaders, view.rateNumeric, view.rateRows);
  if (view.causes.length > 0) {
    lines.push('', '### Causes', '');
    for (const cause of view.causes) lines.push(`- ${escapeMarkdown(cause)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderReconciliationCsv(doc: Reconciliation): string {
  const view = reconciliationView(doc);
  return `${[view.rawHeaders, ...view.rawRows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}
