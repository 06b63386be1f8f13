import type { DiffDocument } from '../diff/types.js';
import { diffView, plainText, windowLine } from './diff-view.js';
import { renderTable } from './table.js';
import { escapeMarkdown } from './text.js';

/** Views of `edgecost diff`: a terminal table, a pull-request comment (Markdown) and JSON. */

export function renderDiffTable(doc: DiffDocument, options: { color: boolean }): string {
  const view = diffView(doc);
  const lines = [`edgecost diff: ${view.summary}`, windowLine(doc), ''];
  lines.push(
    renderTable(
      ['Resource', 'Function', 'Status', 'Base $/mo', 'Head $/mo', 'Change', '%', 'Changes'],
      [false, false, false, true, true, true, true, false],
      view.rows.map((r) => [plainText(r.fn.resource), plainText(r.fn.functionName ?? '(unmatched)'), r.fn.status, r.base, r.head, r.change, r.percent, r.changes]),
      ['Total', '', '', view.totalBase, view.totalHead, view.totalChange, view.totalPercent, ''],
      options,
    ),
  );
  const explained = doc.functions.filter((fn) => fn.status !== 'unchanged' || fn.baseMonthlyUsd === null || fn.headMonthlyUsd === null);
  if (explained.length > 0) {
    lines.push('', 'Assumptions:');
    for (const fn of explained) {
      lines.push(`  ${plainText(fn.resource)} (${fn.confidence} confidence; ${plainText(fn.match.detail)}):`);
      for (const a of fn.assumptions) lines.push(`    - ${plainText(a)}`);
    }
  }
  if (doc.lintErrors.length > 0) {
    lines.push('', `Lint errors in the head templates (the deployment would be rejected):`);
    for (const e of doc.lintErrors) lines.push(`  ${plainText(e.file ?? '')}${e.line ? `:${e.line}` : ''} ${e.ruleId} ${plainText(e.resource)}: ${plainText(e.message)}`);
  }
  if (doc.warnings.length > 0) lines.push('', 'Warnings:', ...doc.warnings.map((w) => `  - ${plainText(w)}`));
  return `${lines.join('\n')}\n`;
}

export function renderDiffMarkdown(doc: DiffDocument): string {
  const view = diffView(doc);
  const unknown = doc.totals.unknownCount > 0 || doc.totals.lowerBoundCount > 0;
  const lines = [`### ${unknown ? '⚠️' : '💰'} Lambda@Edge cost of this change: **${escapeMarkdown(view.summary)}**`, '', escapeMarkdown(windowLine(doc)), ''];
  lines.push('| Resource | Function | Status | Base $/mo | Head $/mo | Change | % | Changes |', '| --- | --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of view.rows) {
    const where = r.fn.line !== null ? ` (line ${r.fn.line})` : '';
    lines.push(
      `| ${escapeMarkdown(r.fn.resource)}${where} | ${escapeMarkdown(r.fn.functionName ?? 'unmatched')} | ${r.fn.status} | ${r.base} | ${r.head} | ${r.change} | ${r.percent} | ${escapeMarkdown(r.changes)} |`,
    );
  }
  lines.push(`| **Total** | | | **${view.totalBase}** | **${view.totalHead}** | **${view.totalChange}** | **${view.totalPercent}** | |`);
  if (doc.lintErrors.length > 0) {
    lines.push('', `**Lint errors in the head templates** (CloudFront or Lambda would reject the deployment):`, '');
    for (const e of doc.lintErrors)
      lines.push(`- ${escapeMarkdown(e.file ?? '')}${e.line ? `:${e.line}` : ''} \`${e.ruleId}\` ${escapeMarkdown(e.resource)}: ${escapeMarkdown(e.message)}`);
  }
  const explained = doc.functions.filter((fn) => fn.status !== 'unchanged' || fn.baseMonthlyUsd === null || fn.headMonthlyUsd === null);
  if (explained.length > 0 || doc.warnings.length > 0) {
    lines.push('', '<details><summary>Assumptions</summary>', '');
    for (const fn of explained) {
      lines.push(`- **${escapeMarkdown(fn.resource)}** (${fn.confidence} confidence; ${escapeMarkdown(fn.match.detail)})`);
      for (const a of fn.assumptions) lines.push(`  - ${escapeMarkdown(a)}`);
    }
    for (const w of doc.warnings) lines.push(`- ${escapeMarkdown(w)}`);
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}
