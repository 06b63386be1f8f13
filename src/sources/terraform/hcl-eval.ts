/**
 * Evaluates a Terraform configuration (root module + local modules) as far as it can be known
 * without a plan: input variables (defaults, `terraform.tfvars`, `*.auto.tfvars`, `--var-file`),
 * locals, module inputs and outputs, `count`/`for_each`, `dynamic` blocks, provider aliases and
 * their regions, and the built-in functions templates use for names and policies.
 *
 * What only `terraform apply` knows (a function's ARN or version, a data source's result, a remote
 * module's outputs) evaluates to an `Unknown` carrying why, and which resource attributes it reads —
 * so `lambda_arn = module.edge.qualified_arn` still leads to `aws_lambda_function.this` in
 * `module.edge`, read through its `qualified_arn`.
 */

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { HclAttribute, HclBlock, HclExpr, HclFile, HclPosition } from './hcl-parse.js';

/** A resource attribute read by an expression: `address` is the absolute instance address. */
export interface AttrRef {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  attribute: string;
}

export class Unknown {
  constructor(
    readonly reason: string,
    readonly refs: readonly AttrRef[] = [],
  ) {}
}

export interface ResourceDecl {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: HclBlock;
  module: ModuleInstance;
  instances?: ResourceInstance[];
}

export interface ResourceInstance {
  decl: ResourceDecl;
  address: string;
  key?: string | number;
  scope: Scope;
}

export interface ProviderConfig {
  /** Provider configuration address as a plan names it: `aws`, `aws.us_east_1`, `module.x:aws`. */
  key: string;
  region: Value;
  pos?: HclPosition;
}

type Handle =
  | { h: 'ns'; kind: 'var' | 'local' | 'module' | 'data' | 'path' | 'terraform' | 'count' | 'each' }
  | { h: 'type'; mode: 'managed' | 'data'; type: string }
  | { h: 'res'; decl: ResourceDecl; instance?: ResourceInstance }
  | { h: 'mod'; name: string; module?: ModuleInstance; reason?: string };

export class HandleValue {
  constructor(readonly handle: Handle) {}
}

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | Unknown | HandleValue;

export interface Scope {
  module: ModuleInstance;
  names?: Map<string, Value>;
  count?: number;
  each?: { key: Value; value: Value };
}

export interface ModuleInstance {
  path: string;
  /** Absolute folder. */
  dir: string;
  /** Folder relative to the root module's (`path.module`). */
  relDir: string;
  parent?: ModuleInstance;
  files: HclFile[];
  variables: Map<string, HclBlock>;
  /** Values of input variables: root from tfvars, a child's from the module call (lazily). */
  inputs: Map<string, () => Value>;
  locals: Map<string, HclAttribute>;
  localValues: Map<string, Value>;
  outputs: Map<string, HclAttribute>;
  resources: Map<string, ResourceDecl>;
  data: Map<string, ResourceDecl>;
  calls: Map<string, { block: HclBlock; module?: ModuleInstance; reason?: string }>;
  /** Provider configurations this module's resources can name (`aws`, `aws.use1`). */
  providers: Map<string, ProviderConfig>;
}

const META_ATTRIBUTES = new Set(['count', 'for_each', 'provider', 'depends_on']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection', 'precondition', 'postcondition']);
const MAX_DEPTH = 64;

export const isUnknown = (value: Value): value is Unknown => value instanceof Unknown;

/** Merges the refs of several unknowns (or none) into one Unknown. */
function unknownOf(reason: string, values: readonly Value[]): Unknown {
  const refs: AttrRef[] = [];
  const reasons: string[] = [];
  for (const value of values) {
    if (value instanceof Unknown) {
      refs.push(...value.refs);
      reasons.push(value.reason);
    }
  }
  return new Unknown(reasons[0] ?? reason, refs);
}

/** True when the value holds no Unknown and no handle anywhere. */
export function isKnown(value: Value): boolean {
  if (value instanceof Unknown || value instanceof HandleValue) return false;
  if (Array.isArray(value)) return value.every(isKnown);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isKnown);
  return true;
}

/** The first Unknown inside a value (a whole-value unknown for messages and refs). */
export function firstUnknown(value: Value): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (value instanceof HandleValue) return new Unknown('a whole resource or module is not a value edgecost evaluates');
  const items = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [];
  const found = items.map(firstUnknown).filter((u): u is Unknown => u !== undefined);
  return found.length === 0 ? undefined : unknownOf('', found);
}

