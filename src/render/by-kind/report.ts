import type { Report } from '../../report/document.js';
import { renderJson } from '../json.js';
import type { Renderers } from '../renderer.js';
import { renderReportHtml } from '../report-html.js';
import { renderReportCsv, renderReportMarkdown, renderReportTable } from '../report-text.js';

/** The `report` document's output formats, the default first (see render/index.ts). */
export const REPORT_RENDERERS: Renderers<Report> = {
  table: (report, options) => renderReportTable(report, { groupBy: options.groupBy ?? 'function', color: options.color === true }),
  json: renderJson,
  csv: (report, options) => renderReportCsv(report, { groupBy: options.groupBy ?? 'function', color: false }),
  markdown: (report, options) => renderReportMarkdown(report, { groupBy: options.groupBy ?? 'function', color: false }),
  html: (report) => renderReportHtml(report),
};
