import type { GroupBy, Report } from '../report/document.js';
import { renderJson } from './json.js';
import { comparisonCsvRows, comparisonView } from './report-compare.js';
import { reportSummaryLines, reportView } from './report-view.js';
import { renderTable } from './table.js';
import { csvCell, escapeMarkdown, escapeText } from './text.js';

export interface ReportRenderOptions {
  groupBy: GroupBy;
  color: boolean;
}

export function renderReportTable(report: Report, options: ReportRenderOptions): string {
  const view = reportView(report, options.groupBy);
  const lines = [...reportSummaryLines(report).map(escapeText), '', view.title];
  lines.push(renderTable(view.headers, view.numeric, view.rows, view.totalRow, { color: options.color }));
  if (report.comparison) {
    const comparison = comparisonView(report.comparison);
    lines.push('', escapeText(comparison.title), escapeText(comparison.summary));
    lines.push(renderTable(comparison.headers, comparison.numeric, comparison.rows, comparison.totalRow, { color: options.color }));
    for (const note of comparison.notes) lines.push(`  note: ${escapeText(note)}`);
  }
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const warning of report.warnings) lines.push(`  - ${escapeText(warning)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderReportMarkdown(report: Report, options: ReportRenderOptions): string {
  const view = reportView(report, options.groupBy);
  const [title, ...summary] = reportSummaryLines(report);
  const lines = [`## ${escapeMarkdown(title ?? '')}`, '', ...summary.map((line) => `- ${escapeMarkdown(line)}`), '', `### ${escapeMarkdown(view.title)}`, ''];
  lines.push(`| ${view.headers.map(escapeMarkdown).join(' | ')} |`);
  lines.push(`|${view.numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`);
  for (const row of view.rows) lines.push(`| ${row.map(escapeMarkdown).join(' | ')} |`);
  lines.push(`| ${view.totalRow.map((cell) => (cell ? `**${escapeMarkdown(cell)}**` : '')).join(' | ')} |`);
  if (report.comparison) {
    const comparison = comparisonView(report.comparison);
    lines.push('', `### ${escapeMarkdown(comparison.title)}`, '', `**${escapeMarkdown(comparison.summary)}**`, '');
    lines.push(`| ${comparison.headers.map(escapeMarkdown).join(' | ')} |`);
    lines.push(`|${comparison.numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`);
    for (const row of comparison.rows) lines.push(`| ${row.map(escapeMarkdown).join(' | ')} |`);
    lines.push(`| ${comparison.totalRow.map((cell) => (cell ? `**${escapeMarkdown(cell)}**` : '')).join(' | ')} |`);
    if (comparison.notes.length > 0) lines.push('', ...comparison.notes.map((note) => `- ${escapeMarkdown(note)}`));
  }
  if (report.warnings.length > 0) {
    lines.push('', '### Warnings', '');
    for (const warning of report.warnings) lines.push(`- ${escapeMarkdown(warning)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * CSV for spreadsheets: one header line, unrounded numbers, no total row (the sheet sums). With a
 * baseline, the CSV is the per-function comparison (one table per file), whatever --group-by says.
 */
export function renderReportCsv(report: Report, options: ReportRenderOptions): string {
  if (report.comparison)
    return `${comparisonCsvRows(report.comparison)
      .map((row) => row.map(csvCell).join(','))
      .join('\n')}\n`;
  const view = reportView(report, options.groupBy);
  const headers = view.headers.map((h) => (h === 'Cost' || h === 'Run-rate / month' ? `${h} (USD)` : h));
  return `${[headers, ...view.rawRows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

export function renderReportJson(report: Report): string {
  return renderJson(report);
}
