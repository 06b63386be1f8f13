/**
 * Terraform's native syntax (`.tf`, `.tfvars`) → a small syntax tree that keeps file, line and column
 * of every block and attribute.
 *
 * Parsing is done by the tree-sitter HCL grammar (`@tree-sitter-grammars/tree-sitter-hcl`, its
 * Terraform dialect) running on `web-tree-sitter`: both are WebAssembly from the npm registry, so
 * nothing is compiled on install and nothing is fetched at run time. The grammar and the runtime are
 * loaded once per process, on the first `.tf` file.
 *
 * Top-level blocks that cannot matter to Lambda@Edge (every resource and data type not in
 * `RELEVANT_TYPES`, `terraform`, `moved`, `import`, `check`) are blanked out before parsing — their
 * bodies become spaces and newlines, so every line and column stays where it was — because the
 * parser costs about a microsecond per byte and real folders are mostly other resources.
 */

import { createRequire } from 'node:module';
import { InputError } from '../../errors.js';
import { parseCommonHcl, skipString } from './hcl-fast-parse.js';

export interface HclPosition {
  file: string;
  line: number;
  column: number;
}

export type HclExpr =
  | { t: 'lit'; v: string | number | boolean | null }
  | { t: 'tpl'; parts: (string | HclExpr)[]; directive: boolean }
  | { t: 'var'; name: string }
  | { t: 'get'; obj: HclExpr; key: string }
  | { t: 'idx'; obj: HclExpr; key: HclExpr }
  | { t: 'splat'; obj: HclExpr; steps: HclStep[] }
  | { t: 'call'; name: string; args: HclExpr[]; expand: boolean }
  | { t: 'tuple'; items: HclExpr[] }
  | { t: 'obj'; items: { key: HclExpr; value: HclExpr }[] }
  | { t: 'cond'; test: HclExpr; yes: HclExpr; no: HclExpr }
  | { t: 'op'; op: string; a: HclExpr; b?: HclExpr }
  | { t: 'for'; keyVar?: string; valueVar: string; collection: HclExpr; key?: HclExpr; value: HclExpr; cond?: HclExpr; object: boolean; group: boolean };

export type HclStep = { kind: 'get'; key: string } | { kind: 'idx'; key: HclExpr };

export interface HclAttribute {
  name: string;
  expr: HclExpr;
  /** The expression as written (for messages and `provider = aws.x`). */
  text: string;
  pos: HclPosition;
}

export interface HclBlock {
  type: string;
  labels: string[];
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
  pos: HclPosition;
}

export interface HclFile {
  file: string;
  /** Top-level blocks (`.tf`) — a `.tfvars` file has only attributes. */
  blocks: HclBlock[];
  attributes: Map<string, HclAttribute>;
}

/** Resource and data source types whose bodies are read; the bodies of all others are skipped unparsed. */
export const RELEVANT_TYPES: ReadonlySet<string> = new Set([
  'aws_lambda_function',
  'aws_lambda_alias',
  'aws_lambda_provisioned_concurrency_config',
  'aws_cloudfront_distribution',
  'aws_iam_role',
  'aws_iam_policy_document',
  'archive_file',
]);

// web-tree-sitter's types, loaded lazily: the parser is needed for Terraform folders only.
type TreeSitter = typeof import('web-tree-sitter');
type SyntaxNode = import('web-tree-sitter').Node;
let parserPromise: Promise<import('web-tree-sitter').Parser> | undefined;

async function loadParser(): Promise<import('web-tree-sitter').Parser> {
  parserPromise ??= (async () => {
    const { Parser, Language }: TreeSitter = await import('web-tree-sitter');
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm');
    const parser = new Parser();
    parser.setLanguage(await Language.load(wasm));
    return parser;
  })();
  return parserPromise;
}

/**
 * A `.tf` or `.tfvars` file → its syntax tree. Most files are read by the plain TypeScript reader of
 * hcl-fast-parse.ts, with tree-sitter parsing only the expressions that reader leaves (all of a
 * file's in one call); a file the reader cannot follow, syntax errors included, goes to tree-sitter
 * whole. Both give the same tree (test/sources/terraform/hcl-fast-parse.test.ts compares them).
 */
