import { checkFeature } from '../rule-kit.js';
import { defineRule } from '../types.js';

/** Lambda@Edge functions must be .zip packages, not container images. */
export const containerImage = defineRule({
  id: 'container-image',
  title: 'Zip package, not a container image',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['packageTypes'],
  check: (ctx) =>
    checkFeature(
      ctx,
      'packageTypes',
      (fn) =>
        fn.packageType === 'Image'
          ? {
              message: 'package type Image, but Lambda@Edge runs .zip packages only; deploy the function as a .zip with a Node.js or Python runtime',
              actual: 'Image',
            }
          : undefined,
      'packageType',
    ),
});
