import { type Notice, noticeText } from '../model/notices.js';
import type { TimeWindow } from '../model/snapshot.js';
import type { Reconciliation } from '../reconcile/document.js';
import type { Report, ReportReconciliation } from './document.js';

/** `2026-10-01 to 2026-10-31 (31 days)`: a window by its first and last UTC day (`end` is exclusive). */
export function windowText(window: TimeWindow): string {
  const last = new Date(Date.parse(window.end) - 86_400_000).toISOString().slice(0, 10);
  return `${window.start.slice(0, 10)} to ${last} (${window.days} days)`;
}

/**
 * A reconciliation read for `report --reconciliation`, beside the report: the same window and the
 * same prices make its edgecost columns this report's figures; otherwise notices say so (the CLI
 * also says them on stderr) and the HTML section shows them above its table.
 */
export function reportReconciliation(report: Report, file: string, document: Reconciliation): { reconciliation: ReportReconciliation; notices: Notice[] } {
  const notices: Notice[] = [];
  const sameWindow = Date.parse(document.window.start) === Date.parse(report.window.start) && Date.parse(document.window.end) === Date.parse(report.window.end);
  if (!sameWindow) {
    notices.push({ code: 'reconciliation-other-window', windows: { other: windowText(document.window), current: windowText(report.window) }, detail: '' });
  }
  if (document.pricingId !== report.pricing.id) {
    notices.push({ code: 'reconciliation-other-prices', pricingIds: { baseline: document.pricingId, current: report.pricing.id }, detail: '' });
  }
  return { reconciliation: { file, sameWindow, warnings: notices.map(noticeText), document }, notices };
}
