/**
 * Follows a `LambdaFunctionARN` (or a `FunctionName`) back to a function of the template: `!Ref
 * Version`, `!GetAtt Fn.Arn`, SAM's `!Ref Fn.Version`, `Fn::Join`/`Fn::Sub` of those, custom
 * resources that publish a version (`LambdaFunction` property), CDK's cross-region SSM reader. A
 * reference that cannot be followed is kept with the reason, never dropped: "unknown" must reach
 * the rules as unknown.
 */

import { parseLambdaArn } from '../../model/inventory.js';
import type { ArnQualifier, AssociationTarget } from '../extraction.js';
import { isRecord } from '../parse/values.js';
import { ifBranches, intrinsicName, isNoValue, NO_VALUE, renderExpression, splitSub } from './intrinsics.js';
import { FUNCTION_TYPES, type Resource, type Template } from './template.js';

/** Custom resource properties that name the function a custom resource publishes or copies (plus `<Attribute>` and `<Attribute>Arn`). */
const CUSTOM_RESOURCE_FUNCTION_PROPERTIES = ['LambdaFunction', 'FunctionArn', 'LambdaFunctionArn'];
const MAX_FOLLOW_DEPTH = 8;
const MAX_ALTERNATIVES = 16;

export type Token = { lit: string } | { ref: string } | { att: [string, string] } | { import: string; via: string[] } | { opaque: string; reason: string };

export interface Alternative {
  tokens: Token[] | null;
  conditions: string[];
  /** The `Fn::If` branches taken: (condition, true for the first branch). */
  branches?: [string, boolean][];
}

export type Resolution =
  | { kind: 'function'; id: string; qualifier: ArnQualifier; via: string[] }
  | { kind: 'ssm'; name: string; region?: string; reader: string; via: string[] }
  | { kind: 'literal'; arn: string; qualifier: ArnQualifier; via: string[] }
  | { kind: 'import'; name: string; qualifier?: ArnQualifier; via: string[] }
  | { kind: 'unresolved'; reason: string };

export type Anchor =
  | { kind: 'function'; id: string; qualifier: ArnQualifier; isName?: boolean; via: string[] }
  | { kind: 'ssm'; name: string; region?: string; reader: string; via: string[] }
  | { kind: 'unresolved'; reason: string }
  | { kind: 'skip' };

/** Resolves ARN expressions of one template (pure: reads the template, records nothing). */
export class ArnResolver {
  constructor(private readonly template: Template) {}

  /** Every way an ARN expression can turn out (one per `Fn::If` branch), each followed to its function. */
  resolveArn(expr: unknown, depth: number): Resolution[] {
    if (depth > MAX_FOLLOW_DEPTH) return [{ kind: 'unresolved', reason: 'the reference chain is too long to follow' }];
    const out: Resolution[] = [];
    for (const alternative of this.flatten(expr, 0)) {
      if (alternative.tokens === null) continue;
      const tokens = alternative.tokens;
      const resolution = this.template.evaluator.withBranches(alternative.branches ?? [], () => this.analyze(tokens, depth));
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
        const split = ifBranches(expr);
        if (!split) break;
        const condition = String(split.condition);
        return split.branches
          .flatMap((branch, index) =>
            this.flatten(branch, depth + 1).map((a) => ({
              tokens: a.tokens,
              conditions: [condition, ...a.conditions],
              branches: [[condition, index === 0] as [string, boolean], ...(a.branches ?? [])],
            })),
          )
          .slice(0, MAX_ALTERNATIVES);
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
        const split = ifBranches(list);
        if (split) return split.branches.flatMap((branch) => this.flatten({ 'Fn::Join': [delimiter, branch] }, depth + 1)).slice(0, MAX_ALTERNATIVES);
        break;
      }
      case 'Fn::ImportValue': {
        // Linked across the templates of the run by the export name (templates.ts → link.ts).
        const name = this.template.evaluator.single(argument);
        if ('value' in name && typeof name.value === 'string') return [{ tokens: [{ import: name.value, via: name.via }], conditions: [] }];
        const why = 'reason' in name ? name.reason : 'it is not a string';
        return [
          {
            tokens: [
              {
                opaque: renderExpression(expr),
                reason: `the ARN is imported from another stack's export ${renderExpression(argument)}, whose name cannot be evaluated before deploy (${why})`,
              },
            ],
            conditions: [],
          },
        ];
      }
    }
    const evaluated = this.template.evaluator.fresh().evaluate(expr);
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
        const evaluation = this.template.evaluator.fresh().evaluate({ Ref: token.ref });
        if (evaluation.known && evaluation.values.length === 1 && typeof evaluation.values[0] === 'string' && !this.template.resources.has(token.ref)) {
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
      if ('import' in token) {
        const rest = tokens.slice(index + 1);
        const imported: Resolution = { kind: 'import', name: token.import, via: [...via, ...token.via] };
        if (rest.length > 0) imported.qualifier = this.qualifierAfter(rest, imported.via);
        return imported;
      }
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
      const resource = this.template.functionNamed(name);
      if (resource) return { kind: 'function', id: resource.id, qualifier, via: [...via, `the ARN names function ${name}`] };
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
        const type = this.template.resources.get(next.att[0])?.type;
        if (type === 'AWS::Lambda::Version' && next.att[1] === 'Version') return 'version';
        if (type === 'AWS::Serverless::Function' && next.att[1] === 'Version') return 'version';
      }
      if (next && 'ref' in next) {
        const type = this.template.resources.get(next.ref)?.type;
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
    const resource = this.template.functionNamed(parsed.functionName);
    if (resource) return { kind: 'function', id: resource.id, qualifier, via: [...via, `the literal ARN names function ${parsed.functionName}`] };
    return { kind: 'literal', arn: text, qualifier, via };
  }