const typeName = (value: Value): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value === 'string' ? 'a string' : `a ${typeof value}`;

class EvaluationError extends Error {}

export class Evaluator {
  private depth = 0;
  /** Every resource and data instance by absolute address. */
  readonly instances = new Map<string, ResourceInstance>();
  private readonly resourceTypes = new WeakMap<ModuleInstance, Set<string>>();

  constructor(
    /** Root module folder, for `path.root` and `path.cwd`. */
    private readonly rootDir: string,
  ) {}

  evaluate(expr: HclExpr, scope: Scope): Value {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return new Unknown('the expression nests or refers to itself too deeply to evaluate');
    }
    try {
      return this.evaluateInner(expr, scope);
    } catch (error) {
      if (error instanceof EvaluationError) return new Unknown(error.message);
      throw error;
    } finally {
      this.depth--;
    }
  }

  private evaluateInner(expr: HclExpr, scope: Scope): Value {
    switch (expr.t) {
      case 'lit':
        return expr.v;
      case 'tpl': {
        if (expr.directive) return new Unknown('the string uses a %{ } template directive, which edgecost does not evaluate');
        if (expr.parts.length === 1 && typeof expr.parts[0] !== 'string') return this.evaluate(expr.parts[0]!, scope);
        const values = expr.parts.map((part) => (typeof part === 'string' ? part : this.evaluate(part, scope)));
        if (!values.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
          return unknownOf('the string interpolates a value known only after apply', values);
        return values.map(String).join('');
      }
      case 'var':
        return this.root(expr.name, scope);
      case 'get':
        return this.getAttr(this.evaluate(expr.obj, scope), expr.key, scope);
      case 'idx': {
        const key = this.evaluate(expr.key, scope);
        return this.index(this.evaluate(expr.obj, scope), key, scope);
      }
      case 'splat': {
        let base = this.evaluate(expr.obj, scope);
        if (base instanceof HandleValue && base.handle.h === 'res' && !base.handle.instance)
          base = this.instancesOf(base.handle.decl).map((i) => new HandleValue({ h: 'res', decl: i.decl, instance: i }));
        if (base instanceof Unknown) return base;
        const list = Array.isArray(base) ? base : base === null ? [] : [base];
        return list.map((item) => {
          let value: Value = item;
          for (const step of expr.steps) value = step.kind === 'get' ? this.getAttr(value, step.key, scope) : this.index(value, this.evaluate(step.key, scope), scope);
          return value;
        });
      }
      case 'call':
        return this.call(expr.name, expr.args, expr.expand, scope);
      case 'tuple':
        return expr.items.map((item) => this.evaluate(item, scope));
      case 'obj': {
        const out: Record<string, Value> = {};
        for (const item of expr.items) {
          const key = this.evaluate(item.key, scope);
          if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') return unknownOf('an object key is known only after apply', [key]);
          out[String(key)] = this.evaluate(item.value, scope);
        }
        return out;
      }
      case 'cond': {
        const test = this.evaluate(expr.test, scope);
        if (test === true || test === 'true') return this.evaluate(expr.yes, scope);
        if (test === false || test === 'false') return this.evaluate(expr.no, scope);
        const a = this.evaluate(expr.yes, scope);
        const b = this.evaluate(expr.no, scope);
        if (isKnown(a) && isKnown(b) && JSON.stringify(a) === JSON.stringify(b)) return a;
        const why = test instanceof Unknown ? test.reason : `the condition is ${typeName(test)}`;
        return new Unknown(`a condition decides the value and ${why}`, [...(a instanceof Unknown ? a.refs : []), ...(b instanceof Unknown ? b.refs : [])]);
      }
      case 'op':
        return this.operation(expr.op, this.evaluate(expr.a, scope), expr.b === undefined ? undefined : this.evaluate(expr.b, scope));
      case 'for':
        return this.forExpr(expr, scope);
    }
  }

  private root(name: string, scope: Scope): Value {
    const bound = scope.names?.get(name);
    if (bound !== undefined) return bound;
    switch (name) {
      case 'var':
      case 'local':
      case 'module':
      case 'data':
      case 'path':
      case 'terraform':
      case 'each':
        return new HandleValue({ h: 'ns', kind: name });
      case 'count':
        return new HandleValue({ h: 'ns', kind: 'count' });
      case 'self':
        return new Unknown('self is known only when a provisioner runs');
    }
    let types = this.resourceTypes.get(scope.module);
    if (!types) {
      types = new Set([...scope.module.resources.values()].map((decl) => decl.type));
      this.resourceTypes.set(scope.module, types);
    }
    if (types.has(name)) return new HandleValue({ h: 'type', mode: 'managed', type: name });
    throw new EvaluationError(`${name} is not declared in ${scope.module.path || 'the root module'}`);
  }

  getAttr(value: Value, key: string, scope: Scope): Value {
    if (value instanceof Unknown) return value;
    if (value instanceof HandleValue) return this.handleAttr(value.handle, key, scope);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (Object.hasOwn(value, key)) return value[key]!;
      throw new EvaluationError(`the object has no attribute ${key}`);
    }
    throw new EvaluationError(`cannot read .${key} of ${typeName(value)}`);
  }

  private handleAttr(handle: Handle, key: string, scope: Scope): Value {
    switch (handle.h) {
      case 'ns':
        switch (handle.kind) {
          case 'var':
            return this.variable(scope.module, key);
          case 'local':
            return this.local(scope.module, key);
          case 'module': {
            const call = scope.module.calls.get(key);
            if (!call) throw new EvaluationError(`module ${key} is not declared in ${scope.module.path || 'the root module'}`);
            return new HandleValue({ h: 'mod', name: key, ...(call.module ? { module: call.module } : {}), ...(call.reason ? { reason: call.reason } : {}) });
          }
          case 'data':
            return new HandleValue({ h: 'type', mode: 'data', type: key });
          case 'path':
            if (key === 'module') return scope.module.relDir;
            if (key === 'root' || key === 'cwd') return '.';
            throw new EvaluationError(`path.${key} is not a Terraform path value`);
          case 'terraform':
            if (key === 'workspace') return 'default';
            throw new EvaluationError(`terraform.${key} is not known without a plan`);
          case 'count':
            if (key === 'index' && scope.count !== undefined) return scope.count;
            throw new EvaluationError('count.index is used outside a resource with count');
          case 'each':
            if (!scope.each) throw new EvaluationError('each is used outside a resource with for_each');
            if (key === 'key') return scope.each.key;
            if (key === 'value') return scope.each.value;
            throw new EvaluationError(`each.${key} does not exist`);
        }
        break;
      case 'type': {
        const table = handle.mode === 'data' ? scope.module.data : scope.module.resources;
        const decl = table.get(`${handle.type}.${key}`);
        if (!decl) {
          const what = handle.mode === 'data' ? `data.${handle.type}.${key}` : `${handle.type}.${key}`;
          throw new EvaluationError(`${what} is not declared in ${scope.module.path || 'the root module'}`);
        }
        return new HandleValue({ h: 'res', decl });
      }
      case 'res': {
        const instance = handle.instance ?? this.soleInstance(handle.decl);
        return this.resourceAttr(instance, key);
      }
      case 'mod': {
        if (!handle.module) return new Unknown(handle.reason ?? `module ${handle.name} is not local, so its outputs are known only after apply`);
        const output = handle.module.outputs.get(key);
        if (!output) throw new EvaluationError(`module ${handle.name} has no output ${key}`);
        return this.evaluate(output.expr, { module: handle.module });
      }
    }
    throw new EvaluationError(`cannot read .${key}`);
  }

  private soleInstance(decl: ResourceDecl): ResourceInstance {
    const instances = this.instancesOf(decl);
    return instances[0] ?? { decl, address: this.addressOf(decl), scope: { module: decl.module } };
  }

  index(value: Value, key: Value, scope: Scope): Value {
    if (value instanceof Unknown) return value;
    if (key instanceof Unknown) return unknownOf('', [key]);
    if (value instanceof HandleValue) {
      const handle = value.handle;
      if (handle.h === 'res' && !handle.instance) {
        const instance = this.instancesOf(handle.decl).find((i) => i.key === key || String(i.key) === String(key));
        if (!instance) {
          if (this.instancesOf(handle.decl).some((i) => i.key === undefined)) return new HandleValue({ h: 'res', decl: handle.decl, instance: this.instancesOf(handle.decl)[0]! });
          throw new EvaluationError(`${this.addressOf(handle.decl)}[${JSON.stringify(key)}] is not an instance`);
        }
        return new HandleValue({ h: 'res', decl: handle.decl, instance });
      }
      return this.getAttr(value, String(key), scope);
    }
    if (Array.isArray(value)) {
      const item = typeof key === 'number' ? value[key] : value[Number(key)];
      if (item === undefined) throw new EvaluationError(`index ${JSON.stringify(key)} is out of range`);
      return item;
    }
    if (value !== null && typeof value === 'object') {
      const k = String(key);
      if (!Object.hasOwn(value, k)) throw new EvaluationError(`the map has no key ${JSON.stringify(k)}`);
      return value[k]!;
    }
    throw new EvaluationError(`cannot index ${typeName(value)}`);
  }

  // ------------------------------------------------------------------------------- declarations

  variable(module: ModuleInstance, name: string): Value {
    const given = module.inputs.get(name);
    if (given) return given();
    const declared = module.variables.get(name);
    if (!declared) throw new EvaluationError(`variable ${name} is not declared in ${module.path || 'the root module'}`);
    const fallback = declared.attributes.get('default');
    if (fallback) return this.evaluate(fallback.expr, { module });
    return new Unknown(
      module.parent
        ? `variable ${name} of ${module.path} has no default and the module call does not set it`
        : `variable ${name} has no default and no value in terraform.tfvars, *.auto.tfvars or --var-file`,
    );
  }

  local(module: ModuleInstance, name: string): Value {
    const cached = module.localValues.get(name);
    if (cached !== undefined) return cached;
    const attribute = module.locals.get(name);
    if (!attribute) throw new EvaluationError(`local.${name} is not declared in ${module.path || 'the root module'}`);
    module.localValues.set(name, new Unknown(`local.${name} refers to itself`));
    const value = this.evaluate(attribute.expr, { module });
    module.localValues.set(name, value);
    return value;
  }

  addressOf(decl: ResourceDecl, key?: string | number): string {
    const prefix = decl.module.path ? `${decl.module.path}.` : '';
    const base = `${prefix}${decl.mode === 'data' ? 'data.' : ''}${decl.type}.${decl.name}`;
    return key === undefined ? base : `${base}[${typeof key === 'number' ? key : JSON.stringify(key)}]`;
  }

  /** The instances `count`/`for_each` make; one unkeyed instance when they are unknown. */
  instancesOf(decl: ResourceDecl): ResourceInstance[] {
    if (decl.instances) return decl.instances;
    decl.instances = [];
    const scope: Scope = { module: decl.module };
    const count = decl.block.attributes.get('count');
    const forEach = decl.block.attributes.get('for_each');
    const make = (key: string | number | undefined, inner: Scope): ResourceInstance => {
      const instance: ResourceInstance = { decl, address: this.addressOf(decl, key), ...(key === undefined ? {} : { key }), scope: inner };
      this.instances.set(instance.address, instance);
      return instance;
    };
    if (count) {
      const value = this.evaluate(count.expr, scope);
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
        for (let i = 0; i < value; i++) decl.instances.push(make(i, { module: decl.module, count: i }));
      } else decl.instances.push(make(undefined, { module: decl.module, count: 0 }));
      return decl.instances;
    }
    if (forEach) {
      const value = this.evaluate(forEach.expr, scope);
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        for (const key of value as string[]) decl.instances.push(make(key, { module: decl.module, each: { key, value: key } }));
      } else if (value !== null && typeof value === 'object' && !(value instanceof Unknown) && !(value instanceof HandleValue) && !Array.isArray(value)) {
        for (const [key, item] of Object.entries(value)) decl.instances.push(make(key, { module: decl.module, each: { key, value: item } }));
      } else
        decl.instances.push(
          make(undefined, { module: decl.module, each: { key: new Unknown('for_each is known only after apply'), value: new Unknown('for_each is known only after apply') } }),
        );
      return decl.instances;
    }
    decl.instances.push(make(undefined, scope));
    return decl.instances;
  }

  /** Whether `count`/`for_each` of a declaration could not be evaluated. */
  unknownRepetition(decl: ResourceDecl): Unknown | undefined {
    const attribute = decl.block.attributes.get('count') ?? decl.block.attributes.get('for_each');
    if (!attribute) return undefined;
    const value = this.evaluate(attribute.expr, { module: decl.module });
    return value instanceof Unknown ? value : isKnown(value) ? undefined : firstUnknown(value);
  }

  /** A resource attribute: its argument when the configuration sets it, otherwise known only after apply. */
  resourceAttr(instance: ResourceInstance, key: string): Value {
    const { decl } = instance;
    if (decl.mode === 'data') return this.dataAttr(instance, key);
    const attribute = decl.block.attributes.get(key);
    // An argument the configuration sets is what it evaluates to: known, or unknown with the refs it reads.
    if (attribute && !META_ATTRIBUTES.has(key)) return this.evaluate(attribute.expr, instance.scope);
    const blocks = decl.block.blocks.filter((b) => b.type === key);
    if (blocks.length > 0) return blocks.map((b) => this.blockObject(b, instance.scope));
    return new Unknown(`${instance.address}.${key} is known only after apply`, [{ address: instance.address, mode: 'managed', type: decl.type, attribute: key }]);
  }

  private blockObject(block: HclBlock, scope: Scope): Value {
    const out: Record<string, Value> = {};
    for (const [name, attribute] of block.attributes) out[name] = this.evaluate(attribute.expr, scope);
    for (const child of block.blocks) {
      const list = Array.isArray(out[child.type]) ? (out[child.type] as Value[]) : [];
      list.push(this.blockObject(child, scope));
      out[child.type] = list;
    }
    return out;
  }

  /** Data sources edgecost can compute offline; the rest are known only after apply. */
  private dataAttr(instance: ResourceInstance, key: string): Value {
    const { decl } = instance;
    if (decl.type === 'aws_iam_policy_document' && key === 'json') {
      // Enough of the document to see which services a trust policy names.
      const body = this.blockObject(decl.block, instance.scope);
      return JSON.stringify(body, (_, v) => (v instanceof Unknown || v instanceof HandleValue ? null : v));
    }
    if (decl.type === 'archive_file' && key === 'output_path') {
      const output = decl.block.attributes.get('output_path');
      const value = output ? this.evaluate(output.expr, instance.scope) : new Unknown('archive_file has no output_path');
      // Terraform writes the zip during plan; before that, the folder or file it zips is the package.
      if (typeof value === 'string' && !existsSync(resolve(this.rootDir, value))) {
        for (const name of ['source_dir', 'source_file']) {
          const source = decl.block.attributes.get(name);
          const path = source ? this.evaluate(source.expr, instance.scope) : undefined;
          if (typeof path === 'string' && existsSync(resolve(this.rootDir, path))) return path;
        }
      }
      return value;
    }
    const attribute = decl.block.attributes.get(key);
    if (attribute) {
      const value = this.evaluate(attribute.expr, instance.scope);
      if (isKnown(value)) return value;
    }
    return new Unknown(`${instance.address}.${key} is read from AWS at plan time (function defined outside this configuration)`, [
      { address: instance.address, mode: 'data', type: decl.type, attribute: key },
    ]);
  }

  // ------------------------------------------------------------------------------- operations

  private operation(op: string, a: Value, b: Value | undefined): Value {
    if (op === '!') return a instanceof Unknown ? a : typeof a === 'boolean' ? !a : new Unknown(`! needs a bool, got ${typeName(a)}`);
    if (op === 'neg') return a instanceof Unknown ? a : typeof a === 'number' ? -a : new Unknown(`- needs a number, got ${typeName(a)}`);
    if (b === undefined) return new Unknown(`operator ${op} needs two operands`);
    if (op === '&&' || op === '||') {
      if (op === '&&' && (a === false || b === false)) return false;
      if (op === '||' && (a === true || b === true)) return true;
      if (typeof a === 'boolean' && typeof b === 'boolean') return op === '&&' ? a && b : a || b;
      return unknownOf(`${op} of a value known only after apply`, [a, b]);
    }
    if (!isKnown(a) || !isKnown(b)) return unknownOf(`the ${op} operation reads a value known only after apply`, [a, b]);
    if (op === '==' || op === '!=') {
      const same = JSON.stringify(a) === JSON.stringify(b) || (typeof a !== typeof b && (typeof a === 'number' || typeof b === 'number') && String(a) === String(b));
      return op === '==' ? same : !same;
    }
    const x = typeof a === 'string' && a.trim() !== '' ? Number(a) : a;
    const y = typeof b === 'string' && b.trim() !== '' ? Number(b) : b;
    if (typeof x !== 'number' || typeof y !== 'number' || Number.isNaN(x) || Number.isNaN(y)) return new Unknown(`${op} needs numbers`);
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return x / y;
      case '%':
        return x % y;
      case '<':
        return x < y;
      case '>':
        return x > y;
      case '<=':
        return x <= y;
      case '>=':
        return x >= y;
    }
    return new Unknown(`operator ${op} is not evaluated`);
  }

  private forExpr(expr: Extract<HclExpr, { t: 'for' }>, scope: Scope): Value {
    const collection = this.evaluate(expr.collection, scope);
    if (collection instanceof Unknown || collection instanceof HandleValue)
      return collection instanceof Unknown ? collection : new Unknown('the for expression iterates a value edgecost does not evaluate');
    const entries: [Value, Value][] = Array.isArray(collection)
      ? collection.map((v, i) => [i, v])
      : collection !== null && typeof collection === 'object'
        ? Object.entries(collection)
        : [];
    const tuple: Value[] = [];
    const object: Record<string, Value> = {};
    for (const [key, value] of entries) {
      const names = new Map(scope.names);
      names.set(expr.valueVar, value);
      if (expr.keyVar !== undefined) names.set(expr.keyVar, key);
      const inner: Scope = { ...scope, names };
      if (expr.cond) {
        const keep = this.evaluate(expr.cond, inner);
        if (keep instanceof Unknown) return keep;
        if (keep !== true) continue;
      }
      const item = this.evaluate(expr.value, inner);
      if (!expr.object) {
        tuple.push(item);
        continue;
      }
      const k = this.evaluate(expr.key!, inner);
      if (typeof k !== 'string' && typeof k !== 'number') return unknownOf('a for expression key is known only after apply', [k]);
      if (expr.group) object[String(k)] = [...(Array.isArray(object[String(k)]) ? (object[String(k)] as Value[]) : []), item];
      else object[String(k)] = item;
    }
    return expr.object ? object : tuple;
  }

  private call(name: string, argExprs: HclExpr[], expand: boolean, scope: Scope): Value {
    if (name === 'try' || name === 'can') {
      for (const arg of argExprs) {
        let value: Value;
        try {
          value = this.evaluateStrict(arg, scope);
        } catch (error) {
          if (!(error instanceof EvaluationError)) throw error;
          if (name === 'can') return false;
          continue;
        }
        if (name === 'can') return isKnown(value) ? true : new Unknown('can() of a value known only after apply');
        return value;
      }
      return name === 'can' ? false : new Unknown('no argument of try() could be evaluated');
    }
    let args = argExprs.map((arg) => this.evaluate(arg, scope));
    if (expand) {
      const last = args[args.length - 1];
      if (!Array.isArray(last)) return unknownOf('the expanded argument is not a known list', [last ?? null]);
      args = [...args.slice(0, -1), ...last];
    }
    return callFunction(name, args, scope.module, this.rootDir);
  }

  /** Like evaluate, but an error is thrown (for try/can) instead of becoming Unknown. */
  private evaluateStrict(expr: HclExpr, scope: Scope): Value {
    const value = this.evaluate(expr, scope);
    if (value instanceof Unknown && /is not declared|has no attribute|has no key|out of range|cannot (read|index)|does not exist|has no output/.test(value.reason)) {
      throw new EvaluationError(value.reason);
    }
    return value;
  }

  // ------------------------------------------------------------------------------- blocks → values

  /**
   * A block's arguments and nested blocks as a plan's `values` (nested blocks are lists of objects)
   * and `after_unknown` (true where a value is known only after apply). `onBlock` sees each nested
   * block value object with the block it came from.
   */
  blockValues(
    block: HclBlock,
    scope: Scope,
    onBlock: (values: Record<string, unknown>, block: HclBlock, raw: Map<string, Value>, type: string) => void,
    onNote: (message: string, pos: HclPosition) => void,
  ): { values: Record<string, unknown>; unknown: Record<string, unknown>; raw: Map<string, Value> } {
    const values: Record<string, unknown> = {};
    const unknown: Record<string, unknown> = {};
    const raw = new Map<string, Value>();
    for (const [name, attribute] of block.attributes) {
      if (META_ATTRIBUTES.has(name)) continue;
      const value = this.evaluate(attribute.expr, scope);
      raw.set(name, value);
      if (isKnown(value)) values[name] = value;
      else unknown[name] = true;
    }
    const nested: { type: string; block: HclBlock; scope: Scope }[] = [];
    for (const child of block.blocks) {
      if (META_BLOCKS.has(child.type)) continue;
      if (child.type !== 'dynamic') {
        nested.push({ type: child.type, block: child, scope });
        continue;
      }
      const label = child.labels[0] ?? '';
      const content = child.blocks.find((b) => b.type === 'content');
      const forEach = child.attributes.get('for_each');
      const iterator = child.attributes.get('iterator')?.text.trim() || label;
      if (!content || !forEach) continue;
      const collection = this.evaluate(forEach.expr, scope);
      if (
        !isKnown(collection) &&
        !Array.isArray(collection) &&
        !(collection !== null && typeof collection === 'object' && !(collection instanceof Unknown) && !(collection instanceof HandleValue))
      ) {
        unknown[label] = true;
        onNote(`dynamic "${label}" iterates ${firstUnknown(collection)?.reason ?? 'a value known only after apply'}; its blocks are unknown`, child.pos);
        continue;
      }
      const entries: [Value, Value][] = Array.isArray(collection) ? collection.map((v, i) => [i, v]) : Object.entries(collection as Record<string, Value>);
      for (const [key, value] of entries) {
        const names = new Map(scope.names);
        names.set(iterator, { key, value });
        nested.push({ type: label, block: { ...content, pos: child.pos }, scope: { ...scope, names } });
      }
    }
    for (const { type, block: child, scope: inner } of nested) {
      const result = this.blockValues(child, inner, onBlock, onNote);
      values[type] = [...(Array.isArray(values[type]) ? values[type] : []), result.values];
      unknown[type] = [...(Array.isArray(unknown[type]) ? unknown[type] : []), result.unknown];
      onBlock(result.values, child, result.raw, type);
    }
    return { values, unknown, raw };
  }
}

