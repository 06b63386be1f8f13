import { ConfigResolver, groupUsageByFunction, isKnown } from '../metrics.js';
import { formatNumber, formatPercent, quotaFields, roundMeasure, unknownFinding } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/**
 * Error rate at or above `thresholds.errorRatePercent` (5 %): failed invocations are billed like
 * successful ones, and each is an error page for a viewer.
 */
export const errorsBilled = defineRule({
  id: 'errors-billed',
  title: 'Error rate below the threshold',
  kind: 'metric',
  defaultSeverity: 'warning',
  appliesTo: 'all',
  quota: ['thresholds.errorRatePercent'],
  check(ctx) {
    if (!ctx.usage) return [];
    const threshold = ctx.quotas.get('thresholds.errorRatePercent');
    const resolver = new ConfigResolver(ctx.inventory, ctx.index);
    const findings: RuleFinding[] = [];
    for (const group of groupUsageByFunction(ctx.usage)) {
      let errors = 0;
      let invocations = 0;
      let known = false;
      let worst: { region: string; rate: number } | undefined;
      for (const series of group.series) {
        if (!series.errors) continue;
        let regionErrors = 0;
        let regionInvocations = 0;
        for (let day = 0; day < series.invocations.length; day++) {
          const count = series.invocations[day];
          const failed = series.errors[day];
          if (!isKnown(count) || !isKnown(failed)) continue;
          known = true;
          regionErrors += failed;
          regionInvocations += count;
        }
        errors += regionErrors;
        invocations += regionInvocations;
        if (regionInvocations > 0) {
          const rate = regionErrors / regionInvocations;
          if (!worst || rate > worst.rate) worst = { region: series.region, rate };
        }
      }
      const where = resolver.where(group, resolver.configFor(group.series[0]!));
      if (!known) {
        const ran = group.series.some((series) => series.invocations.some((count) => isKnown(count) && count > 0));
        if (ran) findings.push(unknownFinding(ctx, where, 'errors not in the usage data (CloudWatch Errors): the error rate could not be checked', 'info'));
        continue;
      }
      if (invocations === 0) continue;
      // errors / invocations ≥ threshold %, compared without division.
      if (errors * 100 < threshold.value * invocations) continue;
      const rate = (errors / invocations) * 100;
      findings.push({
        severity: ctx.severity,
        ...where,
        ...(worst ? { region: worst.region } : {}),
        message: `${formatNumber(errors)} errors in ${formatNumber(invocations)} invocations (${formatPercent(rate)}, threshold ${formatPercent(threshold.value)}${worst ? `; worst region ${worst.region} at ${formatPercent(worst.rate * 100)}` : ''}): failed invocations are billed like successful ones and each is an error for a viewer; read the function's logs (/aws/lambda/us-east-1.${group.functionName} in each region) and fix the failures`,
        actual: roundMeasure(rate),
        ...quotaFields(threshold),
      });
    }
    return findings;
  },
});
