import { EVENT_TYPES } from '../../model/inventory.js';
import { checkEventLimit, eventFields, formatNumber, functionWhere, overrideNote, quotaFields } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/**
 * Compressed package per event type (viewer 1 MB = 1,048,576 bytes, origin 50 MB) and the unzipped
 * Lambda limit (250 MB). A container image has no zip: the container-image rule reports it instead.
 */
export const packageSizeLimit = defineRule({
  id: 'package-size-limit',
  title: 'Deployment package within the size limit of its event type',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: EVENT_TYPES,
  quota: ['viewer.compressedPackageBytes', 'origin.compressedPackageBytes', 'function.unzippedPackageBytes'],
  check(ctx) {
    const zipCtx = {
      ...ctx,
      index: { ...ctx.index, edgeFunctions: ctx.index.edgeFunctions.filter((edge) => edge.fn.packageType !== 'Image') },
    };
    const findings = checkEventLimit(zipCtx, EVENT_TYPES, {
      quotaName: 'compressedPackageBytes',
      label: 'compressed package',
      value: (fn) => fn.codeSizeBytes,
      unknownMessage: (fn) =>
        ctx.usage
          ? 'package size unknown (no CodeSize in the input): the size limit could not be checked'
          : `package size unknown${fn.artifactPath ? ` (${fn.artifactPath} could not be measured)` : ''}: the size limit could not be checked; name the zip or folder with --artifact ${fn.resource ?? fn.functionName}=PATH`,
      unknownSeverity: 'info',
      fix: 'remove unused dependencies, bundle and minify, or move the function to an origin event',
    });
    const unzipped = ctx.quotas.get('function.unzippedPackageBytes');
    for (const edge of zipCtx.index.edgeFunctions) {
      const size = edge.fn.unzippedSizeBytes;
      if (size === undefined || size <= unzipped.value) continue;
      const finding: RuleFinding = {
        severity: ctx.severity,
        ...functionWhere(edge.fn),
        ...eventFields(edge),
        message: `unzipped package ${formatNumber(size)} bytes is over Lambda's ${formatNumber(unzipped.value)} bytes limit${overrideNote(unzipped)}; remove unused files from the package`,
        actual: size,
        ...quotaFields(unzipped),
      };
      findings.push(finding);
    }
    return findings;
  },
});
