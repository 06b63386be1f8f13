/**
 * Reads CloudFormation/SAM/CDK templates and Terraform plans (YAML or JSON) into plain values while
 * remembering where every mapping, sequence and key was written, so findings can name a file and line.
 *
 * YAML goes through the `yaml` package (CST positions) with every CloudFormation short-form tag
 * registered and rewritten to its long `Fn::` form, the same value a JSON template would hold.
 * JSON goes through a small position-tracking parser: JSON.parse cannot say where a value was, and
 * plans can be megabytes (the YAML parser is several times slower on them).
 */

import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, parseDocument, type Tags } from 'yaml';
import { InputError } from '../errors.js';

export interface SourcePosition {
  line: number;
  column: number;
}

export interface ParsedDocument {
  format: 'yaml' | 'json';
  root: unknown;
  /** Where a mapping or sequence of `root` starts. */
  positionOf(value: unknown): SourcePosition | undefined;
  /** Where a key of a mapping of `root` was written; for a sequence, where its item at index `key` was (`"0"`, `"1"`, ...). */
  keyPosition(mapping: unknown, key: string): SourcePosition | undefined;
}

/** Nesting deeper than this is not a template; refusing it keeps recursion off the stack limit. */
const MAX_DEPTH = 400;

/** Short form → long form. `!GetAtt a.b` and `!Condition x` get special treatment below. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/** Every short form in its scalar, sequence and mapping shape; the node keeps its tag for the conversion below. */
const CLOUDFORMATION_TAGS: Tags = Object.keys(SHORT_FORMS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (seq: unknown) => seq },
  { tag, collection: 'map' as const, resolve: (map: unknown) => map },
]);

class PositionIndex {
  private readonly lineStarts: number[] = [0];
  readonly containers = new WeakMap<object, number>();
  readonly keys = new WeakMap<object, Map<string, number>>();

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  at(offset: number): SourcePosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }

  document(format: 'yaml' | 'json', root: unknown): ParsedDocument {
    return {
      format,
      root,
      positionOf: (value) => {
        if (typeof value !== 'object' || value === null) return undefined;
        const offset = this.containers.get(value);
        return offset === undefined ? undefined : this.at(offset);
      },
      keyPosition: (mapping, key) => {
        if (typeof mapping !== 'object' || mapping === null) return undefined;
        const offset = this.keys.get(mapping)?.get(key);
        return offset === undefined ? undefined : this.at(offset);
      },
    };
  }
}

/** Sets a key without letting `__proto__` change the object's prototype. */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Parses a template or plan, choosing JSON or YAML from the content (JSON also when a `.json` file is not JSON). */
export function parseTemplateText(file: string, text: string): ParsedDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /\S/.exec(body)?.[0];
  if (first === undefined) throw new InputError(file, 'the file is empty', { line: 1 });
  const looksJson = first === '{' || first === '[' || /\.json$/i.test(file);
  if (!looksJson) return parseYaml(file, body);
  try {
    return parseJson(file, body);
  } catch (jsonError) {
    // A YAML flow mapping starts with `{` too; a `.json` file is held to JSON.
    if (/\.json$/i.test(file)) throw jsonError;
    try {
      return parseYaml(file, body);
    } catch {
      throw jsonError;
    }
  }
}

// ---------------------------------------------------------------------------------------------- YAML