// ---------------------------------------------------------------------------------- functions

const str = (value: Value): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);

/** Terraform's built-in functions that names, paths and policies use; the others are unknown. */
function callFunction(name: string, args: Value[], module: ModuleInstance, rootDir: string): Value {
  const unknownArg = args.find((a) => !isKnown(a));
  if (unknownArg !== undefined && !['coalesce', 'merge', 'concat', 'length', 'tolist', 'toset', 'compact', 'flatten', 'distinct'].includes(name)) {
    return unknownOf(`${name}() of a value known only after apply`, [firstUnknown(unknownArg) ?? unknownArg]);
  }
  const [a, b, c] = args;
  switch (name) {
    case 'jsonencode':
      return JSON.stringify(a);
    case 'jsondecode':
      try {
        return JSON.parse(String(a)) as Value;
      } catch {
        return new Unknown('jsondecode() of text that is not JSON');
      }
    case 'format':
      return format(String(a), args.slice(1));
    case 'join':
      return Array.isArray(b) ? b.map((x) => str(x) ?? '').join(String(a)) : new Unknown('join() needs a list');
    case 'split':
      return String(b).split(String(a));
    case 'concat':
      return args.some((x) => x instanceof Unknown) ? unknownOf('concat() of a list known only after apply', args) : args.flatMap((x) => (Array.isArray(x) ? x : [x]));
    case 'merge': {
      if (args.some((x) => x instanceof Unknown)) return unknownOf('merge() of a map known only after apply', args);
      return Object.assign({}, ...args.filter((x) => x !== null && typeof x === 'object')) as Value;
    }
    case 'lookup': {
      if (a !== null && typeof a === 'object' && !Array.isArray(a) && Object.hasOwn(a, String(b))) return (a as Record<string, Value>)[String(b)]!;
      return c !== undefined ? c : new Unknown(`lookup() key ${String(b)} is missing`);
    }
    case 'element':
      return Array.isArray(a) && a.length > 0 ? a[Number(b) % a.length]! : new Unknown('element() of an empty list');
    case 'length':
      return a instanceof Unknown
        ? a
        : Array.isArray(a)
          ? a.length
          : typeof a === 'string'
            ? [...a].length
            : a !== null && typeof a === 'object'
              ? Object.keys(a).length
              : new Unknown('length() of a value that has none');
    case 'lower':
      return String(a).toLowerCase();
    case 'upper':
      return String(a).toUpperCase();
    case 'title':
      return String(a).replace(/\b\w/g, (m) => m.toUpperCase());
    case 'replace': {
      const pattern = String(b);
      if (pattern.length > 1 && pattern.startsWith('/') && pattern.endsWith('/')) {
        try {
          return String(a).replace(new RegExp(pattern.slice(1, -1), 'g'), String(c).replace(/\$\{(\d+)\}/g, '$$$1'));
        } catch {
          return new Unknown('replace() with a pattern edgecost cannot run');
        }
      }
      return String(a).split(pattern).join(String(c));
    }
    case 'trimprefix':
      return String(a).startsWith(String(b)) ? String(a).slice(String(b).length) : String(a);
    case 'trimsuffix':
      return String(a).endsWith(String(b)) ? String(a).slice(0, String(a).length - String(b).length) : String(a);
    case 'trimspace':
      return String(a).trim();
    case 'substr': {
      const text = [...String(a)];
      const offset = Number(b);
      const length = Number(c);
      return text.slice(offset, length < 0 ? undefined : offset + length).join('');
    }
    case 'startswith':
      return String(a).startsWith(String(b));
    case 'endswith':
      return String(a).endsWith(String(b));
    case 'contains':
      return Array.isArray(a) && a.some((x) => JSON.stringify(x) === JSON.stringify(b));
    case 'keys':
      return a !== null && typeof a === 'object' && !Array.isArray(a) ? Object.keys(a).sort() : new Unknown('keys() needs a map');
    case 'values':
      return a !== null && typeof a === 'object' && !Array.isArray(a)
        ? Object.keys(a)
            .sort()
            .map((k) => (a as Record<string, Value>)[k]!)
        : new Unknown('values() needs a map');
    case 'tostring':
      return a === null || a === undefined ? null : (str(a) ?? new Unknown('tostring() of a collection'));
    case 'tonumber':
      return a === null ? null : typeof a === 'number' ? a : Number.isNaN(Number(a)) ? new Unknown(`tonumber() of ${JSON.stringify(a)}`) : Number(a);
    case 'tobool':
      return a === true || a === 'true' ? true : a === false || a === 'false' ? false : a === null ? null : new Unknown('tobool() of a value that is not a bool');
    case 'tolist':
    case 'toset':
      return a instanceof Unknown ? a : Array.isArray(a) ? (name === 'toset' ? dedupe(a) : a) : new Unknown(`${name}() needs a list`);
    case 'tomap':
      return a ?? null;
    case 'distinct':
      return Array.isArray(a) ? dedupe(a) : unknownOf('distinct() of a list known only after apply', [a ?? null]);
    case 'compact':
      return Array.isArray(a) ? a.filter((x) => x !== null && x !== '') : unknownOf('compact() of a list known only after apply', [a ?? null]);
    case 'flatten':
      return Array.isArray(a) ? flattenList(a) : unknownOf('flatten() of a list known only after apply', [a ?? null]);
    case 'coalesce': {
      for (const arg of args) {
        if (arg instanceof Unknown) return arg;
        if (arg !== null && arg !== '') return arg;
      }
      return new Unknown('coalesce() has no non-null argument');
    }
    case 'min':
      return Math.min(...args.map(Number));
    case 'max':
      return Math.max(...args.map(Number));
    case 'ceil':
      return Math.ceil(Number(a));
    case 'floor':
      return Math.floor(Number(a));
    case 'abs':
      return Math.abs(Number(a));
    case 'zipmap':
      return Array.isArray(a) && Array.isArray(b) ? Object.fromEntries(a.map((k, i) => [String(k), b[i] ?? null])) : new Unknown('zipmap() needs two lists');
    case 'basename':
      return String(a).split('/').pop() ?? '';
    case 'dirname':
      return dirname(String(a));
    case 'abspath':
      return isAbsolute(String(a)) ? String(a) : relative(rootDir, resolve(rootDir, String(a))) || '.';
    case 'pathexpand':
      return String(a);
    case 'list':
      return args;
    case 'map':
      return Object.fromEntries(Array.from({ length: Math.floor(args.length / 2) }, (_, i) => [String(args[2 * i]), args[2 * i + 1] ?? null]));
    case 'file':
      return new Unknown(`file(${JSON.stringify(a)}) is read at plan time`);
    default:
      return new Unknown(`${name}() is not evaluated by edgecost (module ${module.path || 'root'})`);
  }
}

function flattenList(list: Value[]): Value[] {
  return list.flatMap((item) => (Array.isArray(item) ? flattenList(item) : [item]));
}

function dedupe(list: Value[]): Value[] {
  const seen = new Set<string>();
  return list.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function format(spec: string, args: Value[]): Value {
  let index = 0;
  let failed = false;
  const out = spec.replace(/%(%|[-+ 0#]*\d*(?:\.\d+)?[sdvqftbxXoe])/g, (match, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[index++];
    if (arg === undefined) {
      failed = true;
      return match;
    }
    const kind = verb.slice(-1);
    if (kind === 'd') return String(Math.trunc(Number(arg)));
    if (kind === 'q') return JSON.stringify(str(arg) ?? arg);
    if (kind === 'v' && typeof arg === 'object') return JSON.stringify(arg);
    return str(arg) ?? JSON.stringify(arg);
  });
  return failed ? new Unknown('format() has fewer arguments than verbs') : out;
}