  /** The function a `FunctionName` property (of a Version, Alias, …) points at. */
  functionNamed(expr: unknown, depth: number): Anchor {
    if (expr === undefined) return { kind: 'unresolved', reason: 'no FunctionName' };
    const resolutions = this.resolveArn(expr, depth + 1);
    const fn = resolutions.find((r): r is Extract<Resolution, { kind: 'function' }> => r.kind === 'function');
    if (fn) return { kind: 'function', id: fn.id, qualifier: fn.qualifier, via: fn.via };
    const literal = resolutions.find((r) => r.kind === 'literal');
    if (literal) return { kind: 'unresolved', reason: `function ${renderExpression(expr)} is defined outside this template` };
    // A plain function name (not an ARN) of a function in this template.
    const name = this.template.evaluator.single(expr);
    if ('value' in name && typeof name.value === 'string') {
      const resource = this.template.functionNamed(name.value);
      if (resource) return { kind: 'function', id: resource.id, qualifier: 'unqualified', via: [] };
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
      const resource = this.template.resources.get(base);
      if (resource?.type === 'AWS::Serverless::Function' && (suffix === 'Version' || suffix === 'Alias')) {
        const via = resource.properties.AutoPublishAlias === undefined ? [`${id} exists only when ${base} has AutoPublishAlias`] : [];
        return { kind: 'function', id: base, qualifier: suffix === 'Version' ? 'version' : 'alias', via };
      }
      return { kind: 'unresolved', reason: `Ref ${id}: no such SAM-generated resource` };
    }
    const resource = this.template.resources.get(id);
    if (!resource) {
      if (this.template.evaluator.scope.parameters.has(id)) {
        const evaluation = this.template.evaluator.fresh().evaluate({ Ref: id });
        return {
          kind: 'unresolved',
          reason: evaluation.known ? `parameter ${id} does not hold a Lambda function ARN` : `${evaluation.reason}: the function is known only at deploy`,
        };
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
    const resource = this.template.resources.get(id);
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
      const region = this.template.evaluator.single(props.Region);
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

  /** The function (or SSM hand-over, or literal ARN) an ARN expression leads to, without notes. */
  targetOf(arnExpr: unknown): AssociationTarget | undefined {
    const resolutions = this.resolveArn(arnExpr, 0);
    const fn = resolutions.find((r): r is Extract<Resolution, { kind: 'function' }> => r.kind === 'function');
    if (fn) return { kind: 'function', file: this.template.file, id: fn.id };
    const ssm = resolutions.find((r): r is Extract<Resolution, { kind: 'ssm' }> => r.kind === 'ssm');
    if (ssm) return { kind: 'ssm-parameter', name: ssm.name, region: ssm.region, reader: ssm.reader };
    const imported = resolutions.find((r): r is Extract<Resolution, { kind: 'import' }> => r.kind === 'import');
    if (imported) return importTarget(imported, this.template);
    const literal = resolutions.find((r): r is Extract<Resolution, { kind: 'literal' }> => r.kind === 'literal');
    return literal ? { kind: 'literal-arn', arn: literal.arn, scope: 'template' } : undefined;
  }
}

/** The association target of an imported ARN: the export name, where it is imported, and a qualifier written after it. */
export function importTarget(imported: Extract<Resolution, { kind: 'import' }>, template: Template): AssociationTarget {
  return {
    kind: 'export',
    name: imported.name,
    importer: template.file,
    ...(template.region === undefined ? {} : { region: template.region }),
    ...(imported.qualifier === undefined ? {} : { qualifier: imported.qualifier }),
  };
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
        next.push({
          tokens: [...prefix.tokens, ...option.tokens],
          conditions: [...prefix.conditions, ...option.conditions],
          branches: [...(prefix.branches ?? []), ...(option.branches ?? [])],
        });
        if (next.length >= MAX_ALTERNATIVES) break;
      }
    }
    results = next;
  }
  return results;
}

function renderTokens(tokens: Token[]): string {
  return tokens
    .map((t) => ('lit' in t ? t.lit : 'ref' in t ? `\${${t.ref}}` : 'att' in t ? `\${${t.att.join('.')}}` : 'import' in t ? `\${ImportValue ${t.import}}` : t.opaque))
    .join('');
}

function qualifierOf(text: string): ArnQualifier {
  if (/^\d+$/.test(text)) return 'version';
  if (text === '$LATEST') return 'latest';
  return text === '' ? 'unknown' : 'alias';
}
