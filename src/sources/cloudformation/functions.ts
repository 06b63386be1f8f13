/** CloudFormation and SAM function resources → the function's configuration, code and notes. */

import { dirname, join, resolve } from 'node:path';
import type { FunctionConfig } from '../../model/inventory.js';
import type { ExtractedFunction, InputDefect, TemplateNote } from '../extraction.js';
import { LAMBDA_DEFAULTS } from '../lambda-defaults.js';
import { isRecord } from '../parse/values.js';
import type { ArnResolver } from './arn-resolver.js';
import { ifBranches, intrinsicName, isNoValue, MAX_IF_DEPTH, NO_VALUE, renderExpression, splitSub, uniqueValues } from './intrinsics.js';
import { mergeGlobals, SAM_FUNCTION_DEFAULTS } from './sam-globals.js';
import type { Resource, Template } from './template.js';

export class FunctionReader {
  constructor(
    private readonly template: Template,
    private readonly resolver: ArnResolver,
  ) {}

  readFunction(resource: Resource, provisioned: ProvisionedBranch | undefined): ExtractedFunction {
    const sam = resource.type === 'AWS::Serverless::Function';
    const props = sam && this.template.globals ? (mergeGlobals(this.template.globals, resource.properties) as Record<string, unknown>) : resource.properties;
    const notes: TemplateNote[] = [];
    const defects: InputDefect[] = [];
    const id = resource.id;
    const line = resource.source.line;
    const propertyPosition = (property: string): { line?: number; column?: number } =>
      this.template.doc.keyPosition(resource.properties, property) ?? (sam ? this.template.doc.keyPosition(this.template.globals, property) : undefined) ?? { line };
    const propertyLine = (property: string): number | undefined => propertyPosition(property).line;
    const defaults = sam ? SAM_FUNCTION_DEFAULTS : LAMBDA_DEFAULTS;

    /** The condition under which a numeric property takes the value checked (the larger of its `Fn::If` branches). */
    const valueConditions: Record<string, string> = {};
    /** `defectKind`: a literal that is not a whole number is a value the deployment rejects, reported as a finding. */
    const number = (expr: unknown, property: string, label: string, fallback?: number, defectKind?: InputDefect['kind']): number | undefined => {
      if (expr === undefined || isNoValue(expr)) return fallback;
      const result = this.template.evaluator.fresh().evaluate(expr);
      if (!result.known) {
        notes.push(
          this.template.note(
            'warning',
            `${id}: ${property} is ${renderExpression(expr)}, which cannot be evaluated before deploy (${result.reason}); the ${label} is unknown`,
            id,
            propertyLine(property.split('.')[0]!),
          ),
        );
        return undefined;
      }
      const values = result.values.filter((v) => v !== NO_VALUE);
      if (values.length === 0) return fallback;
      const parsed = values.map(literalNumber);
      const literal = values.length === 1 && result.via.length === 0;
      if (defectKind && literal && (parsed[0] === undefined || !Number.isInteger(parsed[0]))) {
        const raw = values[0];
        const shown = typeof raw === 'string' ? JSON.stringify(raw) : renderExpression(raw);
        defects.push({
          kind: defectKind,
          resource: id,
          file: this.template.file,
          ...propertyPosition(property.split('.')[0]!),
          message: `${property} ${shown} is not ${parsed[0] === undefined ? 'a number' : 'a whole number'} (CloudFormation rejects it)`,
          actual: typeof raw === 'number' ? raw : renderExpression(raw),
        });
        return undefined;
      }
      const numbers = uniqueValues(parsed.filter((n): n is number => n !== undefined));
      if (numbers.length === 0) {
        notes.push(
          this.template.note('warning', `${id}: ${property} ${renderExpression(expr)} is not a number; the ${label} is unknown`, id, propertyLine(property.split('.')[0]!)),
        );
        return undefined;
      }
      const chosen = Math.max(...numbers);
      if (numbers.length > 1) {
        const condition = this.conditionGiving(expr, chosen);
        if (condition !== undefined) valueConditions[property] = condition;
        notes.push(
          this.template.note('info', `${id}: ${property} depends on a condition (${numbers.join(' or ')}); using ${chosen}, the larger`, id, propertyLine(property.split('.')[0]!)),
        );
      } else if (result.via.length > 0) {
        notes.push(
          this.template.note(
            'info',
            `${id}: ${property} ${chosen} comes from ${result.via.join(', ')}; a deploy may pass another value`,
            id,
            propertyLine(property.split('.')[0]!),
          ),
        );
      }
      return chosen;
    };
    const text = (expr: unknown, property: string): string | undefined => {
      if (expr === undefined || isNoValue(expr)) return undefined;
      const result = this.template.evaluator.single(expr);
      if ('value' in result) {
        if (result.value === NO_VALUE || result.value === null) return undefined;
        if (result.via.length > 0)
          notes.push(this.template.note('info', `${id}: ${property} "${String(result.value)}" comes from ${result.via.join(', ')}`, id, propertyLine(property)));
        return String(result.value);
      }
      if (result.values) {
        const options = result.values.filter((v) => v !== NO_VALUE).map(String);
        notes.push(this.template.note('info', `${id}: ${property} depends on a condition (${options.join(' or ')}); using "${options[0]}"`, id, propertyLine(property)));
        return options[0];
      }
      notes.push(
        this.template.note('warning', `${id}: ${property} is ${renderExpression(expr)}, which cannot be evaluated before deploy (${result.reason})`, id, propertyLine(property)),
      );
      return undefined;
    };

    const config: Omit<FunctionConfig, 'key'> = { functionName: id, resource: id, source: resource.source };
    // A conditional or generated name (`!If [..., !Sub ..., !Ref AWS::NoValue]`) is not the function's name.
    const named = props.FunctionName === undefined ? undefined : this.template.evaluator.single(props.FunctionName);
    const explicitName = named && 'value' in named && typeof named.value === 'string' && named.value !== '' ? named.value : undefined;
    if (explicitName) config.functionName = explicitName;
    if (this.template.region) config.region = this.template.region;
    if (this.template.context.accountId) config.accountId = this.template.context.accountId;
    config.memoryMB = number(props.MemorySize, 'MemorySize', 'memory size', defaults.memoryMB.value, 'memory');
    config.timeoutSec = number(props.Timeout, 'Timeout', 'timeout', defaults.timeoutSec.value, 'timeout');
    config.runtime = text(props.Runtime, 'Runtime');

    const architectures = this.stringList(props.Architectures, id, 'Architectures', notes);
    config.architectures = architectures === null ? [...LAMBDA_DEFAULTS.architectures.value] : architectures;

    const code = isRecord(props.Code) ? props.Code : {};
    const declaredType = text(props.PackageType, 'PackageType');
    const isImage = declaredType === 'Image' || code.ImageUri !== undefined || (sam && props.ImageUri !== undefined);
    config.packageType = isImage ? 'Image' : declaredType === 'Zip' || declaredType === undefined ? LAMBDA_DEFAULTS.packageType.value : undefined;

    const variables = this.environmentNames(props.Environment, id, notes);
    if (variables !== undefined) config.environmentVariableNames = variables;

    const layers = this.stringList(props.Layers, id, 'Layers', notes);
    config.layerArns = layers === null ? [] : layers;

    config.vpcConfigured = this.vpcConfigured(props.VpcConfig, id, notes);

    if (sam && props.Tracing !== undefined) {
      const tracing = text(props.Tracing, 'Tracing');
      config.tracingMode = tracing === 'Disabled' ? LAMBDA_DEFAULTS.tracingMode.value : tracing;
    } else {
      const mode = isRecord(props.TracingConfig) ? props.TracingConfig.Mode : undefined;
      config.tracingMode = mode === undefined ? LAMBDA_DEFAULTS.tracingMode.value : text(mode, 'TracingConfig.Mode');
    }

    const deadLetter = sam ? props.DeadLetterQueue : props.DeadLetterConfig;
    if (deadLetter !== undefined && !isNoValue(deadLetter)) {
      const target = isRecord(deadLetter) && !intrinsicName(deadLetter) ? deadLetter.TargetArn : deadLetter;
      if (target !== undefined && !isNoValue(target)) config.deadLetterTargetArn = renderExpression(this.template.evaluatedOrSelf(target));
    }

    const storage = isRecord(props.EphemeralStorage) ? props.EphemeralStorage.Size : undefined;
    config.ephemeralStorageMB = number(storage, 'EphemeralStorage.Size', 'ephemeral storage size', LAMBDA_DEFAULTS.ephemeralStorageMB.value);

    const reserved = number(props.ReservedConcurrentExecutions, 'ReservedConcurrentExecutions', 'reserved concurrency');
    if (reserved !== undefined) config.reservedConcurrency = reserved;
    let provisionedConcurrency = provisioned?.value;
    let provisionedCondition = provisioned?.condition;
    if (sam && props.ProvisionedConcurrencyConfig !== undefined && !isNoValue(props.ProvisionedConcurrencyConfig)) {
      const branches = this.provisionedBranches(props.ProvisionedConcurrencyConfig);
      if (branches.length === 0 && isRecord(props.ProvisionedConcurrencyConfig) && !intrinsicName(props.ProvisionedConcurrencyConfig)) {
        notes.push(this.template.note('warning', `${id}: ProvisionedConcurrencyConfig is set but its value cannot be evaluated`, id, line));
      }
      for (const branch of branches) {
        if (branch.value > (provisionedConcurrency ?? 0) || provisionedConcurrency === undefined) {
          provisionedConcurrency = branch.value;
          provisionedCondition = branch.condition;
        }
      }
    }
    if (provisionedConcurrency !== undefined) config.provisionedConcurrency = provisionedConcurrency;
    const conditions: NonNullable<FunctionConfig['valueConditions']> = {
      ...(valueConditions.MemorySize === undefined ? {} : { memoryMB: valueConditions.MemorySize }),
      ...(valueConditions.Timeout === undefined ? {} : { timeoutSec: valueConditions.Timeout }),
      ...(provisionedConcurrency !== undefined && provisionedCondition !== undefined ? { provisionedConcurrency: provisionedCondition } : {}),
    };
    if (Object.keys(conditions).length > 0) config.valueConditions = conditions;

    const extracted: ExtractedFunction = { file: this.template.file, id, config, edgeTrusted: this.trustsEdgeLambda(props), notes, defects };
    if (explicitName) extracted.explicitName = explicitName;
    this.readCode(resource, props, extracted, sam, isImage);
    if (resource.condition) notes.push(this.template.note('info', `${id} is created only when condition ${resource.condition} is true`, id, line));
    return extracted;
  }