export function parseYaml(file: string, text: string): ParsedDocument {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      customTags: CLOUDFORMATION_TAGS,
      schema: 'core',
      merge: false,
      // Duplicates are reported by the conversion below; yaml's own check is quadratic in the map size.
      uniqueKeys: false,
      prettyErrors: true,
      strict: true,
    });
  } catch (error) {
    throw new InputError(file, `invalid YAML: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // An unknown `!Tag` is a warning for YAML, but CloudFormation rejects the template.
  const problem = doc.errors[0] ?? doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    const where = problem.linePos?.[0];
    const message = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(file, `invalid YAML: ${message}`, where ? { line: where.line, column: where.col } : { line: 1 });
  }
  const index = new PositionIndex(text);
  const converter = new YamlConverter(file, doc, index);
  return index.document('yaml', converter.convert(doc.contents, 0));
}

class YamlConverter {
  private readonly done = new Map<Node, unknown>();
  private readonly inProgress = new Set<Node>();

  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly index: PositionIndex,
  ) {}

  private fail(node: Node | null | undefined, message: string): never {
    const offset = node?.range?.[0];
    throw new InputError(this.file, message, offset === undefined ? { line: 1 } : this.index.at(offset));
  }

  convert(node: unknown, depth: number): unknown {
    if (node === null || node === undefined) return null;
    if (depth > MAX_DEPTH) this.fail(node as Node, `nesting deeper than ${MAX_DEPTH} levels`);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) this.fail(node, `alias *${node.source} has no anchor`);
      if (this.inProgress.has(target)) this.fail(node, `alias *${node.source} refers to a node that contains it`);
      return this.convert(target, depth + 1);
    }
    const seen = this.done.get(node as Node);
    if (seen !== undefined) return seen;
    let value: unknown;
    if (isScalar(node)) {
      value = node.value;
      if (typeof value === 'bigint') value = Number(value);
    } else if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const keys = new Map<string, number>();
      this.register(node, out, keys);
      this.inProgress.add(node);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        if (!isScalar(keyNode)) this.fail(keyNode ?? node, 'a mapping key must be a plain value');
        const key = String(keyNode.value);
        if (Object.hasOwn(out, key)) this.fail(keyNode, `duplicate key "${key}"`);
        setKey(out, key, this.convert(pair.value, depth + 1));
        const offset = keyNode.range?.[0];
        if (offset !== undefined) keys.set(key, offset);
      }
      this.inProgress.delete(node);
      value = out;
    } else if (isSeq(node)) {
      const out: unknown[] = [];
      // Item positions, so an item that is a plain value (no container of its own) can be located.
      const items = new Map<string, number>();
      this.register(node, out, items);
      this.inProgress.add(node);
      for (const item of node.items) {
        const offset = (item as Node | null)?.range?.[0];
        if (offset !== undefined) items.set(String(out.length), offset);
        out.push(this.convert(item, depth + 1));
      }
      this.inProgress.delete(node);
      value = out;
    } else {
      this.fail(node as Node, 'unsupported YAML node');
    }
    value = this.applyTag(node as Node, value);
    this.done.set(node as Node, value);
    return value;
  }

  private register(node: Node, out: object, keys?: Map<string, number>): void {
    const offset = node.range?.[0];
    if (offset !== undefined) this.index.containers.set(out, offset);
    if (keys) this.index.keys.set(out, keys);
  }

  /** Rewrites a short-form tag to the long form, keeping the position of the tagged node. */
  private applyTag(node: Node, value: unknown): unknown {
    const tag = node.tag;
    if (!tag || !Object.hasOwn(SHORT_FORMS, tag)) return value;
    const long = SHORT_FORMS[tag]!;
    let argument = value;
    if (tag === '!GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      argument = dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
    }
    const wrapped: Record<string, unknown> = {};
    setKey(wrapped, long, argument);
    const offset = node.range?.[0];
    if (offset !== undefined) this.index.containers.set(wrapped, offset);
    return wrapped;
  }
}

// ---------------------------------------------------------------------------------------------- JSON

export function parseJson(file: string, text: string): ParsedDocument {
  const index = new PositionIndex(text);
  const parser = new JsonParser(file, text, index);
  const root = parser.parseDocument();
  return index.document('json', root);
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonParser {
  private at = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly index: PositionIndex,
  ) {}

  private fail(message: string, offset = this.at): never {
    throw new InputError(this.file, `invalid JSON: ${message}`, this.index.at(Math.min(offset, this.text.length)));
  }

  private skipWhitespace(): void {
    while (this.at < this.text.length && WHITESPACE.has(this.text.charCodeAt(this.at))) this.at++;
  }

  /**
   * What stands at the error, without quoting the file: an error message reaches CI logs, and the
   * file may be anything readable (a secret named by mistake or by a crafted cdk.out). JSON's own
   * punctuation is shown; any other text is only described.
   */
  private describe(): string {
    if (this.at >= this.text.length) return 'the end of the file';
    const char = this.text[this.at]!;
    if ('{}[],:"'.includes(char)) return `"${char}"`;
    if (/[A-Za-z]/.test(char)) return 'a letter';
    if (/[0-9+\-.]/.test(char)) return 'a number sign or digit';
    return `character U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  }

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.at < this.text.length) this.fail(`unexpected ${this.describe()} after the end of the document`);
    return value;
  }

  private parseValue(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const ch = this.text[this.at];
    if (ch === '{') return this.parseObject(depth);
    if (ch === '[') return this.parseArray(depth);
    if (ch === '"') return this.parseString();
    if (ch === 't' && this.text.startsWith('true', this.at)) {
      this.at += 4;
      return true;
    }
    if (ch === 'f' && this.text.startsWith('false', this.at)) {
      this.at += 5;
      return false;
    }
    if (ch === 'n' && this.text.startsWith('null', this.at)) {
      this.at += 4;
      return null;
    }
    NUMBER.lastIndex = this.at;
    const number = NUMBER.exec(this.text);
    if (number && number[0] !== '-') {
      this.at += number[0].length;
      return Number(number[0]);
    }
    return this.fail(`expected a value, found ${this.describe()}`);
  }

  private parseObject(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = new Map<string, number>();
    this.index.containers.set(out, this.at);
    this.index.keys.set(out, keys);
    this.at++;
    this.skipWhitespace();
    if (this.text[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.at] !== '"') this.fail(`expected a property name in double quotes, found ${this.describe()}`);
      const keyOffset = this.at;
      const key = this.parseString();
      if (Object.hasOwn(out, key)) this.fail(`duplicate key "${key}"`, keyOffset);
      this.skipWhitespace();
      if (this.text[this.at] !== ':') this.fail(`expected ":" after a property name, found ${this.describe()}`);
      this.at++;
      this.skipWhitespace();
      setKey(out, key, this.parseValue(depth + 1));
      keys.set(key, keyOffset);
      this.skipWhitespace();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        continue;
      }
      if (next === '}') {
        this.at++;
        return out;
      }
      this.fail(`expected "," or "}", found ${this.describe()}`);
    }
  }

  private parseArray(depth: number): unknown[] {
    const out: unknown[] = [];
    const items = new Map<string, number>();
    this.index.containers.set(out, this.at);
    this.index.keys.set(out, items);
    this.at++;
    this.skipWhitespace();
    if (this.text[this.at] === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      items.set(String(out.length), this.at);
      out.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        continue;
      }
      if (next === ']') {
        this.at++;
        return out;
      }
      this.fail(`expected "," or "]", found ${this.describe()}`);
    }
  }

  private parseString(): string {
    const start = this.at;
    let escaped = false;
    for (let i = start + 1; i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 0x5c) {
        escaped = true;
        i++;
        continue;
      }
      if (code < 0x20) this.fail('control character in a string (line breaks must be written \\n)', i);
      if (code === 0x22) {
        this.at = i + 1;
        if (!escaped) return this.text.slice(start + 1, i);
        try {
          return JSON.parse(this.text.slice(start, i + 1)) as string;
        } catch {
          return this.fail('invalid escape sequence in a string', start);
        }
      }
    }
    return this.fail('unterminated string', start);
  }
}
