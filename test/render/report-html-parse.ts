/**
 * Just enough HTML reading for the report page's tests (no parser dependency): tag balance, the
 * elements the renderer marks with ids and data attributes, and resource references. It relies on
 * the renderer escaping `<`, `>` and quotes in every text and attribute value.
 */

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export function textOf(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseAttributes(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) {
    const [, name, value] = match;
    if (name) attributes[name] = decodeEntities(value ?? '');
  }
  return attributes;
}

/** Problems with the page's structure: unbalanced or misnested tags, raw `<` in text. Empty when sound. */
export function structureProblems(html: string): string[] {
  const problems: string[] = [];
  if (!/^<!doctype html>\n/i.test(html)) problems.push('missing <!doctype html>');
  const withoutStyle = html.replace(/<style>[\s\S]*?<\/style>/g, '<style></style>').replace(/^<!doctype html>/i, '');
  const stack: string[] = [];
  for (const match of withoutStyle.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>|<|>/g)) {
    const [whole, closing, rawName, rest] = match;
    if (!rawName) {
      problems.push(`stray ${whole} at ${match.index}: ${withoutStyle.slice(Math.max(0, (match.index ?? 0) - 40), (match.index ?? 0) + 40)}`);
      continue;
    }
    const name = rawName.toLowerCase();
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> at ${match.index}`);
    } else if (!VOID_ELEMENTS.has(name) && !(rest ?? '').endsWith('/')) {
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

/**
 * References that a browser would fetch from elsewhere: external src/href/srcset/action/poster,
 * CSS @import and url(), and elements that load scripts, frames or objects.
 */
export function externalResourceReferences(html: string): string[] {
  const patterns = [
    /\b(?:src|href|xlink:href|srcset|action|poster|data|formaction|background)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|\/\/)[^"'\s>]*/gi,
    /@import\b[^;]*/gi,
    /url\(\s*["']?\s*(?!#)[^)]*\)/gi,
    /<(?:script|link|iframe|object|embed|img|image|use|audio|video|source|base)\b[^>]*>/gi,
  ];
  return patterns.flatMap((pattern) => [...html.matchAll(pattern)].map((m) => m[0]));
}

export interface Element {
  tag: string;
  attributes: Record<string, string>;
  inner: string;
  text: string;
}

/** Elements of one tag name carrying an attribute (optionally with a value), in document order. Not for nested same-name tags. */
export function elementsWith(html: string, tag: string, attribute: string, value?: string): Element[] {
  const elements: Element[] = [];
  const pattern = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, 'g');
  for (const match of html.matchAll(pattern)) {
    const attributes = parseAttributes(match[1] ?? '');
    if (!(attribute in attributes)) continue;
    if (value !== undefined && attributes[attribute] !== value) continue;
    elements.push({ tag, attributes, inner: match[2] ?? '', text: textOf(match[2] ?? '') });
  }
  return elements;
}

/** The first element with this id, up to the first closing tag of its name (so not for nested same-name tags). */
export function elementById(html: string, id: string): Element | undefined {
  const match = new RegExp(`<([a-z0-9]+)\\b([^>]*\\bid="${id}"[^>]*)>`).exec(html);
  if (!match) return undefined;
  const tag = match[1]!;
  const start = match.index + match[0].length;
  const end = html.indexOf(`</${tag}>`, start);
  const inner = html.slice(start, end);
  return { tag, attributes: parseAttributes(match[2] ?? ''), inner, text: textOf(inner) };
}

/** Cells (`th`/`td`) of a table row, with their attributes and text. */
export function cellsOf(rowInner: string): Element[] {
  return [...rowInner.matchAll(/<(td|th)\b([^>]*)>([\s\S]*?)<\/\1>/g)].map((m) => ({
    tag: m[1]!,
    attributes: parseAttributes(m[2] ?? ''),
    inner: m[3] ?? '',
    text: textOf(m[3] ?? ''),
  }));
}

export function cellByField(rowInner: string, field: string): Element | undefined {
  return cellsOf(rowInner).find((cell) => cell.attributes['data-field'] === field);
}

/** `$1,234.56` → 123456 cents; `-$0.35` → -35; `+$1.00` → 100. */
export function cents(printed: string): number {
  const match = /^([+-]?)\$([\d,]+)\.(\d\d)$/.exec(printed.trim());
  if (!match) throw new Error(`not a printed amount: ${JSON.stringify(printed)}`);
  const value = Number(match[2]!.replace(/,/g, '')) * 100 + Number(match[3]);
  return match[1] === '-' ? -value : value;
}

export function count(printed: string): number {
  return Number(printed.replace(/,/g, ''));
}
