/**
 * YAML with positions, through the `yaml` package (CST positions), with every CloudFormation
 * short-form tag registered and rewritten to its long `Fn::` form, the same value a JSON template
 * would hold.
 */

import { createRequire } from 'node:module';
import type { Document, Node, Tags } from 'yaml';
import { InputError } from '../../errors.js';
import { MAX_DEPTH, type ParsedDocument, PositionIndex, setKey } from './positions.js';

type YamlPackage = typeof import('yaml');
let yamlPackage: YamlPackage | undefined;

/**
 * The `yaml` package, loaded on the first YAML file rather than at startup: importing it costs about
 * a tenth of a second that a Terraform folder or a JSON template never needs.
 */
function yaml(): YamlPackage {
  yamlPackage ??= createRequire(import.meta.url)('yaml') as YamlPackage;
  return yamlPackage;
}

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

export function parseYaml(file: string, text: string): ParsedDocument {
  let doc: Document.Parsed;
  try {
    doc = yaml().parseDocument(text, {
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
  const parsed = index.document('yaml', converter.convert(doc.contents, 0));
  if (converter.duplicateKeys.length > 0) parsed.duplicateKeys = converter.duplicateKeys;
  return parsed;
}

class YamlConverter {
  private readonly yaml = yaml();
  private readonly done = new Map<Node, unknown>();
  readonly duplicateKeys: { key: string; line: number; column?: number }[] = [];
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
    if (this.yaml.isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) this.fail(node, `alias *${node.source} has no anchor`);
      if (this.inProgress.has(target)) this.fail(node, `alias *${node.source} refers to a node that contains it`);
      return this.convert(target, depth + 1);
    }
    const seen = this.done.get(node as Node);
    if (seen !== undefined) return seen;
    let value: unknown;
    if (this.yaml.isScalar(node)) {
      value = node.value;
      if (typeof value === 'bigint') value = Number(value);
    } else if (this.yaml.isMap(node)) {
      const out: Record<string, unknown> = {};
      const keys = new Map<string, number>();
      this.register(node, out, keys);
      this.inProgress.add(node);
      for (const pair of node.items) {
        if (!this.yaml.isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        if (!this.yaml.isScalar(keyNode)) this.fail(keyNode ?? node, 'a mapping key must be a plain value');
        const key = String(keyNode.value);
        if (Object.hasOwn(out, key)) {
          // CloudFormation keeps the last value of a duplicate key; the duplicate is reported, not fatal.
          const at = keyNode.range?.[0];
          const where: { line: number; column?: number } = at === undefined ? { line: 1 } : this.index.at(at);
          this.duplicateKeys.push({ key, ...where });
        }
        setKey(out, key, this.convert(pair.value, depth + 1));
        const offset = keyNode.range?.[0];
        if (offset !== undefined) keys.set(key, offset);
      }
      this.inProgress.delete(node);
      value = out;
    } else if (this.yaml.isSeq(node)) {
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
