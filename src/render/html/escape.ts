import { escapeText } from '../text.js';

/**
 * Escaping for text and attribute values in HTML and inline SVG. Every string that comes from a
 * report (function names, distribution ids, warnings, AWS error texts) passes through here: a name
 * such as `<script>` must print as text, never become markup.
 */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string | number): string {
  // Control characters are shown escaped (`\x1b`) as in every other format, then markup is escaped.
  return escapeText(String(value)).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** A value for an `id` or `data-*` key: letters, digits and dashes only, so it never needs escaping. */
export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
