/**
 * A folder of Terraform `.tf` files (a root module) → functions, distributions and associations,
 * with no plan: `edgecost lint infra/`.
 *
 * The configuration is evaluated (hcl-eval.ts) and written as the plan JSON Terraform would print
 * for it — `planned_values` with what is known, `after_unknown` for what only apply knows, the
 * provider configurations with their regions — and read by the same code as a real plan
 * (terraform.ts), so both inputs map to the lint inventory the same way. Positions in that plan are
 * stand-ins that are mapped back to the `.tf` file, line and column of each block afterwards; what
 * a plan would leave to its `configuration` section (which function a `lambda_arn` runs, the role a
 * function trusts, its provisioned concurrency) is filled in from the evaluation.
 */

import { promises as fs } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import type { ArnQualifier, AssociationTarget, Extraction, TemplateNote } from '../extraction.js';
import type { ParsedDocument, SourcePosition } from '../parse/index.js';
import { readText } from '../read-text.js';
import { type AttrRef, Evaluator, firstUnknown, type ModuleInstance, type ProviderConfig, type ResourceInstance, Unknown, type Value } from './hcl-eval.js';
import { type HclBlock, type HclFile, type HclPosition, parseHcl } from './hcl-parse.js';
import { extractTerraformPlan } from './plan.js';

export interface TerraformFolderOptions {
  /** `--var-file FILE` (repeatable), applied after terraform.tfvars and *.auto.tfvars, in order. */
  varFiles?: string[];
}

export interface TerraformFolderResult {
  extraction: Extraction;
  /** Every `.tf` and `.tfvars` file read (modules included). */
  files: string[];
}

const MAX_MODULE_DEPTH = 20;

/** Whether a folder holds a Terraform root module (any `.tf` file). */
export async function hasTerraformFiles(folder: string): Promise<boolean> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  return names.some((name) => name.endsWith('.tf'));
}

export async function extractTerraformFolder(folder: string, options: TerraformFolderOptions = {}): Promise<TerraformFolderResult> {
  return new FolderReader(folder).read(options);
}

/** Stand-in positions: `line` is an id into `table`, mapped back to the real file after extraction. */
class Positions {
  readonly table: HclPosition[] = [];
  private readonly ids = new WeakMap<object, number>();
  private readonly keys = new WeakMap<object, Map<string, number>>();

  register(value: object, pos: HclPosition): number {
    this.table.push(pos);
    const id = this.table.length;
    this.ids.set(value, id);
    return id;
  }

  idOf(value: object): number | undefined {
    return this.ids.get(value);
  }

  /** Lists of nested blocks: item i was written where its block was. */
  registerLists(values: Record<string, unknown>): void {
    for (const value of Object.values(values)) {
      if (!Array.isArray(value)) continue;
      const keys = new Map<string, number>();
      value.forEach((item, index) => {
        const id = typeof item === 'object' && item !== null ? this.ids.get(item) : undefined;
        if (id !== undefined) keys.set(String(index), id);
        if (typeof item === 'object' && item !== null) this.registerLists(item as Record<string, unknown>);
      });
      if (keys.size > 0) this.keys.set(value, keys);
    }
  }

  document(root: unknown): ParsedDocument {
    const at = (id: number | undefined): SourcePosition | undefined => (id === undefined ? undefined : { line: id, column: 1 });
    return {
      format: 'json',
      root,
      positionOf: (value) => (typeof value === 'object' && value !== null ? at(this.ids.get(value)) : undefined),
      keyPosition: (mapping, key) => (typeof mapping === 'object' && mapping !== null ? at(this.keys.get(mapping)?.get(key)) : undefined),
    };
  }
}

interface AssociationRecord {
  lambdaArn: Value | undefined;
  distribution: ResourceInstance;
}

