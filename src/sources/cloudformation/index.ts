/**
 * CloudFormation, SAM and CDK-synthesised templates → functions, distributions and associations.
 *
 * The hard part is following `LambdaFunctionARN` back to a function: `!Ref Version`, `!GetAtt Fn.Arn`,
 * SAM's `!Ref Fn.Version`, `Fn::Join`/`Fn::Sub` of those, custom resources that publish a version
 * (`LambdaFunction` property), CDK's cross-region SSM reader. A reference that cannot be followed is
 * kept with the reason, never dropped: "unknown" must reach the rules as unknown.
 */

import { duplicateKeyDefects, type ExtractedDistribution, type ExtractedFunction, type ExtractedSsmParameter, type Extraction } from '../extraction.js';
import type { ParsedDocument } from '../parse/index.js';
import { isRecord } from '../parse/values.js';
import { ArnResolver, type Resolution } from './arn-resolver.js';
import { DistributionReader } from './distributions.js';
import { FunctionReader } from './functions.js';
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
    return { functions, distributions, ssmParameters, notes: this.template.notes, defects: this.template.defects };
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
