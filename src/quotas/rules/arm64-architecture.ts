import { checkFeature, listWords } from '../rule-kit.js';
import { defineRule } from '../types.js';

/** Lambda@Edge runs x86_64 only (quotas/lambda-edge.json restrictions.architectures). */
export const arm64Architecture = defineRule({
  id: 'arm64-architecture',
  title: 'x86_64 architecture only',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['architectures'],
  check(ctx) {
    const allowed = ctx.quotas.restriction('architectures').value;
    const supported = Array.isArray(allowed) ? allowed : [allowed];
    return checkFeature(
      ctx,
      'architectures',
      (fn) => {
        const unsupported = (fn.architectures ?? []).filter((architecture) => !supported.includes(architecture));
        if (unsupported.length === 0) return undefined;
        return {
          message: `architecture ${listWords(unsupported)} is not supported by Lambda@Edge, which runs ${listWords(supported)} only; set Architectures to [${supported.join(', ')}]`,
          actual: unsupported.join(', '),
        };
      },
      'architectures',
    );
  },
});
