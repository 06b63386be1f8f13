import { ConfigResolver, groupUsageByFunction, sumKnown } from '../metrics.js';
import { formatNumber, listWords, unknownFinding } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/** Any throttled invocation: the viewer got an error because the region ran out of concurrency. */
export const throttles = defineRule({
  id: 'throttles',
  title: 'No throttled invocations',
  kind: 'metric',
  defaultSeverity: 'warning',
  appliesTo: 'all',
  quota: ['region.concurrentExecutions'],
  check(ctx) {
    if (!ctx.usage) return [];
    const resolver = new ConfigResolver(ctx.inventory, ctx.index);
    const findings: RuleFinding[] = [];
    for (const group of groupUsageByFunction(ctx.usage)) {
      const byRegion = new Map<string, number>();
      let known = false;
      let ran = false;
      for (const series of group.series) {
        if (sumKnown(series.invocations).sum > 0) ran = true;
        const { sum, known: days } = sumKnown(series.throttles);
        if (days === 0) continue;
        known = true;
        if (sum > 0) byRegion.set(series.region, (byRegion.get(series.region) ?? 0) + sum);
      }
      const where = resolver.where(group, resolver.configFor(group.series[0]!));
      if (!known) {
        if (ran) findings.push(unknownFinding(ctx, where, 'throttles not in the usage data (CloudWatch Throttles): the rule could not be checked', 'info'));
        continue;
      }
      const total = [...byRegion.values()].reduce((a, b) => a + b, 0);
      if (total === 0) continue;
      const regions = [...byRegion].sort((a, b) => b[1] - a[1]);
      findings.push({
        severity: ctx.severity,
        ...where,
        region: regions[0]![0],
        message: `${formatNumber(total)} throttled invocation${total === 1 ? '' : 's'} (${listWords(regions.map(([region, count]) => `${region}: ${formatNumber(count)}`))}): viewers got errors because the region's concurrency quota, shared with every Lambda function there, was exhausted; request a concurrency increase in those regions or shorten the function`,
        actual: total,
        limit: 0,
        unit: 'throttles',
      });
    }
    return findings;
  },
});
