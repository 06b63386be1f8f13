/**
 * CloudFormation, SAM and CDK-synthesised templates → functions, distributions and associations.
 *
 * The hard part is following `LambdaFunctionARN` back to a function: `!Ref Version`, `!GetAtt Fn.Arn`,
 * SAM's `!Ref Fn.Version`, `Fn::Join`/`Fn::Sub` of those, custom resources that publish a version
 * (`LambdaFunction` property), CDK's cross-region SSM reader. A reference that cannot be followed is
 * kept with the reason, never dropped: "unknown" must reach the rules as unknown.
 */

import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { type CloudFrontFunctionAssociation, EVENT_TYPES, type EventType, type FunctionConfig, isEventType, parseLambdaArn, type SourceLocation } from '../model/inventory.js';
import { LAMBDA_DEFAULTS, SAM_FUNCTION_DEFAULTS } from './cfn-defaults.js';
import type {
  ArnQualifier,
  AssociationTarget,
  ExtractedAssociation,
  ExtractedBehavior,
  ExtractedDefect,
  ExtractedDistribution,
  ExtractedFunction,
  ExtractedSsmParameter,
  Extraction,
  InputDefect,
  TemplateNote,
} from './cfn-extract.js';
import { associationDefect } from './cfn-extract.js';
import { Evaluator, intrinsicName, isNoValue, isRecord, NO_VALUE, renderExpression, splitSub, uniqueValues } from './cfn-intrinsics.js';
import type { ParsedDocument } from './cfn-parse.js';

/** What the surroundings tell about a template: a CDK manifest knows the stack's account and region. */
export interface CloudFormationContext {
  region?: string;
  accountId?: string;
  stackName?: string;
}

const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);
/** Custom resource properties that name the function a custom resource publishes or copies (plus `<Attribute>` and `<Attribute>Arn`). */
const CUSTOM_RESOURCE_FUNCTION_PROPERTIES = ['LambdaFunction', 'FunctionArn', 'LambdaFunctionArn'];
const MAX_FOLLOW_DEPTH = 8;
const MAX_ALTERNATIVES = 16;

interface Resource {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  condition?: string;
  metadata: Record<string, unknown>;
  source: SourceLocation;
}

type Token = { lit: string } | { ref: string } | { att: [string, string] } | { opaque: string; reason: string };

interface Alternative {
  tokens: Token[] | null;
  conditions: string[];
}

type Resolution =
  | { kind: 'function'; id: string; qualifier: ArnQualifier; via: string[] }
  | { kind: 'ssm'; name: string; region?: string; reader: string; via: string[] }
  | { kind: 'literal'; arn: string; qualifier: ArnQualifier; via: string[] }
  | { kind: 'unresolved'; reason: string };

type Anchor =
  | { kind: 'function'; id: string; qualifier: ArnQualifier; isName?: boolean; via: string[] }
  | { kind: 'ssm'; name: string; region?: string; reader: string; via: string[] }
  | { kind: 'unresolved'; reason: string }
  | { kind: 'skip' };

/** Reads one template. Throws InputError when the document is not a CloudFormation template. */
export function extractCloudFormation(file: string, doc: ParsedDocument, context: CloudFormationContext = {}): Extraction {
  return new TemplateReader(file, doc, context).read();
}

/** True when the parsed document has the shape of a CloudFormation/SAM template. */
export function looksLikeCloudFormation(root: unknown): boolean {
  return isRecord(root) && (Object.hasOwn(root, 'Resources') || Object.hasOwn(root, 'AWSTemplateFormatVersion'));
}

class TemplateReader {
  private readonly resources = new Map<string, Resource>();
  private readonly evaluator: Evaluator;
  private readonly notes: TemplateNote[] = [];
  private readonly defects: ExtractedDefect[] = [];
  private readonly globals: Record<string, unknown> | undefined;
  private readonly region?: string;

  constructor(
    private readonly file: string,
    private readonly doc: ParsedDocument,
    private readonly context: CloudFormationContext,
  ) {
    const root = doc.root;
    if (!isRecord(root)) throw new InputError(file, 'not a CloudFormation template: the document is not a mapping', { line: 1 });
    const resources = root.Resources;
    if (!isRecord(resources)) {
      const what = resources === undefined ? 'it has no "Resources" section' : '"Resources" is not a mapping of logical ids to resources';
      throw new InputError(file, `not a CloudFormation template: ${what}`, {
        line: doc.keyPosition(root, 'Resources')?.line ?? 1,
      });
    }
    for (const [id, value] of Object.entries(resources)) {
      const position = doc.keyPosition(resources, id);
      const where = { line: position?.line, column: position?.column };
      if (!isRecord(value)) throw new InputError(file, `resource ${id} is not a mapping`, where);
      if (typeof value.Type !== 'string' || value.Type === '') throw new InputError(file, `resource ${id} has no Type`, where);
      if (value.Properties !== undefined && value.Properties !== null && !isRecord(value.Properties)) {
        throw new InputError(file, `resource ${id}: Properties is not a mapping`, { line: doc.keyPosition(value, 'Properties')?.line ?? where.line });
      }
      this.resources.set(id, {
        id,
        type: value.Type,
        properties: isRecord(value.Properties) ? value.Properties : {},
        condition: typeof value.Condition === 'string' ? value.Condition : undefined,
        metadata: isRecord(value.Metadata) ? value.Metadata : {},
        source: { file, line: position?.line, column: position?.column },
      });
    }
    const parameters = new Map<string, { default?: unknown }>();
    if (isRecord(root.Parameters)) {
      for (const [name, parameter] of Object.entries(root.Parameters)) {
        parameters.set(name, { default: isRecord(parameter) ? parameter.Default : undefined });
      }
    }
    this.globals = isRecord(root.Globals) && isRecord(root.Globals.Function) ? root.Globals.Function : undefined;
    const metadata = isRecord(root.Metadata) ? root.Metadata : {};
    const hint = isRecord(metadata.edgecost) && typeof metadata.edgecost.region === 'string' ? metadata.edgecost.region : undefined;
    this.region = context.region ?? hint;
    this.evaluator = new Evaluator({
      parameters,
      mappings: isRecord(root.Mappings) ? root.Mappings : {},
      pseudo: { region: this.region, accountId: context.accountId, stackName: context.stackName },
      resourceTypes: new Map([...this.resources.values()].map((r) => [r.id, r.type])),
    });
  }

  read(): Extraction {
    const provisioned = this.provisionedConcurrencyByFunction();
    const functions: ExtractedFunction[] = [];
    const distributions: ExtractedDistribution[] = [];
    const ssmParameters: ExtractedSsmParameter[] = [];
    for (const resource of this.resources.values()) {
      if (FUNCTION_TYPES.has(resource.type)) functions.push(this.readFunction(resource, provisioned.get(resource.id)));
      else if (resource.type === 'AWS::CloudFront::Distribution') distributions.push(this.readDistribution(resource));
      else if (resource.type === 'AWS::SSM::Parameter') {
        const parameter = this.readSsmParameter(resource);
        if (parameter) ssmParameters.push(parameter);
      }
    }
    return { functions, distributions, ssmParameters, notes: this.notes, defects: this.defects };
  }

