/**
 * A command's description for `--help`. Commander wraps a description at the terminal's width but
 * keeps its line breaks, so a description written with breaks of its own came out ragged at 80
 * columns. Paragraphs are given as one line each (commander wraps them); a list of terms is laid
 * out here, each description wrapped under itself within LIST_WIDTH columns, which commander then
 * leaves as it is on any terminal at least that wide.
 */

import { wrapWords } from '../render/text.js';

export type HelpBlock = string | readonly (readonly [term: string, text: string])[];

const LIST_WIDTH = 78;

export function helpDescription(...blocks: HelpBlock[]): string {
  return blocks.map((block) => (typeof block === 'string' ? block : termList(block))).join('\n');
}

function termList(items: readonly (readonly [string, string])[]): string {
  const termWidth = Math.max(...items.map(([term]) => term.length));
  const indent = 2 + termWidth + 2;
  return items.map(([term, text]) => `  ${term.padEnd(termWidth)}  ${wrapWords(text, LIST_WIDTH - indent).join(`\n${' '.repeat(indent)}`)}`).join('\n');
}
