import { checkFeature } from '../rule-kit.js';
import type { Rule } from '../types.js';

/** Lambda@Edge functions cannot have a dead-letter queue. */
export const deadLetterQueue: Rule = {
  id: 'dead-letter-queue',
  title: 'No dead-letter queue',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['deadLetterQueue'],
  docs: 'docs/rules/dead-letter-queue.md',
  check: (ctx) =>
    checkFeature(ctx, 'dead-letter-queue', 'deadLetterQueue', (fn) =>
      fn.deadLetterTargetArn
        ? {
            message: `dead-letter queue ${fn.deadLetterTargetArn} set, but Lambda@Edge does not support dead-letter queues (CloudFront invokes the function synchronously); remove DeadLetterConfig`,
            actual: fn.deadLetterTargetArn,
          }
        : undefined,
    ),
};
