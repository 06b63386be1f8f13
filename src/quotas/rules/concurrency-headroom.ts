import { dayLabel, groupUsageByRegion, isKnown, regionResource, SECONDS_PER_DAY } from '../metrics.js';
import { formatNumber, formatPercent, overrideNote, quotaFields, roundMeasure, unknownFinding } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/**
 * Peak concurrency per account and region against `region.concurrentExecutions` (1,000, shared with
 * every Lambda function of the region). With CloudWatch `ConcurrentExecutions` maxima the peak is
 * their sum per day; with daily totals only, Little's law gives the daily average concurrency
 * (invocations × average duration / 86,400 s = Σ duration / 86,400 s), a lower bound of the peak.
 */
export const concurrencyHeadroom = defineRule({
  id: 'concurrency-headroom',
  title: 'Peak concurrency per region below the regional quota',
  kind: 'metric',
  defaultSeverity: 'warning',
  appliesTo: 'all',
  quota: ['region.concurrentExecutions', 'thresholds.concurrencyHeadroomPercent'],
  check(ctx) {
    if (!ctx.usage) return [];
    const usage = ctx.usage;
    const quota = ctx.quotas.get('region.concurrentExecutions');
    const threshold = ctx.quotas.get('thresholds.concurrencyHeadroomPercent');
    const findings: RuleFinding[] = [];
    const lowerBounds = new Map<string, { value: number; region: string; day: number }>();
    for (const { key, series } of groupUsageByRegion(usage)) {
      let peak: { value: number; day: number; fromMax: boolean; fromAverage: boolean } | undefined;
      for (let day = 0; day < usage.window.days; day++) {
        let value = 0;
        let known = false;
        let fromMax = false;
        let fromAverage = false;
        for (const s of series) {
          const max = s.concurrentExecutionsMax?.[day];
          if (isKnown(max)) {
            value += max;
            known = true;
            fromMax = true;
            continue;
          }
          const durationMs = s.durationSumMs[day];
          if (isKnown(durationMs)) {
            value += durationMs / 1000 / SECONDS_PER_DAY;
            known = true;
            if (durationMs > 0) fromAverage = true;
          }
        }
        if (known && (!peak || value > peak.value)) peak = { value, day, fromMax, fromAverage };
      }
      if (!peak || peak.value <= 0) continue;
      const share = (peak.value / quota.value) * 100;
      const basis = peak.fromAverage
        ? peak.fromMax
          ? "sum of daily ConcurrentExecutions maxima and, for functions without them, daily average concurrency by Little's law (that part a lower bound)"
          : "daily average concurrency by Little's law: invocations × average duration / 86,400 s — an average, so a lower bound of the peak"
        : 'sum of the daily ConcurrentExecutions maxima of the Lambda@Edge replicas';
      if (peak.value * 100 >= threshold.value * quota.value) {
        findings.push({
          severity: ctx.severity,
          resource: regionResource(key),
          region: key.region,
          message: `${peak.fromMax ? 'peak' : 'average'} concurrency in ${key.region}${key.accountId ? ` (account ${key.accountId})` : ''} reached ${formatNumber(peak.value)} on ${dayLabel(usage, peak.day)} (${basis}), ${formatPercent(share)} of the regional quota of ${formatNumber(quota.value)} concurrent executions${overrideNote(quota)} shared with every Lambda function of the account in the region (threshold ${formatPercent(threshold.value)}); request a quota increase for ${key.region} before invocations are throttled`,
          actual: roundMeasure(peak.value),
          ...quotaFields(quota),
        });
      } else if (peak.fromAverage && !peak.fromMax) {
        const account = key.accountId ?? '';
        const current = lowerBounds.get(account);
        if (!current || peak.value > current.value) lowerBounds.set(account, { value: peak.value, region: key.region, day: peak.day });
      }
    }
    for (const [account, bound] of lowerBounds) {
      findings.push(
        unknownFinding(
          ctx,
          { resource: account ? `${account}/${bound.region}` : bound.region, region: bound.region, actual: roundMeasure(bound.value), ...quotaFields(quota) },
          `peak concurrency could not be checked: the usage data has daily totals only, and the daily average (Little's law, a lower bound of the peak) reaches at most ${formatNumber(bound.value)} in ${bound.region} on ${dayLabel(usage, bound.day)}, ${formatPercent((bound.value / quota.value) * 100)} of ${formatNumber(quota.value)}; collect ConcurrentExecutions for the peak`,
          'info',
        ),
      );
    }
    return findings;
  },
});
