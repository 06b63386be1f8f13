import { checkFeature, formatNumber } from '../rule-kit.js';
import type { Rule } from '../types.js';

/** Lambda@Edge functions cannot have provisioned concurrency. */
export const provisionedConcurrency: Rule = {
  id: 'provisioned-concurrency',
  title: 'No provisioned concurrency',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['provisionedConcurrency'],
  docs: 'docs/rules/provisioned-concurrency.md',
  check: (ctx) =>
    checkFeature(ctx, 'provisioned-concurrency', 'provisionedConcurrency', (fn) =>
      fn.provisionedConcurrency !== undefined && fn.provisionedConcurrency > 0
        ? {
            message: `provisioned concurrency ${formatNumber(fn.provisionedConcurrency)} set, but Lambda@Edge does not support provisioned concurrency (replicas run in the regions CloudFront picks); remove ProvisionedConcurrencyConfig`,
            actual: fn.provisionedConcurrency,
          }
        : undefined,
    ),
};
