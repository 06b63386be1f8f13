/**
 * A plain TypeScript reader for the common part of Terraform's native syntax, tried before the
 * tree-sitter parser (hcl-parse.ts), which costs about a microsecond per byte in WebAssembly and
 * made a 2,000-resource folder take seconds.
 *
 * It is a strict subset of the tree-sitter grammar that builds exactly the tree the tree-sitter
 * path would build: blocks and attributes one per line, and expressions made of literals, plain
 * strings, `${…}` templates, references with `.attr` and `[…]`, function calls, tuples and
 * objects. An attribute whose expression is anything else (operators, conditionals, heredocs, for
 * expressions, escapes, …) is left `deferred`: its text is handed to tree-sitter afterwards, all of
 * a file's in one parse. Anything the reader does not recognise in the structure makes it give up
 * on the whole file (`undefined`), and the file is parsed by tree-sitter as before — so syntax
 * errors are still reported by tree-sitter, with its line and column.
 */

import type { HclAttribute, HclBlock, HclExpr, HclFile, HclPosition } from './hcl-parse.js';

export interface CommonParse {
  file: HclFile;
  /** Attributes whose `expr` is still a placeholder: their `text` must be parsed by tree-sitter. */
  deferred: HclAttribute[];
}

/** Thrown inside the reader when the text leaves the subset it knows. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp('outside the common subset');
const fail = (): never => {
  throw GIVE_UP;
};

const PLACEHOLDER: HclExpr = { t: 'lit', v: null };

/** `text` must already be what the tree-sitter path parses (BOM replaced, irrelevant blocks blanked). */
export function parseCommonHcl(path: string, text: string): CommonParse | undefined {
  try {
    return new Reader(path, text).file();
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

const isIdentStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const NUMBER = /[0-9]+(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?)?/y;
/** Words the grammar reads as something other than a variable, or that start a for expression. */
const RESERVED: ReadonlySet<string> = new Set(['true', 'false', 'null', 'for', 'in', 'if']);

class Reader {
  private i = 0;
  private readonly deferred: HclAttribute[] = [];
  /** Index of each line's first character. */
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly path: string,
    private readonly s: string,
  ) {
    for (let at = s.indexOf('\n'); at >= 0; at = s.indexOf('\n', at + 1)) this.lineStarts.push(at + 1);
  }

  file(): CommonParse {
    const out: HclFile = { file: this.path, blocks: [], attributes: new Map() };
    this.body(out.attributes, out.blocks, false);
    return { file: out, deferred: this.deferred };
  }

  private pos(index: number): HclPosition {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.path, line: lo + 1, column: index - starts[lo]! + 1 };
  }

  private code(at = this.i): number {
    return this.s.charCodeAt(at);
  }

  /**
   * Skips blanks and comments. Newlines only when `newlines` (inside brackets and between body
   * items); otherwise it stops in front of one. A block comment may not hide a newline there.
   */
  private skip(newlines: boolean): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 13) this.i++;
      else if (c === 10) {
        if (!newlines) return;
        this.i++;
      } else if (c === 35 || (c === 47 && s.charCodeAt(this.i + 1) === 47)) {
        const end = s.indexOf('\n', this.i);
        this.i = end < 0 ? s.length : end;
      } else if (c === 47 && s.charCodeAt(this.i + 1) === 42) {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) fail();
        if (!newlines && s.slice(this.i, end).includes('\n')) fail();
        this.i = end + 2;
      } else return;
    }
  }

  private ident(): string {
    const start = this.i;
    if (!isIdentStart(this.code())) fail();
    this.i++;
    while (isIdentPart(this.code())) this.i++;
    // Unicode letters, `::` (provider functions): the grammar's identifiers are wider than this reader's.
    const next = this.code();
    if (next > 127 || next === 58) {
      if (next > 127 || this.code(this.i + 1) === 58) fail();
    }
    return this.s.slice(start, this.i);
  }

  /** Attributes and blocks up to the end of the text (`inBlock` false) or up to a `}` (left in place). */
  private body(attributes: Map<string, HclAttribute>, blocks: HclBlock[], inBlock: boolean): void {
    const s = this.s;
    for (;;) {
      this.skip(true);
      if (this.i >= s.length) {
        if (inBlock) fail();
        return;
      }
      if (this.code() === 125) {
        if (!inBlock) fail();
        return;
      }
      const start = this.i;
      const name = this.ident();
      this.skip(false);
      if (this.code() === 61 && this.code(this.i + 1) !== 61) {
        this.i++;
        this.attribute(name, start, attributes, inBlock);
      } else blocks.push(this.block(name, start));
    }
  }

  private attribute(name: string, start: number, attributes: Map<string, HclAttribute>, inBlock: boolean): void {
    this.skip(false);
    const exprStart = this.i;
    if (exprStart >= this.s.length || this.code() === 10) fail();
    let expr: HclExpr | undefined;
    let exprEnd: number;
    try {
      expr = this.expr();
      exprEnd = this.i;
      this.skip(false);
      if (!this.endsItem(inBlock)) throw GIVE_UP;
    } catch (error) {
      if (!(error instanceof GiveUp)) throw error;
      this.i = exprStart;
      exprEnd = this.rawExpression();
      expr = undefined;
      this.skip(false);
      if (!this.endsItem(inBlock)) fail();
    }
    const attribute: HclAttribute = { name, expr: expr ?? PLACEHOLDER, text: this.s.slice(exprStart, exprEnd), pos: this.pos(start) };
    if (!expr) this.deferred.push(attribute);
    attributes.set(name, attribute);
  }

  /** What may follow an attribute on its line: a newline, the end, or the `}` of a one-line block. */
  private endsItem(inBlock: boolean): boolean {
    return this.i >= this.s.length || this.code() === 10 || (inBlock && this.code() === 125);
  }

  private block(type: string, start: number): HclBlock {
    const block: HclBlock = { type, labels: [], attributes: new Map(), blocks: [], pos: this.pos(start) };
    for (;;) {
      const c = this.code();
      if (c === 123) break;
      if (c === 34) {
        const label = this.quoted();
        if (typeof label !== 'string') return fail();
        block.labels.push(label);
      } else block.labels.push(this.ident());
      this.skip(false);
    }
    this.i++;
    this.body(block.attributes, block.blocks, true);
    this.i++;
    return block;
  }

  // ---------------------------------------------------------------------------------- expressions

  /** A term and its `.attr` / `[key]` steps; anything after it is for the caller to judge. */
  private expr(): HclExpr {
    let expr = this.term();
    for (;;) {
      const c = this.code();
      if (c === 46) {
        this.i++;
        if (!isIdentStart(this.code())) fail();
        expr = { t: 'get', obj: expr, key: this.ident() };
      } else if (c === 91) {
        this.i++;
        this.skip(true);
        if (this.code() === 42) fail();
        const key = this.expr();
        this.skip(true);
        if (this.code() !== 93) fail();
        this.i++;
        expr = { t: 'idx', obj: expr, key };
      } else return expr;
    }
  }

  private term(): HclExpr {
    const c = this.code();
    if (isDigit(c)) {
      NUMBER.lastIndex = this.i;
      const match = NUMBER.exec(this.s);
      if (!match) return fail();
      this.i += match[0].length;
      const next = this.code();
      if (isIdentPart(next) || next === 46 || next > 127) fail();
      return { t: 'lit', v: Number(match[0]) };
    }
    if (c === 34) {
      const value = this.quoted();
      return typeof value === 'string' ? { t: 'lit', v: value } : value;
    }
    if (c === 91) return this.tuple();
    if (c === 123) return this.object();
    if (!isIdentStart(c)) fail();
    const name = this.ident();
    if (name === 'true' || name === 'false' || name === 'null') {
      const next = this.code();
      if (next === 46 || next === 91 || next === 40) fail();
      return { t: 'lit', v: name === 'null' ? null : name === 'true' };
    }
    if (RESERVED.has(name)) fail();
    if (this.code() === 40) return this.call(name);
    return { t: 'var', name };
  }

  private call(name: string): HclExpr {
    this.i++;
    const args: HclExpr[] = [];
    this.skip(true);
    if (this.code() === 41) {
      this.i++;
      return { t: 'call', name, args, expand: false };
    }
    for (;;) {
      this.skip(true);
      args.push(this.expr());
      this.skip(true);
      const c = this.code();
      if (c === 41) {
        this.i++;
        return { t: 'call', name, args, expand: false };
      }
      if (c !== 44) fail();
      this.i++;
    }
  }

  private tuple(): HclExpr {
    this.i++;
    const items: HclExpr[] = [];
    for (;;) {
      this.skip(true);
      if (this.code() === 93) break;
      items.push(this.expr());
      this.skip(true);
      const c = this.code();
      if (c === 93) break;
      if (c !== 44) fail();
      this.i++;
    }
    this.i++;
    return { t: 'tuple', items };
  }

  /** `{ key = value, … }`: elements are separated by commas, newlines or nothing, as the grammar allows. */
  private object(): HclExpr {
    this.i++;
    const items: { key: HclExpr; value: HclExpr }[] = [];
    for (;;) {
      this.skip(true);
      let c = this.code();
      if (c === 125) break;
      let key: HclExpr;
      if (c === 34) {
        const text = this.quoted();
        if (typeof text !== 'string') return fail();
        key = { t: 'lit', v: text };
      } else {
        const name = this.ident();
        if (RESERVED.has(name)) fail();
        key = { t: 'lit', v: name };
      }
      this.skip(true);
      c = this.code();
      const next = this.code(this.i + 1);
      if (!((c === 61 && next !== 61 && next !== 62) || (c === 58 && next !== 58))) fail();
      this.i++;
      this.skip(true);
      items.push({ key, value: this.expr() });
      this.skip(true);
      if (this.code() === 44) this.i++;
    }
    this.i++;
    return { t: 'obj', items };
  }

  /**
   * A quoted string: its text when it holds no interpolation, else a template. Escapes, `$${`,
   * `%{` directives, `~` strip markers and a lone `$` or `%` are left to tree-sitter.
   */
  private quoted(): string | HclExpr {
    const s = this.s;
    this.i++;
    const parts: (string | HclExpr)[] = [];
    let from = this.i;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 34) break;
      if (Number.isNaN(c) || c === 10 || c === 13 || c === 92 || c === 37) fail();
      if (c === 36) {
        if (s.charCodeAt(this.i + 1) !== 123 || s.charCodeAt(this.i + 2) === 126) fail();
        if (this.i > from) parts.push(s.slice(from, this.i));
        this.i += 2;
        this.skip(true);
        parts.push(this.expr());
        this.skip(true);
        if (this.code() !== 125) fail();
        this.i++;
        from = this.i;
        continue;
      }
      this.i++;
    }
    const tail = s.slice(from, this.i);
    this.i++;
    if (parts.length === 0) return tail;
    if (tail !== '') parts.push(tail);
    return { t: 'tpl', parts, directive: false };
  }

  // ------------------------------------------------------------------------- deferred expressions

  /**
   * The end of an expression this reader does not build, for tree-sitter to parse: up to a newline
   * outside brackets, strings and heredocs (or the `}` closing a one-line block). Returns the index
   * just after its last character.
   */
  private rawExpression(): number {
    const s = this.s;
    let depth = 0;
    /** Just after the last character that is not a blank or a comment. */
    let end = this.i;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 10) {
        if (depth === 0) break;
        this.i++;
        continue;
      }
      if (c === 32 || c === 9 || c === 13) {
        this.i++;
        continue;
      }
      if (c === 35 || (c === 47 && s.charCodeAt(this.i + 1) === 47)) {
        const stop = s.indexOf('\n', this.i);
        this.i = stop < 0 ? s.length : stop;
        continue;
      }
      if (c === 47 && s.charCodeAt(this.i + 1) === 42) {
        const stop = s.indexOf('*/', this.i + 2);
        if (stop < 0 || (depth === 0 && s.slice(this.i, stop).includes('\n'))) fail();
        this.i = stop + 2;
        continue;
      }
      if (c === 34) {
        this.i = skipString(s, this.i + 1);
        if (this.i < 0) fail();
      } else if (c === 60 && s.charCodeAt(this.i + 1) === 60 && /^<<-?[A-Za-z_]/.test(s.slice(this.i, this.i + 4))) {
        this.i = skipHeredoc(s, this.i);
      } else if (c === 40 || c === 91 || c === 123) {
        depth++;
        this.i++;
      } else if (c === 41 || c === 93 || c === 125) {
        if (depth === 0) {
          if (c === 125) break;
          fail();
        }
        depth--;
        this.i++;
      } else this.i++;
      end = this.i;
    }
    if (depth !== 0) fail();
    this.i = end;
    return end;
  }
}

/** From just after an opening quote to just after its closing quote (-1: unterminated). */
export function skipString(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '\n') return -1;
    else if ((c === '$' || c === '%') && text[i + 1] === '{' && text[i - 1] !== c) {
      const end = skipInterpolation(text, i + 2);
      if (end < 0) return -1;
      i = end;
    } else i++;
  }
  return -1;
}

function skipInterpolation(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = skipString(text, i + 1);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
    i++;
  }
  return -1;
}

/** `<<EOT` / `<<-EOT` … the closing marker on its own line; returns the index after the marker. */
function skipHeredoc(s: string, from: number): number {
  const open = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(s.slice(from, from + 200));
  if (!open) return fail();
  const close = new RegExp(`^[ \\t]*${open[1]}[ \\t]*\\r?$`, 'm');
  const rest = s.slice(from + open[0].length);
  const found = close.exec(rest);
  if (!found) return fail();
  // The marker itself closes the expression (not the blanks after it).
  return from + open[0].length + found.index + found[0].trimEnd().length;
}