  /** A list of strings; `null` when the property is absent; `undefined` when it cannot be known. */
  private stringList(expr: unknown, id: string, property: string, notes: TemplateNote[]): string[] | null | undefined {
    if (expr === undefined || isNoValue(expr)) return null;
    const items = this.listItems(expr, id, property, notes);
    if (items === undefined) return undefined;
    return items.map((item) => renderExpression(this.template.evaluatedOrSelf(item)));
  }

  /** Items of a list property; `Fn::If` branches are united (with a note). */
  private listItems(expr: unknown, id: string, property: string, notes: TemplateNote[], depth = 0): unknown[] | undefined {
    if (Array.isArray(expr)) {
      const out: unknown[] = [];
      for (const item of expr) {
        if (isNoValue(item)) continue;
        const split = depth < MAX_IF_DEPTH ? ifBranches(item) : undefined;
        if (!split) {
          out.push(item);
          continue;
        }
        notes.push(
          this.template.note('info', `${id}: an item of ${property} depends on condition ${String(split.condition)}; both branches are considered`, id, this.template.lineOf(item)),
        );
        for (const branch of split.branches) if (!isNoValue(branch)) out.push(branch);
      }
      return out;
    }
    const split = depth < MAX_IF_DEPTH ? ifBranches(expr) : undefined;
    if (split) {
      notes.push(this.template.note('info', `${id}: ${property} depends on condition ${String(split.condition)}; both branches are considered`, id, this.template.lineOf(expr)));
      const out: unknown[] = [];
      for (const branch of split.branches) {
        if (isNoValue(branch)) continue;
        const items = this.listItems(branch, id, property, notes, depth + 1);
        if (items === undefined) return undefined;
        out.push(...items);
      }
      return uniqueValues(out);
    }
    const evaluated = this.template.evaluator.fresh().evaluate(expr);
    if (evaluated.known && evaluated.values.every(Array.isArray)) return uniqueValues((evaluated.values as unknown[][]).flat());
    notes.push(this.template.note('warning', `${id}: ${property} is ${renderExpression(expr)}, which cannot be evaluated before deploy`, id, this.template.lineOf(expr)));
    return undefined;
  }

