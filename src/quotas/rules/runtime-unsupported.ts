import { EVENT_TYPES } from '../../model/inventory.js';
import { eventFields, functionWhere, listWords, unknownFinding } from '../rule-kit.js';
import { dayHasBegun, type RuntimeInfo } from '../runtimes.js';
import { defineRule, type RuleFinding } from '../types.js';

/** What Lambda blocks at `now`: creating functions only, or also updating them. */
function blockedText(runtime: RuntimeInfo, now: Date): string {
  const updates = runtime.blockUpdateDate;
  if (updates && dayHasBegun(updates, now)) return `has rejected creating or updating functions with it since ${updates}`;
  return `has rejected creating functions with it since ${runtime.blockCreateDate}${updates ? ` and will reject updates from ${updates}` : ''}`;
}

/**
 * Lambda@Edge runs Node.js and Python only, and Lambda rejects deployments of a runtime after its
 * block-update date (quotas/runtimes.json). An unlisted Node.js/Python runtime is "unknown", not a pass.
 */
export const runtimeUnsupported = defineRule({
  id: 'runtime-unsupported',
  title: 'Runtime that Lambda@Edge accepts',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: EVENT_TYPES,
  check(ctx) {
    const findings: RuleFinding[] = [];
    const languages = listWords(ctx.runtimes.families.map((family) => family.name));
    for (const edge of ctx.index.edgeFunctions) {
      const { fn } = edge;
      const where = { ...functionWhere(fn, 'runtime'), ...eventFields(edge) };
      if (fn.runtime === undefined) {
        // A container image has no managed runtime; the container-image rule reports the image.
        if (fn.packageType === 'Image') continue;
        findings.push(unknownFinding(ctx, where, 'runtime unknown (not a literal in the input): the runtime could not be checked'));
        continue;
      }
      const status = ctx.runtimes.status(fn.runtime, ctx.now);
      switch (status.status) {
        case 'unsupported-language':
          findings.push({
            severity: ctx.severity,
            ...where,
            message: `runtime ${fn.runtime} is not supported by Lambda@Edge, which runs ${languages} only; rewrite the function in a supported runtime`,
            actual: fn.runtime,
            limit: languages,
            quota: 'runtimes.families',
            quotaSource: ctx.runtimes.source,
          });
          break;
        case 'unlisted':
          findings.push(
            unknownFinding(
              ctx,
              { ...where, actual: fn.runtime, quota: 'runtimes', quotaSource: ctx.runtimes.source },
              `runtime ${fn.runtime} is not in ${ctx.runtimes.file} (retrieved ${ctx.runtimes.retrievedDate}): whether Lambda@Edge accepts it could not be checked; add it to the runtime table with its deprecation date`,
            ),
          );
          break;
        case 'blocked':
          findings.push({
            severity: ctx.severity,
            ...where,
            message: `runtime ${fn.runtime} was deprecated on ${status.runtime.deprecationDate} and this template cannot deploy: Lambda ${blockedText(status.runtime, ctx.now)}${status.successor ? `; move to ${status.successor.id}` : ''}`,
            actual: fn.runtime,
            limit: `blocked from ${status.runtime.blockCreateDate ?? status.runtime.blockUpdateDate}`,
            quota: `runtimes.${fn.runtime}`,
            quotaSource: status.runtime.source,
          });
          break;
        default:
          break;
      }
    }
    return findings;
  },
});
