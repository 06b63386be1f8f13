/**
 * The little of CloudFormation's intrinsic functions a linter can evaluate before deploy: literals,
 * parameter defaults, mappings, `Fn::Sub`/`Fn::Join`/`Fn::Select`/`Fn::Split` of those, and both
 * branches of `Fn::If`. Everything else stays "unknown" with a reason — never a made-up value.
 *
 * Templates may share nodes through YAML aliases, so every walk here has a budget: a hostile
 * template cannot make the loader do exponential work.
 */

import { isRecord } from '../parse/values.js';

class NoValue {
  toString(): string {
    return 'AWS::NoValue';
  }
}

/**
 * `Ref: AWS::NoValue`: the property is removed. An object rather than a symbol, so that turning a
 * value into a number or a string (which throws for symbols) can never crash on it.
 */
export const NO_VALUE: NoValue = Object.freeze(new NoValue());

export type Evaluation =
  | { known: true; values: unknown[]; via: string[] }
  | { known: false; reason: string };

export interface IntrinsicScope {
  parameters: Map<string, { default?: unknown }>;
  mappings: Record<string, unknown>;
  pseudo: { region?: string; accountId?: string; stackName?: string; partition?: string };
  resourceTypes: Map<string, string>;
}

const MAX_ALTERNATIVES = 16;
const MAX_STEPS = 20_000;


/** `{ "Ref": … }`, `{ "Fn::X": … }` or `{ "Condition": … }` — a one-key mapping CloudFormation evaluates. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/** How deep nested `Fn::If`s are followed by the readers that unite their branches. */
export const MAX_IF_DEPTH = 4;

/**
 * `{ "Fn::If": [condition, whenTrue, whenFalse] }` as its condition and both branches; undefined
 * when `value` is not a well-formed `Fn::If`. Every reader that considers both branches of a
 * condition goes through here.
 */
export function ifBranches(value: unknown): { condition: unknown; branches: [unknown, unknown] } | undefined {
  if (intrinsicName(value) !== 'Fn::If') return undefined;
  const argument = (value as Record<string, unknown>)['Fn::If'];
  if (!Array.isArray(argument) || argument.length !== 3) return undefined;
  return { condition: argument[0], branches: [argument[1], argument[2]] };
}

export function isNoValue(value: unknown): boolean {
  return value === NO_VALUE || (isRecord(value) && intrinsicName(value) === 'Ref' && value.Ref === 'AWS::NoValue');
}

/** Splits `${Name}` / `${Name.Attr}` / `${!Literal}` placeholders of an `Fn::Sub` string. */
export function splitSub(template: string): ({ text: string } | { name: string })[] {
  const parts: ({ text: string } | { name: string })[] = [];
  let at = 0;
  let text = '';
  while (at < template.length) {
    const open = template.indexOf('${', at);
    if (open < 0) break;
    const close = template.indexOf('}', open + 2);
    if (close < 0) break;
    text += template.slice(at, open);
    const inner = template.slice(open + 2, close);
    if (inner.startsWith('!')) text += `\${${inner.slice(1)}}`;
    else {
      if (text) parts.push({ text });
      text = '';
      parts.push({ name: inner.trim() });
    }
    at = close + 1;
  }
  text += template.slice(at);
  if (text) parts.push({ text });
  return parts;
}

export class Evaluator {
  private steps = 0;

  constructor(readonly scope: IntrinsicScope) {}

  private spend(): boolean {
    this.steps++;
    return this.steps <= MAX_STEPS;
  }

  /** Resets the step budget (call once per property). */
  fresh(): this {
    this.steps = 0;
    return this;
  }

