/** Terraform `aws_cloudfront_distribution` resources → cache behaviors and their associations, `lambda_arn` followed to its function. */

import { type CloudFrontFunctionAssociation, EVENT_TYPES, isEventType, parseLambdaArn, type SourceLocation } from '../../model/inventory.js';
import type { ArnQualifier, AssociationTarget, ExtractedAssociation, ExtractedBehavior, ExtractedDistribution, InputDefect } from '../extraction.js';
import { associationDefect } from '../extraction.js';
import { isRecord } from '../parse/values.js';
import type { Plan, PlannedResource } from './plan-model.js';

export class DistributionReader {
  constructor(private readonly plan: Plan) {}

  readDistribution(resource: PlannedResource): ExtractedDistribution {
    const { values, address } = resource;
    const distribution: ExtractedDistribution = { file: this.plan.file, id: address, source: this.plan.locate(resource.object), behaviors: [] };
    if (typeof values.comment === 'string' && values.comment !== '') distribution.comment = values.comment;
    if (typeof values.enabled === 'boolean') distribution.enabled = values.enabled;
    if (typeof values.domain_name === 'string') distribution.domainName = values.domain_name;
    const expressions = this.plan.expressionsOf(resource);
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

  private readBehavior(
    resource: PlannedResource,
    behavior: Record<string, unknown>,
    pathPattern: string,
    configured: unknown,
    unknown?: Record<string, unknown>,
  ): ExtractedBehavior {
    const out: ExtractedBehavior = { pathPattern, source: this.plan.locate(behavior), lambdaAssociations: [], functionAssociations: [] };
    const configuredAssociations = isRecord(configured) && Array.isArray(configured.lambda_function_association) ? configured.lambda_function_association : [];
    const raw = behavior.lambda_function_association;
    const where = `a lambda_function_association of ${pathPattern}`;
    const defect = (source: SourceLocation, fields: Pick<InputDefect, 'message' | 'actual'> & Partial<InputDefect>, target?: AssociationTarget): void => {
      const found = associationDefect(this.plan.file, resource.address, pathPattern, source, fields);
      this.plan.defects.push(target ? { defect: found, target } : { defect: found });
    };
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
      defect(this.plan.locate(behavior), {
        message: `lambda_function_association of ${pathPattern} is ${JSON.stringify(raw)}, not a list of blocks`,
        actual: JSON.stringify(raw),
        expected: 'a list',
      });
    }
    const associations = Array.isArray(raw) ? raw : [];
    const unknownAssociations = Array.isArray(unknown?.lambda_function_association) ? unknown.lambda_function_association : [];
    associations.forEach((item, index) => {
      const itemAt = this.plan.doc.keyPosition(associations, String(index));
      const source = itemAt ? { file: this.plan.file, line: itemAt.line, column: itemAt.column } : this.plan.locate(behavior);
      if (!isRecord(item)) {
        defect(source, {
          message: `${where} is ${JSON.stringify(item)}, not a block with event_type and lambda_arn`,
          actual: JSON.stringify(item) ?? String(item),
          expected: 'a block',
        });
        return;
      }
      const flags = unknownAssociations[index];
      const unknownFlag = (attribute: string): boolean => isRecord(flags) && flags[attribute] === true;
      // lambda_function_association is a set: match the configuration by event type, not position.
      const config = configuredAssociations.find((c) => isRecord(c) && isRecord(c.event_type) && c.event_type.constant_value === item.event_type) ?? configuredAssociations[index];
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
        source: this.plan.locate(item),
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
    const association: ExtractedAssociation['association'] = { eventType, includeBody: item.include_body === true, source: this.plan.locate(item) };
    const where = `${resource.address} ${eventType} on ${pathPattern}`;
    const known = typeof item.lambda_arn === 'string' && item.lambda_arn !== '' ? item.lambda_arn : undefined;
    const expression = isRecord(configured) ? configured.lambda_arn : undefined;
    const followed = expression === undefined ? undefined : this.plan.followExpression(expression, resource.modulePath, 0);
    const references = isRecord(expression) && Array.isArray(expression.references) ? expression.references.filter((r): r is string => typeof r === 'string') : [];
    association.functionArn = known ?? (references[0] ? `\${${references[0]}}` : '(known after apply)');

    if (followed?.kind === 'resource') {
      const fn = this.plan.instance(followed.address);
      if (fn?.type === 'aws_lambda_function') {
        association.arnQualifier = this.qualifierOf(fn, followed.attribute, references);
        if (association.arnQualifier === 'latest' && withNotes) {
          this.plan.notes.push(
            this.plan.note(
              'info',
              `${where}: ${fn.address} has publish = false, so qualified_arn ends in $LATEST; set publish = true to get a numbered version`,
              resource.address,
              association.source?.line,
            ),
          );
        }
        if (followed.via.length > 0 && withNotes)
          this.plan.notes.push(
            this.plan.note('info', `${where}: lambda_arn leads to ${fn.address} through ${followed.via.join('; ')}`, resource.address, association.source?.line),
          );
        return { association, target: { kind: 'function', file: this.plan.file, id: fn.address } };
      }
      if (fn?.type === 'aws_lambda_alias') {
        const target = this.plan.followExpression(this.plan.expressionsOf(fn).function_name, fn.modulePath, 1);
        const aliased = target.kind === 'resource' ? this.plan.instance(target.address) : undefined;
        association.arnQualifier = 'alias';
        if (aliased?.type === 'aws_lambda_function') return { association, target: { kind: 'function', file: this.plan.file, id: aliased.address } };
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
      association.arnQualifier = parsed
        ? parsed.qualifier === undefined
          ? 'unqualified'
          : /^\d+$/.test(parsed.qualifier)
            ? 'version'
            : parsed.qualifier === '$LATEST'
              ? 'latest'
              : 'alias'
        : 'unknown';
      // A function of this plan with that ARN or name.
      for (const candidate of this.plan.planned.values()) {
        if (candidate.type !== 'aws_lambda_function') continue;
        const values = candidate.values;
        if (values.qualified_arn === literal || values.arn === literal || (parsed && values.arn === parsed.unqualifiedArn)) {
          return { association, target: { kind: 'function', file: this.plan.file, id: candidate.address } };
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
}