class FolderReader {
  private readonly rootDir: string;
  private readonly evaluator: Evaluator;
  private readonly files: string[] = [];
  private readonly notes: TemplateNote[] = [];
  private readonly positions = new Positions();
  private readonly modules: ModuleInstance[] = [];
  private readonly associations = new Map<number, AssociationRecord>();
  private readonly functionsById = new Map<number, ResourceInstance>();
  /** The plan's stand-in file: its folder is the root module, against which `filename` resolves. */
  private readonly pseudoFile: string;

  constructor(private readonly folder: string) {
    this.rootDir = resolve(folder);
    this.evaluator = new Evaluator(this.rootDir);
    this.pseudoFile = join(folder, '(terraform)');
  }

  private note(severity: TemplateNote['severity'], message: string, pos?: HclPosition, resource?: string): void {
    this.notes.push({ severity, message, file: pos?.file ?? this.folder, ...(pos ? { line: pos.line } : {}), ...(resource ? { resource } : {}) });
  }

  async read(options: TerraformFolderOptions): Promise<TerraformFolderResult> {
    const root = await this.loadModule(this.folder, '', undefined, 0);
    await this.setRootInputs(root, options.varFiles ?? []);
    const plan = this.plan();
    const extraction = extractTerraformPlan(this.pseudoFile, this.positions.document(plan));
    this.complete(extraction);
    this.relocate(extraction);
    extraction.notes.push(...this.notes);
    return { extraction, files: this.files };
  }

  // ---------------------------------------------------------------------------------- loading