export async function parseHcl(file: string, text: string): Promise<HclFile> {
  const source = blankIrrelevantBlocks(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  const common = parseCommonHcl(file, source);
  if (common && (common.deferred.length === 0 || (await parseDeferred(common.deferred)))) return common.file;
  return parseWithTreeSitter(file, source);
}

/** The tree-sitter path alone, for a file already blanked by blankIrrelevantBlocks (and for tests). */
export async function parseWithTreeSitter(file: string, source: string): Promise<HclFile> {
  const parser = await loadParser();
  const tree = parser.parse(source);
  if (!tree) throw new InputError(file, 'the HCL parser gave up on this file');
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const bad = firstError(root);
      const at = bad?.startPosition;
      throw new InputError(file, `HCL syntax error${bad ? ` near "${bad.text.slice(0, 40).replace(/\s+/g, ' ')}"` : ''}`, {
        line: at ? at.row + 1 : 1,
        column: at ? at.column + 1 : undefined,
        hint: 'run `terraform validate` to see what Terraform expects here',
      });
    }
    const cursor = tree.walk();
    try {
      return new Converter(file, source, cursor).file();
    } finally {
      cursor.delete();
    }
  } finally {
    tree.delete();
  }
}

/**
 * Parses the expressions the fast reader left, as attributes `_0 = …`, `_1 = …` of one document, and
 * sets each attribute's `expr`. False (nothing set) unless every one parses without error to an
 * expression spanning exactly its text.
 */
export async function parseDeferred(deferred: HclAttribute[]): Promise<boolean> {
  const parser = await loadParser();
  const source = deferred.map((attribute, index) => `_${index} = ${attribute.text}\n`).join('');
  const tree = parser.parse(source);
  if (!tree) return false;
  try {
    if (tree.rootNode.hasError) return false;
    const cursor = tree.walk();
    let parsed: HclFile;
    try {
      parsed = new Converter('', source, cursor).file();
    } finally {
      cursor.delete();
    }
    if (parsed.blocks.length > 0 || parsed.attributes.size !== deferred.length) return false;
    const exprs: HclExpr[] = [];
    for (const [index, attribute] of deferred.entries()) {
      const found = parsed.attributes.get(`_${index}`);
      if (!found || found.text !== attribute.text) return false;
      exprs.push(found.expr);
    }
    for (const [index, attribute] of deferred.entries()) attribute.expr = exprs[index]!;
    return true;
  } finally {
    tree.delete();
  }
}

function firstError(node: SyntaxNode): SyntaxNode | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) {
      const found = firstError(child);
      if (found) return found;
    }
  }
  return node.hasError ? node : undefined;
}

/**
 * Replaces the bodies of top-level blocks edgecost never reads by blanks (newlines kept). A small
 * scanner finds the blocks: it knows strings with `${…}` nesting, heredocs and comments. Anything it
 * does not understand leaves the text unchanged, and the parser then reads all of it.
 */
