import { type FunctionConfig, type LambdaAssociation, parseLambdaArn } from '../../model/inventory.js';
import { associationWhere, unknownFinding } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

export type QualifierKind = 'version' | 'latest' | 'alias' | 'unqualified' | 'unknown';

function kindOf(qualifier: string | undefined): QualifierKind {
  if (qualifier === undefined || qualifier === '') return 'unqualified';
  if (qualifier === '$LATEST') return 'latest';
  return /^\d+$/.test(qualifier) ? 'version' : 'alias';
}

/**
 * What an association names: a numbered version, `$LATEST`, an alias, or an unqualified function.
 * An ARN written in the association decides when it parses (live accounts, literal ARNs); otherwise
 * what the template/plan loader recorded (`arnQualifier`: a reference to an `AWS::Lambda::Version`,
 * SAM's `Fn.Version`, Terraform's `qualified_arn`...), then the function's recorded version.
 */
export function classifyQualifier(
  association: Pick<LambdaAssociation, 'functionArn' | 'arnQualifier'>,
  fn: FunctionConfig | undefined,
): { kind: QualifierKind; qualifier?: string } {
  const { functionArn } = association;
  const parsed = functionArn === undefined ? undefined : parseLambdaArn(functionArn);
  if (parsed) return { kind: kindOf(parsed.qualifier), qualifier: parsed.qualifier };
  if (association.arnQualifier !== undefined) {
    const qualifier = association.arnQualifier === 'latest' ? '$LATEST' : undefined;
    return { kind: association.arnQualifier, ...(qualifier ? { qualifier } : {}) };
  }
  if (fn?.version !== undefined) return { kind: kindOf(fn.version), qualifier: fn.version };
  if (functionArn?.endsWith(':$LATEST')) return { kind: 'latest', qualifier: '$LATEST' };
  return { kind: 'unknown' };
}

const WHAT: Record<Exclude<QualifierKind, 'version' | 'unknown'>, (qualifier?: string) => string> = {
  latest: () => '$LATEST',
  alias: (qualifier) => (qualifier ? `the alias ${qualifier}` : 'an alias'),
  unqualified: () => 'an unqualified function ARN',
};

/** An association must name a numbered function version, never `$LATEST`, an alias or no qualifier. */
export const unversionedFunctionArn = defineRule({
  id: 'unversioned-function-arn',
  title: 'Association names a numbered function version',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['versionedAssociation'],
  check(ctx) {
    const restriction = ctx.quotas.restriction('versionedAssociation');
    const findings: RuleFinding[] = [];
    for (const ref of ctx.index.associations) {
      const { association } = ref;
      // An unresolved association that says nothing about its qualifier is reported by unresolved-function.
      const saysNothing = association.functionArn === undefined && (association.arnQualifier === undefined || association.arnQualifier === 'unknown');
      if (!ref.fn && saysNothing) continue;
      const { kind, qualifier } = classifyQualifier(association, ref.fn);
      if (kind === 'version') continue;
      const where = associationWhere(ref);
      if (kind === 'unknown') {
        findings.push(
          unknownFinding(
            ctx,
            where,
            `could not tell whether the ${association.eventType} association names a numbered function version${association.functionArn ? ` (${association.functionArn})` : ''}: the version rule could not be checked`,
            'info',
          ),
        );
        continue;
      }
      findings.push({
        severity: ctx.severity,
        ...where,
        message: `the ${association.eventType} association names ${WHAT[kind](qualifier)}${association.functionArn ? ` (${association.functionArn})` : ''}; CloudFront accepts only a numbered version: reference an AWS::Lambda::Version (SAM: AutoPublishAlias and !Ref Function.Version; Terraform: qualified_arn)`,
        actual: qualifier ?? kind,
        limit: restriction.value as string,
        quota: 'restrictions.versionedAssociation',
        quotaSource: restriction.source,
      });
    }
    return findings;
  },
});
