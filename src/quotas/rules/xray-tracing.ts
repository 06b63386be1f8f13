import { checkFeature } from '../rule-kit.js';
import type { Rule } from '../types.js';

/** Lambda@Edge functions cannot use X-Ray active tracing. */
export const xrayTracing: Rule = {
  id: 'xray-tracing',
  title: 'No X-Ray active tracing',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['activeTracing'],
  docs: 'docs/rules/xray-tracing.md',
  check: (ctx) =>
    checkFeature(ctx, 'xray-tracing', 'activeTracing', (fn) =>
      fn.tracingMode?.toLowerCase() === 'active'
        ? {
            message: 'X-Ray tracing mode Active set, but Lambda@Edge does not support active tracing; set TracingConfig Mode to PassThrough or remove it',
            actual: fn.tracingMode,
          }
        : undefined,
    ),
};
