/** CloudFormation distributions → cache behaviors and their Lambda@Edge and CloudFront Functions associations. */

import { type CloudFrontFunctionAssociation, EVENT_TYPES, type EventType, isEventType, type SourceLocation } from '../../model/inventory.js';
import type { AssociationTarget, ExtractedAssociation, ExtractedBehavior, ExtractedDistribution, InputDefect } from '../extraction.js';
import { associationDefect } from '../extraction.js';
import { isRecord } from '../parse/values.js';
import { type ArnResolver, importTarget, type Resolution } from './arn-resolver.js';
import { ifBranches, intrinsicName, isNoValue, MAX_IF_DEPTH, NO_VALUE, renderExpression } from './intrinsics.js';
import type { Resource, Template } from './template.js';

export class DistributionReader {
  /** The `Fn::If` branches (condition, first branch) a value was reached through. */
  private readonly branchOf = new WeakMap<object, [string, boolean][]>();

  constructor(
    private readonly template: Template,
    private readonly resolver: ArnResolver,
  ) {}

  readDistribution(resource: Resource): ExtractedDistribution {
    const distribution: ExtractedDistribution = { file: this.template.file, id: resource.id, source: resource.source, behaviors: [] };
    if (this.template.context.accountId) distribution.accountId = this.template.context.accountId;
    if (resource.condition) {
      this.template.notes.push(
        this.template.note('info', `distribution ${resource.id} is created only when condition ${resource.condition} is true`, resource.id, resource.source.line),
      );
    }
    const configs = this.branches(resource.properties.DistributionConfig, resource.id, 'DistributionConfig');
    for (const config of configs) {
      if (!isRecord(config)) continue;
      const enabled = this.template.evaluator.single(config.Enabled);
      if ('value' in enabled && typeof enabled.value === 'boolean') distribution.enabled = enabled.value;
      else if ('value' in enabled && (enabled.value === 'true' || enabled.value === 'false')) distribution.enabled = enabled.value === 'true';
      const comment = this.template.evaluator.single(config.Comment);
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
    const result = this.template.evaluator.single(expr);
    if ('value' in result && typeof result.value === 'string') return result.value;
    return renderExpression(expr);
  }

  /** The alternatives of a value that may be an `Fn::If` (NoValue dropped), noting the condition. */
  private branches(expr: unknown, resource: string, property: string, depth = 0, path: [string, boolean][] = []): unknown[] {
    if (expr === undefined || expr === null || isNoValue(expr)) return [];
    const split = depth < MAX_IF_DEPTH ? ifBranches(expr) : undefined;
    if (!split) {
      if (path.length > 0 && typeof expr === 'object') this.branchOf.set(expr, [...(this.branchOf.get(expr) ?? []), ...path]);
      return [expr];
    }
    this.template.notes.push(
      this.template.note('info', `${resource}: ${property} depends on condition ${String(split.condition)}; both branches are considered`, resource, this.template.lineOf(expr)),
    );
    const condition = String(split.condition);
    return split.branches.flatMap((branch, index) => this.branches(branch, resource, property, depth + 1, [...path, [condition, index === 0]]));
  }

  /** Items of a list whose items (or the list itself) may be `Fn::If`. */
  private flatList(expr: unknown, resource: string, property: string): unknown[] {
    const out: unknown[] = [];
    for (const list of this.branches(expr, resource, property)) {
      if (!Array.isArray(list)) {
        if (list !== undefined)
          this.template.notes.push(
            this.template.note('warning', `${resource}: ${property} is ${renderExpression(list)}, which cannot be read before deploy`, resource, this.template.lineOf(list)),
          );
        continue;
      }
      for (const item of list) out.push(...this.branches(item, resource, property));
    }
    return out;
  }

  private readBehavior(resource: Resource, behavior: Record<string, unknown>, pathPattern: string): ExtractedBehavior {
    const out: ExtractedBehavior = {
      pathPattern,
      source: this.template.locate(behavior, resource.source),
      lambdaAssociations: [],
      functionAssociations: [],
    };
    for (const { item, source } of this.associationItems(resource, behavior, pathPattern, out.source ?? resource.source)) {
      // The item's ARN is read with the parameter values its conditions need (not their defaults).
      const association = this.template.evaluator.withBranches(this.branchOf.get(item) ?? [], () => this.readAssociation(resource, item, pathPattern, source));
      if (association) out.lambdaAssociations.push(association);
    }
    for (const item of this.flatList(behavior.FunctionAssociations, resource.id, `FunctionAssociations of ${pathPattern}`)) {
      if (!isRecord(item)) continue;
      const eventType = this.template.evaluator.single(item.EventType);
      if (!('value' in eventType) || !isEventType(eventType.value)) continue;
      const association: CloudFrontFunctionAssociation = {
        eventType: eventType.value,
        functionArn: renderExpression(this.template.evaluatedOrSelf(item.FunctionARN)),
        source: this.template.locate(item, resource.source),
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
    const defect = associationDefect(this.template.file, resource.id, pathPattern, source, fields);
    this.template.defects.push(target ? { defect, target } : { defect });
  }

  /**
   * The items of `LambdaFunctionAssociations` (`Fn::If` branches united). A value that is not a list,
   * or an item that is not a mapping, is an invalid association; one built by an intrinsic that cannot
   * be evaluated before deploy is unknown. Neither is skipped in silence.
   */
  private associationItems(
    resource: Resource,
    behavior: Record<string, unknown>,
    pathPattern: string,
    fallback: SourceLocation,
  ): { item: Record<string, unknown>; source: SourceLocation }[] {
    const property = `LambdaFunctionAssociations of ${pathPattern}`;
    const listSource = (value: unknown): SourceLocation => {
      const position = this.template.doc.positionOf(value) ?? this.template.doc.keyPosition(behavior, 'LambdaFunctionAssociations');
      return position ? { file: this.template.file, line: position.line, column: position.column } : fallback;
    };
    const lists: { list: unknown[]; source: SourceLocation }[] = [];
    for (const list of this.branches(behavior.LambdaFunctionAssociations, resource.id, property)) {
      const source = listSource(list);
      if (Array.isArray(list)) {
        lists.push({ list, source });
        continue;
      }
      if (intrinsicName(list)) {
        const evaluated = this.template.evaluator.fresh().evaluate(list);
        if (evaluated.known && evaluated.values.every(Array.isArray)) {
          for (const value of evaluated.values as unknown[][]) lists.push({ list: value, source });
          continue;
        }
        const reason = evaluated.known ? 'it does not evaluate to a list' : evaluated.reason;
        this.defect(resource, pathPattern, source, {
          message: `${property} is ${renderExpression(list)}, which cannot be read before deploy (${reason})`,
          actual: renderExpression(list),
          unknown: true,
        });
        continue;
      }
      this.defect(resource, pathPattern, source, {
        message: `${property} is ${describeLiteral(list)}, not a list of associations`,
        actual: renderExpression(list),
        expected: 'a list',
      });
    }
    const items: { item: Record<string, unknown>; source: SourceLocation }[] = [];
    for (const { list, source: listAt } of lists) {
      for (const [index, entry] of list.entries()) {
        if (typeof entry === 'object' && entry !== null && this.branchOf.has(list))
          this.branchOf.set(entry, [...(this.branchOf.get(list) ?? []), ...(this.branchOf.get(entry) ?? [])]);
        const entryAt = this.template.doc.keyPosition(list, String(index));
        const entrySource = entryAt ? { file: this.template.file, line: entryAt.line, column: entryAt.column } : listAt;
        for (const item of this.branches(entry, resource.id, property)) {
          const source = this.template.locate(item, entrySource);
          if (isRecord(item) && !intrinsicName(item)) {
            items.push({ item, source });
            continue;
          }
          if (intrinsicName(item)) {
            const evaluated = this.template.evaluator.single(item);
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
    const eventType = eventTypeExpr === undefined || eventTypeExpr === null ? undefined : this.template.evaluator.single(eventTypeExpr);
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
      const functionArn = hasArn ? renderExpression(this.template.evaluatedOrSelf(arnExpr)) : undefined;
      // The function it names is still a Lambda@Edge function: lint it, on every event it could run on.
      const target = hasArn ? this.resolver.targetOf(arnExpr) : undefined;
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
    const includeBody = this.template.evaluator.single(item.IncludeBody);
    const association: ExtractedAssociation['association'] = {
      eventType: validEvent,
      includeBody: 'value' in includeBody && (includeBody.value === true || includeBody.value === 'true'),
      source,
    };
    association.functionArn = renderExpression(this.template.evaluatedOrSelf(arnExpr));
    const where = `${resource.id} ${validEvent} on ${pathPattern}`;
    const resolutions = this.resolver.resolveArn(arnExpr, 0);
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
        this.template.notes.push(this.template.note(distinct.length > 1 ? 'warning' : 'info', detail.join(' '), resource.id, source.line));
      }
      return { association, target: { kind: 'function', file: this.template.file, id: chosen.id } };
    }
    const ssm = resolutions.find((r): r is Extract<Resolution, { kind: 'ssm' }> => r.kind === 'ssm');
    if (ssm) {
      association.arnQualifier = 'unknown';
      return { association, target: { kind: 'ssm-parameter', name: ssm.name, region: ssm.region, reader: ssm.reader } };
    }
    const imported = resolutions.find((r): r is Extract<Resolution, { kind: 'import' }> => r.kind === 'import');
    if (imported) {
      // The qualifier is the exported value's, unless one is written after the import (the linker sets it).
      association.arnQualifier = imported.qualifier ?? 'unknown';
      return { association, target: importTarget(imported, this.template) };
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
}

/** `the number 5`, `the string "x"`, `a mapping`: what a literal that has the wrong shape is. */
function describeLiteral(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return isRecord(value) ? `a mapping (${renderExpression(value, 80)})` : String(value);
}
