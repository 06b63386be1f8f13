import { dayLabel, groupUsageByRegion, isKnown, regionResource, SECONDS_PER_DAY } from '../metrics.js';
import { formatNumber, formatPercent, overrideNote, quotaFields, roundMeasure, unknownFinding } from '../rule-kit.js';
import { defineRule, type RuleFinding } from '../types.js';

/**
 * Requests per second per account and region against `region.requestsPerSecond` (10,000). Snapshots
 * hold daily invocation totals, so only the daily average rate is derivable: a lower bound of the
 * peak. A warning is certain when even the average reaches the threshold; otherwise the rule says
 * the peak could not be checked.
 */
export const requestRateHeadroom = defineRule({
  id: 'request-rate-headroom',
  title: 'Peak requests per second per region below the regional quota',
  kind: 'metric',
  defaultSeverity: 'warning',
  appliesTo: 'all',
  quota: ['region.requestsPerSecond', 'thresholds.requestRateHeadroomPercent'],
  check(ctx) {
    if (!ctx.usage) return [];
    const usage = ctx.usage;
    const quota = ctx.quotas.get('region.requestsPerSecond');
    const threshold = ctx.quotas.get('thresholds.requestRateHeadroomPercent');
    const findings: RuleFinding[] = [];
    const lowerBounds = new Map<string, { value: number; region: string; day: number }>();
    for (const { key, series } of groupUsageByRegion(usage)) {
      let peak: { invocations: number; day: number } | undefined;
      for (let day = 0; day < usage.window.days; day++) {
        let invocations = 0;
        let known = false;
        for (const s of series) {
          const count = s.invocations[day];
          if (!isKnown(count)) continue;
          invocations += count;
          known = true;
        }
        if (known && (!peak || invocations > peak.invocations)) peak = { invocations, day };
      }
      if (!peak || peak.invocations <= 0) continue;
      const rate = peak.invocations / SECONDS_PER_DAY;
      // invocations / 86,400 ≥ threshold% × quota, compared without division.
      if (peak.invocations * 100 >= threshold.value * quota.value * SECONDS_PER_DAY) {
        findings.push({
          severity: ctx.severity,
          resource: regionResource(key),
          region: key.region,
          message: `average request rate in ${key.region}${key.accountId ? ` (account ${key.accountId})` : ''} reached ${formatNumber(rate)} requests/s on ${dayLabel(usage, peak.day)} (${formatNumber(peak.invocations)} invocations / 86,400 s — an average, so the peak was higher), ${formatPercent((rate / quota.value) * 100)} of the regional quota of ${formatNumber(quota.value)} requests/s${overrideNote(quota)} (threshold ${formatPercent(threshold.value)}); request a quota increase for ${key.region}`,
          actual: roundMeasure(rate),
          ...quotaFields(quota),
        });
      } else {
        const account = key.accountId ?? '';
        const current = lowerBounds.get(account);
        if (!current || rate > current.value) lowerBounds.set(account, { value: rate, region: key.region, day: peak.day });
      }
    }
    for (const [account, bound] of lowerBounds) {
      findings.push(
        unknownFinding(
          ctx,
          { resource: account ? `${account}/${bound.region}` : bound.region, region: bound.region, actual: roundMeasure(bound.value), ...quotaFields(quota) },
          `peak request rate could not be checked: the usage data has daily totals only, and the daily average (a lower bound of the peak) reaches at most ${formatNumber(bound.value)} requests/s in ${bound.region} on ${dayLabel(usage, bound.day)}, ${formatPercent((bound.value / quota.value) * 100)} of ${formatNumber(quota.value)}`,
          'info',
        ),
      );
    }
    return findings;
  },
});
