import { checkFeature } from '../rule-kit.js';
import type { Rule } from '../types.js';

/** Lambda@Edge functions must be .zip packages, not container images. */
export const containerImage: Rule = {
  id: 'container-image',
  title: 'Zip package, not a container image',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['packageTypes'],
  docs: 'docs/rules/container-image.md',
  check: (ctx) =>
    checkFeature(ctx, 'container-image', 'packageTypes', (fn) =>
      fn.packageType === 'Image'
        ? {
            message: 'package type Image, but Lambda@Edge runs .zip packages only; deploy the function as a .zip with a Node.js or Python runtime',
            actual: 'Image',
          }
        : undefined,
    ),
};
