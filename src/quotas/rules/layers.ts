import { checkFeature, formatNumber } from '../rule-kit.js';
import { defineRule } from '../types.js';

/** Lambda@Edge functions cannot use layers. */
export const layers = defineRule({
  id: 'layers',
  title: 'No Lambda layers',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['layers'],
  check: (ctx) =>
    checkFeature(
      ctx,
      'layers',
      (fn) => {
        const arns = fn.layerArns ?? [];
        if (arns.length === 0) return undefined;
        return {
          message: `${formatNumber(arns.length)} layer${arns.length === 1 ? '' : 's'} attached, but Lambda@Edge does not support layers; bundle the layer's code into the function package`,
          actual: arns.length,
        };
      },
      'layerArns',
    ),
});
