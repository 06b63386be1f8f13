/**
 * One Terraform plan as read: its planned resources (with which attributes are known only after
 * apply), its module configuration, and the reference following through module outputs and input
 * variables that `lambda_arn`, `function_name` and `role` need.
 */

import { InputError } from '../../errors.js';
import type { SourceLocation } from '../../model/inventory.js';
import type { ExtractedDefect, TemplateNote } from '../extraction.js';
import type { ParsedDocument } from '../parse/index.js';
import { isRecord } from '../parse/values.js';

export interface PlannedResource {
  address: string;
  /** Address without the instance key of the last step: `module.a.aws_lambda_function.edge`. */
  baseAddress: string;
  /** `module.a` (empty for the root module). */
  modulePath: string;
  type: string;
  name: string;
  values: Record<string, unknown>;
  unknown: Record<string, unknown>;
  object: object;
}

interface ModuleConfig {
  resources: Map<string, Record<string, unknown>>;
  calls: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Expressions of the module call that instantiated this module (for `var.x`). */
  callExpressions: Record<string, unknown>;
  parentPath: string;
}

export type Followed =
  | { kind: 'resource'; address: string; attribute: string; modulePath: string; via: string[] }
  | { kind: 'literal'; value: string; via: string[] }
  | { kind: 'unresolved'; reason: string };

const MAX_FOLLOW_DEPTH = 12;

function stripIndex(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

function modulePathOf(address: string): string {
  const parts = address.match(/module\.[^.[]+(?:\[[^\]]*\])?/g) ?? [];
  const prefix = address.startsWith('module.') ? parts.join('.') : '';
  return prefix.replace(/\[[^\]]*\]/g, '');
}

export class Plan {
  readonly root: Record<string, unknown>;
  readonly planned = new Map<string, PlannedResource>();
  readonly byBase = new Map<string, PlannedResource[]>();
  readonly modules = new Map<string, ModuleConfig>();
  readonly notes: TemplateNote[] = [];
  readonly defects: ExtractedDefect[] = [];

  constructor(
    readonly file: string,
    readonly doc: ParsedDocument,
  ) {
    const root = doc.root;
    if (!isRecord(root)) throw new InputError(file, 'not a Terraform plan: the document is not an object', { line: 1 });
    this.root = root;
    const version = root.format_version;
    if (typeof version !== 'string' || !/^1\.\d+/.test(version)) {
      throw new InputError(file, `unknown Terraform plan format_version ${JSON.stringify(version)} (edgecost reads 1.x, from \`terraform show -json\`)`, {
        line: doc.keyPosition(root, 'format_version')?.line ?? 1,
      });
    }
    const changes = new Map<string, Record<string, unknown>>();
    if (Array.isArray(root.resource_changes)) {
      for (const change of root.resource_changes) {
        if (isRecord(change) && typeof change.address === 'string' && isRecord(change.change)) changes.set(change.address, change);
      }
    }
    const valuesRoot = isRecord(root.planned_values) ? root.planned_values.root_module : isRecord(root.values) ? root.values.root_module : undefined;
    if (valuesRoot !== undefined) this.collectPlanned(valuesRoot, changes, 0);
    else {
      // A plan without planned_values: take what resource_changes will create or keep.
      for (const [address, change] of changes) {
        const body = change.change as Record<string, unknown>;
        const actions = Array.isArray(body.actions) ? body.actions : [];
        if (actions.length === 1 && actions[0] === 'delete') continue;
        if (change.mode !== undefined && change.mode !== 'managed') continue;
        this.addPlanned(address, change, isRecord(body.after) ? body.after : {}, isRecord(body.after_unknown) ? body.after_unknown : {});
      }
    }
    if (isRecord(root.configuration)) this.collectModule(root.configuration.root_module, '', {}, '', 0);
  }

  private collectPlanned(module: unknown, changes: Map<string, Record<string, unknown>>, depth: number): void {
    if (!isRecord(module) || depth > 50) return;
    if (Array.isArray(module.resources)) {
      for (const resource of module.resources) {
        if (!isRecord(resource) || typeof resource.address !== 'string') continue;
        if (resource.mode !== undefined && resource.mode !== 'managed') continue;
        const change = changes.get(resource.address);
        const body = isRecord(change?.change) ? change.change : {};
        this.addPlanned(resource.address, resource, isRecord(resource.values) ? resource.values : {}, isRecord(body.after_unknown) ? body.after_unknown : {});
      }
    }
    if (Array.isArray(module.child_modules)) for (const child of module.child_modules) this.collectPlanned(child, changes, depth + 1);
  }

  private addPlanned(address: string, object: Record<string, unknown>, values: Record<string, unknown>, unknown: Record<string, unknown>): void {
    const type = typeof object.type === 'string' ? object.type : '';
    const entry: PlannedResource = {
      address,
      baseAddress: stripIndex(address),
      modulePath: modulePathOf(address),
      type,
      name: typeof object.name === 'string' ? object.name : address,
      values,
      unknown,
      object,
    };
    this.planned.set(address, entry);
    const list = this.byBase.get(entry.baseAddress) ?? [];
    list.push(entry);
    this.byBase.set(entry.baseAddress, list);
  }

