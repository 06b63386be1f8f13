import { checkFeature } from '../rule-kit.js';
import { defineRule } from '../types.js';

/** Lambda@Edge functions cannot have a dead-letter queue. */
export const deadLetterQueue = defineRule({
  id: 'dead-letter-queue',
  title: 'No dead-letter queue',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['deadLetterQueue'],
  check: (ctx) =>
    checkFeature(
      ctx,
      'deadLetterQueue',
      (fn) =>
        fn.deadLetterTargetArn
          ? {
              message: `dead-letter queue ${fn.deadLetterTargetArn} set, but Lambda@Edge does not support dead-letter queues (CloudFront invokes the function synchronously); remove DeadLetterConfig`,
              actual: fn.deadLetterTargetArn,
            }
          : undefined,
      'deadLetterTargetArn',
    ),
});
