import { checkFeature } from '../rule-kit.js';
import type { Rule } from '../types.js';

/** Lambda@Edge functions cannot be attached to a VPC. */
export const vpc: Rule = {
  id: 'vpc',
  title: 'No VPC configuration',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['vpc'],
  docs: 'docs/rules/vpc.md',
  check: (ctx) =>
    checkFeature(ctx, 'vpc', 'vpc', (fn) =>
      fn.vpcConfigured === true
        ? {
            message: 'VPC configuration set, but Lambda@Edge functions cannot access a VPC; remove VpcConfig and reach private resources through a public endpoint or the origin',
            actual: 'VpcConfig',
          }
        : undefined,
    ),
};
