import { type Notice, noticeText } from '../model/notices.js';
import { windowText } from '../model/window.js';
import type { Reconciliation } from '../reconcile/document.js';
import type { Report, ReportReconciliation } from './document.js';

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
