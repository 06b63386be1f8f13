import { EVENT_TYPES } from '../../model/inventory.js';
import { checkEventLimit } from '../rule-kit.js';
import { defineRule } from '../types.js';

/**
 * Viewer events allow 5 s, origin events 30 s (quotas/lambda-edge.json `*.timeoutSec`); below
 * Lambda's minimum (`function.minTimeoutSec`) or not a whole number is rejected on any event.
 */
export const timeoutLimit = defineRule({
  id: 'timeout-limit',
  title: 'Function timeout within the limit of its event type',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: EVENT_TYPES,
  quota: ['viewer.timeoutSec', 'origin.timeoutSec', 'function.minTimeoutSec'],
  check: (ctx) =>
    checkEventLimit(ctx, EVENT_TYPES, {
      quotaName: 'timeoutSec',
      property: 'timeoutSec',
      label: 'timeout',
      value: (fn) => fn.timeoutSec,
      condition: (fn) => fn.valueConditions?.timeoutSec,
      unknownMessage: () => 'timeout unknown (not a literal in the input): the timeout limit could not be checked',
      fix: (actual, ctx) => {
        const origin = ctx.quotas.get('origin.timeoutSec').value;
        // Over the origin limit too: no CloudFront event allows it, so "move to an origin event" would not help.
        return actual > origin
          ? `no CloudFront event allows it (origin events allow at most ${origin} s); lower Timeout to ${origin} s or less`
          : 'lower Timeout or move the function to an origin event';
      },
      minimumQuota: 'function.minTimeoutSec',
      defectKind: 'timeout',
    }),
});
