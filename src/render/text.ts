/**
 * Names, ids and error strings come from templates, snapshots and AWS: in human-readable output they
 * must not command their reader. `escapeText` is the one function every text renderer, warning and
 * error message passes such text through: control characters (C0, DEL, C1) and the Unicode line
 * separators are shown escaped (`\n`, `\r`, `\t`, `\x1b`, `\u0085`…), so data can neither start a
 * line of its own (a GitHub `::error::` workflow command, a forged finding) nor send terminal
 * escape sequences. Printable text, including non-Latin scripts, is left as is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeText(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const named = NAMED[char];
    if (named) return named;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A CSV cell of text a spreadsheet must not run: one starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return gets a leading `'` (OWASP's CSV-injection advice). Numbers are passed as numbers
 * by the caller and stay numbers.
 */
export function neutraliseCsvText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * One CSV cell: `null` is an empty cell (unknown, not zero), numbers and booleans stay as they are,
 * text is shown escaped (`escapeText`: no raw control character, no row break) and neutralised
 * (`neutraliseCsvText`), then quoted when it holds a quote or comma (RFC 4180).
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = neutraliseCsvText(escapeText(value));
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Text for Markdown (a PR comment, a job summary), shown escaped (`escapeText`) and inert: every
 * character CommonMark/GFM could read as markup — `\` `` ` `` `*` `_` `[` `]` `<` `>` `!` `#` `|`
 * `~` `&` — gets a backslash, and what GitHub would autolink or notify is broken (`://`, `www.`, the
 * `@` of an e-mail address or of an @-mention), so text from the data can add no link, image, autolink, HTML tag, heading,
 * emphasis or table cell.
 * `(` and `)` are left as they are: without an unescaped `]` before them they are plain text (and
 * edgecost's own sentences use them).
 */
export function escapeMarkdown(text: string): string {
  return (
    escapeText(text)
      .replace(/[\\`*_[\]<>!#|~&]/g, (char) => `\\${char}`)
      // An @-mention gets a zero-width space after its @ (as Dependabot writes them): GitHub finds
      // mentions in the rendered text, where a backslash escape is already gone.
      .replace(/(?<!\w)@(?=[\w-])/g, '@&#8203;')
      .replace(/(?<=\w)@(?=[\w-]+\.)/g, '\\@')
      .replace(/:\/\//g, '\\://')
      .replace(/\b(www)\./gi, '$1\\.')
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are what it strips
const ANSI = /\x1b\[[0-9;]*m/g;

/** Columns a text takes in a terminal: its characters, ANSI colour codes left out. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** Wraps text at word boundaries to `width` columns (a word longer than the width gets a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current === '') current = word;
    else if (visibleWidth(current) + 1 + visibleWidth(word) <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  lines.push(current);
  return lines;
}