  /** The possible values of an expression (several when `Fn::If` branches differ). */
  evaluate(expr: unknown, depth = 0): Evaluation {
    if (!this.spend() || depth > 40) return { known: false, reason: 'the expression is too large to evaluate' };
    if (expr === null || typeof expr === 'string' || typeof expr === 'number' || typeof expr === 'boolean') {
      return { known: true, values: [expr], via: [] };
    }
    if (Array.isArray(expr)) {
      const items: unknown[] = [];
      const via: string[] = [];
      for (const item of expr) {
        const result = this.evaluate(item, depth + 1);
        if (!result.known) return result;
        if (result.values.length !== 1) return { known: false, reason: 'a list item depends on Fn::If' };
        if (result.values[0] !== NO_VALUE) items.push(result.values[0]);
        via.push(...result.via);
      }
      return { known: true, values: [items], via };
    }
    const name = intrinsicName(expr);
    if (!name) return { known: true, values: [expr], via: [] };
    const argument = (expr as Record<string, unknown>)[name];
    switch (name) {
      case 'Ref':
        return this.evaluateRef(argument);
      case 'Fn::If':
        return this.evaluateIf(expr, depth);
      case 'Fn::Sub':
        return this.evaluateSub(argument, depth);
      case 'Fn::Join':
        return this.evaluateJoin(argument, depth);
      case 'Fn::FindInMap':
        return this.evaluateFindInMap(argument, depth);
      case 'Fn::Select':
        return this.evaluateSelect(argument, depth);
      case 'Fn::Split':
        return this.evaluateSplit(argument, depth);
      default:
        return { known: false, reason: `${name} cannot be evaluated before deploy` };
    }
  }

  /** A single value, or the reason it is not one. */
  single(expr: unknown): { value: unknown; via: string[] } | { reason: string; values?: unknown[] } {
    const result = this.fresh().evaluate(expr);
    if (!result.known) return { reason: result.reason };
    const distinct = uniqueValues(result.values);
    if (distinct.length === 1) return { value: distinct[0], via: result.via };
    return { reason: 'Fn::If branches give different values', values: distinct };
  }

  private evaluateRef(argument: unknown): Evaluation {
    if (typeof argument !== 'string') return { known: false, reason: 'Ref of a non-string' };
    const { pseudo } = this.scope;
    switch (argument) {
      case 'AWS::NoValue':
        return { known: true, values: [NO_VALUE], via: [] };
      case 'AWS::Region':
        return pseudo.region ? { known: true, values: [pseudo.region], via: [] } : { known: false, reason: 'AWS::Region is known only at deploy' };
      case 'AWS::AccountId':
        return pseudo.accountId ? { known: true, values: [pseudo.accountId], via: [] } : { known: false, reason: 'AWS::AccountId is known only at deploy' };
      case 'AWS::StackName':
        return pseudo.stackName ? { known: true, values: [pseudo.stackName], via: [] } : { known: false, reason: 'AWS::StackName is known only at deploy' };
      case 'AWS::Partition':
        return pseudo.partition ? { known: true, values: [pseudo.partition], via: [] } : { known: false, reason: 'AWS::Partition is known only at deploy' };
      case 'AWS::URLSuffix':
        return { known: false, reason: 'AWS::URLSuffix is known only at deploy' };
    }
    const parameter = this.scope.parameters.get(argument);
    if (parameter) {
      if (parameter.default === undefined) return { known: false, reason: `parameter ${argument} has no default value` };
      return { known: true, values: [parameter.default], via: [`the default of parameter ${argument}`] };
    }
    if (this.scope.resourceTypes.has(argument)) return { known: false, reason: `Ref ${argument} is known only after deploy` };
    return { known: false, reason: `Ref ${argument}: no such parameter or resource` };
  }

  private evaluateIf(expr: unknown, depth: number): Evaluation {
    const split = ifBranches(expr);
    if (!split) return { known: false, reason: 'malformed Fn::If' };
    const condition = typeof split.condition === 'string' ? split.condition : '?';
    const values: unknown[] = [];
    const via: string[] = [`both branches of Fn::If ${condition}`];
    for (const branch of split.branches) {
      const result = this.evaluate(branch, depth + 1);
      if (!result.known) return result;
      values.push(...result.values);
      via.push(...result.via);
    }
    return { known: true, values: uniqueValues(values).slice(0, MAX_ALTERNATIVES), via };
  }

