import { ConfigResolver, dayLabel, groupUsageByFunction, isKnown } from '../metrics.js';
import { formatNumber, formatPercent, quotaFields, unknownFinding } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/**
 * The longest invocation reached `thresholds.nearTimeoutPercent` (80 %) of the function's timeout:
 * a slower origin or a cold start will soon time out and the viewer gets a 5xx.
 */
interface Worst {
  ratio: number;
  maxMs: number;
  timeoutSec: number;
  region: string;
  day: number;
}

export const nearTimeout = defineRule({
  id: 'near-timeout',
  title: 'Maximum duration well below the timeout',
  kind: 'metric',
  defaultSeverity: 'warning',
  appliesTo: 'all',
  quota: ['thresholds.nearTimeoutPercent'],
  check(ctx) {
    if (!ctx.usage) return [];
    const usage = ctx.usage;
    const threshold = ctx.quotas.get('thresholds.nearTimeoutPercent');
    const resolver = new ConfigResolver(ctx.inventory, ctx.index);
    const findings: RuleFinding[] = [];
    for (const group of groupUsageByFunction(usage)) {
      let worst: Worst | undefined;
      let sawMax = false;
      let ran = false;
      let timeoutUnknown = false;
      for (const series of group.series) {
        if (series.invocations.some((count) => isKnown(count) && count > 0)) ran = true;
        const config = resolver.configFor(series);
        const maxima = series.durationMaxMs ?? [];
        for (let day = 0; day < maxima.length; day++) {
          const maxMs = maxima[day];
          if (!isKnown(maxMs)) continue;
          sawMax = true;
          if (config?.timeoutSec === undefined || config.timeoutSec <= 0) {
            timeoutUnknown = true;
            continue;
          }
          const ratio = maxMs / (config.timeoutSec * 1000);
          if (!worst || ratio > worst.ratio) worst = { ratio, maxMs, timeoutSec: config.timeoutSec, region: series.region, day };
        }
      }
      const config = resolver.configFor(group.series[0]!);
      const where = resolver.where(group, config);
      if (!ran) continue;
      if (!sawMax) {
        findings.push(unknownFinding(ctx, where, 'maximum duration not in the usage data (CloudWatch Duration Maximum): near-timeout could not be checked', 'info'));
        continue;
      }
      if (!worst) {
        if (timeoutUnknown) findings.push(unknownFinding(ctx, where, 'timeout unknown: near-timeout could not be checked', 'info'));
        continue;
      }
      const found = worst;
      // Compared as integers scaled by 100 so 4,000 ms of a 5 s timeout is exactly 80 %.
      if (found.maxMs * 100 < threshold.value * found.timeoutSec * 1000) continue;
      findings.push({
        severity: ctx.severity,
        ...where,
        region: found.region,
        message: `maximum duration ${formatNumber(found.maxMs)} ms (${found.region}, ${dayLabel(usage, found.day)}) is ${formatPercent(found.ratio * 100)} of the ${formatNumber(found.timeoutSec)} s timeout (threshold ${formatPercent(threshold.value)}); speed up the slow path (origin calls, cold start) before invocations time out and viewers get 5xx errors`,
        actual: found.maxMs,
        ...quotaFields(threshold),
        limit: found.timeoutSec * 1000,
        unit: 'ms',
      });
    }
    return findings;
  },
});
