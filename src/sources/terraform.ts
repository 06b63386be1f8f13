/**
 * Terraform plan JSON (`terraform show -json plan.out`, format_version 1.x) → functions,
 * distributions and associations.
 *
 * Values come from `planned_values` (what will exist after apply; unknown values are simply absent
 * there) and `resource_changes[].change.after_unknown` (which of them are "known after apply").
 * `lambda_arn` is usually unknown before apply, so it is followed through the plan's
 * `configuration` expressions: their `references` say which resource attribute it reads —
 * `aws_lambda_function.edge.qualified_arn` (a version) or `.arn` (unversioned) — through module
 * outputs and input variables.
 */

import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { type CloudFrontFunctionAssociation, EVENT_TYPES, type FunctionConfig, isEventType, parseLambdaArn, type SourceLocation } from '../model/inventory.js';
import { LAMBDA_DEFAULTS } from './cfn-defaults.js';
import type {
  ArnQualifier,
  AssociationTarget,
  ExtractedAssociation,
  ExtractedBehavior,
  ExtractedDefect,
  ExtractedDistribution,
  ExtractedFunction,
  Extraction,
  InputDefect,
  TemplateNote,
} from './cfn-extract.js';
import { associationDefect } from './cfn-extract.js';
import { isRecord } from './cfn-intrinsics.js';
import type { ParsedDocument } from './cfn-parse.js';

interface PlannedResource {
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

type Followed =
  | { kind: 'resource'; address: string; attribute: string; modulePath: string; via: string[] }
  | { kind: 'literal'; value: string; via: string[] }
  | { kind: 'unresolved'; reason: string };

const MAX_FOLLOW_DEPTH = 12;

export function looksLikeTerraformPlan(root: unknown): boolean {
  return (
    isRecord(root) &&
    Object.hasOwn(root, 'format_version') &&
    ['planned_values', 'resource_changes', 'configuration', 'values', 'terraform_version'].some((key) => Object.hasOwn(root, key))
  );
}

export function extractTerraformPlan(file: string, doc: ParsedDocument): Extraction {
  return new PlanReader(file, doc).read();
}

function stripIndex(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

function modulePathOf(address: string): string {
  const parts = address.match(/module\.[^.[]+(?:\[[^\]]*\])?/g) ?? [];
  const prefix = address.startsWith('module.') ? parts.join('.') : '';
  return prefix.replace(/\[[^\]]*\]/g, '');
}

class PlanReader {
  private readonly root: Record<string, unknown>;
  private readonly planned = new Map<string, PlannedResource>();
  private readonly byBase = new Map<string, PlannedResource[]>();
  private readonly modules = new Map<string, ModuleConfig>();
  private readonly notes: TemplateNote[] = [];
  private readonly defects: ExtractedDefect[] = [];