export function blankIrrelevantBlocks(text: string): string {
  const ranges: [number, number][] = [];
  const n = text.length;
  let i = 0;
  let depth = 0;
  let blockStart = -1;
  let skip = false;
  /** Resource type of the top-level block being read (its nested blocks may be skipped too). */
  let topType: string | undefined;
  let nestedStart = -1;
  // The header of a block is the text since the last newline or brace, without comments and
  // heredocs: `headerParts` holds what came before such a gap, `headerFrom` where the rest starts.
  let headerFrom = 0;
  let headerParts: string[] = [];
  const header = (): string => (headerParts.length === 0 ? text.slice(headerFrom, i) : headerParts.join('') + text.slice(headerFrom, i));
  const gap = (end: number): void => {
    if (i > headerFrom) headerParts.push(text.slice(headerFrom, i));
    headerFrom = end;
  };
  const reset = (at: number): void => {
    headerFrom = at;
    if (headerParts.length > 0) headerParts = [];
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      i++;
      reset(i);
      continue;
    }
    if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      const end = text.indexOf('\n', i);
      gap(end < 0 ? n : end);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return text;
      gap(end + 2);
      i = end + 2;
      continue;
    }
    if (c === 34) {
      const end = skipString(text, i + 1);
      if (end < 0) return text;
      i = end;
      continue;
    }
    if (c === 60 && text.charCodeAt(i + 1) === 60) {
      const match = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (match) {
        const close = new RegExp(`^[ \\t]*${match[1]}[ \\t]*\\r?$`, 'm');
        const rest = text.slice(i + match[0].length);
        const found = close.exec(rest);
        if (!found) return text;
        const end = i + match[0].length + found.index + found[0].length;
        gap(end);
        i = end;
        continue;
      }
    }
    if (c === 123) {
      if (depth === 0) {
        const words = /^\s*([A-Za-z_][\w-]*)((?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*)\s*$/.exec(header());
        const type = words?.[1];
        const firstLabel = words?.[2]?.trim().split(/\s+/)[0]?.replace(/"/g, '');
        skip =
          type !== undefined &&
          (SKIPPED_BLOCKS.has(type) || ((type === 'resource' || type === 'data' || type === 'ephemeral') && firstLabel !== undefined && !RELEVANT_TYPES.has(firstLabel)));
        topType = type === 'resource' ? firstLabel : undefined;
        blockStart = i + 1;
      } else if (depth === 1 && !skip && topType !== undefined) {
        const nested = /^\s*([A-Za-z_][\w-]*)\s*$/.exec(header())?.[1];
        if (nested !== undefined && SKIPPED_NESTED[topType]?.has(nested)) nestedStart = i + 1;
      }
      depth++;
      i++;
      reset(i);
      continue;
    }
    if (c === 125) {
      depth--;
      if (depth < 0) return text;
      if (depth === 1 && nestedStart >= 0) {
        ranges.push([nestedStart, i]);
        nestedStart = -1;
      }
      if (depth === 0) {
        if (skip) ranges.push([blockStart, i]);
        skip = false;
        topType = undefined;
      }
      i++;
      reset(i);
      continue;
    }
    i++;
  }
  if (depth !== 0 || ranges.length === 0) return text;
  const parts: string[] = [];
  let last = 0;
  for (const [start, end] of ranges) {
    parts.push(text.slice(last, start), blank(text.slice(start, end)));
    last = end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Spaces for every character but newlines. */
function blank(text: string): string {
  return text
    .split('\n')
    .map((line) => ' '.repeat(line.length))
    .join('\n');
}

const SKIPPED_BLOCKS: ReadonlySet<string> = new Set(['terraform', 'moved', 'import', 'check', 'removed']);
/** Nested blocks of relevant resources that nothing reads (a distribution's origins, certificate, ...). */
const SKIPPED_NESTED: Record<string, ReadonlySet<string>> = {
  aws_cloudfront_distribution: new Set(['origin', 'origin_group', 'restrictions', 'viewer_certificate', 'logging_config', 'custom_error_response']),
  aws_lambda_function: new Set(['logging_config', 'snap_start', 'timeouts', 'image_config', 'file_system_config']),
};

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescapeLiteral(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => (e.length > 1 ? String.fromCodePoint(Number.parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e)))
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

type Cursor = import('web-tree-sitter').TreeCursor;

/**
 * Walks the syntax tree with one cursor: creating a `Node` object per syntax node costs more than
 * the parse itself on large folders.
 */
class Converter {
  constructor(
    private readonly path: string,
    private readonly source: string,
    private readonly c: Cursor,
  ) {}

  private type(): string {
    return this.c.nodeType;
  }

  private text(): string {
    return this.source.slice(this.c.startIndex, this.c.endIndex);
  }

  private pos(): HclPosition {
    const at = this.c.startPosition;
    return { file: this.path, line: at.row + 1, column: at.column + 1 };
  }

  /** Calls `visit` on each named child (comments skipped), the cursor on it; restores the cursor. */
  private each(visit: (type: string) => void, all = false): void {
    const c = this.c;
    if (!c.gotoFirstChild()) return;
    do {
      if (!all && !c.nodeIsNamed) continue;
      const type = c.nodeType;
      if (type !== 'comment') visit(type);
    } while (c.gotoNextSibling());
    c.gotoParent();
  }

  file(): HclFile {
    const out: HclFile = { file: this.path, blocks: [], attributes: new Map() };
    this.each((type) => {
      if (type === 'body') this.body(out.attributes, out.blocks);
    });
    return out;
  }

  private body(attributes: Map<string, HclAttribute>, blocks: HclBlock[]): void {
    this.each((type) => {
      if (type === 'attribute') {
        const pos = this.pos();
        let name = '';
        let expr: HclExpr | undefined;
        let text = '';
        this.each((inner) => {
          if (inner === 'identifier') name = this.text();
          else if (inner === 'expression') {
            text = this.text();
            expr = this.expr();
          }
        });
        if (name && expr) attributes.set(name, { name, expr, text, pos });
      } else if (type === 'block') blocks.push(this.block());
    });
  }

  private block(): HclBlock {
    const block: HclBlock = { type: '', labels: [], attributes: new Map(), blocks: [], pos: this.pos() };
    this.each((type) => {
      if (type === 'identifier') {
        if (block.type === '') block.type = this.text();
        else block.labels.push(this.text());
      } else if (type === 'string_lit') block.labels.push(this.stringLit());
      else if (type === 'body') this.body(block.attributes, block.blocks);
    });
    return block;
  }

  /**
   * A string without interpolation. Its text is what lies between the quotes: the grammar leaves the
   * blanks at either end of a `template_literal` out of the node.
   */
  private stringLit(): string {
    let from = -1;
    let out = '';
    this.each((type) => {
      if (type === 'quoted_template_start') from = this.c.endIndex;
      else if (type === 'quoted_template_end' && from >= 0) out = unescapeLiteral(this.source.slice(from, this.c.startIndex));
    });
    return out;
  }

  private firstNamed(): HclExpr {
    let out: HclExpr = { t: 'lit', v: null };
    let done = false;
    this.each(() => {
      if (done) return;
      done = true;
      out = this.expr();
    });
    return out;
  }

  private exprChildren(): HclExpr[] {
    const out: HclExpr[] = [];
    this.each((type) => {
      if (type === 'expression') out.push(this.expr());
    });
    return out;
  }

  /** The expression at the cursor. */
  expr(): HclExpr {
    const type = this.type();
    switch (type) {
      case 'expression': {
        let expr: HclExpr | undefined;
        this.each(() => {
          expr = expr === undefined ? this.expr() : this.postfix(expr);
        });
        return expr ?? { t: 'lit', v: null };
      }
      case 'literal_value': {
        let out: HclExpr = { t: 'lit', v: null };
        this.each((inner) => {
          if (inner === 'numeric_lit') out = { t: 'lit', v: Number(this.text()) };
          else if (inner === 'bool_lit') out = { t: 'lit', v: this.text() === 'true' };
          else if (inner === 'string_lit') out = { t: 'lit', v: this.stringLit() };
        });
        return out;
      }
      case 'template_expr':
        return this.firstNamed();
      case 'quoted_template':
      case 'heredoc_template':
        return this.template(type === 'heredoc_template');
      case 'variable_expr':
        return { t: 'var', name: this.text() };
      case 'function_call': {
        let name = '';
        let args: HclExpr[] = [];
        let expand = false;
        this.each((inner) => {
          if (inner === 'identifier') name = this.text();
          else if (inner === 'function_arguments') {
            args = this.exprChildren();
            this.each((arg) => {
              if (arg === 'ellipsis') expand = true;
            });
          }
        });
        return { t: 'call', name, args, expand };
      }
      case 'collection_value':
      case 'operation':
      case 'for_expr':
        return this.firstNamed();
      case 'tuple':
        return { t: 'tuple', items: this.exprChildren() };
      case 'object': {
        const items: { key: HclExpr; value: HclExpr }[] = [];
        this.each((inner) => {
          if (inner !== 'object_elem') return;
          let key: HclExpr | undefined;
          let value: HclExpr | undefined;
          this.each(() => {
            const field = this.c.currentFieldName;
            if (field === 'key') key = this.expr();
            else if (field === 'val') value = this.expr();
          });
          if (!key || !value) return;
          // A bare identifier as a key is its name, not a variable (`{ STAGE = "prod" }`).
          items.push({ key: key.t === 'var' ? { t: 'lit', v: key.name } : key, value });
        });
        return { t: 'obj', items };
      }
      case 'conditional': {
        const [test, yes, no] = this.exprChildren();
        return { t: 'cond', test: test!, yes: yes!, no: no! };
      }
      case 'unary_operation': {
        let op = 'neg';
        let operand: HclExpr = { t: 'lit', v: null };
        this.each(() => {
          if (!this.c.nodeIsNamed) op = this.text() === '!' ? '!' : 'neg';
          else operand = this.expr();
        }, true);
        return { t: 'op', op, a: operand };
      }
      case 'binary_operation': {
        const operands: HclExpr[] = [];
        let op = '?';
        this.each((inner) => {
          if (!this.c.nodeIsNamed) op = this.text();
          else if (inner !== 'comment') operands.push(this.expr());
        }, true);
        return { t: 'op', op, a: operands[0]!, b: operands[1]! };
      }
      case 'for_tuple_expr':
      case 'for_object_expr':
        return this.forExpr(type === 'for_object_expr');
      default:
        // get_attr and friends are handled as postfix; anything else is not a value edgecost needs.
        return { t: 'call', name: `<${type}>`, args: [], expand: false };
    }
  }

  private postfix(obj: HclExpr): HclExpr {
    const type = this.type();
    if (type === 'get_attr') {
      let key = '';
      this.each(() => {
        key = this.text();
      });
      return { t: 'get', obj, key };
    }
    if (type === 'index') return { t: 'idx', obj, key: this.indexKey() };
    if (type === 'splat') {
      const steps: HclStep[] = [];
      this.each(() => {
        this.each((step) => {
          if (step === 'get_attr') {
            let key = '';
            this.each(() => {
              key = this.text();
            });
            steps.push({ kind: 'get', key });
          } else if (step === 'index') steps.push({ kind: 'idx', key: this.indexKey() });
        });
      });
      return { t: 'splat', obj, steps };
    }
    return obj;
  }

  /** `[expr]` or the legacy `.0`. */
  private indexKey(): HclExpr {
    let key: HclExpr = { t: 'lit', v: null };
    this.each((inner) => {
      if (inner === 'legacy_index') key = { t: 'lit', v: Number(this.text().replace(/^\./, '')) };
      else if (inner === 'new_index') key = this.firstNamed();
    });
    return key;
  }

  /**
   * A quoted or heredoc template. The literal parts are read from the source between the delimiters,
   * interpolations and directives — not from the `template_literal` nodes, which leave out the
   * blanks and newlines at their ends (`"${a} b"` would read as `${a}b`).
   */
  private template(heredoc: boolean): HclExpr {
    const parts: (string | HclExpr)[] = [];
    let directive = false;
    let strip = false;
    let from = -1;
    const literal = (to: number): void => {
      if (from < 0 || to <= from) return;
      const raw = this.source.slice(from, to);
      parts.push(heredoc ? raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : unescapeLiteral(raw));
    };
    this.each((type) => {
      if (type === 'heredoc_start') strip = this.text() === '<<-';
      else if (type === 'quoted_template_start' || (type === 'heredoc_identifier' && from < 0)) from = this.c.endIndex;
      else if (type === 'template_interpolation' || type === 'template_directive') {
        literal(this.c.startIndex);
        from = this.c.endIndex;
        if (type === 'template_directive') directive = true;
        else
          this.each((inner) => {
            if (inner === 'expression') parts.push(this.expr());
          });
      } else if (type === 'quoted_template_end' || type === 'heredoc_identifier') {
        literal(this.c.startIndex);
        from = -1;
      }
    });
    if (heredoc) {
      // The text starts after `<<EOT` and its newline, and ends with the newline before the closing marker.
      const first = parts[0];
      if (typeof first === 'string') {
        parts[0] = first.replace(/^[ \t]*\r?\n/, '');
      }
      const last = parts[parts.length - 1];
      if (typeof last === 'string') {
        parts[parts.length - 1] = last.replace(/\n[ \t]*$/, '\n');
      }
      if (strip) stripIndent(parts);
      return { t: 'tpl', parts: parts.filter((part) => part !== ''), directive };
    }
    return { t: 'tpl', parts, directive };
  }

  private forExpr(object: boolean): HclExpr {
    const names: string[] = [];
    let collection: HclExpr = { t: 'lit', v: null };
    const exprs: HclExpr[] = [];
    let cond: HclExpr | undefined;
    let group = false;
    this.each((type) => {
      if (type === 'for_intro') {
        this.each((inner) => {
          if (inner === 'identifier') names.push(this.text());
          else if (inner === 'expression') collection = this.expr();
        });
      } else if (type === 'expression') exprs.push(this.expr());
      else if (type === 'for_cond') cond = this.firstNamed();
      else if (type === 'ellipsis') group = true;
    });
    const [keyVar, valueVar] = names.length > 1 ? names : [undefined, names[0]];
    const out: HclExpr = { t: 'for', valueVar: valueVar ?? '_', collection, value: object ? exprs[1]! : exprs[0]!, object, group };
    if (keyVar !== undefined) out.keyVar = keyVar;
    if (object) out.key = exprs[0]!;
    if (cond) out.cond = cond;
    return out;
  }
}

/** `<<-`: removes the smallest indentation of the non-blank lines from every line start. */
function stripIndent(parts: (string | HclExpr)[]): void {
  // An interpolation stands for a non-blank character where it is, so that lines stay lines.
  const text = parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join('');
  const indents = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  if (cut === 0) return;
  const afterNewline = new RegExp(`\\n[ \\t]{0,${cut}}`, 'g');
  const atStart = new RegExp(`^[ \\t]{0,${cut}}`);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part !== 'string') continue;
    const stripped = part.replace(afterNewline, '\n');
    parts[i] = i === 0 ? stripped.replace(atStart, '') : stripped;
  }
}
