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

export type Evaluation = { known: true; values: unknown[]; via: string[] } | { known: false; reason: string };

/**
 * A template parameter as the evaluator sees it: its `Default`, the value the user gave for the
 * deploy (`--parameter`/`--parameters`, which wins and is never overridden by a branch), or why its
 * value exists only at deploy (an `AWS::SSM::Parameter::Value<…>` parameter holds the SSM name).
 */
export interface ScopeParameter {
  default?: unknown;
  given?: { value: string; from: string };
  deployOnly?: string;
}

export interface IntrinsicScope {
  parameters: Map<string, ScopeParameter>;
  mappings: Record<string, unknown>;
  pseudo: { region?: string; accountId?: string; stackName?: string; partition?: string };
  resourceTypes: Map<string, string>;
  /** The template's `Conditions`: a branch of `Fn::If` is evaluated with parameter values that make its condition hold. */
  conditions?: Record<string, unknown>;
}

/** A parameter's value inside one branch of `Fn::If`: bound by the condition, or unknown (not its default). */
type Override = { value: unknown } | { reason: string };

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
  private overrides = new Map<string, Override>();

  constructor(readonly scope: IntrinsicScope) {}

  /**
   * Runs `fn` inside the branches named (condition, wanted truth): a parameter that the condition
   * ties to a value takes it (`Fn::Equals [!Ref P, "x"]` true → P is "x"); a parameter whose default
   * would make the condition go the other way is unknown there, never its default.
   */
  withBranches<T>(branches: readonly (readonly [string, boolean])[], fn: () => T): T {
    if (branches.length === 0) return fn();
    const saved = this.overrides;
    this.overrides = new Map(saved);
    try {
      for (const [condition, wanted] of branches) this.applyBranch(condition, wanted);
      return fn();
    } finally {
      this.overrides = saved;
    }
  }

  private applyBranch(condition: string, wanted: boolean): void {
    const expr = this.scope.conditions?.[condition];
    if (expr === undefined) return;
    const holds = this.conditionHolds(expr, 0);
    if (holds === undefined || holds === wanted) return;
    const bound = new Map<string, Override>();
    if (this.bind(expr, wanted, bound, 0)) {
      for (const [name, value] of bound) if (!this.isGiven(name)) this.overrides.set(name, value);
      return;
    }
    for (const name of this.parametersOf(expr, 0)) {
      if (this.isGiven(name)) continue;
      this.overrides.set(name, { reason: `parameter ${name} takes a value that makes condition ${condition} ${wanted ? 'true' : 'false'}, not its default` });
    }
  }

  /** A value the user gave for the deploy stays what it is in every branch. */
  private isGiven(name: string): boolean {
    return this.scope.parameters.get(name)?.given !== undefined;
  }

  /** The truth of a condition expression with the current parameter values; undefined when unknown. */
  conditionHolds(expr: unknown, depth: number): boolean | undefined {
    if (depth > 20) return undefined;
    if (typeof expr === 'boolean') return expr;
    const name = intrinsicName(expr);
    const argument = name ? (expr as Record<string, unknown>)[name] : undefined;
    switch (name) {
      case 'Condition':
        return typeof argument === 'string' && this.scope.conditions?.[argument] !== undefined ? this.conditionHolds(this.scope.conditions[argument], depth + 1) : undefined;
      case 'Fn::Equals': {
        if (!Array.isArray(argument) || argument.length !== 2) return undefined;
        const [a, b] = argument.map((side) => this.evaluate(side));
        if (!a?.known || !b?.known || a.values.length !== 1 || b.values.length !== 1) return undefined;
        return String(a.values[0]) === String(b.values[0]);
      }
      case 'Fn::Not': {
        const inner = Array.isArray(argument) ? this.conditionHolds(argument[0], depth + 1) : undefined;
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(argument)) return undefined;
        const parts = argument.map((part) => this.conditionHolds(part, depth + 1));
        if (name === 'Fn::And') return parts.includes(false) ? false : parts.includes(undefined) ? undefined : true;
        return parts.includes(true) ? true : parts.includes(undefined) ? undefined : false;
      }
      default:
        return undefined;
    }
  }

  /** Parameter values that make `expr` come out `wanted`, when one assignment does (else false). */
  private bind(expr: unknown, wanted: boolean, out: Map<string, Override>, depth: number): boolean {
    if (depth > 20) return false;
    const name = intrinsicName(expr);
    const argument = name ? (expr as Record<string, unknown>)[name] : undefined;
    if (name === 'Condition' && typeof argument === 'string' && this.scope.conditions?.[argument] !== undefined) {
      return this.bind(this.scope.conditions[argument], wanted, out, depth + 1);
    }
    if (name === 'Fn::Not' && Array.isArray(argument)) return this.bind(argument[0], !wanted, out, depth + 1);
    if (name === 'Fn::And' && wanted && Array.isArray(argument)) return argument.every((part) => this.bind(part, true, out, depth + 1));
    if (name === 'Fn::Or' && !wanted && Array.isArray(argument)) return argument.every((part) => this.bind(part, false, out, depth + 1));
    if (name === 'Fn::Equals' && wanted && Array.isArray(argument) && argument.length === 2) {
      for (const [side, other] of [argument, [...argument].reverse()]) {
        const parameter = intrinsicName(side) === 'Ref' ? (side as { Ref: unknown }).Ref : undefined;
        if (typeof parameter !== 'string' || !this.scope.parameters.has(parameter)) continue;
        const value = this.evaluate(other);
        if (!value.known || value.values.length !== 1) return false;
        out.set(parameter, { value: value.values[0] });
        return true;
      }
    }
    return false;
  }

  /** The parameters a condition reads. */
  private parametersOf(expr: unknown, depth: number): Set<string> {
    const found = new Set<string>();
    if (depth > 20) return found;
    if (Array.isArray(expr)) {
      for (const item of expr) for (const name of this.parametersOf(item, depth + 1)) found.add(name);
      return found;
    }
    if (!isRecord(expr)) return found;
    if (typeof expr.Ref === 'string' && this.scope.parameters.has(expr.Ref)) found.add(expr.Ref);
    if (typeof expr.Condition === 'string' && this.scope.conditions?.[expr.Condition] !== undefined) {
      for (const name of this.parametersOf(this.scope.conditions[expr.Condition], depth + 1)) found.add(name);
    }
    for (const value of Object.values(expr)) for (const name of this.parametersOf(value, depth + 1)) found.add(name);
    return found;
  }

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
    const override = this.overrides.get(argument);
    if (override) {
      if ('reason' in override) return { known: false, reason: override.reason };
      return { known: true, values: [override.value], via: [`parameter ${argument} as the condition requires`] };
    }
    const parameter = this.scope.parameters.get(argument);
    if (parameter) {
      if (parameter.deployOnly !== undefined) return { known: false, reason: parameter.deployOnly };
      if (parameter.given) return { known: true, values: [parameter.given.value], via: [`parameter ${argument} from ${parameter.given.from}`] };
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
    for (const [index, branch] of split.branches.entries()) {
      const result = this.withBranches([[condition, index === 0]], () => this.evaluate(branch, depth + 1));
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
