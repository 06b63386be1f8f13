import { checkFeature } from '../rule-kit.js';
import { defineRule } from '../types.js';

/** Lambda@Edge functions cannot be attached to a VPC. */
export const vpc = defineRule({
  id: 'vpc',
  title: 'No VPC configuration',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['vpc'],
  check: (ctx) =>
    checkFeature(
      ctx,
      'vpc',
      (fn) =>
        fn.vpcConfigured === true
          ? {
              message: 'VPC configuration set, but Lambda@Edge functions cannot access a VPC; remove VpcConfig and reach private resources through a public endpoint or the origin',
              actual: 'VpcConfig',
            }
          : undefined,
      'vpcConfigured',
    ),
});
