import { checkFeature } from '../rule-kit.js';
import { defineRule } from '../types.js';

/** Lambda@Edge functions cannot use X-Ray active tracing. */
export const xrayTracing = defineRule({
  id: 'xray-tracing',
  title: 'No X-Ray active tracing',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['activeTracing'],
  check: (ctx) =>
    checkFeature(
      ctx,
      'activeTracing',
      (fn) =>
        fn.tracingMode?.toLowerCase() === 'active'
          ? {
              message: 'X-Ray tracing mode Active set, but Lambda@Edge does not support active tracing; set TracingConfig Mode to PassThrough or remove it',
              actual: fn.tracingMode,
            }
          : undefined,
      'tracingMode',
    ),
});