  private note(severity: TemplateNote['severity'], message: string, resource?: string, line?: number): TemplateNote {
    return { severity, message, resource, file: this.file, line };
  }

  private lineOf(value: unknown): number | undefined {
    return this.doc.positionOf(value)?.line;
  }

  private locate(value: unknown, fallback: SourceLocation): SourceLocation {
    const position = this.doc.positionOf(value);
    return position ? { file: this.file, line: position.line, column: position.column } : fallback;
  }

  // ------------------------------------------------------------------------------------ functions

  /** SAM Globals: scalars are replaced, maps merged (the resource wins), lists are the global items then the resource's. */
  private mergeGlobals(globals: unknown, local: unknown, depth = 0): unknown {
    if (local === undefined) return globals;
    if (globals === undefined || depth > 8) return local;
    if (isRecord(globals) && isRecord(local) && !intrinsicName(globals) && !intrinsicName(local)) {
      const merged: Record<string, unknown> = { ...globals };
      for (const [key, value] of Object.entries(local)) merged[key] = this.mergeGlobals(globals[key], value, depth + 1);
      return merged;
    }
    if (Array.isArray(globals) && Array.isArray(local)) return [...globals, ...local];
    return local;
  }

  private readFunction(resource: Resource, provisioned: number | undefined): ExtractedFunction {
    const sam = resource.type === 'AWS::Serverless::Function';
    const props = sam && this.globals ? (this.mergeGlobals(this.globals, resource.properties) as Record<string, unknown>) : resource.properties;
    const notes: TemplateNote[] = [];
    const defects: InputDefect[] = [];
    const id = resource.id;
    const line = resource.source.line;
    const propertyPosition = (property: string): { line?: number; column?: number } =>
      this.doc.keyPosition(resource.properties, property) ?? (sam ? this.doc.keyPosition(this.globals, property) : undefined) ?? { line };
    const propertyLine = (property: string): number | undefined => propertyPosition(property).line;
    const defaults = sam ? SAM_FUNCTION_DEFAULTS : LAMBDA_DEFAULTS;

    /** `defectKind`: a literal that is not a whole number is a value the deployment rejects, reported as a finding. */
    const number = (expr: unknown, property: string, label: string, fallback?: number, defectKind?: InputDefect['kind']): number | undefined => {
      if (expr === undefined || isNoValue(expr)) return fallback;
      const result = this.evaluator.fresh().evaluate(expr);
      if (!result.known) {
        notes.push(this.note('warning', `${id}: ${property} is ${renderExpression(expr)}, which cannot be evaluated before deploy (${result.reason}); the ${label} is unknown`, id, propertyLine(property.split('.')[0]!)));
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
          file: this.file,
          ...propertyPosition(property.split('.')[0]!),
          message: `${property} ${shown} is not ${parsed[0] === undefined ? 'a number' : 'a whole number'} (CloudFormation rejects it)`,
          actual: typeof raw === 'number' ? raw : renderExpression(raw),
        });
        return undefined;
      }
      const numbers = uniqueValues(parsed.filter((n): n is number => n !== undefined));
      if (numbers.length === 0) {
        notes.push(this.note('warning', `${id}: ${property} ${renderExpression(expr)} is not a number; the ${label} is unknown`, id, propertyLine(property.split('.')[0]!)));
        return undefined;
      }
      const chosen = Math.max(...numbers);
      if (numbers.length > 1) {
        notes.push(this.note('info', `${id}: ${property} depends on a condition (${numbers.join(' or ')}); using ${chosen}, the larger`, id, propertyLine(property.split('.')[0]!)));
      } else if (result.via.length > 0) {
        notes.push(this.note('info', `${id}: ${property} ${chosen} comes from ${result.via.join(', ')}; a deploy may pass another value`, id, propertyLine(property.split('.')[0]!)));
      }
      return chosen;
    };
    const text = (expr: unknown, property: string): string | undefined => {
      if (expr === undefined || isNoValue(expr)) return undefined;
      const result = this.evaluator.single(expr);
      if ('value' in result) {
        if (result.value === NO_VALUE || result.value === null) return undefined;
        if (result.via.length > 0) notes.push(this.note('info', `${id}: ${property} "${String(result.value)}" comes from ${result.via.join(', ')}`, id, propertyLine(property)));
        return String(result.value);
      }
      if (result.values) {
        const options = result.values.filter((v) => v !== NO_VALUE).map(String);
        notes.push(this.note('info', `${id}: ${property} depends on a condition (${options.join(' or ')}); using "${options[0]}"`, id, propertyLine(property)));
        return options[0];
      }
      notes.push(this.note('warning', `${id}: ${property} is ${renderExpression(expr)}, which cannot be evaluated before deploy (${result.reason})`, id, propertyLine(property)));
      return undefined;
    };

    const config: Omit<FunctionConfig, 'key'> = { functionName: id, resource: id, source: resource.source };
    // A conditional or generated name (`!If [..., !Sub ..., !Ref AWS::NoValue]`) is not the function's name.
    const named = props.FunctionName === undefined ? undefined : this.evaluator.single(props.FunctionName);
    const explicitName = named && 'value' in named && typeof named.value === 'string' && named.value !== '' ? named.value : undefined;
    if (explicitName) config.functionName = explicitName;
    if (this.region) config.region = this.region;
    if (this.context.accountId) config.accountId = this.context.accountId;
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
      if (target !== undefined && !isNoValue(target)) config.deadLetterTargetArn = renderExpression(this.evaluatedOrSelf(target));
    }

    const storage = isRecord(props.EphemeralStorage) ? props.EphemeralStorage.Size : undefined;
    config.ephemeralStorageMB = number(storage, 'EphemeralStorage.Size', 'ephemeral storage size', LAMBDA_DEFAULTS.ephemeralStorageMB.value);

    const reserved = number(props.ReservedConcurrentExecutions, 'ReservedConcurrentExecutions', 'reserved concurrency');
    if (reserved !== undefined) config.reservedConcurrency = reserved;
    let provisionedConcurrency = provisioned;
    if (sam && isRecord(props.ProvisionedConcurrencyConfig)) {
      const value = this.numberOf(props.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions);
      if (value !== undefined) provisionedConcurrency = Math.max(value, provisionedConcurrency ?? 0);
      else notes.push(this.note('warning', `${id}: ProvisionedConcurrencyConfig is set but its value cannot be evaluated`, id, line));
    }
    if (provisionedConcurrency !== undefined) config.provisionedConcurrency = provisionedConcurrency;

    const extracted: ExtractedFunction = { file: this.file, id, config, edgeTrusted: this.trustsEdgeLambda(props), notes, defects };
    if (explicitName) extracted.explicitName = explicitName;
    this.readCode(resource, props, extracted, sam, isImage);
    if (resource.condition) notes.push(this.note('info', `${id} is created only when condition ${resource.condition} is true`, id, line));
    return extracted;
  }

  private numberOf(expr: unknown): number | undefined {
    const result = this.evaluator.single(expr);
    if (!('value' in result)) return undefined;
    const n = Number(result.value);
    return Number.isFinite(n) && result.value !== null && result.value !== '' ? n : undefined;
  }

  private evaluatedOrSelf(expr: unknown): unknown {
    const result = this.evaluator.single(expr);
    return 'value' in result && typeof result.value === 'string' ? result.value : expr;
  }

  /** A list of strings; `null` when the property is absent; `undefined` when it cannot be known. */
  private stringList(expr: unknown, id: string, property: string, notes: TemplateNote[]): string[] | null | undefined {
    if (expr === undefined || isNoValue(expr)) return null;
    const items = this.listItems(expr, id, property, notes);
    if (items === undefined) return undefined;
    return items.map((item) => renderExpression(this.evaluatedOrSelf(item)));
  }

  /** Items of a list property; `Fn::If` branches are united (with a note). */
  private listItems(expr: unknown, id: string, property: string, notes: TemplateNote[], depth = 0): unknown[] | undefined {
    if (Array.isArray(expr)) {
      const out: unknown[] = [];
      for (const item of expr) {
        if (isNoValue(item)) continue;
        if (intrinsicName(item) === 'Fn::If' && depth < 4) {
          const argument = (item as Record<string, unknown>)['Fn::If'];
          if (Array.isArray(argument) && argument.length === 3) {
            notes.push(this.note('info', `${id}: an item of ${property} depends on condition ${String(argument[0])}; both branches are considered`, id, this.lineOf(item)));
            for (const branch of [argument[1], argument[2]]) if (!isNoValue(branch)) out.push(branch);
            continue;
          }
        }
        out.push(item);
      }
      return out;
    }
    if (intrinsicName(expr) === 'Fn::If' && depth < 4) {
      const argument = (expr as Record<string, unknown>)['Fn::If'];
      if (Array.isArray(argument) && argument.length === 3) {
        notes.push(this.note('info', `${id}: ${property} depends on condition ${String(argument[0])}; both branches are considered`, id, this.lineOf(expr)));
        const out: unknown[] = [];
        for (const branch of [argument[1], argument[2]]) {
          if (isNoValue(branch)) continue;
          const items = this.listItems(branch, id, property, notes, depth + 1);
          if (items === undefined) return undefined;
          out.push(...items);
        }
        return uniqueValues(out);
      }
    }
    const evaluated = this.evaluator.fresh().evaluate(expr);
    if (evaluated.known && evaluated.values.every(Array.isArray)) return uniqueValues((evaluated.values as unknown[][]).flat());
    notes.push(this.note('warning', `${id}: ${property} is ${renderExpression(expr)}, which cannot be evaluated before deploy`, id, this.lineOf(expr)));
    return undefined;
  }

  /** Names of the environment variables (never their values); undefined when they cannot be known. */
  private environmentNames(environment: unknown, id: string, notes: TemplateNote[], depth = 0): string[] | undefined {
    if (environment === undefined || environment === null || isNoValue(environment)) return [];
    const fromIf = (expr: unknown, read: (branch: unknown) => string[] | undefined): string[] | undefined => {
      const argument = (expr as Record<string, unknown>)['Fn::If'];
      if (!Array.isArray(argument) || argument.length !== 3) return undefined;
      notes.push(this.note('info', `${id}: environment variables depend on condition ${String(argument[0])}; both branches are considered`, id, this.lineOf(expr)));
      const names = new Set<string>();
      for (const branch of [argument[1], argument[2]]) {
        const branchNames = read(branch);
        if (branchNames === undefined) return undefined;
        for (const name of branchNames) names.add(name);
      }
      return [...names];
    };
    if (intrinsicName(environment) === 'Fn::If' && depth < 4) return fromIf(environment, (branch) => this.environmentNames(branch, id, notes, depth + 1));
    if (!isRecord(environment) || intrinsicName(environment)) {
      notes.push(this.note('warning', `${id}: Environment is ${renderExpression(environment)}; its variables cannot be known before deploy`, id, this.lineOf(environment)));
      return undefined;
    }
    const variables = environment.Variables;
    if (variables === undefined || variables === null || isNoValue(variables)) return [];
    if (intrinsicName(variables) === 'Fn::If' && depth < 4) return fromIf(variables, (branch) => this.environmentNames({ Variables: branch }, id, notes, depth + 1));
    if (!isRecord(variables) || intrinsicName(variables)) {
      notes.push(this.note('warning', `${id}: Environment.Variables is ${renderExpression(variables)}; the variable names cannot be known before deploy`, id, this.lineOf(variables)));
      return undefined;
    }
    return Object.keys(variables).filter((name) => !isNoValue(variables[name]));
  }

  private vpcConfigured(vpc: unknown, id: string, notes: TemplateNote[]): boolean | undefined {
    if (vpc === undefined || vpc === null || isNoValue(vpc)) return false;
    if (intrinsicName(vpc) === 'Fn::If') {
      const argument = (vpc as Record<string, unknown>)['Fn::If'];
      if (Array.isArray(argument) && argument.length === 3) {
        const branches = [argument[1], argument[2]].map((branch) => this.vpcConfigured(branch, id, notes));
        notes.push(this.note('info', `${id}: VpcConfig depends on condition ${String(argument[0])}; both branches are considered`, id, this.lineOf(vpc)));
        if (branches.includes(true)) return true;
        return branches.includes(undefined) ? undefined : false;
      }
    }
    if (!isRecord(vpc) || intrinsicName(vpc)) return undefined;
    const subnets = vpc.SubnetIds;
    // An empty subnet list is how templates say "no VPC" (CloudFormation detaches the function).
    if (Array.isArray(subnets) && subnets.length === 0) return false;
    return subnets !== undefined || vpc.SecurityGroupIds !== undefined;
  }

  private readCode(resource: Resource, props: Record<string, unknown>, extracted: ExtractedFunction, sam: boolean, isImage: boolean): void {
    const base = dirname(this.file);
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
      if (typeof props.InlineCode === 'string') {
        extracted.inlineCodeBytes = Buffer.byteLength(props.InlineCode, 'utf8');
        return;
      }
      const uri = props.CodeUri;
      if (typeof uri === 'string' && uri !== '') {
        if (/^s3:\/\//i.test(uri)) extracted.codeUnmeasurable = `CodeUri ${uri} is in S3`;
        else extracted.code = { path: resolve(base, uri), property: 'CodeUri', written: uri };
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
    if (isRecord(code) && typeof code.ZipFile === 'string') {
      extracted.inlineCodeBytes = Buffer.byteLength(code.ZipFile, 'utf8');
      return;
    }
    if (isRecord(code) && code.ZipFile !== undefined) {
      const zipFile = this.evaluator.single(code.ZipFile);
      if ('value' in zipFile && typeof zipFile.value === 'string') extracted.inlineCodeBytes = Buffer.byteLength(zipFile.value, 'utf8');
      else extracted.codeUnmeasurable = 'the inline code (ZipFile) is built at deploy';
      return;
    }
    if (typeof code === 'string' && code !== '') {
      // `aws cloudformation package` accepts a local path in Code.
      extracted.code = { path: resolve(base, code), property: 'Code', written: code };
      return;
    }
    extracted.codeUnmeasurable = isRecord(code) && code.S3Bucket !== undefined ? `the code is in S3 (${renderExpression(code.S3Key ?? code.S3Bucket)})` : 'the template does not say where the code is';
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
    const resource = roleId ? this.resources.get(roleId) : undefined;
    return resource?.type === 'AWS::IAM::Role' && mentions(resource.properties.AssumeRolePolicyDocument, 'edgelambda.amazonaws.com');
  }

  /** AWS::Lambda::Version / Alias with ProvisionedConcurrencyConfig, by the function they point at. */
  private provisionedConcurrencyByFunction(): Map<string, number> {
    const byFunction = new Map<string, number>();
    for (const resource of this.resources.values()) {
      if (resource.type !== 'AWS::Lambda::Version' && resource.type !== 'AWS::Lambda::Alias') continue;
      const config = resource.properties.ProvisionedConcurrencyConfig;
      if (!isRecord(config)) continue;
      const target = this.functionNamed(resource.properties.FunctionName, 0);
      if (target.kind !== 'function') continue;
      const value = this.numberOf(config.ProvisionedConcurrentExecutions) ?? Number.NaN;
      // An unevaluable count still means "provisioned concurrency is configured".
      byFunction.set(target.id, Math.max(byFunction.get(target.id) ?? 0, Number.isNaN(value) ? 1 : value));
    }
    return byFunction;
  }

  // ---------------------------------------------------------------------------------- distributions

  private readDistribution(resource: Resource): ExtractedDistribution {
    const distribution: ExtractedDistribution = { file: this.file, id: resource.id, source: resource.source, behaviors: [] };
    if (this.context.accountId) distribution.accountId = this.context.accountId;
    if (resource.condition) {
      this.notes.push(this.note('info', `distribution ${resource.id} is created only when condition ${resource.condition} is true`, resource.id, resource.source.line));
    }
    const configs = this.branches(resource.properties.DistributionConfig, resource.id, 'DistributionConfig');
    for (const config of configs) {
      if (!isRecord(config)) continue;
      const enabled = this.evaluator.single(config.Enabled);
      if ('value' in enabled && typeof enabled.value === 'boolean') distribution.enabled = enabled.value;
      else if ('value' in enabled && (enabled.value === 'true' || enabled.value === 'false')) distribution.enabled = enabled.value === 'true';
      const comment = this.evaluator.single(config.Comment);
      if ('value' in comment && typeof comment.value === 'string') distribution.comment = comment.value;
      for (const behavior of this.branches(config.DefaultCacheBehavior, resource.id, 'DefaultCacheBehavior')) {
        if (isRecord(behavior)) distribution.behaviors.push(this.readBehavior(resource, behavior, '*'));
      }
      for (const item of this.flatList(config.CacheBehaviors, resource.id, 'CacheBehaviors')) {
        if (!isRecord(item)) continue;
        distribution.behaviors.push(this.readBehavior(resource, item, this.pathPattern(item.PathPattern)));
      }
    }
    return distribution;
  }

  private pathPattern(expr: unknown): string {
    const result = this.evaluator.single(expr);
    if ('value' in result && typeof result.value === 'string') return result.value;
    return renderExpression(expr);
  }

  /** The alternatives of a value that may be an `Fn::If` (NoValue dropped), noting the condition. */
  private branches(expr: unknown, resource: string, property: string, depth = 0): unknown[] {
    if (expr === undefined || expr === null || isNoValue(expr)) return [];
    if (intrinsicName(expr) === 'Fn::If' && depth < 4) {
      const argument = (expr as Record<string, unknown>)['Fn::If'];
      if (Array.isArray(argument) && argument.length === 3) {
        this.notes.push(this.note('info', `${resource}: ${property} depends on condition ${String(argument[0])}; both branches are considered`, resource, this.lineOf(expr)));
        return [...this.branches(argument[1], resource, property, depth + 1), ...this.branches(argument[2], resource, property, depth + 1)];
      }
    }
    return [expr];
  }

  /** Items of a list whose items (or the list itself) may be `Fn::If`. */
  private flatList(expr: unknown, resource: string, property: string): unknown[] {
    const out: unknown[] = [];
    for (const list of this.branches(expr, resource, property)) {
      if (!Array.isArray(list)) {
        if (list !== undefined) this.notes.push(this.note('warning', `${resource}: ${property} is ${renderExpression(list)}, which cannot be read before deploy`, resource, this.lineOf(list)));
        continue;
      }
      for (const item of list) out.push(...this.branches(item, resource, property));
    }
    return out;
  }

  private readBehavior(resource: Resource, behavior: Record<string, unknown>, pathPattern: string): ExtractedBehavior {
    const out: ExtractedBehavior = {
      pathPattern,
      source: this.locate(behavior, resource.source),
      lambdaAssociations: [],
      functionAssociations: [],
    };
    for (const { item, source } of this.associationItems(resource, behavior, pathPattern, out.source ?? resource.source)) {
      const association = this.readAssociation(resource, item, pathPattern, source);
      if (association) out.lambdaAssociations.push(association);
    }
    for (const item of this.flatList(behavior.FunctionAssociations, resource.id, `FunctionAssociations of ${pathPattern}`)) {
      if (!isRecord(item)) continue;
      const eventType = this.evaluator.single(item.EventType);
      if (!('value' in eventType) || !isEventType(eventType.value)) continue;
      const association: CloudFrontFunctionAssociation = {
        eventType: eventType.value,
        functionArn: renderExpression(this.evaluatedOrSelf(item.FunctionARN)),
        source: this.locate(item, resource.source),
      };
      out.functionAssociations.push(association);
    }
    return out;
  }

  /** Records an association CloudFront would reject (or that cannot be read before deploy). */
  private defect(
    resource: Resource,
    pathPattern: string,
    source: SourceLocation,
    fields: Pick<InputDefect, 'message' | 'actual'> & Partial<Pick<InputDefect, 'unknown' | 'restriction' | 'expected' | 'eventType' | 'functionArn'>>,
    target?: AssociationTarget,
  ): void {
    const defect = associationDefect(this.file, resource.id, pathPattern, source, fields);
    this.defects.push(target ? { defect, target } : { defect });
  }

  /**
   * The items of `LambdaFunctionAssociations` (`Fn::If` branches united). A value that is not a list,
   * or an item that is not a mapping, is an invalid association; one built by an intrinsic that cannot
   * be evaluated before deploy is unknown. Neither is skipped in silence.
   */
  private associationItems(resource: Resource, behavior: Record<string, unknown>, pathPattern: string, fallback: SourceLocation): { item: Record<string, unknown>; source: SourceLocation }[] {
    const property = `LambdaFunctionAssociations of ${pathPattern}`;
    const listSource = (value: unknown): SourceLocation => {
      const position = this.doc.positionOf(value) ?? this.doc.keyPosition(behavior, 'LambdaFunctionAssociations');
      return position ? { file: this.file, line: position.line, column: position.column } : fallback;
    };
    const lists: { list: unknown[]; source: SourceLocation }[] = [];
    for (const list of this.branches(behavior.LambdaFunctionAssociations, resource.id, property)) {
      const source = listSource(list);
      if (Array.isArray(list)) {
        lists.push({ list, source });
        continue;
      }
      if (intrinsicName(list)) {
        const evaluated = this.evaluator.fresh().evaluate(list);
        if (evaluated.known && evaluated.values.every(Array.isArray)) {
          for (const value of evaluated.values as unknown[][]) lists.push({ list: value, source });
          continue;
        }
        const reason = evaluated.known ? 'it does not evaluate to a list' : evaluated.reason;
        this.defect(resource, pathPattern, source, { message: `${property} is ${renderExpression(list)}, which cannot be read before deploy (${reason})`, actual: renderExpression(list), unknown: true });
        continue;
      }
      this.defect(resource, pathPattern, source, { message: `${property} is ${describeLiteral(list)}, not a list of associations`, actual: renderExpression(list), expected: 'a list' });
    }
    const items: { item: Record<string, unknown>; source: SourceLocation }[] = [];
    for (const { list, source: listAt } of lists) {
      for (const [index, entry] of list.entries()) {
        const entryAt = this.doc.keyPosition(list, String(index));
        const entrySource = entryAt ? { file: this.file, line: entryAt.line, column: entryAt.column } : listAt;
        for (const item of this.branches(entry, resource.id, property)) {
          const source = this.locate(item, entrySource);
          if (isRecord(item) && !intrinsicName(item)) {
            items.push({ item, source });
            continue;
          }
          if (intrinsicName(item)) {
            const evaluated = this.evaluator.single(item);
            if ('value' in evaluated && isRecord(evaluated.value) && !intrinsicName(evaluated.value)) {
              items.push({ item: evaluated.value, source });
              continue;
            }
            this.defect(resource, pathPattern, source, {
              message: `an item of ${property} is ${renderExpression(item)}, which cannot be read before deploy${'reason' in evaluated ? ` (${evaluated.reason})` : ''}`,
              actual: renderExpression(item),
              unknown: true,
            });
            continue;
          }
          this.defect(resource, pathPattern, source, {
            message: `an item of ${property} is ${describeLiteral(item)}, not a mapping with EventType and LambdaFunctionARN`,
            actual: renderExpression(item),
            expected: 'a mapping',
          });
        }
      }
    }
    return items;
  }

  private readAssociation(resource: Resource, item: Record<string, unknown>, pathPattern: string, source: SourceLocation): ExtractedAssociation | undefined {
    const arnExpr = isNoValue(item.LambdaFunctionARN) ? undefined : item.LambdaFunctionARN;
    const hasArn = arnExpr !== undefined && arnExpr !== null && arnExpr !== '';
    const eventTypeExpr = isNoValue(item.EventType) ? undefined : item.EventType;
    const eventType = eventTypeExpr === undefined || eventTypeExpr === null ? undefined : this.evaluator.single(eventTypeExpr);
    let validEvent: EventType | undefined;
    if (eventType && 'value' in eventType && isEventType(eventType.value)) validEvent = eventType.value;
    if (!validEvent || !hasArn) {
      // Rejected (or unreadable) as written: an invalid-association finding, not an association.
      const where = `a Lambda@Edge association of ${pathPattern}`;
      const problems: string[] = [];
      let actual: string | undefined;
      let restriction = 'associationShape';
      let expected: string | undefined;
      let unknown = false;
      if (eventType === undefined) {
        expected = 'required';
        problems.push('has no EventType');
        actual = 'no EventType';
      } else if (!validEvent) {
        if ('value' in eventType && eventType.value !== NO_VALUE) {
          const shown = typeof eventType.value === 'string' ? JSON.stringify(eventType.value) : renderExpression(eventType.value);
          problems.push(`has EventType ${shown}, not one of ${EVENT_TYPES.join(', ')}`);
          actual = typeof eventType.value === 'string' ? eventType.value : renderExpression(eventType.value);
          restriction = 'associationEventTypes';
        } else if ('value' in eventType) {
          problems.push('has no EventType');
          actual = 'no EventType';
          expected = 'required';
        } else {
          const options = eventType.values?.filter((v) => v !== NO_VALUE).map(String);
          problems.push(
            options && options.length > 0
              ? `has an EventType that depends on a condition (${options.join(' or ')})`
              : `has EventType ${renderExpression(eventTypeExpr)}, which cannot be evaluated before deploy (${eventType.reason})`,
          );
          actual = renderExpression(eventTypeExpr);
          restriction = 'associationEventTypes';
          unknown = true;
        }
      }
      if (!hasArn) {
        problems.push(problems.length > 0 ? 'no LambdaFunctionARN' : 'has no LambdaFunctionARN');
        if (actual === undefined) {
          actual = 'no LambdaFunctionARN';
          expected = 'required';
        }
        unknown = false;
      }
      const functionArn = hasArn ? renderExpression(this.evaluatedOrSelf(arnExpr)) : undefined;
      // The function it names is still a Lambda@Edge function: lint it, on every event it could run on.
      const target = hasArn ? this.targetOf(arnExpr) : undefined;
      this.defect(
        resource,
        pathPattern,
        source,
        {
          message: `${where} ${problems.join(' and ')}`,
          actual: actual ?? '',
          restriction,
          ...(expected === undefined ? {} : { expected }),
          ...(unknown ? { unknown } : {}),
          ...(validEvent ? { eventType: validEvent } : {}),
          ...(functionArn === undefined ? {} : { functionArn }),
        },
        target,
      );
      return undefined;
    }
    const includeBody = this.evaluator.single(item.IncludeBody);
    const association: ExtractedAssociation['association'] = {
      eventType: validEvent,
      includeBody: 'value' in includeBody && (includeBody.value === true || includeBody.value === 'true'),
      source,
    };
    association.functionArn = renderExpression(this.evaluatedOrSelf(arnExpr));
    const where = `${resource.id} ${validEvent} on ${pathPattern}`;
    const resolutions = this.resolveArn(arnExpr, 0);
    const conditional = resolutions.length > 1;
    const functions = resolutions.filter((r): r is Extract<Resolution, { kind: 'function' }> => r.kind === 'function');
    const distinct = [...new Set(functions.map((r) => r.id))];
    const others = resolutions.filter((r) => r.kind !== 'function');
    if (distinct.length > 0) {
      const chosen = functions[0]!;
      const qualifiers = [...new Set(functions.filter((r) => r.id === chosen.id).map((r) => r.qualifier))];
      association.arnQualifier = qualifiers.length === 1 ? qualifiers[0] : 'unknown';
      const via = [...new Set(functions.flatMap((r) => r.via))];
      if (via.length > 0 || conditional) {
        const detail = [`${where}: LambdaFunctionARN ${association.functionArn} leads to ${chosen.id}`];
        if (via.length > 0) detail.push(`through ${via.join('; ')}`);
        if (distinct.length > 1) detail.push(`(Fn::If: other branches lead to ${distinct.slice(1).join(', ')}, linked to the first)`);
        const unresolved = others.filter((r) => r.kind === 'unresolved');
        if (unresolved.length > 0) detail.push(`(other branches: ${unresolved.map((r) => (r as { reason: string }).reason).join('; ')})`);
        this.notes.push(this.note(distinct.length > 1 ? 'warning' : 'info', detail.join(' '), resource.id, source.line));
      }
      return { association, target: { kind: 'function', file: this.file, id: chosen.id } };
    }
    const ssm = resolutions.find((r): r is Extract<Resolution, { kind: 'ssm' }> => r.kind === 'ssm');
    if (ssm) {
      association.arnQualifier = 'unknown';
      return { association, target: { kind: 'ssm-parameter', name: ssm.name, region: ssm.region, reader: ssm.reader } };
    }
    const literal = resolutions.find((r): r is Extract<Resolution, { kind: 'literal' }> => r.kind === 'literal');
    if (literal) {
      association.functionArn = literal.arn;
      association.arnQualifier = literal.qualifier;
      return { association, target: { kind: 'literal-arn', arn: literal.arn, scope: 'template' } };
    }
    const reasons = [...new Set(resolutions.map((r) => (r.kind === 'unresolved' ? r.reason : '')).filter(Boolean))];
    association.unresolvedReason = reasons.length > 0 ? reasons.join('; ') : `LambdaFunctionARN ${association.functionArn} cannot be followed`;
    association.arnQualifier = 'unknown';
    return { association };
  }

  /** The function (or SSM hand-over, or literal ARN) an ARN expression leads to, without notes. */
  private targetOf(arnExpr: unknown): AssociationTarget | undefined {
    const resolutions = this.resolveArn(arnExpr, 0);
    const fn = resolutions.find((r): r is Extract<Resolution, { kind: 'function' }> => r.kind === 'function');
    if (fn) return { kind: 'function', file: this.file, id: fn.id };
    const ssm = resolutions.find((r): r is Extract<Resolution, { kind: 'ssm' }> => r.kind === 'ssm');
    if (ssm) return { kind: 'ssm-parameter', name: ssm.name, region: ssm.region, reader: ssm.reader };
    const literal = resolutions.find((r): r is Extract<Resolution, { kind: 'literal' }> => r.kind === 'literal');
    return literal ? { kind: 'literal-arn', arn: literal.arn, scope: 'template' } : undefined;
  }

  private readSsmParameter(resource: Resource): ExtractedSsmParameter | undefined {
    const name = this.evaluator.single(resource.properties.Name);
    if (!('value' in name) || typeof name.value !== 'string') return undefined;
    const value = resource.properties.Value;
    if (value === undefined) return undefined;
    const target = this.resolveArn(value, 0).find((r): r is Extract<Resolution, { kind: 'function' }> => r.kind === 'function');
    if (!target) return undefined;
    return { name: name.value, region: this.region, file: this.file, target: { kind: 'function', file: this.file, id: target.id }, arnQualifier: target.qualifier };
  }

  // ---------------------------------------------------------------------------- ARN → function

  /** Every way an ARN expression can turn out (one per `Fn::If` branch), each followed to its function. */
  private resolveArn(expr: unknown, depth: number): Resolution[] {
    if (depth > MAX_FOLLOW_DEPTH) return [{ kind: 'unresolved', reason: 'the reference chain is too long to follow' }];
    const out: Resolution[] = [];
    for (const alternative of this.flatten(expr, 0)) {
      if (alternative.tokens === null) continue;
      const resolution = this.analyze(alternative.tokens, depth);
      if (alternative.conditions.length > 0 && resolution.kind !== 'unresolved') {
        resolution.via = [...resolution.via, `Fn::If ${alternative.conditions.join(', ')}`];
      }
      out.push(resolution);
    }
    return out.length > 0 ? out : [{ kind: 'unresolved', reason: 'the ARN is AWS::NoValue' }];
  }

  /** The expression as token sequences: one sequence per `Fn::If` branch, `null` for AWS::NoValue. */
  private flatten(expr: unknown, depth: number): Alternative[] {
    if (depth > 20) return [{ tokens: [{ opaque: '…', reason: 'the expression is nested too deeply' }], conditions: [] }];
    if (typeof expr === 'string' || typeof expr === 'number' || typeof expr === 'boolean') return [{ tokens: [{ lit: String(expr) }], conditions: [] }];
    if (isNoValue(expr)) return [{ tokens: null, conditions: [] }];
    const name = intrinsicName(expr);
    const argument = name ? (expr as Record<string, unknown>)[name] : undefined;
    switch (name) {
      case 'Ref':
        return [{ tokens: [{ ref: String(argument) }], conditions: [] }];
      case 'Fn::GetAtt': {
        const parts = Array.isArray(argument) ? argument.map(String) : typeof argument === 'string' ? splitOnce(argument) : [];
        if (parts.length >= 2) return [{ tokens: [{ att: [parts[0]!, parts.slice(1).join('.')] }], conditions: [] }];
        break;
      }
      case 'Fn::If': {
        if (Array.isArray(argument) && argument.length === 3) {
          const condition = String(argument[0]);
          return [...this.flatten(argument[1], depth + 1), ...this.flatten(argument[2], depth + 1)]
            .map((a) => ({ tokens: a.tokens, conditions: [condition, ...a.conditions] }))
            .slice(0, MAX_ALTERNATIVES);
        }
        break;
      }
      case 'Fn::Sub': {
        const template = Array.isArray(argument) ? argument[0] : argument;
        const variables = Array.isArray(argument) && isRecord(argument[1]) ? argument[1] : {};
        if (typeof template !== 'string') break;
        const pieces = splitSub(template).map((part): Alternative[] => {
          if ('text' in part) return [{ tokens: [{ lit: part.text }], conditions: [] }];
          if (Object.hasOwn(variables, part.name)) return this.flatten(variables[part.name], depth + 1);
          const dot = part.name.indexOf('.');
          if (dot > 0 && !part.name.startsWith('AWS::')) return [{ tokens: [{ att: [part.name.slice(0, dot), part.name.slice(dot + 1)] }], conditions: [] }];
          return [{ tokens: [{ ref: part.name }], conditions: [] }];
        });
        return concatenate(pieces);
      }
      case 'Fn::Join': {
        if (!Array.isArray(argument) || typeof argument[0] !== 'string') break;
        const delimiter = argument[0];
        const list = argument[1];
        if (Array.isArray(list)) {
          const pieces: Alternative[][] = [];
          list.forEach((item, index) => {
            if (index > 0) pieces.push([{ tokens: [{ lit: delimiter }], conditions: [] }]);
            pieces.push(this.flatten(item, depth + 1));
          });
          return concatenate(pieces);
        }
        if (intrinsicName(list) === 'Fn::If') {
          const ifArgument = (list as Record<string, unknown>)['Fn::If'];
          if (Array.isArray(ifArgument) && ifArgument.length === 3) {
            return [
              ...this.flatten({ 'Fn::Join': [delimiter, ifArgument[1]] }, depth + 1),
              ...this.flatten({ 'Fn::Join': [delimiter, ifArgument[2]] }, depth + 1),
            ].slice(0, MAX_ALTERNATIVES);
          }
        }
        break;
      }
      case 'Fn::ImportValue':
        return [{ tokens: [{ opaque: renderExpression(expr), reason: `the ARN is imported from another stack's export (${renderExpression(argument)}); lint that stack's template too` }], conditions: [] }];
    }
    const evaluated = this.evaluator.fresh().evaluate(expr);
    if (evaluated.known) {
      return evaluated.values.map((value) =>
        value === NO_VALUE ? { tokens: null, conditions: [] } : { tokens: [{ lit: typeof value === 'string' ? value : String(value) }], conditions: [] },
      );
    }
    return [{ tokens: [{ opaque: renderExpression(expr), reason: `${renderExpression(expr)} cannot be evaluated before deploy (${evaluated.reason})` }], conditions: [] }];
  }

  private analyze(input: Token[], depth: number): Resolution {
    // Parameters with defaults and known pseudo parameters become text.
    const via: string[] = [];
    const tokens: Token[] = [];
    for (const token of input) {
      let next: Token = token;
      if ('ref' in token) {
        const evaluation = this.evaluator.fresh().evaluate({ Ref: token.ref });
        if (evaluation.known && evaluation.values.length === 1 && typeof evaluation.values[0] === 'string' && !this.resources.has(token.ref)) {
          next = { lit: evaluation.values[0] };
          via.push(...evaluation.via);
        }
      }
      const last = tokens[tokens.length - 1];
      if ('lit' in next && last && 'lit' in last) tokens[tokens.length - 1] = { lit: last.lit + next.lit };
      else tokens.push(next);
    }
    if (tokens.length === 1 && 'lit' in tokens[0]!) return this.literalArn(tokens[0].lit, via);
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index]!;
      if ('lit' in token) continue;
      if ('opaque' in token) return { kind: 'unresolved', reason: token.reason };
      const anchor = 'ref' in token ? this.classifyRef(token.ref, depth) : this.classifyGetAtt(token.att[0], token.att[1], depth);
      if (anchor.kind === 'skip') continue;
      if (anchor.kind === 'unresolved') return anchor;
      if (anchor.kind === 'ssm') return { ...anchor, via: [...via, ...anchor.via] };
      let qualifier = anchor.qualifier;
      if (qualifier === 'unqualified') qualifier = this.qualifierAfter(tokens.slice(index + 1), via);
      return { kind: 'function', id: anchor.id, qualifier, via: [...via, ...anchor.via] };
    }
    // `arn:${AWS::Partition}:lambda:us-east-1:${AWS::AccountId}:function:name:3` — only the name is known.
    const text = renderTokens(tokens);
    const named = /:function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(text);
    if (named) {
      const [, name, suffix] = named as unknown as [string, string, string | undefined];
      const qualifier = suffix === undefined ? 'unqualified' : qualifierOf(suffix);
      for (const resource of this.resources.values()) {
        if (FUNCTION_TYPES.has(resource.type) && resource.properties.FunctionName === name) {
          return { kind: 'function', id: resource.id, qualifier, via: [...via, `the ARN names function ${name}`] };
        }
      }
      return { kind: 'unresolved', reason: `function ${name} is defined outside this template` };
    }
    return { kind: 'unresolved', reason: `${text} does not name a Lambda function` };
  }

  /** What follows a function ARN or name: nothing (unqualified), `:7`, `:$LATEST`, `:live`, `:${Version.Version}`. */
  private qualifierAfter(rest: Token[], via: string[]): ArnQualifier {
    if (rest.length === 0) return 'unqualified';
    const first = rest[0]!;
    if (!('lit' in first) || !first.lit.startsWith(':')) return 'unknown';
    const text = first.lit.slice(1);
    if (text === '') {
      const next = rest[1];
      if (next && 'att' in next) {
        const type = this.resources.get(next.att[0])?.type;
        if (type === 'AWS::Lambda::Version' && next.att[1] === 'Version') return 'version';
        if (type === 'AWS::Serverless::Function' && next.att[1] === 'Version') return 'version';
      }
      if (next && 'ref' in next) {
        const type = this.resources.get(next.ref)?.type;
        if (type === 'AWS::Lambda::Alias') return 'alias';
      }
      return 'unknown';
    }
    via.push(`qualifier "${text}"`);
    return qualifierOf(text.split(':')[0]!);
  }

  private literalArn(text: string, via: string[]): Resolution {
    const parsed = parseLambdaArn(text);
    if (!parsed) return { kind: 'unresolved', reason: `"${text}" is not a Lambda function ARN` };
    const qualifier = parsed.qualifier === undefined ? 'unqualified' : qualifierOf(parsed.qualifier);
    // A function of this template with that explicit name is the one meant.
    for (const resource of this.resources.values()) {
      if (FUNCTION_TYPES.has(resource.type) && resource.properties.FunctionName === parsed.functionName) {
        return { kind: 'function', id: resource.id, qualifier, via: [...via, `the literal ARN names function ${parsed.functionName}`] };
      }
    }
    return { kind: 'literal', arn: text, qualifier, via };
  }

  /** The function a `FunctionName` property (of a Version, Alias, …) points at. */
  private functionNamed(expr: unknown, depth: number): Anchor {
    if (expr === undefined) return { kind: 'unresolved', reason: 'no FunctionName' };
    const resolutions = this.resolveArn(expr, depth + 1);
    const fn = resolutions.find((r): r is Extract<Resolution, { kind: 'function' }> => r.kind === 'function');
    if (fn) return { kind: 'function', id: fn.id, qualifier: fn.qualifier, via: fn.via };
    const literal = resolutions.find((r) => r.kind === 'literal');
    if (literal) return { kind: 'unresolved', reason: `function ${renderExpression(expr)} is defined outside this template` };
    // A plain function name (not an ARN) of a function in this template.
    const name = this.evaluator.single(expr);
    if ('value' in name && typeof name.value === 'string') {
      for (const resource of this.resources.values()) {
        if (FUNCTION_TYPES.has(resource.type) && resource.properties.FunctionName === name.value) {
          return { kind: 'function', id: resource.id, qualifier: 'unqualified', via: [] };
        }
      }
      return { kind: 'unresolved', reason: `function ${name.value} is defined outside this template` };
    }
    const first = resolutions[0];
    return { kind: 'unresolved', reason: first?.kind === 'unresolved' ? first.reason : `FunctionName ${renderExpression(expr)} cannot be followed` };
  }

  private classifyRef(id: string, depth: number): Anchor {
    if (id.startsWith('AWS::')) return { kind: 'skip' };
    const dot = id.indexOf('.');
    if (dot > 0) {
      // SAM: `!Ref Fn.Version` / `!Ref Fn.Alias` name what AutoPublishAlias generates.
      const base = id.slice(0, dot);
      const suffix = id.slice(dot + 1);
      const resource = this.resources.get(base);
      if (resource?.type === 'AWS::Serverless::Function' && (suffix === 'Version' || suffix === 'Alias')) {
        const via = resource.properties.AutoPublishAlias === undefined ? [`${id} exists only when ${base} has AutoPublishAlias`] : [];
        return { kind: 'function', id: base, qualifier: suffix === 'Version' ? 'version' : 'alias', via };
      }
      return { kind: 'unresolved', reason: `Ref ${id}: no such SAM-generated resource` };
    }
    const resource = this.resources.get(id);
    if (!resource) {
      if (this.evaluator.scope.parameters.has(id)) {
        const evaluation = this.evaluator.fresh().evaluate({ Ref: id });
        return { kind: 'unresolved', reason: evaluation.known ? `parameter ${id} does not hold a Lambda function ARN` : `parameter ${id} has no default value: the function is known only at deploy` };
      }
      return { kind: 'unresolved', reason: `Ref ${id}: no such resource or parameter in this template` };
    }
    switch (resource.type) {
      case 'AWS::Lambda::Function':
      case 'AWS::Serverless::Function':
        return { kind: 'function', id, qualifier: 'unqualified', isName: true, via: [] };
      case 'AWS::Lambda::Version':
      case 'AWS::Lambda::Alias': {
        const target = this.functionNamed(resource.properties.FunctionName, depth);
        if (target.kind !== 'function') return target.kind === 'unresolved' ? { kind: 'unresolved', reason: `${id} (${resource.type}): ${target.reason}` } : target;
        return { kind: 'function', id: target.id, qualifier: resource.type === 'AWS::Lambda::Version' ? 'version' : 'alias', via: [`${resource.type} ${id}`] };
      }
      default:
        return { kind: 'unresolved', reason: `Ref ${id} is the id of a ${resource.type}, not a Lambda function ARN` };
    }
  }

  private classifyGetAtt(id: string, attribute: string, depth: number): Anchor {
    if (id.startsWith('AWS::')) return { kind: 'skip' };
    const resource = this.resources.get(id);
    if (!resource) return { kind: 'unresolved', reason: `Fn::GetAtt ${id}.${attribute}: no such resource in this template` };
    const type = resource.type;
    if (FUNCTION_TYPES.has(type)) {
      if (attribute === 'Arn') return { kind: 'function', id, qualifier: 'unqualified', via: [] };
      if (type === 'AWS::Serverless::Function' && (attribute === 'Version' || attribute === 'Alias')) {
        return { kind: 'function', id, qualifier: attribute === 'Version' ? 'version' : 'alias', via: [] };
      }
      return { kind: 'unresolved', reason: `Fn::GetAtt ${id}.${attribute} is not an ARN of ${id}` };
    }
    if (type === 'AWS::Lambda::Version' || type === 'AWS::Lambda::Alias') {
      const target = this.functionNamed(resource.properties.FunctionName, depth);
      if (target.kind !== 'function') return target.kind === 'unresolved' ? { kind: 'unresolved', reason: `${id} (${type}): ${target.reason}` } : target;
      return { kind: 'function', id: target.id, qualifier: type === 'AWS::Lambda::Version' ? 'version' : 'alias', via: [`${type} ${id}`] };
    }
    if (type === 'AWS::SSM::Parameter' && attribute === 'Value') {
      const value = resource.properties.Value;
      const followed = this.resolveArn(value, depth + 1).find((r) => r.kind === 'function');
      if (followed && followed.kind === 'function') return { kind: 'function', id: followed.id, qualifier: followed.qualifier, via: [`SSM parameter ${id}`] };
      return { kind: 'unresolved', reason: `SSM parameter ${id} does not hold the ARN of a function of this template` };
    }
    if (type === 'AWS::CloudFormation::Stack') {
      return { kind: 'unresolved', reason: `Fn::GetAtt ${id}.${attribute} is an output of nested stack ${id}; lint the nested template too` };
    }
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return this.followCustomResource(resource, attribute, depth);
    return { kind: 'unresolved', reason: `Fn::GetAtt ${id}.${attribute} is an attribute of a ${type}, not a Lambda function` };
  }

  /**
   * A custom resource output: CDK's cross-region SSM reader, or a resource that publishes/copies a
   * function named in a property (`LambdaFunction`, or `<Attribute>`/`<Attribute>Arn`, as the
   * cloudfront-authorization-at-edge sample does).
   */
  private followCustomResource(resource: Resource, attribute: string, depth: number): Anchor {
    const props = resource.properties;
    const label = `custom resource ${resource.id} (${resource.type})`;
    if (typeof props.ParameterName === 'string' && (resource.type === 'Custom::CrossRegionStringParameterReader' || props.Region !== undefined)) {
      const region = this.evaluator.single(props.Region);
      return {
        kind: 'ssm',
        name: props.ParameterName,
        region: 'value' in region && typeof region.value === 'string' ? region.value : undefined,
        reader: resource.id,
        via: [`${label} reading SSM parameter ${props.ParameterName}`],
      };
    }
    const candidates = [...CUSTOM_RESOURCE_FUNCTION_PROPERTIES, attribute, `${attribute}Arn`];
    const tried: string[] = [];
    for (const property of new Set(candidates)) {
      if (!Object.hasOwn(props, property)) continue;
      tried.push(property);
      const resolutions = this.resolveArn(props[property], depth + 1);
      const functions = resolutions.filter((r): r is Extract<Resolution, { kind: 'function' }> => r.kind === 'function');
      if (functions.length === 0) continue;
      const ids = [...new Set(functions.map((f) => f.id))];
      const unresolved = resolutions.filter((r) => r.kind === 'unresolved').length;
      const detail = `${label} property ${property}${ids.length > 1 ? ` (Fn::If: ${ids.join(' or ')})` : ''}${unresolved > 0 ? ' (other branches cannot be followed)' : ''}`;
      // What the custom resource hands on (a version it publishes, a copy) is its own business.
      return { kind: 'function', id: functions[0]!.id, qualifier: 'unknown', via: [detail, ...functions[0]!.via] };
    }
    const reason =
      tried.length > 0
        ? `Fn::GetAtt ${resource.id}.${attribute} is an output of ${label}; its ${tried.join(', ')} property does not lead to a function of this template`
        : `Fn::GetAtt ${resource.id}.${attribute} is an output of ${label}, which has no LambdaFunction property to follow to the function`;
    return { kind: 'unresolved', reason };
  }
}