  /** Names of the environment variables (never their values); undefined when they cannot be known. */
  private environmentNames(environment: unknown, id: string, notes: TemplateNote[], depth = 0): string[] | undefined {
    if (environment === undefined || environment === null || isNoValue(environment)) return [];
    const fromIf = (expr: unknown, read: (branch: unknown) => string[] | undefined): string[] | undefined => {
      const split = ifBranches(expr);
      if (!split) return undefined;
      notes.push(
        this.template.note('info', `${id}: environment variables depend on condition ${String(split.condition)}; both branches are considered`, id, this.template.lineOf(expr)),
      );
      const names = new Set<string>();
      for (const branch of split.branches) {
        const branchNames = read(branch);
        if (branchNames === undefined) return undefined;
        for (const name of branchNames) names.add(name);
      }
      return [...names];
    };
    if (intrinsicName(environment) === 'Fn::If' && depth < MAX_IF_DEPTH) return fromIf(environment, (branch) => this.environmentNames(branch, id, notes, depth + 1));
    if (!isRecord(environment) || intrinsicName(environment)) {
      notes.push(
        this.template.note('warning', `${id}: Environment is ${renderExpression(environment)}; its variables cannot be known before deploy`, id, this.template.lineOf(environment)),
      );
      return undefined;
    }
    const variables = environment.Variables;
    if (variables === undefined || variables === null || isNoValue(variables)) return [];
    if (intrinsicName(variables) === 'Fn::If' && depth < MAX_IF_DEPTH) return fromIf(variables, (branch) => this.environmentNames({ Variables: branch }, id, notes, depth + 1));
    if (!isRecord(variables) || intrinsicName(variables)) {
      notes.push(
        this.template.note(
          'warning',
          `${id}: Environment.Variables is ${renderExpression(variables)}; the variable names cannot be known before deploy`,
          id,
          this.template.lineOf(variables),
        ),
      );
      return undefined;
    }
    return Object.keys(variables).filter((name) => !isNoValue(variables[name]));
  }

