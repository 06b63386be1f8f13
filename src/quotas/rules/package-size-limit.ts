import { EVENT_TYPES } from '../../model/inventory.js';
import { checkEventLimit, type EventLimitCheck, eventFields, formatNumber, functionWhere, listWords, overrideNote, quotaFields, unknownFinding } from '../rule-kit.js';
import { defineRule, type EdgeFunction, type RuleContext, type RuleFinding } from '../types.js';

/**
 * Compressed package per event type (viewer 1 MB = 1,048,576 bytes, origin 50 MB) and the unzipped
 * Lambda limit (250 MB). A container image has no zip: the container-image rule reports it instead.
 *
 * A code folder that is not built (dependencies not installed) measures only a lower bound: over a
 * limit it is still an error ("at least"), under it it is not a pass but a warning that the built
 * size is unknown.
 */
export const packageSizeLimit = defineRule({
  id: 'package-size-limit',
  title: 'Deployment package within the size limit of its event type',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: EVENT_TYPES,
  quota: ['viewer.compressedPackageBytes', 'origin.compressedPackageBytes', 'function.unzippedPackageBytes'],
  check(ctx) {
    const zipped = ctx.index.edgeFunctions.filter((edge) => edge.fn.packageType !== 'Image');
    const only = (edges: EdgeFunction[]): RuleContext => ({ ...ctx, index: { ...ctx.index, edgeFunctions: edges } });
    const compressed: EventLimitCheck = {
      quotaName: 'compressedPackageBytes',
      label: 'compressed package',
      value: (fn) => fn.codeSizeBytes,
      describe: (fn, actual, unit) =>
        fn.packageLowerBound ? `compressed package at least ${actual} ${unit} (${fn.packageLowerBound.reason})` : `compressed package ${actual} ${unit}`,
      unknownMessage: (fn) =>
        ctx.usage
          ? 'package size unknown (no CodeSize in the input): the size limit could not be checked'
          : `package size unknown${fn.artifactPath ? ` (${fn.artifactPath} could not be measured)` : ''}: the size limit could not be checked; name the zip or folder with --artifact ${fn.resource ?? fn.functionName}=PATH`,
      unknownSeverity: 'info',
      fix: 'remove unused dependencies, bundle and minify, or move the function to an origin event',
    };
    const findings = checkEventLimit(only(zipped.filter((edge) => !edge.fn.packageLowerBound)), EVENT_TYPES, compressed);
    for (const edge of zipped.filter((e) => e.fn.packageLowerBound)) {
      const over = checkEventLimit(only([edge]), EVENT_TYPES, compressed);
      findings.push(...(over.length > 0 ? over : [underLowerBound(ctx, edge)]));
    }
    const unzipped = ctx.quotas.get('function.unzippedPackageBytes');
    for (const edge of zipped) {
      const size = edge.fn.unzippedSizeBytes;
      if (size === undefined || size <= unzipped.value) continue;
      const bound = edge.fn.packageLowerBound;
      const finding: RuleFinding = {
        severity: ctx.severity,
        ...functionWhere(edge.fn),
        ...eventFields(edge),
        message: `unzipped package ${bound ? `at least ${formatNumber(size)} bytes (${bound.reason})` : `${formatNumber(size)} bytes`} is over Lambda's ${formatNumber(unzipped.value)} bytes limit${overrideNote(unzipped)}; remove unused files from the package`,
        actual: size,
        ...quotaFields(unzipped),
      };
      findings.push(finding);
    }
    return findings;
  },
});

/** An unbuilt folder under every limit it may run on: the built size is unknown, never a pass. */
function underLowerBound(ctx: RuleContext, edge: EdgeFunction): RuleFinding {
  const bound = edge.fn.packageLowerBound!;
  const events = edge.eventTypes.length > 0 ? edge.eventTypes : EVENT_TYPES;
  const limits = events.map((eventType) => ({ eventType, entry: ctx.quotas.forEvent(eventType, 'compressedPackageBytes') })).sort((a, b) => a.entry.value - b.entry.value);
  const tightest = limits[0]!.entry;
  const named = limits.filter((l) => l.entry.value === tightest.value).map((l) => l.eventType);
  const size = edge.fn.codeSizeBytes;
  const measured = size === undefined ? 'the package was not measured' : `the package measures ${formatNumber(size)} bytes compressed`;
  return unknownFinding(
    ctx,
    { ...functionWhere(edge.fn), ...eventFields(edge), ...(size === undefined ? {} : { actual: size }), ...quotaFields(tightest) },
    `${measured}, a lower bound (${bound.reason}), so the size that deploys is unknown and the ${formatNumber(tightest.value)} bytes limit of ${edge.eventTypes.length > 0 ? listWords(named) : 'viewer events'}${overrideNote(tightest)} could not be checked; ${bound.hint}`,
    'warning',
  );
}
