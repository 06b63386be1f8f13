import Table from 'cli-table3';

export interface TableOptions {
  color: boolean;
}

/** A terminal table (cli-table3) with an optional bold total row. */
export function renderTable(headers: string[], numeric: boolean[], rows: string[][], totalRow: string[] | undefined, options: TableOptions): string {
  const bold = (s: string) => (options.color ? `\x1b[1m${s}\x1b[22m` : s);
  const table = new Table({
    head: headers.map(bold),
    colAligns: numeric.map((n) => (n ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push(row);
  if (totalRow) table.push(totalRow.map(bold));
  return table.toString();
}