  private evaluateSub(argument: unknown, depth: number): Evaluation {
    let template: unknown = argument;
    let variables: Record<string, unknown> = {};
    if (Array.isArray(argument)) {
      template = argument[0];
      if (isRecord(argument[1])) variables = argument[1];
    }
    if (typeof template !== 'string') return { known: false, reason: 'malformed Fn::Sub' };
    let results = [''];
    const via: string[] = [];
    for (const part of splitSub(template)) {
      let options: unknown[];
      if ('text' in part) options = [part.text];
      else {
        const expr = Object.hasOwn(variables, part.name) ? variables[part.name] : part.name.includes('.') ? { 'Fn::GetAtt': part.name.split('.') } : { Ref: part.name };
        const result = this.evaluate(expr, depth + 1);
        if (!result.known) return result;
        options = result.values;
        via.push(...result.via);
      }
      const next: string[] = [];
      for (const prefix of results) for (const option of options) if (isScalarValue(option)) next.push(prefix + String(option));
      if (next.length === 0) return { known: false, reason: 'Fn::Sub of a non-scalar value' };
      results = uniqueValues(next).slice(0, MAX_ALTERNATIVES) as string[];
    }
    return { known: true, values: results, via };
  }

  private evaluateJoin(argument: unknown, depth: number): Evaluation {
    if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string') return { known: false, reason: 'malformed Fn::Join' };
    const list = this.evaluate(argument[1], depth + 1);
    if (!list.known) return list;
    const values: string[] = [];
    for (const items of list.values) {
      if (!Array.isArray(items) || !items.every(isScalarValue)) return { known: false, reason: 'Fn::Join of a non-list' };
      values.push(items.map(String).join(argument[0]));
    }
    return { known: true, values: uniqueValues(values), via: list.via };
  }

  private evaluateFindInMap(argument: unknown, depth: number): Evaluation {
    if (!Array.isArray(argument) || argument.length < 3) return { known: false, reason: 'malformed Fn::FindInMap' };
    const keys: string[] = [];
    const via: string[] = [];
    for (const item of argument.slice(0, 3)) {
      const result = this.evaluate(item, depth + 1);
      if (!result.known) return result;
      if (result.values.length !== 1 || !isScalarValue(result.values[0])) return { known: false, reason: 'Fn::FindInMap with a key that depends on Fn::If' };
      keys.push(String(result.values[0]));
      via.push(...result.via);
    }
    const [mapName, top, second] = keys as [string, string, string];
    const map = this.scope.mappings[mapName];
    const level = isRecord(map) && Object.hasOwn(map, top) ? map[top] : undefined;
    if (isRecord(level) && Object.hasOwn(level, second)) {
      return { known: true, values: [level[second]], via: [...via, `mapping ${mapName}.${top}.${second}`] };
    }
    const fallback = argument[3];
    if (isRecord(fallback) && Object.hasOwn(fallback, 'DefaultValue')) return this.evaluate(fallback.DefaultValue, depth + 1);
    return { known: false, reason: `mapping ${mapName} has no ${top}.${second}` };
  }

  private evaluateSelect(argument: unknown, depth: number): Evaluation {
    if (!Array.isArray(argument) || argument.length !== 2) return { known: false, reason: 'malformed Fn::Select' };
    const index = this.evaluate(argument[0], depth + 1);
    const list = this.evaluate(argument[1], depth + 1);
    if (!index.known) return index;
    if (!list.known) return list;
    const values: unknown[] = [];
    for (const i of index.values) {
      for (const items of list.values) {
        const n = Number(i);
        if (!Array.isArray(items) || !Number.isInteger(n) || n < 0 || n >= items.length) return { known: false, reason: 'Fn::Select index out of range' };
        values.push(items[n]);
      }
    }
    return { known: true, values: uniqueValues(values), via: [...index.via, ...list.via] };
  }

