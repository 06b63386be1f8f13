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

export async function parseHcl(file: string, text: string): Promise<HclFile> {
  const parser = await loadParser();
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const tree = parser.parse(blankIrrelevantBlocks(source));
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
    return new Converter(file).file(root);
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
  let lineStart = true;
  let header = '';
  const fail = (): string => text;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return fail();
      i = end + 2;
      continue;
    }
    if (c === '"') {
      const end = skipString(text, i + 1);
      if (end < 0) return fail();
      if (depth === 0) header += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const match = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (match) {
        const close = new RegExp(`^[ \\t]*${match[1]}[ \\t]*\\r?$`, 'm');
        const rest = text.slice(i + match[0].length);
        const found = close.exec(rest);
        if (!found) return fail();
        i += match[0].length + found.index + found[0].length;
        continue;
      }
    }
    if (c === '{') {
      if (depth === 0) {
        const words = /^\s*([A-Za-z_][\w-]*)((?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*)\s*$/.exec(header);
        const type = words?.[1];
        const firstLabel = words?.[2]?.trim().split(/\s+/)[0]?.replace(/"/g, '');
        skip =
          type !== undefined &&
          (['terraform', 'moved', 'import', 'check', 'removed'].includes(type) ||
            ((type === 'resource' || type === 'data' || type === 'ephemeral') && firstLabel !== undefined && !RELEVANT_TYPES.has(firstLabel)));
        blockStart = i + 1;
      }
      depth++;
      i++;
      lineStart = false;
      continue;
    }
    if (c === '}') {
      depth--;
      if (depth < 0) return fail();
      if (depth === 0) {
        if (skip) ranges.push([blockStart, i]);
        skip = false;
        header = '';
      }
      i++;
      continue;
    }
    if (depth === 0) {
      if (lineStart && c !== ' ' && c !== '\t' && c !== '\r') header = '';
      header += c;
    }
    lineStart = false;
    i++;
  }
  if (depth !== 0 || ranges.length === 0) return text;
  const parts: string[] = [];
  let last = 0;
  for (const [start, end] of ranges) {
    parts.push(text.slice(last, start), text.slice(start, end).replace(/[^\n]/g, ' '));
    last = end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** From just after an opening quote to just after its closing quote (-1: unterminated). */
function skipString(text: string, from: number): number {
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

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescapeLiteral(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) =>
      e.length > 1 ? String.fromCodePoint(Number.parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
    )
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

class Converter {
  constructor(private readonly path: string) {}

  private pos(node: SyntaxNode): HclPosition {
    return { file: this.path, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
  }

  file(root: SyntaxNode): HclFile {
    const out: HclFile = { file: this.path, blocks: [], attributes: new Map() };
    const body = root.namedChildren.find((child) => child?.type === 'body');
    if (body) this.body(body, out.attributes, out.blocks);
    return out;
  }

  private body(body: SyntaxNode, attributes: Map<string, HclAttribute>, blocks: HclBlock[]): void {
    for (const child of body.namedChildren) {
      if (!child) continue;
      if (child.type === 'attribute') {
        const [name, value] = child.namedChildren;
        if (name && value) attributes.set(name.text, { name: name.text, expr: this.expr(value), text: value.text, pos: this.pos(child) });
      } else if (child.type === 'block') {
        blocks.push(this.block(child));
      }
    }
  }

  private block(node: SyntaxNode): HclBlock {
    const block: HclBlock = { type: '', labels: [], attributes: new Map(), blocks: [], pos: this.pos(node) };
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'identifier') {
        if (block.type === '') block.type = child.text;
        else block.labels.push(child.text);
      } else if (child.type === 'string_lit') block.labels.push(this.stringLit(child));
      else if (child.type === 'body') this.body(child, block.attributes, block.blocks);
    }
    return block;
  }

  private stringLit(node: SyntaxNode): string {
    let out = '';
    for (const child of node.namedChildren) if (child?.type === 'template_literal') out += unescapeLiteral(child.text);
    return out;
  }

  expr(node: SyntaxNode): HclExpr {
    switch (node.type) {
      case 'expression': {
        const children = node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
        const [head, ...rest] = children;
        if (!head) return { t: 'lit', v: null };
        let expr = this.expr(head);
        for (const step of rest) expr = this.postfix(expr, step);
        return expr;
      }
      case 'literal_value': {
        const inner = node.namedChildren[0];
        if (!inner) return { t: 'lit', v: null };
        if (inner.type === 'numeric_lit') return { t: 'lit', v: Number(inner.text) };
        if (inner.type === 'bool_lit') return { t: 'lit', v: inner.text === 'true' };
        if (inner.type === 'null_lit') return { t: 'lit', v: null };
        return { t: 'lit', v: this.stringLit(inner) };
      }
      case 'template_expr':
        return this.template(node.namedChildren[0] ?? node);
      case 'variable_expr':
        return { t: 'var', name: node.text };
      case 'function_call': {
        const [name, args] = node.namedChildren;
        const list = args ? args.namedChildren.filter((c): c is SyntaxNode => c?.type === 'expression') : [];
        const expand = args ? args.namedChildren.some((c) => c?.type === 'ellipsis') : false;
        return { t: 'call', name: name?.text ?? '', args: list.map((a) => this.expr(a)), expand };
      }
      case 'collection_value':
        return this.expr(node.namedChildren[0]!);
      case 'tuple':
        return { t: 'tuple', items: node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'expression').map((c) => this.expr(c)) };
      case 'object': {
        const items: { key: HclExpr; value: HclExpr }[] = [];
        for (const elem of node.namedChildren) {
          if (elem?.type !== 'object_elem') continue;
          const keyNode = elem.childForFieldName('key');
          const valueNode = elem.childForFieldName('val');
          if (!keyNode || !valueNode) continue;
          let key = this.expr(keyNode);
          // A bare identifier as a key is its name, not a variable (`{ STAGE = "prod" }`).
          if (key.t === 'var') key = { t: 'lit', v: key.name };
          items.push({ key, value: this.expr(valueNode) });
        }
        return { t: 'obj', items };
      }
      case 'conditional': {
        const [test, then, otherwise] = node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'expression');
        return { t: 'cond', test: this.expr(test!), yes: this.expr(then!), no: this.expr(otherwise!) };
      }
      case 'operation':
        return this.expr(node.namedChildren[0]!);
      case 'unary_operation': {
        const operand = node.namedChildren[0]!;
        return { t: 'op', op: node.child(0)?.text === '!' ? '!' : 'neg', a: this.expr(operand) };
      }
      case 'binary_operation': {
        const [a, b] = node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
        const op = node.children.find((c) => c !== null && !c.isNamed)?.text ?? '?';
        return { t: 'op', op, a: this.expr(a!), b: this.expr(b!) };
      }
      case 'for_expr':
        return this.forExpr(node.namedChildren[0]!);
      default:
        // get_attr and friends are handled as postfix; anything else is not a value edgecost needs.
        return { t: 'call', name: `<${node.type}>`, args: [], expand: false };
    }
  }

  private postfix(obj: HclExpr, step: SyntaxNode): HclExpr {
    if (step.type === 'get_attr') return { t: 'get', obj, key: step.namedChildren[0]?.text ?? '' };
    if (step.type === 'index') {
      const inner = step.namedChildren[0];
      if (inner?.type === 'legacy_index') return { t: 'idx', obj, key: { t: 'lit', v: Number(inner.text.replace(/^\./, '')) } };
      const key = inner?.namedChildren[0];
      return { t: 'idx', obj, key: key ? this.expr(key) : { t: 'lit', v: null } };
    }
    if (step.type === 'splat') {
      const inner = step.namedChildren[0];
      const steps: HclStep[] = [];
      for (const s of inner?.namedChildren ?? []) {
        if (s?.type === 'get_attr') steps.push({ kind: 'get', key: s.namedChildren[0]?.text ?? '' });
        else if (s?.type === 'index') {
          const key = s.namedChildren[0]?.namedChildren[0];
          steps.push({ kind: 'idx', key: key ? this.expr(key) : { t: 'lit', v: null } });
        }
      }
      return { t: 'splat', obj, steps };
    }
    // A get_attr/index following a splat belongs to it.
    if (obj.t === 'splat') return obj;
    return obj;
  }

  private template(node: SyntaxNode): HclExpr {
    const parts: (string | HclExpr)[] = [];
    let directive = false;
    const heredoc = node.type === 'heredoc_template';
    const strip = heredoc && node.namedChildren[0]?.type === 'heredoc_start' && node.namedChildren[0].text === '<<-';
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'template_literal') parts.push(heredoc ? child.text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : unescapeLiteral(child.text));
      else if (child.type === 'template_interpolation') {
        const inner = child.namedChildren.find((c) => c?.type === 'expression');
        if (inner) parts.push(this.expr(inner));
      } else if (child.type === 'template_directive') directive = true;
    }
    if (heredoc) {
      // The literal text starts after `<<EOT\n` and the grammar gives the closing marker its own node.
      const first = parts[0];
      if (typeof first === 'string') parts[0] = first.replace(/^\r?\n/, '');
      if (strip) stripIndent(parts);
    }
    return { t: 'tpl', parts, directive };
  }

  private forExpr(node: SyntaxNode): HclExpr {
    const object = node.type === 'for_object_expr';
    const intro = node.namedChildren.find((c) => c?.type === 'for_intro');
    const names = intro?.namedChildren.filter((c) => c?.type === 'identifier').map((c) => c!.text) ?? [];
    const collectionNode = intro?.namedChildren.find((c) => c?.type === 'expression');
    const exprs = node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'expression');
    const condNode = node.namedChildren.find((c) => c?.type === 'for_cond')?.namedChildren[0];
    const group = node.namedChildren.some((c) => c?.type === 'ellipsis');
    const [keyVar, valueVar] = names.length > 1 ? names : [undefined, names[0]];
    const out: HclExpr = {
      t: 'for',
      valueVar: valueVar ?? '_',
      collection: collectionNode ? this.expr(collectionNode) : { t: 'lit', v: null },
      value: this.expr(object ? exprs[1]! : exprs[0]!),
      object,
      group,
    };
    if (keyVar !== undefined) out.keyVar = keyVar;
    if (object) out.key = this.expr(exprs[0]!);
    if (condNode) out.cond = this.expr(condNode);
    return out;
  }
}

function stripIndent(parts: (string | HclExpr)[]): void {
  const text = parts.filter((p): p is string => typeof p === 'string').join('');
  const indents = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  if (cut === 0) return;
  const pattern = new RegExp(`(^|\\n)[ \\t]{0,${cut}}`, 'g');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === 'string') parts[i] = part.replace(pattern, '$1');
  }
}