  private async loadModule(folder: string, path: string, parent: ModuleInstance | undefined, depth: number): Promise<ModuleInstance> {
    const names = (
      await fs.readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        throw new InputError(folder, `cannot read the module folder (${error.code ?? String(error)})`, { cause: error });
      })
    )
      .filter((entry) => entry.isFile() && entry.name.endsWith('.tf'))
      .map((entry) => entry.name)
      .sort();
    const files: HclFile[] = [];
    for (const name of names) {
      const file = join(folder, name);
      files.push(await parseHcl(file, await readText(file)));
      this.files.push(file);
    }
    const dir = resolve(folder);
    const module: ModuleInstance = {
      path,
      dir,
      relDir: relative(this.rootDir, dir).split('\\').join('/') || '.',
      ...(parent ? { parent } : {}),
      files,
      variables: new Map(),
      inputs: new Map(),
      locals: new Map(),
      localValues: new Map(),
      outputs: new Map(),
      resources: new Map(),
      data: new Map(),
      calls: new Map(),
      providers: new Map(),
    };
    this.modules.push(module);
    const ownProviders: HclBlock[] = [];
    for (const file of files) {
      for (const block of file.blocks) {
        const [first, second] = block.labels;
        switch (block.type) {
          case 'variable':
            if (first) module.variables.set(first, block);
            break;
          case 'locals':
            for (const [name, attribute] of block.attributes) module.locals.set(name, attribute);
            break;
          case 'output':
            if (first) {
              const value = block.attributes.get('value');
              if (value) module.outputs.set(first, value);
            }
            break;
          case 'resource':
          case 'data':
            if (first && second) {
              const mode = block.type === 'data' ? 'data' : 'managed';
              (mode === 'data' ? module.data : module.resources).set(`${first}.${second}`, { mode, type: first, name: second, block, module });
            }
            break;
          case 'provider':
            if (first) ownProviders.push(block);
            break;
          case 'module':
            if (first) module.calls.set(first, { block });
            break;
        }
      }
    }
    this.inheritProviders(module, parent);
    for (const block of ownProviders) {
      const alias = block.attributes.get('alias');
      const aliasName = alias ? this.evaluator.evaluate(alias.expr, { module }) : undefined;
      const local = typeof aliasName === 'string' ? `${block.labels[0]}.${aliasName}` : block.labels[0]!;
      const region = block.attributes.get('region');
      module.providers.set(local, {
        key: path ? `${path}:${local}` : local,
        region: region
          ? this.evaluator.evaluate(region.expr, { module })
          : new Unknown(`provider ${local} sets no region (it comes from AWS_REGION or the profile when Terraform runs)`),
        pos: block.pos,
      });
    }
    for (const [name, call] of module.calls) {
      const source = call.block.attributes.get('source');
      const value = source ? this.evaluator.evaluate(source.expr, { module }) : undefined;
      if (typeof value !== 'string' || !/^\.\.?[/\\]/.test(value)) {
        call.reason = `module ${name} comes from ${typeof value === 'string' ? `"${value}"` : 'a source edgecost cannot read'}, which is not a local folder; its outputs are known only after apply`;
        this.note('info', `${call.reason} (run \`terraform init\` and lint \`.terraform/modules/…\`, or lint a plan)`, call.block.pos, `module.${name}`);
        continue;
      }
      if (depth >= MAX_MODULE_DEPTH) throw new InputError(call.block.pos.file, `modules nest more than ${MAX_MODULE_DEPTH} deep`, { line: call.block.pos.line });
      const childFolder = join(folder, value);
      const stat = await fs.stat(childFolder).catch(() => undefined);
      if (!stat?.isDirectory()) {
        call.reason = `module ${name} source "${value}" is not a folder next to ${call.block.pos.file}`;
        this.note('warning', call.reason, call.block.pos, `module.${name}`);
        continue;
      }
      call.module = await this.loadModule(childFolder, path ? `${path}.module.${name}` : `module.${name}`, module, depth + 1);
      this.bindModuleCall(call.block, module, call.module);
    }
    return module;
  }

  /** Provider configurations a child module receives: `providers = { aws = aws.use1 }`, else the default ones implicitly. */
  private inheritProviders(module: ModuleInstance, parent: ModuleInstance | undefined): void {
    if (!parent) return;
    const call = [...parent.calls.values()].find((c) => c.block.labels[0] === module.path.split('.').pop());
    const mapping = call?.block.attributes.get('providers');
    if (mapping) {
      for (const match of mapping.text.matchAll(/"?([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)?)"?\s*=\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)?)/g)) {
        const config = parent.providers.get(match[2]!);
        if (config) module.providers.set(match[1]!, config);
      }
      return;
    }
    for (const [local, config] of parent.providers) if (!local.includes('.')) module.providers.set(local, config);
  }

  private bindModuleCall(block: HclBlock, parent: ModuleInstance, child: ModuleInstance): void {
    for (const [name, attribute] of block.attributes) {
      if (['source', 'version', 'providers', 'count', 'for_each', 'depends_on'].includes(name)) continue;
      let cached: Value | undefined;
      child.inputs.set(name, () => {
        cached ??= this.evaluator.evaluate(attribute.expr, { module: parent });
        return cached;
      });
    }
    if (block.attributes.has('count') || block.attributes.has('for_each')) {
      this.note('info', `module ${block.labels[0]} uses count/for_each: edgecost reads it as one instance`, block.pos, `module.${block.labels[0]}`);
    }
  }

  /** terraform.tfvars, then *.auto.tfvars in name order, then each --var-file: later ones win. */
  private async setRootInputs(root: ModuleInstance, varFiles: string[]): Promise<void> {
    const names = (await fs.readdir(this.folder).catch(() => [] as string[])).sort();
    const automatic = [
      ...names.filter((name) => name === 'terraform.tfvars' || name === 'terraform.tfvars.json'),
      ...names.filter((name) => /\.auto\.tfvars(\.json)?$/.test(name)),
    ].map((name) => join(this.folder, name));
    for (const file of [...automatic, ...varFiles]) {
      const text = await readText(file);
      let values: [string, Value][];
      if (file.endsWith('.json')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new InputError(file, `not JSON: ${(error as Error).message}`, { cause: error });
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InputError(file, 'a .tfvars.json file must hold one JSON object', { line: 1 });
        values = Object.entries(parsed as Record<string, Value>);
      } else {
        const parsed = await parseHcl(file, text);
        if (parsed.blocks.length > 0)
          throw new InputError(file, `a variables file holds only NAME = VALUE lines, not a ${parsed.blocks[0]!.type} block`, { line: parsed.blocks[0]!.pos.line });
        values = [...parsed.attributes].map(([name, attribute]) => [name, this.evaluator.evaluate(attribute.expr, { module: root })]);
      }
      this.files.push(file);
      for (const [name, value] of values) {
        if (!root.variables.has(name)) {
          this.note('warning', `${basename(file)} sets ${name}, which no variable block declares`, { file, line: 1, column: 1 });
          continue;
        }
        root.inputs.set(name, () => value);
      }
    }
  }

  // ---------------------------------------------------------------------------------- the plan

  private providerOf(instance: ResourceInstance): ProviderConfig | undefined {
    const { decl } = instance;
    const written = decl.block.attributes.get('provider')?.text.trim();
    const local = written ?? decl.type.split('_')[0]!;
    return decl.module.providers.get(local);
  }

  /** The plan JSON Terraform would print for what can be known now. */
  private plan(): Record<string, unknown> {
    const providerConfig: Record<string, unknown> = {};
    const changes: unknown[] = [];
    const build = (module: ModuleInstance): { planned: Record<string, unknown>; config: Record<string, unknown> } => {
      const planned: unknown[] = [];
      const configured: unknown[] = [];
      for (const decl of module.resources.values()) {
        if (decl.type !== 'aws_lambda_function' && decl.type !== 'aws_cloudfront_distribution') continue;
        const repetition = this.evaluator.unknownRepetition(decl);
        if (repetition)
          this.note(
            'info',
            `${this.evaluator.addressOf(decl)}: count/for_each is unknown (${repetition.reason}); read as one instance`,
            decl.block.pos,
            this.evaluator.addressOf(decl),
          );
        const provider = this.providerOf({ decl, address: '', scope: { module } });
        const providerKey = provider?.key ?? `${decl.type.split('_')[0]}`;
        if (provider && typeof provider.region === 'string') {
          providerConfig[provider.key] = { name: 'aws', expressions: { region: { constant_value: provider.region } } };
        }
        const expressions: Record<string, unknown> = {};
        for (const name of decl.block.attributes.keys()) expressions[name] = {};
        for (const block of decl.block.blocks) expressions[block.type] ??= [];
        configured.push({ address: `${decl.type}.${decl.name}`, mode: 'managed', type: decl.type, name: decl.name, provider_config_key: providerKey, expressions });
        for (const instance of this.evaluator.instancesOf(decl)) {
          const { values, unknown } = this.evaluator.blockValues(
            decl.block,
            instance.scope,
            (blockValues, block, raw, type) => {
              const id = this.positions.register(blockValues, block.pos);
              if (type === 'lambda_function_association') this.associations.set(id, { lambdaArn: raw.get('lambda_arn'), distribution: instance });
            },
            (message, pos) => this.note('warning', `${instance.address}: ${message}`, pos, instance.address),
          );
          this.positions.registerLists(values);
          const entry: Record<string, unknown> = { address: instance.address, mode: 'managed', type: decl.type, name: decl.name, values };
          if (instance.key !== undefined) entry.index = instance.key;
          const id = this.positions.register(entry, decl.block.pos);
          if (decl.type === 'aws_lambda_function') this.functionsById.set(id, instance);
          planned.push(entry);
          changes.push({ address: instance.address, mode: 'managed', type: decl.type, name: decl.name, change: { actions: ['create'], after: values, after_unknown: unknown } });
        }
      }
      const children: unknown[] = [];
      const calls: Record<string, unknown> = {};
      for (const [name, call] of module.calls) {
        if (!call.module) continue;
        const child = build(call.module);
        children.push({ address: call.module.path, ...child.planned });
        calls[name] = { source: call.block.attributes.get('source')?.text ?? '', module: child.config };
      }
      return { planned: { resources: planned, child_modules: children }, config: { resources: configured, module_calls: calls } };
    };
    const root = build(this.modules[0]!);
    return {
      format_version: '1.2',
      planned_values: { root_module: root.planned },
      resource_changes: changes,
      configuration: { provider_config: providerConfig, root_module: root.config },
    };
  }

  // ------------------------------------------------------------------ what the plan leaves to configuration

  private complete(extraction: Extraction): void {
    const provisioned = this.provisionedConcurrency();
    for (const fn of extraction.functions) {
      const instance = this.functionsById.get(fn.config.source?.line ?? -1);
      if (!instance) continue;
      fn.edgeTrusted = this.trustsEdgeLambda(instance);
      const count = provisioned.get(instance.address);
      if (count !== undefined) fn.config.provisionedConcurrency = count;
    }
    const targets = new Map<number, AssociationTarget | undefined>();
    for (const distribution of extraction.distributions) {
      for (const behavior of distribution.behaviors) {
        for (const item of behavior.lambdaAssociations) {
          const id = item.association.source?.line ?? -1;
          const record = this.associations.get(id);
          if (!record || typeof record.lambdaArn === 'string' || record.lambdaArn === undefined) continue;
          const followed = this.followArn(record.lambdaArn);
          item.association.functionArn = followed.display;
          item.association.arnQualifier = followed.qualifier;
          if (followed.target) {
            item.target = followed.target;
            delete item.association.unresolvedReason;
          } else {
            delete item.target;
            item.association.unresolvedReason = followed.reason;
          }
          targets.set(id, followed.target);
        }
      }
    }
    for (const entry of extraction.defects) {
      const record = this.associations.get(entry.defect.line ?? -1);
      if (!record || typeof record.lambdaArn === 'string' || record.lambdaArn === undefined) continue;
      const followed = this.followArn(record.lambdaArn);
      if (followed.target) entry.target = followed.target;
      entry.defect.functionArn = followed.display;
    }
  }

  /** Which function a `lambda_arn` value runs, from the resource attributes it reads. */
  private followArn(value: Value): { display: string; qualifier: ArnQualifier; target?: AssociationTarget; reason: string } {
    const unknown = firstUnknown(value) ?? new Unknown('lambda_arn is known only after apply');
    const lambdaRefs = unknown.refs.filter((ref) => ref.mode === 'managed' && (ref.type === 'aws_lambda_function' || ref.type === 'aws_lambda_alias'));
    const first = lambdaRefs[0];
    const display = first ? `\${${first.address}.${first.attribute}}` : '(known after apply)';
    const addresses = [...new Set(lambdaRefs.map((ref) => ref.address))];
    if (!first) return { display, qualifier: 'unknown', reason: unknown.reason };
    if (addresses.length > 1) return { display, qualifier: 'unknown', reason: `lambda_arn may be any of ${addresses.join(', ')} (${unknown.reason})` };
    const instance = this.evaluator.instances.get(first.address);
    if (!instance) return { display, qualifier: 'unknown', reason: `${first.address} is not declared` };
    if (first.type === 'aws_lambda_alias') {
      const fn = this.functionNamed(this.evaluator.resourceAttr(instance, 'function_name'));
      return fn
        ? { display, qualifier: 'alias', target: { kind: 'function', file: this.pseudoFile, id: fn.address }, reason: '' }
        : { display, qualifier: 'alias', reason: `alias ${instance.address} points at a function this configuration does not create` };
    }
    const attributes = new Set(lambdaRefs.map((ref) => ref.attribute));
    const target: AssociationTarget = { kind: 'function', file: this.pseudoFile, id: instance.address };
    const versioned = attributes.has('qualified_arn') || (attributes.has('arn') && attributes.has('version'));
    if (!versioned) {
      const qualifier: ArnQualifier = attributes.has('arn') ? 'unqualified' : 'unknown';
      return { display, qualifier, target, reason: '' };
    }
    const publishAttribute = instance.decl.block.attributes.get('publish');
    const publish = publishAttribute ? this.evaluator.evaluate(publishAttribute.expr, instance.scope) : false;
    const qualifier: ArnQualifier = publish === true || publish === 'true' ? 'version' : publish === false || publish === 'false' ? 'latest' : 'unknown';
    if (qualifier === 'latest') {
      this.note(
        'info',
        `${instance.address} has publish = false, so its qualified_arn ends in $LATEST; set publish = true to get a numbered version`,
        instance.decl.block.pos,
        instance.address,
      );
    }
    return { display, qualifier, target, reason: '' };
  }

  /** The function a `function_name`/`role`-style value names: a reference to it, or its literal name. */
  private functionNamed(value: Value): ResourceInstance | undefined {
    const unknown = firstUnknown(value);
    if (unknown) {
      const ref = unknown.refs.find((r: AttrRef) => r.mode === 'managed' && r.type === 'aws_lambda_function');
      return ref ? this.evaluator.instances.get(ref.address) : undefined;
    }
    if (typeof value !== 'string') return undefined;
    const name = value.includes(':function:') ? (value.split(':function:')[1]?.split(':')[0] ?? value) : value;
    for (const instance of this.evaluator.instances.values()) {
      if (instance.decl.type === 'aws_lambda_function' && this.evaluator.resourceAttr(instance, 'function_name') === name) return instance;
    }
    return undefined;
  }

  private trustsEdgeLambda(fn: ResourceInstance): boolean {
    const role = this.evaluator.resourceAttr(fn, 'role');
    const unknown = firstUnknown(role);
    for (const ref of unknown?.refs ?? []) {
      if (ref.mode !== 'managed' || ref.type !== 'aws_iam_role') continue;
      const instance = this.evaluator.instances.get(ref.address);
      const policy = instance ? this.evaluator.resourceAttr(instance, 'assume_role_policy') : undefined;
      if (typeof policy === 'string' && policy.includes('edgelambda.amazonaws.com')) return true;
    }
    return false;
  }

  private provisionedConcurrency(): Map<string, number> {
    const out = new Map<string, number>();
    for (const module of this.modules) {
      for (const decl of module.resources.values()) {
        if (decl.type !== 'aws_lambda_provisioned_concurrency_config') continue;
        for (const instance of this.evaluator.instancesOf(decl)) {
          const fn = this.functionNamed(this.evaluator.resourceAttr(instance, 'function_name'));
          if (!fn) continue;
          const count = this.evaluator.resourceAttr(instance, 'provisioned_concurrent_executions');
          out.set(fn.address, Math.max(out.get(fn.address) ?? 0, typeof count === 'number' ? count : 1));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------- positions

  /** Replaces the stand-in file and line ids by the `.tf` file, line and column they stand for. */
  private relocate(extraction: Extraction): void {
    const fileOfAddress = new Map<string, string>();
    for (const instance of this.evaluator.instances.values()) fileOfAddress.set(instance.address, instance.decl.block.pos.file);
    const seen = new Set<object>();
    const visit = (value: unknown): void => {
      if (typeof value !== 'object' || value === null || seen.has(value)) return;
      seen.add(value);
      if (Array.isArray(value)) {
        for (const item of value) visit(item);
        return;
      }
      const record = value as Record<string, unknown>;
      if (record.file === this.pseudoFile) {
        const pos = typeof record.line === 'number' ? this.positions.table[record.line - 1] : undefined;
        if (pos) {
          record.file = pos.file;
          record.line = pos.line;
          record.column = pos.column;
        } else if (typeof record.id === 'string') record.file = fileOfAddress.get(record.id) ?? this.folder;
        else if (typeof record.resource === 'string' && fileOfAddress.has(record.resource)) {
          record.file = fileOfAddress.get(record.resource);
          delete record.line;
        } else {
          record.file = this.folder;
          delete record.line;
        }
      }
      for (const item of Object.values(record)) visit(item);
    };
    visit(extraction);
  }
}
