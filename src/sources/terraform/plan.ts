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

import type { ExtractedDistribution, ExtractedFunction, Extraction } from '../extraction.js';
import type { ParsedDocument } from '../parse/index.js';
import { isRecord } from '../parse/values.js';
import { DistributionReader } from './distributions.js';
import { FunctionReader } from './functions.js';
import { Plan } from './plan-model.js';

export function looksLikeTerraformPlan(root: unknown): boolean {
  return (
    isRecord(root) &&
    Object.hasOwn(root, 'format_version') &&
    ['planned_values', 'resource_changes', 'configuration', 'values', 'terraform_version'].some((key) => Object.hasOwn(root, key))
  );
}

export function extractTerraformPlan(file: string, doc: ParsedDocument): Extraction {
  const plan = new Plan(file, doc);
  const functionReader = new FunctionReader(plan);
  const distributionReader = new DistributionReader(plan);
  const provisioned = functionReader.provisionedConcurrency();
  const functions: ExtractedFunction[] = [];
  const distributions: ExtractedDistribution[] = [];
  for (const resource of plan.planned.values()) {
    if (resource.type === 'aws_lambda_function') functions.push(functionReader.readFunction(resource, provisioned.get(resource.address)));
    else if (resource.type === 'aws_cloudfront_distribution') distributions.push(distributionReader.readDistribution(resource));
  }
  return { functions, distributions, ssmParameters: [], notes: plan.notes, defects: plan.defects };
}
