import { isIncomplete, type Notice, noticeText, regionNotice, snapshotNotices } from '../model/notices.js';
import { Selection, type SelectionFlags } from '../model/selection.js';
import type { Snapshot } from '../model/snapshot.js';
import { coveredDays, monthToDate } from '../model/window.js';
import { forecastMonthEnd, monthlyRunRate } from '../pricing/engine.js';
import type { Pricing } from '../pricing/sheet.js';
import { accumulateUsage, type ReportAccumulation } from './accumulate.js';
import { REPORT_KIND, type Report } from './document.js';
import { costFields, dayRows, distributionRows, eventTypeRows, functionRows, priceSum, regionRows } from './rows.js';

export interface ReportOptions extends SelectionFlags {
  pricing: Pricing;
  now: Date;
  /** The `--distribution/--function` selection; built from `distributionIds/functionNames` when absent. */
  selection?: Selection;
}

/**
 * What the report says about its data, in order: first why its totals are not the whole bill
 * (days with no data, usage of unknown memory, failed regions), then the other warnings.
 */
function reportNotices(snapshot: Snapshot, acc: ReportAccumulation, selection: Selection, days: number): Notice[] {
  const incomplete: Notice[] = [];
  if (days <= 0) incomplete.push({ code: 'no-covered-days', detail: `${snapshot.window.start} to ${snapshot.window.end}` });
  const edgeFunctions = snapshot.inventory.functions.length;
  if (snapshot.regions.length === 0 && (edgeFunctions > 0 || snapshot.usage.length > 0)) {
    incomplete.push({ code: 'no-regions-read', count: edgeFunctions, detail: '' });
  }
  if (acc.unknownDaySeries > 0) incomplete.push({ code: 'unknown-days', count: acc.unknownDaySeries, detail: '' });
  for (const entry of acc.unpriced.values()) {
    incomplete.push({ code: 'unknown-memory', functionName: entry.functionName, count: Math.round(entry.invocations), regions: [...entry.regions].sort(), detail: '' });
  }
  for (const status of snapshot.regions) if (status.status === 'failed') incomplete.push(regionNotice('region-failed', status));

  const warnings: Notice[] = snapshotNotices(snapshot.warnings);
  for (const functionName of selection.unmatchedFunctions(snapshot.usage)) warnings.push({ code: 'function-not-found', functionName, detail: '' });
  for (const distributionId of selection.unmatchedDistributions(snapshot.inventory.distributions)) {
    warnings.push({ code: 'distribution-not-found', distributionId, detail: '' });
  }
  if (acc.splitVersions.size > 0) warnings.push({ code: 'shared-version-split', count: acc.splitVersions.size, detail: '' });
  for (const functionName of acc.newestStandsIn) warnings.push({ code: 'newest-version-memory', functionName, detail: '' });
  if (snapshot.exact === true && acc.estimatedSeries > 0) warnings.push({ code: 'estimated-durations', count: acc.estimatedSeries, detail: '' });
  return [...incomplete, ...warnings];
}

/**
 * Prices a snapshot into the report document (PRODUCT.md `edgecost.report`). Pure: the clock and
 * prices are arguments, so one snapshot always yields the same report. Three steps: accumulate the
 * usage (`accumulate.ts`), price it into rows (`rows.ts`), assemble the document with its notices.
 * What cannot be priced (failed regions, unknown memory, days with no data, a window not begun,
 * functions with no region read) is listed in
 * `incomplete`, never counted as zero.
 */
export function buildReport(snapshot: Snapshot, options: ReportOptions): Report {
  return buildReportWithNotices(snapshot, options).report;
}

/** `buildReport`, with its warnings as data too: `warnings[i]` is `noticeText(notices[i])`. */
export function buildReportWithNotices(snapshot: Snapshot, options: ReportOptions): { report: Report; notices: Notice[] } {
  const { rates } = options.pricing;
  const selection = options.selection ?? new Selection(options);
  const acc = accumulateUsage(snapshot, { rates, now: options.now, selection });
  const days = coveredDays(snapshot.window, options.now);
  const notices = reportNotices(snapshot, acc, selection, days);
  const exact = snapshot.exact === true;

  const mtd = monthToDate(snapshot.window, options.now);
  const totalCost = priceSum(acc.total, rates);
  const totals = {
    ...costFields(totalCost),
    monthlyRunRateUsd: monthlyRunRate(totalCost.costUsd, days).toNumber(),
    ...(mtd ? { forecastMonthEndUsd: forecastMonthEnd(totalCost.costUsd, mtd.elapsedDays, mtd.monthDays).toNumber() } : {}),
  };

  const report: Report = {
    schemaVersion: 1,
    kind: REPORT_KIND,
    generatedAt: options.now.toISOString(),
    source: snapshot.source,
    window: snapshot.window,
    ...(days < snapshot.window.days ? { coveredDays: days } : {}),
    pricing: {
      id: options.pricing.sheet.id,
      currency: options.pricing.sheet.currency,
      effectiveDate: options.pricing.sheet.effectiveDate,
      billingGranularityMs: rates.billingGranularityMs,
    },
    durationBasis: !exact ? 'estimated-rounding' : acc.estimatedSeries > 0 ? 'mixed' : 'exact-billed',
    totals,
    functions: functionRows(acc, { rates, selection, days }),
    byEventType: eventTypeRows(acc, rates),
    byDistribution: distributionRows(acc, rates),
    byDay: dayRows(acc, rates),
    regions: regionRows(snapshot, acc, rates),
    incomplete: notices.filter(isIncomplete).map(noticeText),
    warnings: notices.map(noticeText),
  };
  return { report, notices };
}
