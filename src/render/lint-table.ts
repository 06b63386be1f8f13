import type { LintDocument } from '../quotas/document.js';
import type { Finding, Severity } from '../quotas/types.js';
import { escapeText, visibleWidth, wrapWords } from './text.js';

export interface LintTableOptions {
  color: boolean;
  /** Width of the message column (characters); messages wrap on word boundaries. */
  messageWidth?: number;
}

const SEVERITY_COLOR: Record<Severity, [string, string]> = {
  error: ['\x1b[31m', '\x1b[39m'],
  warning: ['\x1b[33m', '\x1b[39m'],
  info: ['\x1b[36m', '\x1b[39m'],
};

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function amount(value: number | string): string {
  return typeof value === 'number' ? NUMBER.format(value) : value;
}

/** "256 / 128 MB": actual against limit, the unit once. */
function actualVersusLimit(finding: Finding): string {
  const unit = finding.unit ? ` ${finding.unit}` : '';
  const numeric = typeof finding.actual !== 'string' && typeof finding.limit !== 'string';
  if (finding.actual !== undefined && finding.limit !== undefined) {
    return numeric ? `${amount(finding.actual)} / ${amount(finding.limit)}${unit}` : `${amount(finding.actual)} / ${amount(finding.limit)}`;
  }
  if (finding.actual !== undefined) return `${amount(finding.actual)}${typeof finding.actual === 'number' ? unit : ''}`;
  if (finding.limit !== undefined) return `limit ${amount(finding.limit)}${typeof finding.limit === 'number' ? unit : ''}`;
  return '';
}

function plural(count: number, word: string): string {
  return `${NUMBER.format(count)} ${word}${count === 1 ? '' : 's'}`;
}

/** One group per resource, in order of first appearance (findings arrive in file/line order). */
function groupByResource(findings: readonly Finding[]): { resource: string; findings: Finding[] }[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.resource);
    if (group) group.push(finding);
    else groups.set(finding.resource, [finding]);
  }
  return [...groups].map(([resource, items]) => ({ resource, findings: items }));
}

function groupTitle(resource: string, findings: readonly Finding[]): string {
  const first = findings[0];
  // A function's group shows its name; a distribution's group (several functions) does not.
  const distinct = [...new Set(findings.map((f) => f.functionName))];
  const names = distinct.length === 1 && distinct[0] !== undefined && distinct[0] !== resource ? [distinct[0]] : [];
  const files = [...new Set(findings.map((f) => f.file).filter((file): file is string => file !== undefined))];
  // The resource's own line: where it was declared, else the one line all its findings share.
  const declared = findings.find((f) => f.resourceLine !== undefined)?.resourceLine;
  const sameLine = first?.line !== undefined && findings.every((f) => f.line === first.line);
  const line = declared ?? (sameLine ? first?.line : undefined);
  const file = files.length === 1 ? (line !== undefined ? `${files[0]}:${line}` : files[0]) : files.join(', ');
  return [resource, names.length > 0 ? `(${names[0]})` : '', file ? `— ${file}` : ''].filter(Boolean).join(' ');
}

type TableRow = { group: string } | { cells: string[][] };

/**
 * The terminal view: a boxed table, findings grouped under a row naming their resource, then a
 * summary line. Drawn here rather than with cli-table3, which needs about a second for the ~2,000
 * findings of a large template (the lint benchmark's budget is one second for the whole run).
 */
export function renderLintTable(document: LintDocument, options: LintTableOptions): string {
  const { summary } = document;
  const totals = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')}`;
  const checked = document.checked
    ? ` — ${plural(document.checked.functions, 'Lambda@Edge function')} and ${plural(document.checked.associations, 'association')} checked by ${plural(document.checked.rules, 'rule')}`
    : '';
  if (document.findings.length === 0) return `No findings${checked}.\n`;

  const paint = (severity: Severity) => (options.color ? `${SEVERITY_COLOR[severity][0]}${severity}${SEVERITY_COLOR[severity][1]}` : severity);
  const bold = (text: string) => (options.color ? `\x1b[1m${text}\x1b[22m` : text);
  const messageWidth = options.messageWidth ?? 64;
  const headers = ['line', 'severity', 'rule', 'event', 'actual / limit', 'message'];
  const rightAligned = [true, false, false, false, true, false];

  const rows: TableRow[] = [];
  for (const group of groupByResource(document.findings)) {
    // Names, paths and messages quote the input: escaped, so none can start a line of its own.
    rows.push({ group: escapeText(groupTitle(group.resource, group.findings)) });
    for (const finding of group.findings) {
      rows.push({
        cells: [
          [finding.line === undefined ? '' : String(finding.line)],
          [paint(finding.severity)],
          [escapeText(finding.ruleId)],
          [finding.eventType ?? ''],
          wrapWords(escapeText(actualVersusLimit(finding)), 22),
          wrapWords(escapeText(finding.message), messageWidth),
        ],
      });
    }
  }

  const widths = headers.map((header) => visibleWidth(header));
  for (const row of rows) {
    if (!('cells' in row)) continue;
    row.cells.forEach((lines, column) => {
      for (const text of lines) widths[column] = Math.max(widths[column]!, visibleWidth(text));
    });
  }
  const inner = widths.reduce((sum, width) => sum + width + 2, 0) + widths.length - 1;
  for (const row of rows) {
    if ('group' in row && visibleWidth(row.group) > inner - 2) {
      // a title longer than the table widens the message column rather than breaking the box
      widths[widths.length - 1]! += visibleWidth(row.group) - (inner - 2);
    }
  }
  const total = widths.reduce((sum, width) => sum + width + 2, 0) + widths.length - 1;
  const rule = (left: string, middle: string, right: string) => `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const pad = (text: string, width: number, right: boolean) => {
    const space = ' '.repeat(Math.max(0, width - visibleWidth(text)));
    return right ? space + text : text + space;
  };

  const out: string[] = [rule('┌', '┬', '┐'), `│${headers.map((header, column) => ` ${pad(bold(header), widths[column]!, false)} `).join('│')}│`];
  let previous: 'header' | 'group' | 'cells' = 'header';
  for (const row of rows) {
    if ('group' in row) {
      out.push(rule('├', '┴', '┤'));
      out.push(`│ ${pad(bold(row.group), total - 2, false)} │`);
      previous = 'group';
      continue;
    }
    if (previous === 'group') out.push(rule('├', '┬', '┤'));
    const height = Math.max(...row.cells.map((lines) => lines.length));
    for (let index = 0; index < height; index++) {
      out.push(`│${row.cells.map((lines, column) => ` ${pad(lines[index] ?? '', widths[column]!, rightAligned[column]!)} `).join('│')}│`);
    }
    previous = 'cells';
  }
  out.push(rule('└', '┴', '┘'));
  return `${out.join('\n')}\n${totals}${checked}.\n`;
}
