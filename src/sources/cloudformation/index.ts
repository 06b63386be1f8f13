/**
 * CloudFormation, SAM and CDK-synthesised templates → functions, distributions and associations.
 *
 * The hard part is following `LambdaFunctionARN` back to a function: `!Ref Version`, `!GetAtt Fn.Arn`,
 * SAM's `!Ref Fn.Version`, `Fn::Join`/`Fn::Sub` of those, custom resources that publish a version
 * (`LambdaFunction` property), CDK's cross-region SSM reader. A reference that cannot be followed is
 * kept with the reason, never dropped: "unknown" must reach the rules as unknown.
 */

import { duplicateKeyDefects, type ExtractedDistribution, type ExtractedExport, type ExtractedFunction, type ExtractedSsmParameter, type Extraction } from '../extraction.js';
import type { ParsedDocument } from '../parse/index.js';
import { isRecord } from '../parse/values.js';
import { ArnResolver, type Resolution } from './arn-resolver.js';
import { DistributionReader } from './distributions.js';
import { FunctionReader } from './functions.js';
import { Evaluator, renderExpression } from './intrinsics.js';
import { nonEdgeUses } from './invokers.js';
import { type CloudFormationContext, FUNCTION_TYPES, type Resource, Template } from './template.js';

export type { CloudFormationContext } from './template.js';

/** Reads one template. Throws InputError when the document is not a CloudFormation template. */
export function extractCloudFormation(file: string, doc: ParsedDocument, context: CloudFormationContext = {}): Extraction {
  return new TemplateReader(file, doc, context).read();
}

/** True when the parsed document has the shape of a CloudFormation/SAM template. */
export function looksLikeCloudFormation(root: unknown): boolean {
  return isRecord(root) && (Object.hasOwn(root, 'Resources') || Object.hasOwn(root, 'AWSTemplateFormatVersion'));
}

class TemplateReader {
  private readonly template: Template;
  private readonly resolver: ArnResolver;
  private readonly functions: FunctionReader;
  private readonly distributions: DistributionReader;

  constructor(file: string, doc: ParsedDocument, context: CloudFormationContext) {
    this.template = new Template(file, doc, context);
    this.resolver = new ArnResolver(this.template);
    this.functions = new FunctionReader(this.template, this.resolver);
    this.distributions = new DistributionReader(this.template, this.resolver);
  }

  read(): Extraction {
    const provisioned = this.functions.provisionedConcurrencyByFunction();
    const functions: ExtractedFunction[] = [];
    const distributions: ExtractedDistribution[] = [];
    const ssmParameters: ExtractedSsmParameter[] = [];
    for (const resource of this.template.resources.values()) {
      if (FUNCTION_TYPES.has(resource.type)) functions.push(this.functions.readFunction(resource, provisioned.get(resource.id)));
      else if (resource.type === 'AWS::CloudFront::Distribution') distributions.push(this.distributions.readDistribution(resource));
      else if (resource.type === 'AWS::SSM::Parameter') {
        const parameter = this.readSsmParameter(resource);
        if (parameter) ssmParameters.push(parameter);
      }
    }
    this.template.defects.push(...duplicateKeyDefects(this.template.file, this.template.doc, () => 'CloudFormation keeps this, the last value, and drops the earlier one'));
    const uses = nonEdgeUses(this.template);
    for (const fn of functions) {
      const use = uses.get(fn.id);
      if (use !== undefined) fn.nonEdgeUse = use;
    }
    return { functions, distributions, ssmParameters, exports: this.readExports(), notes: this.template.notes, defects: this.template.defects };
  }

  /**
   * `Outputs.*.Export.Name` and the function each output's Value names. A pseudo parameter known
   * only at deploy (`${AWS::StackName}-EdgeArn`, the usual form) becomes a wildcard: the linker
   * matches it against the import names of the run and says which stack name it assumed.
   */
  private readExports(): ExtractedExport[] {
    const root = this.template.doc.root as Record<string, unknown>;
    const outputs = isRecord(root.Outputs) ? root.Outputs : {};
    const scope = this.template.evaluator.scope;
    const holes = {
      stackName: scope.pseudo.stackName ?? hole('AWS::StackName'),
      region: scope.pseudo.region ?? hole('AWS::Region'),
      accountId: scope.pseudo.accountId ?? hole('AWS::AccountId'),
    };
    const withHoles = new Evaluator({ ...scope, pseudo: { ...scope.pseudo, ...holes } });
    const out: ExtractedExport[] = [];
    for (const [id, output] of Object.entries(outputs)) {
      if (!isRecord(output) || !isRecord(output.Export) || output.Export.Name === undefined) continue;
      const written = renderExpression(output.Export.Name);
      const evaluated = withHoles.single(output.Export.Name);
      const extracted: ExtractedExport = {
        written,
        file: this.template.file,
        output: id,
        line: this.template.doc.keyPosition(outputs, id)?.line,
        qualifier: 'unknown',
        ...(this.template.region === undefined ? {} : { region: this.template.region }),
      };
      if ('value' in evaluated && typeof evaluated.value === 'string') {
        const pattern = splitHoles(evaluated.value);
        if (pattern.holes.length === 0) extracted.name = evaluated.value;
        else extracted.pattern = pattern;
      }
      const resolutions = output.Value === undefined ? [] : this.resolver.resolveArn(output.Value, 0);
      const fn = resolutions.find((r): r is Extract<Resolution, { kind: 'function' }> => r.kind === 'function');
      const literal = resolutions.find((r): r is Extract<Resolution, { kind: 'literal' }> => r.kind === 'literal');
      if (fn) {
        extracted.target = { kind: 'function', file: this.template.file, id: fn.id };
        extracted.qualifier = fn.qualifier;
      } else if (literal) {
        extracted.literalArn = literal.arn;
        extracted.qualifier = literal.qualifier;
      } else {
        const reasons = resolutions.flatMap((r) => (r.kind === 'unresolved' ? [r.reason] : r.kind === 'import' ? [`it is itself imported from export ${r.name}`] : []));
        extracted.unresolvedReason = reasons[0] ?? 'the output has no Value';
      }
      out.push(extracted);
    }
    return out;
  }

  private readSsmParameter(resource: Resource): ExtractedSsmParameter | undefined {
    const name = this.template.evaluator.single(resource.properties.Name);
    if (!('value' in name) || typeof name.value !== 'string') return undefined;
    const value = resource.properties.Value;
    if (value === undefined) return undefined;
    const target = this.resolver.resolveArn(value, 0).find((r): r is Extract<Resolution, { kind: 'function' }> => r.kind === 'function');
    if (!target) return undefined;
    return {
      name: name.value,
      region: this.template.region,
      file: this.template.file,
      target: { kind: 'function', file: this.template.file, id: target.id },
      arnQualifier: target.qualifier,
    };
  }
}

const HOLE_MARK = '\u0000';

/** A stand-in for a pseudo parameter known only at deploy, inside an evaluated export name. */
function hole(name: string): string {
  return `${HOLE_MARK}${name}${HOLE_MARK}`;
}

function splitHoles(text: string): { parts: string[]; holes: string[] } {
  const pieces = text.split(HOLE_MARK);
  // Odd pieces are the pseudo parameters' names: "a", "AWS::StackName", "b".
  return { parts: pieces.filter((_, i) => i % 2 === 0), holes: pieces.filter((_, i) => i % 2 === 1) };
}
