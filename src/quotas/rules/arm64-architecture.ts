import { checkFeature, listWords } from '../rule-kit.js';
import type { Rule } from '../types.js';

/** Lambda@Edge runs x86_64 only (quotas/lambda-edge.json restrictions.architectures). */
export const arm64Architecture: Rule = {
  id: 'arm64-architecture',
  title: 'x86_64 architecture only',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['architectures'],
  docs: 'docs/rules/arm64-architecture.md',
  check(ctx) {
    const allowed = ctx.quotas.restriction('architectures').value;
    const supported = Array.isArray(allowed) ? allowed : [allowed];
    return checkFeature(ctx, 'arm64-architecture', 'architectures', (fn) => {
      const unsupported = (fn.architectures ?? []).filter((architecture) => !supported.includes(architecture));
      if (unsupported.length === 0) return undefined;
      return {
        message: `architecture ${listWords(unsupported)} is not supported by Lambda@Edge, which runs ${listWords(supported)} only; set Architectures to [${supported.join(', ')}]`,
        actual: unsupported.join(', '),
      };
    });
  },
};