/** A number as CloudFormation reads it: a number, or a string of decimal digits (not `true`, `""` or `0x10`). */
function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** `the number 5`, `the string "x"`, `a mapping`: what a literal that has the wrong shape is. */
function describeLiteral(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return isRecord(value) ? `a mapping (${renderExpression(value, 80)})` : String(value);
}

function splitOnce(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

function concatenate(pieces: Alternative[][]): Alternative[] {
  let results: Alternative[] = [{ tokens: [], conditions: [] }];
  for (const options of pieces) {
    const next: Alternative[] = [];
    for (const prefix of results) {
      for (const option of options) {
        if (prefix.tokens === null || option.tokens === null) continue;
        next.push({ tokens: [...prefix.tokens, ...option.tokens], conditions: [...prefix.conditions, ...option.conditions] });
        if (next.length >= MAX_ALTERNATIVES) break;
      }
    }
    results = next;
  }
  return results;
}

function renderTokens(tokens: Token[]): string {
  return tokens.map((t) => ('lit' in t ? t.lit : 'ref' in t ? `\${${t.ref}}` : 'att' in t ? `\${${t.att.join('.')}}` : t.opaque)).join('');
}

function qualifierOf(text: string): ArnQualifier {
  if (/^\d+$/.test(text)) return 'version';
  if (text === '$LATEST') return 'latest';
  return text === '' ? 'unknown' : 'alias';
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