  private collectModule(module: unknown, path: string, callExpressions: Record<string, unknown>, parentPath: string, depth: number): void {
    if (!isRecord(module) || depth > 50) return;
    const config: ModuleConfig = {
      resources: new Map(),
      calls: isRecord(module.module_calls) ? module.module_calls : {},
      outputs: isRecord(module.outputs) ? module.outputs : {},
      callExpressions,
      parentPath,
    };
    if (Array.isArray(module.resources)) {
      for (const resource of module.resources) {
        if (isRecord(resource) && typeof resource.type === 'string' && typeof resource.name === 'string' && resource.mode !== 'data') {
          config.resources.set(`${resource.type}.${resource.name}`, resource);
        }
      }
    }
    this.modules.set(path, config);
    for (const [name, call] of Object.entries(config.calls)) {
      if (!isRecord(call)) continue;
      const childPath = path ? `${path}.module.${name}` : `module.${name}`;
      this.collectModule(call.module, childPath, isRecord(call.expressions) ? call.expressions : {}, path, depth + 1);
    }
  }

  configOf(resource: PlannedResource): Record<string, unknown> | undefined {
    const module = this.modules.get(resource.modulePath);
    return module?.resources.get(`${resource.type}.${resource.name}`);
  }

  expressionsOf(resource: PlannedResource): Record<string, unknown> {
    const config = this.configOf(resource);
    return isRecord(config?.expressions) ? config.expressions : {};
  }

  locate(value: unknown): SourceLocation {
    const position = this.doc.positionOf(value);
    return { file: this.file, line: position?.line, column: position?.column };
  }

  note(severity: TemplateNote['severity'], message: string, resource?: string, line?: number): TemplateNote {
    return { severity, message, resource, file: this.file, line };
  }

  isUnknown(resource: PlannedResource, attribute: string): boolean {
    const flag = resource.unknown[attribute];
    return flag === true || (Array.isArray(flag) && flag.some((item) => item === true || (isRecord(item) && Object.values(item).includes(true))));
  }

  block(values: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
    const list = values[name];
    const first = Array.isArray(list) ? list[0] : list;
    return isRecord(first) ? first : undefined;
  }

  /** The planned instance a reference names: exact address, or the single instance of a counted resource. */
  instance(address: string): PlannedResource | undefined {
    const exact = this.planned.get(address);
    if (exact) return exact;
    const instances = this.byBase.get(stripIndex(address));
    return instances?.[0];
  }

  /** Follows a configuration expression to the resource attribute (or literal) it reads. */
  followExpression(expression: unknown, modulePath: string, depth: number): Followed {
    if (depth > MAX_FOLLOW_DEPTH) return { kind: 'unresolved', reason: 'the reference chain is too long to follow' };
    if (!isRecord(expression)) return { kind: 'unresolved', reason: 'no expression' };
    if (typeof expression.constant_value === 'string') return { kind: 'literal', value: expression.constant_value, via: [] };
    const references = Array.isArray(expression.references) ? expression.references.filter((r): r is string => typeof r === 'string') : [];
    if (references.length === 0) return { kind: 'unresolved', reason: 'the expression references nothing this plan can follow' };
    let first: Followed | undefined;
    for (const reference of references) {
      const followed = this.followReference(reference, modulePath, depth);
      if (followed.kind !== 'unresolved') return followed;
      first ??= followed;
    }
    return first ?? { kind: 'unresolved', reason: 'no reference' };
  }

  private followReference(reference: string, modulePath: string, depth: number): Followed {
    const module = this.modules.get(modulePath);
    const prefix = modulePath ? `${modulePath}.` : '';
    if (reference.startsWith('var.')) {
      const name = reference.slice(4).split(/[.[]/)[0]!;
      if (!modulePath) {
        const variables = isRecord(this.root.variables) ? this.root.variables : {};
        const variable = variables[name];
        const value = isRecord(variable) ? variable.value : undefined;
        if (typeof value === 'string') return { kind: 'literal', value, via: [`variable ${name}`] };
        return { kind: 'unresolved', reason: `variable ${name} is not set to a string in the plan` };
      }
      const passed = module?.callExpressions[name];
      const followed = this.followExpression(passed, module?.parentPath ?? '', depth + 1);
      return followed.kind === 'unresolved' ? followed : { ...followed, via: [`${modulePath} variable ${name}`, ...followed.via] };
    }
    if (reference.startsWith('local.')) {
      return { kind: 'unresolved', reason: `lambda_arn comes from ${reference}; plans do not record local values, so it cannot be followed` };
    }
    if (reference.startsWith('data.')) {
      return { kind: 'unresolved', reason: `lambda_arn comes from ${reference}: function defined outside this plan` };
    }
    if (reference.startsWith('module.')) {
      const match = /^module\.([^.[]+)(?:\[[^\]]*\])?\.([^.[]+)/.exec(reference);
      if (!match) return { kind: 'unresolved', reason: `${reference} names a whole module, not one of its outputs` };
      const [, call, output] = match as unknown as [string, string, string];
      const childPath = `${prefix}module.${call}`;
      const child = this.modules.get(childPath);
      const declared = child?.outputs[output];
      if (!isRecord(declared)) return { kind: 'unresolved', reason: `module ${call} has no output ${output} in the plan's configuration` };
      const followed = this.followExpression(declared.expression, childPath, depth + 1);
      return followed.kind === 'unresolved' ? followed : { ...followed, via: [`output ${output} of ${childPath}`, ...followed.via] };
    }
    const match = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\[[^\]]*\])?)(?:\.([A-Za-z0-9_]+))?/.exec(reference);
    if (!match) return { kind: 'unresolved', reason: `cannot read the reference ${reference}` };
    const [, type, name, index, attribute] = match as unknown as [string, string, string, string, string | undefined];
    return { kind: 'resource', address: `${prefix}${type}.${name}${index}`, attribute: attribute ?? '', modulePath, via: [] };
  }
}