  private evaluateSplit(argument: unknown, depth: number): Evaluation {
    if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string' || argument[0] === '') return { known: false, reason: 'malformed Fn::Split' };
    const source = this.evaluate(argument[1], depth + 1);
    if (!source.known) return source;
    const values: unknown[] = [];
    for (const value of source.values) {
      if (typeof value !== 'string') return { known: false, reason: 'Fn::Split of a non-string' };
      values.push(value.split(argument[0]));
    }
    return { known: true, values, via: source.via };
  }
}

function isScalarValue(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function uniqueValues<T>(values: T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const value of values) {
    const key = value === NO_VALUE ? '\u0000novalue' : typeof value === 'object' && value !== null ? `o:${boundedJson(value, 400)}` : `${typeof value}:${String(value)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}

/** JSON of a value cut at `limit` characters, safe on shared (aliased) nodes. */
export function boundedJson(value: unknown, limit: number): string {
  let out = '';
  const visit = (node: unknown, depth: number): void => {
    if (out.length > limit) return;
    if (depth > 20) {
      out += '…';
      return;
    }
    if (node === NO_VALUE) {
      out += '"AWS::NoValue"';
      return;
    }
    if (Array.isArray(node)) {
      out += '[';
      node.forEach((item, i) => {
        if (i) out += ',';
        visit(item, depth + 1);
      });
      out += ']';
    } else if (isRecord(node)) {
      out += '{';
      Object.keys(node).forEach((key, i) => {
        if (i) out += ',';
        out += `${JSON.stringify(key)}:`;
        visit(node[key], depth + 1);
      });
      out += '}';
    } else out += JSON.stringify(node) ?? 'null';
  };
  visit(value, 0);
  return out.length > limit ? `${out.slice(0, limit)}…` : out;
}

function placeholder(name: string): string {
  return `\${${name}}`;
}

/**
 * A readable one-line form of an expression in `Fn::Sub` syntax (`${Fn.Arn}:${Version.Version}`),
 * used where the model wants "the ARN as written" but the template only has an expression.
 */
export function renderExpression(expr: unknown, limit = 300): string {
  let budget = 2_000;
  const render = (node: unknown, depth: number): string => {
    if (--budget < 0 || depth > 12) return '…';
    if (typeof node === 'string') return node;
    if (typeof node === 'number' || typeof node === 'boolean') return String(node);
    if (node === null || node === undefined) return '';
    if (node === NO_VALUE) return placeholder('AWS::NoValue');
    const name = intrinsicName(node);
    if (!name) return boundedJson(node, 120);
    const argument = (node as Record<string, unknown>)[name];
    switch (name) {
      case 'Ref':
        return `\${${String(argument)}}`;
      case 'Fn::GetAtt':
        return Array.isArray(argument) ? `\${${argument.map((part) => render(part, depth + 1)).join('.')}}` : `\${${String(argument)}}`;
      case 'Fn::Sub': {
        if (typeof argument === 'string') return argument;
        if (Array.isArray(argument) && typeof argument[0] === 'string') {
          const variables = isRecord(argument[1]) ? argument[1] : {};
          return splitSub(argument[0])
            .map((part) => ('text' in part ? part.text : Object.hasOwn(variables, part.name) ? render(variables[part.name], depth + 1) : `\${${part.name}}`))
            .join('');
        }
        return placeholder('Fn::Sub');
      }
      case 'Fn::Join':
        if (Array.isArray(argument) && typeof argument[0] === 'string' && Array.isArray(argument[1])) {
          return argument[1].map((part) => render(part, depth + 1)).join(argument[0]);
        }
        return placeholder('Fn::Join');
      case 'Fn::If':
        if (Array.isArray(argument)) return `Fn::If(${argument.map((part) => render(part, depth + 1)).join(', ')})`;
        return placeholder('Fn::If');
      case 'Fn::ImportValue':
        return `\${ImportValue ${render(argument, depth + 1)}}`;
      default:
        return `\${${name} ${boundedJson(argument, 80)}}`;
    }
  };
  const text = render(expr, 0);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