  private vpcConfigured(vpc: unknown, id: string, notes: TemplateNote[]): boolean | undefined {
    if (vpc === undefined || vpc === null || isNoValue(vpc)) return false;
    const split = ifBranches(vpc);
    if (split) {
      const branches = split.branches.map((branch) => this.vpcConfigured(branch, id, notes));
      notes.push(this.template.note('info', `${id}: VpcConfig depends on condition ${String(split.condition)}; both branches are considered`, id, this.template.lineOf(vpc)));
      if (branches.includes(true)) return true;
      return branches.includes(undefined) ? undefined : false;
    }
    if (!isRecord(vpc) || intrinsicName(vpc)) return undefined;
    const subnets = vpc.SubnetIds;
    // An empty subnet list is how templates say "no VPC" (CloudFormation detaches the function).
    if (Array.isArray(subnets) && subnets.length === 0) return false;
    return subnets !== undefined || vpc.SecurityGroupIds !== undefined;
  }

  private readCode(resource: Resource, props: Record<string, unknown>, extracted: ExtractedFunction, sam: boolean, isImage: boolean): void {
    const base = dirname(this.template.file);
    if (isImage) {
      extracted.codeUnmeasurable = 'the code is a container image';
      return;
    }
    const assetPath = resource.metadata['aws:asset:path'];
    if (typeof assetPath === 'string' && (resource.metadata['aws:asset:property'] ?? 'Code') === 'Code') {
      extracted.code = { path: resolve(base, assetPath), property: 'Metadata aws:asset:path', written: assetPath };
      return;
    }
    if (sam) {
      if (props.InlineCode !== undefined && !isNoValue(props.InlineCode)) {
        this.inlineCode(props.InlineCode, extracted);
        return;
      }
      const uri = props.CodeUri;
      if (typeof uri === 'string' && uri !== '') {
        if (/^s3:\/\//i.test(uri)) extracted.codeUnmeasurable = `CodeUri ${uri} is in S3`;
        else {
          // What `sam build` writes beside the template: the built folders, and a template naming them.
          const built = join(base, '.aws-sam', 'build', 'template.yaml');
          extracted.code = {
            path: resolve(base, uri),
            property: 'CodeUri',
            written: uri,
            buildHint: `run \`sam build\` and lint ${built}, or pass --artifact ${resource.id}=PATH with the built package`,
          };
        }
        return;
      }
      if (uri !== undefined) {
        extracted.codeUnmeasurable = `CodeUri ${renderExpression(uri)} is in S3`;
        return;
      }
      // SAM without CodeUri packages the template's folder.
      extracted.codeUnmeasurable = 'the function has no CodeUri';
      return;
    }
    const code = props.Code;
    if (isRecord(code) && code.ZipFile !== undefined && !isNoValue(code.ZipFile)) {
      this.inlineCode(code.ZipFile, extracted);
      return;
    }
    if (typeof code === 'string' && code !== '') {
      // `aws cloudformation package` accepts a local path in Code.
      extracted.code = { path: resolve(base, code), property: 'Code', written: code };
      return;
    }
    if (isRecord(code) && code.S3Key !== undefined) {
      // A CDK asset without `aws:asset:path` metadata is found by this key in the `*.assets.json` beside the template.
      const key = this.template.evaluator.single(code.S3Key);
      if ('value' in key && typeof key.value === 'string') extracted.s3Key = key.value;
    }
    extracted.codeUnmeasurable =
      isRecord(code) && code.S3Bucket !== undefined ? `the code is in S3 (${renderExpression(code.S3Key ?? code.S3Bucket)})` : 'the template does not say where the code is';
  }

  /**
   * Inline code (`ZipFile`, SAM `InlineCode`) is bounded by the template: its size is the byte length
   * of the string, the longest branch of an `Fn::If`. Parts known only at deploy (`${Bucket.Arn}`)
   * are counted by their length as written, and listed so the linker can say so.
   */
  private inlineCode(expr: unknown, extracted: ExtractedFunction): void {
    const unknown: string[] = [];
    extracted.inlineCodeBytes = this.textBytes(expr, unknown, 0);
    if (unknown.length > 0) extracted.inlineCodeUnknownParts = unknown;
  }

  private textBytes(expr: unknown, unknown: string[], depth: number): number {
    if (typeof expr === 'string') return Buffer.byteLength(expr, 'utf8');
    if (typeof expr === 'number' || typeof expr === 'boolean') return String(expr).length;
    const evaluated = this.template.evaluator.fresh().evaluate(expr);
    if (evaluated.known) {
      const texts = evaluated.values.filter((v): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
      if (texts.length > 0) return Math.max(...texts.map((v) => Buffer.byteLength(String(v), 'utf8')));
      if (evaluated.values.every((v) => v === NO_VALUE)) return 0;
    }
    const name = intrinsicName(expr);
    const argument = name ? (expr as Record<string, unknown>)[name] : undefined;
    const asWritten = (written: string): number => {
      unknown.push(written);
      return Buffer.byteLength(written, 'utf8');
    };
    if (depth > 20 || !name) return asWritten(renderExpression(expr));
    if (name === 'Fn::Sub') {
      const template = Array.isArray(argument) ? argument[0] : argument;
      const variables = Array.isArray(argument) && isRecord(argument[1]) ? argument[1] : {};
      if (typeof template !== 'string') return asWritten(renderExpression(expr));
      let bytes = 0;
      for (const part of splitSub(template)) {
        if ('text' in part) bytes += Buffer.byteLength(part.text, 'utf8');
        else if (Object.hasOwn(variables, part.name)) bytes += this.textBytes(variables[part.name], unknown, depth + 1);
        else {
          const value = this.template.evaluator.single(part.name.includes('.') && !part.name.startsWith('AWS::') ? { 'Fn::GetAtt': part.name.split('.') } : { Ref: part.name });
          bytes += 'value' in value && typeof value.value === 'string' ? Buffer.byteLength(value.value, 'utf8') : asWritten(`\${${part.name}}`);
        }
      }
      return bytes;
    }
    if (name === 'Fn::Join' && Array.isArray(argument) && typeof argument[0] === 'string' && Array.isArray(argument[1])) {
      const items = argument[1].filter((item) => !isNoValue(item));
      const delimiter = Buffer.byteLength(argument[0], 'utf8') * Math.max(0, items.length - 1);
      return items.reduce<number>((sum, item) => sum + this.textBytes(item, unknown, depth + 1), delimiter);
    }
    const split = ifBranches(expr);
    if (split) return Math.max(...split.branches.map((branch) => (isNoValue(branch) ? 0 : this.textBytes(branch, unknown, depth + 1))));
    return asWritten(renderExpression(expr));
  }

  /** The execution role (or SAM's generated one) trusts edgelambda.amazonaws.com. */
  private trustsEdgeLambda(props: Record<string, unknown>): boolean {
    if (mentions(props.AssumeRolePolicyDocument, 'edgelambda.amazonaws.com')) return true;
    const role = props.Role;
    const name = intrinsicName(role);
    let roleId: string | undefined;
    if (name === 'Fn::GetAtt') {
      const argument = (role as Record<string, unknown>)['Fn::GetAtt'];
      roleId = Array.isArray(argument) ? String(argument[0]) : typeof argument === 'string' ? argument.split('.')[0] : undefined;
    } else if (name === 'Ref') roleId = String((role as Record<string, unknown>).Ref);
    const resource = roleId ? this.template.resources.get(roleId) : undefined;
    return resource?.type === 'AWS::IAM::Role' && mentions(resource.properties.AssumeRolePolicyDocument, 'edgelambda.amazonaws.com');
  }

  /** AWS::Lambda::Version / Alias with ProvisionedConcurrencyConfig, by the function they point at. */
  provisionedConcurrencyByFunction(): Map<string, ProvisionedBranch> {
    const byFunction = new Map<string, ProvisionedBranch>();
    for (const resource of this.template.resources.values()) {
      if (resource.type !== 'AWS::Lambda::Version' && resource.type !== 'AWS::Lambda::Alias') continue;
      const config = resource.properties.ProvisionedConcurrencyConfig;
      if (config === undefined || isNoValue(config)) continue;
      const target = this.resolver.functionNamed(resource.properties.FunctionName, 0);
      if (target.kind !== 'function') continue;
      // An unevaluable count still means "provisioned concurrency is configured".
      const branches = this.provisionedBranches(config);
      const found = branches.length > 0 ? branches : isRecord(config) && !intrinsicName(config) ? [{ value: 1 }] : [];
      for (const branch of found) {
        const current = byFunction.get(target.id);
        if (!current || branch.value > current.value) byFunction.set(target.id, branch);
      }
    }
    return byFunction;
  }

  /**
   * Each branch of `expr` when it is an `Fn::If` (nested at most MAX_IF_DEPTH deep), visited with its
   * condition holding (so it reads the parameter values that make it hold) and labelled
   * "Cond is true" / "Cond is false"; undefined when `expr` is not an `Fn::If`.
   */
  private eachIfBranch<T>(expr: unknown, depth: number, visit: (branch: unknown, label: string) => T): T[] | undefined {
    const split = depth < MAX_IF_DEPTH ? ifBranches(expr) : undefined;
    if (!split) return undefined;
    const name = typeof split.condition === 'string' ? split.condition : renderExpression(split.condition);
    return split.branches.map((branch, index) => this.template.evaluator.withBranches([[name, index === 0]], () => visit(branch, `${name} is ${index === 0 ? 'true' : 'false'}`)));
  }

  /**
   * Which branches of a property's `Fn::If` give `value` ("IsProd is true", nested: "A is true and
   * B is false"); undefined when the value does not come from an `Fn::If` at the top of the property.
   */
  private conditionGiving(expr: unknown, value: number, depth = 0): string | undefined {
    const found = this.eachIfBranch(expr, depth, (branch, label) => {
      const result = this.template.evaluator.fresh().evaluate(branch);
      if (!result.known || !result.values.some((v) => v !== NO_VALUE && literalNumber(v) === value)) return undefined;
      const inner = this.conditionGiving(branch, value, depth + 1);
      return inner === undefined ? label : `${label} and ${inner}`;
    });
    return found?.find((label) => label !== undefined);
  }

  /**
   * The provisioned concurrency of each branch of a `ProvisionedConcurrencyConfig` (the property
   * or its count may be under `Fn::If`), each evaluated with the parameter values its condition needs.
   */
  private provisionedBranches(expr: unknown, condition?: string, depth = 0): ProvisionedBranch[] {
    const branches = this.eachIfBranch(expr, depth, (branch, label) => this.provisionedBranches(branch, label, depth + 1));
    if (branches) return branches.flat();
    if (expr === undefined || isNoValue(expr) || !isRecord(expr)) return [];
    const count = expr.ProvisionedConcurrentExecutions;
    const inner = depth < MAX_IF_DEPTH ? ifBranches(count) : undefined;
    if (inner)
      return this.provisionedBranches(
        { 'Fn::If': [inner.condition, { ProvisionedConcurrentExecutions: inner.branches[0] }, { ProvisionedConcurrentExecutions: inner.branches[1] }] },
        condition,
        depth + 1,
      );
    const value = this.template.numberOf(count);
    if (value === undefined) return [];
    return [{ value, ...(condition === undefined ? {} : { condition }) }];
  }
}

export interface ProvisionedBranch {
  value: number;
  /** "Cond is true": the branch of `Fn::If` that gives this value. */
  condition?: string;
}

/** A number as CloudFormation reads it: a number, or a string of decimal digits (not `true`, `""` or `0x10`). */
function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Whether a (possibly aliased, deeply shared) value mentions a string anywhere, within a budget. */
function mentions(value: unknown, needle: string): boolean {
  let budget = 5_000;
  const visit = (node: unknown, depth: number): boolean => {
    if (--budget < 0 || depth > 30) return false;
    if (typeof node === 'string') return node.includes(needle);
    if (Array.isArray(node)) return node.some((item) => visit(item, depth + 1));
    if (isRecord(node)) return Object.values(node).some((item) => visit(item, depth + 1));
    return false;
  };
  return visit(value, 0);
}
