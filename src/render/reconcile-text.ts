import type { Reconciliation } from '../reconcile/document.js';
import { inert, reconciliationView } from './reconcile-view.js';
import { renderTable } from './table.js';

/** Renderers of `edgecost reconcile`: views of the one reconciliation document. */

export function renderReconciliationJson(doc: Reconciliation): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function renderReconciliationTable(doc: Reconciliation, options: { color: boolean }): string {
  const view = reconciliationView(doc);
  const lines = [...view.summary, ''];
  lines.push(renderTable(view.headers, view.numeric, view.rows, view.totalRow, options));
  lines.push('', 'Effective rates');
  lines.push(renderTable(view.rateHeaders, [false, true, true, true, false], view.rateRows, undefined, options));
  if (view.causes.length > 0) {
    lines.push('', 'Causes:');
    for (const cause of view.causes) lines.push(`  - ${cause}`);
  }
  for (const warning of doc.warnings) lines.push(`note: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** Markdown: every character that Markdown or HTML would interpret in a cell is escaped. */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~&]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

export function renderReconciliationMarkdown(doc: Reconciliation): string {
  const view = reconciliationView(doc);
  const [title, ...summary] = view.summary;
  const lines = [`## ${escapeMarkdownText(title ?? '')}`, '', ...summary.map((s) => `- ${escapeMarkdownText(s)}`), ''];
  const table = (headers: string[], numeric: boolean[], rows: string[][], total?: string[]) => {
    lines.push(`| ${headers.map(escapeMarkdownText).join(' | ')} |`);
    lines.push(`|${numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`);
    for (const row of rows) lines.push(`| ${row.map(escapeMarkdownText).join(' | ')} |`);
    if (total) lines.push(`| ${total.map((c) => (c ? `**${escapeMarkdownText(c)}**` : '')).join(' | ')} |`);
  };
  table(view.headers, view.numeric, view.rows, view.totalRow);
  lines.push('', '### Effective rates', '');
  table(view.rateHeaders, [false, true, true, true, false], view.rateRows);
  if (view.causes.length > 0) {
    lines.push('', '### Causes', '');
    for (const cause of view.causes) lines.push(`- ${escapeMarkdownText(cause)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const clean = inert(value);
  const text = /^[=+\-@]/.test(clean) ? `'${clean}` : clean;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderReconciliationCsv(doc: Reconciliation): string {
  const view = reconciliationView(doc);
  return `${[view.rawHeaders, ...view.rawRows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}