  constructor(
    private readonly file: string,
    private readonly doc: ParsedDocument,
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

  private configOf(resource: PlannedResource): Record<string, unknown> | undefined {
    const module = this.modules.get(resource.modulePath);
    return module?.resources.get(`${resource.type}.${resource.name}`);
  }

  private expressionsOf(resource: PlannedResource): Record<string, unknown> {
    const config = this.configOf(resource);
    return isRecord(config?.expressions) ? config.expressions : {};
  }

  private locate(value: unknown): SourceLocation {
    const position = this.doc.positionOf(value);
    return { file: this.file, line: position?.line, column: position?.column };
  }

  private note(severity: TemplateNote['severity'], message: string, resource?: string, line?: number): TemplateNote {
    return { severity, message, resource, file: this.file, line };
  }

  read(): Extraction {
    const provisioned = this.provisionedConcurrency();
    const functions: ExtractedFunction[] = [];
    const distributions: ExtractedDistribution[] = [];
    for (const resource of this.planned.values()) {
      if (resource.type === 'aws_lambda_function') functions.push(this.readFunction(resource, provisioned.get(resource.address)));
      else if (resource.type === 'aws_cloudfront_distribution') distributions.push(this.readDistribution(resource));
    }
    return { functions, distributions, ssmParameters: [], notes: this.notes, defects: this.defects };
  }

  // ------------------------------------------------------------------------------------ functions

  private isUnknown(resource: PlannedResource, attribute: string): boolean {
    const flag = resource.unknown[attribute];
    return flag === true || (Array.isArray(flag) && flag.some((item) => item === true || (isRecord(item) && Object.values(item).includes(true))));
  }

  private block(values: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
    const list = values[name];
    const first = Array.isArray(list) ? list[0] : list;
    return isRecord(first) ? first : undefined;
  }

  private readFunction(resource: PlannedResource, provisioned: number | undefined): ExtractedFunction {
    const { values, address } = resource;
    const line = this.locate(resource.object).line;
    const notes: TemplateNote[] = [];
    const defects: InputDefect[] = [];
    const number = (attribute: string, label: string, fallback?: number, defectKind?: InputDefect['kind']): number | undefined => {
      const value = values[attribute];
      if (typeof value === 'number' && (!defectKind || Number.isInteger(value))) return value;
      if (this.isUnknown(resource, attribute)) {
        notes.push(this.note('warning', `${address}: ${attribute} is known only after apply; the ${label} is unknown`, address, line));
        return undefined;
      }
      if (value === undefined || value === null) return fallback;
      if (defectKind) {
        // The AWS provider takes a whole number: anything else is rejected at plan or apply.
        const whole = typeof value === 'number' || (typeof value === 'string' && /^\s*[+-]?\d+(\.\d*)?\s*$/.test(value));
        defects.push({
          kind: defectKind,
          resource: address,
          file: this.file,
          line,
          message: `${attribute} ${JSON.stringify(value)} is not ${whole ? 'a whole number' : 'a number'} (the AWS provider rejects it)`,
          actual: typeof value === 'number' ? value : typeof value === 'string' ? value : JSON.stringify(value),
        });
        return undefined;
      }
      notes.push(this.note('warning', `${address}: ${attribute} ${JSON.stringify(value)} is not a number; the ${label} is unknown`, address, line));
      return undefined;
    };
    const functionName = typeof values.function_name === 'string' ? values.function_name : undefined;
    const config: Omit<FunctionConfig, 'key'> = {
      functionName: functionName ?? resource.name,
      resource: address,
      source: this.locate(resource.object),
    };
    if (typeof values.arn === 'string') config.functionArn = values.arn;
    if (typeof values.version === 'string' && values.publish === true) config.version = values.version;
    const arn = typeof values.arn === 'string' ? parseLambdaArn(values.arn) : undefined;
    if (arn) config.accountId = arn.accountId;
    config.region = typeof values.region === 'string' ? values.region : (arn?.region ?? this.providerRegion(resource));
    config.memoryMB = number('memory_size', 'memory size', LAMBDA_DEFAULTS.memoryMB.value, 'memory');
    config.timeoutSec = number('timeout', 'timeout', LAMBDA_DEFAULTS.timeoutSec.value, 'timeout');
    if (typeof values.runtime === 'string' && values.runtime !== '') config.runtime = values.runtime;
    const architectures = values.architectures;
    if (Array.isArray(architectures) && architectures.length > 0) config.architectures = architectures.map(String);
    else if (!this.isUnknown(resource, 'architectures') || this.expressionsOf(resource).architectures === undefined) {
      // Not configured: the provider leaves it "known after apply", Lambda uses x86_64.
      config.architectures = [...LAMBDA_DEFAULTS.architectures.value];
    }
    const isImage = values.package_type === 'Image' || typeof values.image_uri === 'string';
    config.packageType = isImage ? 'Image' : 'Zip';

    const environment = this.block(values, 'environment');
    if (environment && isRecord(environment.variables)) config.environmentVariableNames = Object.keys(environment.variables);
    else if (this.isUnknown(resource, 'environment')) {
      const configured = this.block(this.expressionsOf(resource), 'environment');
      const constant = isRecord(configured?.variables) ? configured.variables.constant_value : undefined;
      if (isRecord(constant)) config.environmentVariableNames = Object.keys(constant);
      else notes.push(this.note('warning', `${address}: environment variables are known only after apply`, address, line));
    } else config.environmentVariableNames = [];

    if (Array.isArray(values.layers)) config.layerArns = values.layers.map(String);
    else if (this.isUnknown(resource, 'layers')) notes.push(this.note('warning', `${address}: layers are known only after apply`, address, line));
    else config.layerArns = [];

    const vpc = this.block(values, 'vpc_config');
    if (vpc) config.vpcConfigured = (Array.isArray(vpc.subnet_ids) && vpc.subnet_ids.length > 0) || this.isUnknown(resource, 'vpc_config');
    else config.vpcConfigured = this.isUnknown(resource, 'vpc_config') ? undefined : false;

    const tracing = this.block(values, 'tracing_config');
    config.tracingMode = typeof tracing?.mode === 'string' ? tracing.mode : LAMBDA_DEFAULTS.tracingMode.value;
    const deadLetter = this.block(values, 'dead_letter_config');
    if (deadLetter) config.deadLetterTargetArn = typeof deadLetter.target_arn === 'string' ? deadLetter.target_arn : '(known after apply)';
    const storage = this.block(values, 'ephemeral_storage');
    config.ephemeralStorageMB = typeof storage?.size === 'number' ? storage.size : LAMBDA_DEFAULTS.ephemeralStorageMB.value;
    // -1 is the provider's "no reserved concurrency".
    if (typeof values.reserved_concurrent_executions === 'number' && values.reserved_concurrent_executions >= 0) {
      config.reservedConcurrency = values.reserved_concurrent_executions;
    }
    if (provisioned !== undefined) config.provisionedConcurrency = provisioned;

    const extracted: ExtractedFunction = { file: this.file, id: address, config, edgeTrusted: this.trustsEdgeLambda(resource), notes, defects };
    if (functionName) extracted.explicitName = functionName;
    if (isImage) extracted.codeUnmeasurable = 'the code is a container image';
    else if (typeof values.filename === 'string' && values.filename !== '') {
      // Terraform resolves `filename` against the directory it ran in; the plan file usually sits there.
      extracted.code = { path: resolve(dirname(this.file), values.filename), property: 'filename', written: values.filename };
    } else if (typeof values.s3_bucket === 'string') extracted.codeUnmeasurable = `the code is in S3 (s3://${values.s3_bucket}/${String(values.s3_key ?? '')})`;
    else extracted.codeUnmeasurable = 'the plan does not say where the code is';
    return extracted;
  }

  /**
   * The `region` of the AWS provider configuration the resource uses (e.g. `aws.us_east_1`). Recent
   * Terraform points a module resource at the configuration passed in from the root; older ones
   * write "<module>:aws", which matches no configuration: then the region stays unknown.
   */
  private providerRegion(resource: PlannedResource): string | undefined {
    const configuration = isRecord(this.root.configuration) ? this.root.configuration : {};
    const providers = isRecord(configuration.provider_config) ? configuration.provider_config : {};
    const config = this.configOf(resource);
    const keys = Array.isArray(config?.provider_config_keys) ? config.provider_config_keys : [config?.provider_config_key ?? 'aws'];
    const regions = new Set<string>();
    for (const key of keys) {
      const provider = typeof key === 'string' ? providers[key] : undefined;
      const expressions = isRecord(provider) && isRecord(provider.expressions) ? provider.expressions : undefined;
      const region = isRecord(expressions?.region) ? expressions.region.constant_value : undefined;
      if (typeof region !== 'string') return undefined;
      regions.add(region);
    }
    return regions.size === 1 ? [...regions][0] : undefined;
  }

  private trustsEdgeLambda(resource: PlannedResource): boolean {
    const role = this.expressionsOf(resource).role;
    const references = isRecord(role) && Array.isArray(role.references) ? role.references : [];
    for (const reference of references) {
      if (typeof reference !== 'string' || !reference.startsWith('aws_iam_role.')) continue;
      const [type, name] = reference.split('.');
      const base = resource.modulePath ? `${resource.modulePath}.${type}.${name}` : `${type}.${name}`;
      for (const planned of this.byBase.get(base) ?? []) {
        const policy = planned.values.assume_role_policy;
        if (typeof policy === 'string' && policy.includes('edgelambda.amazonaws.com')) return true;
      }
    }
    return false;
  }

  private provisionedConcurrency(): Map<string, number> {
    const out = new Map<string, number>();
    for (const resource of this.planned.values()) {
      if (resource.type !== 'aws_lambda_provisioned_concurrency_config') continue;
      const expression = this.expressionsOf(resource).function_name;
      const followed = this.followExpression(expression, resource.modulePath, 0);
      if (followed.kind !== 'resource') continue;
      const fn = this.instance(followed.address);
      if (fn?.type !== 'aws_lambda_function') continue;
      const count = typeof resource.values.provisioned_concurrent_executions === 'number' ? resource.values.provisioned_concurrent_executions : 1;
      out.set(fn.address, Math.max(out.get(fn.address) ?? 0, count));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------- distributions

  private readDistribution(resource: PlannedResource): ExtractedDistribution {
    const { values, address } = resource;
    const distribution: ExtractedDistribution = { file: this.file, id: address, source: this.locate(resource.object), behaviors: [] };
    if (typeof values.comment === 'string' && values.comment !== '') distribution.comment = values.comment;
    if (typeof values.enabled === 'boolean') distribution.enabled = values.enabled;
    if (typeof values.domain_name === 'string') distribution.domainName = values.domain_name;
    const expressions = this.expressionsOf(resource);
    const configDefault = Array.isArray(expressions.default_cache_behavior) ? expressions.default_cache_behavior[0] : undefined;
    const configOrdered = Array.isArray(expressions.ordered_cache_behavior) ? expressions.ordered_cache_behavior : [];
    // after_unknown mirrors the planned values: which attributes of each block are known only after apply.
    const unknownOf = (name: string, index: number): Record<string, unknown> | undefined => {
      const list = resource.unknown[name];
      const entry = Array.isArray(list) ? list[index] : undefined;
      return isRecord(entry) ? entry : undefined;
    };
    const defaults = Array.isArray(values.default_cache_behavior) ? values.default_cache_behavior : [];
    defaults.forEach((behavior, index) => {
      if (isRecord(behavior)) distribution.behaviors.push(this.readBehavior(resource, behavior, '*', configDefault, unknownOf('default_cache_behavior', index)));
    });
    const ordered = Array.isArray(values.ordered_cache_behavior) ? values.ordered_cache_behavior : [];
    ordered.forEach((behavior, index) => {
      if (!isRecord(behavior)) return;
      const pattern = typeof behavior.path_pattern === 'string' ? behavior.path_pattern : '(known after apply)';
      const configured = configOrdered.find((c) => isRecord(c) && isRecord(c.path_pattern) && c.path_pattern.constant_value === pattern) ?? configOrdered[index];
      distribution.behaviors.push(this.readBehavior(resource, behavior, pattern, configured, unknownOf('ordered_cache_behavior', index)));
    });
    return distribution;
  }

  private readBehavior(resource: PlannedResource, behavior: Record<string, unknown>, pathPattern: string, configured: unknown, unknown?: Record<string, unknown>): ExtractedBehavior {
    const out: ExtractedBehavior = { pathPattern, source: this.locate(behavior), lambdaAssociations: [], functionAssociations: [] };
    const configuredAssociations = isRecord(configured) && Array.isArray(configured.lambda_function_association) ? configured.lambda_function_association : [];
    const raw = behavior.lambda_function_association;
    const where = `a lambda_function_association of ${pathPattern}`;
    const defect = (source: SourceLocation, fields: Pick<InputDefect, 'message' | 'actual'> & Partial<InputDefect>, target?: AssociationTarget): void => {
      const found = associationDefect(this.file, resource.address, pathPattern, source, fields);
      this.defects.push(target ? { defect: found, target } : { defect: found });
    };
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
      defect(this.locate(behavior), { message: `lambda_function_association of ${pathPattern} is ${JSON.stringify(raw)}, not a list of blocks`, actual: JSON.stringify(raw), expected: 'a list' });
    }
    const associations = Array.isArray(raw) ? raw : [];
    const unknownAssociations = Array.isArray(unknown?.lambda_function_association) ? unknown.lambda_function_association : [];
    associations.forEach((item, index) => {
      const itemAt = this.doc.keyPosition(associations, String(index));
      const source = itemAt ? { file: this.file, line: itemAt.line, column: itemAt.column } : this.locate(behavior);
      if (!isRecord(item)) {
        defect(source, { message: `${where} is ${JSON.stringify(item)}, not a block with event_type and lambda_arn`, actual: JSON.stringify(item) ?? String(item), expected: 'a block' });
        return;
      }
      const flags = unknownAssociations[index];
      const unknownFlag = (attribute: string): boolean => isRecord(flags) && flags[attribute] === true;
      // lambda_function_association is a set: match the configuration by event type, not position.
      const config =
        configuredAssociations.find((c) => isRecord(c) && isRecord(c.event_type) && c.event_type.constant_value === item.event_type) ?? configuredAssociations[index];
      const hasArn = (typeof item.lambda_arn === 'string' && item.lambda_arn !== '') || unknownFlag('lambda_arn') || (isRecord(config) && config.lambda_arn !== undefined);
      if (isEventType(item.event_type) && hasArn) {
        out.lambdaAssociations.push(this.readAssociation(resource, item, item.event_type, pathPattern, config));
        return;
      }
      const problems: string[] = [];
      let actual: string | undefined;
      let restriction = 'associationShape';
      let expected: string | undefined;
      let unknownValue = false;
      if (item.event_type === undefined || item.event_type === null) {
        if (unknownFlag('event_type')) {
          problems.push('has an event_type known only after apply');
          actual = '(known after apply)';
          unknownValue = true;
          restriction = 'associationEventTypes';
        } else {
          problems.push('has no event_type');
          actual = 'no event_type';
          expected = 'required';
        }
      } else if (!isEventType(item.event_type)) {
        problems.push(`has event_type ${JSON.stringify(item.event_type)}, not one of ${EVENT_TYPES.join(', ')}`);
        actual = typeof item.event_type === 'string' ? item.event_type : JSON.stringify(item.event_type);
        restriction = 'associationEventTypes';
      }
      if (!hasArn) {
        problems.push(problems.length > 0 ? 'no lambda_arn' : 'has no lambda_arn');
        if (actual === undefined) {
          actual = 'no lambda_arn';
          expected = 'required';
        }
        unknownValue = false;
      }
      // The function it names is still a Lambda@Edge function: lint it, on every event it could run on.
      const read = hasArn ? this.readAssociation(resource, item, 'viewer-request', pathPattern, config, false) : undefined;
      defect(
        source,
        {
          message: `${where} ${problems.join(' and ')}`,
          actual: actual ?? '',
          restriction,
          ...(expected === undefined ? {} : { expected }),
          ...(unknownValue ? { unknown: true } : {}),
          ...(isEventType(item.event_type) ? { eventType: item.event_type } : {}),
          ...(read?.association.functionArn === undefined ? {} : { functionArn: read.association.functionArn }),
        },
        read?.target,
      );
    });
    const functionAssociations = Array.isArray(behavior.function_association) ? behavior.function_association : [];
    for (const item of functionAssociations) {
      if (!isRecord(item) || !isEventType(item.event_type)) continue;
      const association: CloudFrontFunctionAssociation = {
        eventType: item.event_type,
        functionArn: typeof item.function_arn === 'string' ? item.function_arn : '(known after apply)',
        source: this.locate(item),
      };
      out.functionAssociations.push(association);
    }
    return out;
  }

  /** `withNotes` false: only follow the ARN (for an invalid association's function), noting nothing. */
  private readAssociation(
    resource: PlannedResource,
    item: Record<string, unknown>,
    eventType: ExtractedAssociation['association']['eventType'],
    pathPattern: string,
    configured: unknown,
    withNotes = true,
  ): ExtractedAssociation {
    const association: ExtractedAssociation['association'] = { eventType, includeBody: item.include_body === true, source: this.locate(item) };
    const where = `${resource.address} ${eventType} on ${pathPattern}`;
    const known = typeof item.lambda_arn === 'string' && item.lambda_arn !== '' ? item.lambda_arn : undefined;
    const expression = isRecord(configured) ? configured.lambda_arn : undefined;
    const followed = expression === undefined ? undefined : this.followExpression(expression, resource.modulePath, 0);
    const references = isRecord(expression) && Array.isArray(expression.references) ? expression.references.filter((r): r is string => typeof r === 'string') : [];
    association.functionArn = known ?? (references[0] ? `\${${references[0]}}` : '(known after apply)');

    if (followed?.kind === 'resource') {
      const fn = this.instance(followed.address);
      if (fn?.type === 'aws_lambda_function') {
        association.arnQualifier = this.qualifierOf(fn, followed.attribute, references);
        if (association.arnQualifier === 'latest' && withNotes) {
          this.notes.push(this.note('info', `${where}: ${fn.address} has publish = false, so qualified_arn ends in $LATEST; set publish = true to get a numbered version`, resource.address, association.source?.line));
        }
        if (followed.via.length > 0 && withNotes) this.notes.push(this.note('info', `${where}: lambda_arn leads to ${fn.address} through ${followed.via.join('; ')}`, resource.address, association.source?.line));
        return { association, target: { kind: 'function', file: this.file, id: fn.address } };
      }
      if (fn?.type === 'aws_lambda_alias') {
        const target = this.followExpression(this.expressionsOf(fn).function_name, fn.modulePath, 1);
        const aliased = target.kind === 'resource' ? this.instance(target.address) : undefined;
        association.arnQualifier = 'alias';
        if (aliased?.type === 'aws_lambda_function') return { association, target: { kind: 'function', file: this.file, id: aliased.address } };
        association.unresolvedReason = `alias ${fn.address} points at a function this plan does not create`;
        return { association };
      }
      if (!fn) {
        association.unresolvedReason = `${followed.address} is not in the plan's planned values`;
        association.arnQualifier = 'unknown';
        return { association };
      }
      association.unresolvedReason = `lambda_arn reads ${followed.address}.${followed.attribute}, a ${fn.type}, not a Lambda function`;
      association.arnQualifier = 'unknown';
      return { association };
    }
    const literal = known ?? (followed?.kind === 'literal' ? followed.value : undefined);
    if (literal !== undefined) {
      const parsed = parseLambdaArn(literal);
      association.functionArn = literal;
      association.arnQualifier = parsed ? (parsed.qualifier === undefined ? 'unqualified' : /^\d+$/.test(parsed.qualifier) ? 'version' : parsed.qualifier === '$LATEST' ? 'latest' : 'alias') : 'unknown';
      // A function of this plan with that ARN or name.
      for (const candidate of this.planned.values()) {
        if (candidate.type !== 'aws_lambda_function') continue;
        const values = candidate.values;
        if (values.qualified_arn === literal || values.arn === literal || (parsed && values.arn === parsed.unqualifiedArn)) {
          return { association, target: { kind: 'function', file: this.file, id: candidate.address } };
        }
      }
      const target: AssociationTarget = { kind: 'literal-arn', arn: literal, scope: 'plan' };
      if (!parsed) association.unresolvedReason = `lambda_arn "${literal}" is not a Lambda function ARN`;
      return parsed ? { association, target } : { association };
    }
    association.arnQualifier = 'unknown';
    association.unresolvedReason =
      followed?.kind === 'unresolved'
        ? followed.reason
        : expression === undefined
          ? 'lambda_arn is known only after apply and the plan has no configuration expression for it (dynamic block?)'
          : 'lambda_arn is known only after apply and its expression references no resource';
    return { association };
  }

  private qualifierOf(fn: PlannedResource, attribute: string, references: string[]): ArnQualifier {
    // "${aws_lambda_function.x.arn}:${aws_lambda_function.x.version}" references both.
    const versionReferenced = references.some((r) => /\.version$/.test(r));
    if (attribute === 'qualified_arn' || (attribute === 'arn' && versionReferenced)) {
      return fn.values.publish === true ? 'version' : fn.values.publish === false ? 'latest' : 'unknown';
    }
    if (attribute === 'arn') return 'unqualified';
    return 'unknown';
  }

  /** The planned instance a reference names: exact address, or the single instance of a counted resource. */
  private instance(address: string): PlannedResource | undefined {
    const exact = this.planned.get(address);
    if (exact) return exact;
    const instances = this.byBase.get(stripIndex(address));
    return instances?.[0];
  }

  /** Follows a configuration expression to the resource attribute (or literal) it reads. */
  private followExpression(expression: unknown, modulePath: string, depth: number): Followed {
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
