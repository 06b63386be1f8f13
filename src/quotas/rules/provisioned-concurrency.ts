import { checkFeature, formatNumber } from '../rule-kit.js';
import { defineRule } from '../types.js';

/** Lambda@Edge functions cannot have provisioned concurrency. */
export const provisionedConcurrency = defineRule({
  id: 'provisioned-concurrency',
  title: 'No provisioned concurrency',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['provisionedConcurrency'],
  check: (ctx) =>
    checkFeature(
      ctx,
      'provisionedConcurrency',
      (fn) =>
        fn.provisionedConcurrency !== undefined && fn.provisionedConcurrency > 0
          ? {
              message: `provisioned concurrency ${formatNumber(fn.provisionedConcurrency)} set${fn.valueConditions?.provisionedConcurrency ? ` when condition ${fn.valueConditions.provisionedConcurrency}` : ''}, but Lambda@Edge does not support provisioned concurrency (replicas run in the regions CloudFront picks); remove ProvisionedConcurrencyConfig`,
              actual: fn.provisionedConcurrency,
            }
          : undefined,
      'provisionedConcurrency',
    ),
});
