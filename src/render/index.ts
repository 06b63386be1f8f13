import type { DiffDocument } from '../diff/types.js';
import type { GateDocument } from '../gate/types.js';
import type { PricingDocument } from '../pricing/document.js';
import type { Estimate } from '../pricing/estimate.js';
import type { LintDocument } from '../quotas/document.js';
import type { RecommendationsDocument } from '../recommend/types.js';
import type { Reconciliation } from '../reconcile/document.js';
import type { GroupBy, Report } from '../report/document.js';
import { renderDiffGithub } from './diff-github.js';
import { renderDiffMarkdown, renderDiffTable } from './diff-text.js';
import { renderEstimateMarkdown, renderEstimateTable } from './estimate.js';
import { renderGateMarkdown, renderGateTable } from './gate.js';
import { renderJson } from './json.js';
import { renderLintGithub } from './lint-github.js';
import { renderLintSarif } from './lint-sarif.js';
import { renderLintTable } from './lint-table.js';
import { renderPricingTable } from './pricing.js';
import { renderRecommendationsMarkdown, renderRecommendationsTable } from './recommend.js';
import { renderReconciliationCsv, renderReconciliationMarkdown, renderReconciliationTable } from './reconcile-text.js';
import { renderReportHtml } from './report-html.js';
import { renderReportCsv, renderReportMarkdown, renderReportTable } from './report-text.js';

/**
 * The renderer table: for each document kind, its output formats and the function that renders
 * each (as knip's reporters or infracost's output/). A command's `--output` choices are the keys of
 * its kind, in this order, the first being the default. Adding a format is one renderer function
 * and one entry here.
 */

/** What a renderer may need besides the document; every field has a default. */
export interface RenderOptions {
  /** ANSI colours (decided once, by the CLI: `colorEnabled`). Default: none. */
  color?: boolean;
  /** Rows of the report's table, Markdown and CSV views. Default: `function`. */
  groupBy?: GroupBy;
  /** Lint: file paths are shown relative to it (the repository root in CI). */
  baseDir?: string;
  /** Lint SARIF: the tool version it names. */
  toolVersion?: string;
}

/** The documents, by kind: what each command prints. */
export interface Documents {
  report: Report;
  recommend: RecommendationsDocument;
  gate: GateDocument;
  lint: LintDocument;
  estimate: Estimate;
  pricing: PricingDocument;
  reconcile: Reconciliation;
  diff: DiffDocument;
}
export type DocumentKind = keyof Documents;

export type Renderer<D> = (document: D, options: RenderOptions) => string;

export const RENDERERS: { readonly [K in DocumentKind]: Readonly<Record<string, Renderer<Documents[K]>>> } = {
  report: {
    table: (report, options) => renderReportTable(report, { groupBy: options.groupBy ?? 'function', color: options.color === true }),
    json: renderJson,
    csv: (report, options) => renderReportCsv(report, { groupBy: options.groupBy ?? 'function', color: false }),
    markdown: (report, options) => renderReportMarkdown(report, { groupBy: options.groupBy ?? 'function', color: false }),
    html: (report) => renderReportHtml(report),
  },
  recommend: {
    table: (doc, options) => renderRecommendationsTable(doc, { color: options.color === true }),
    json: renderJson,
    markdown: (doc) => renderRecommendationsMarkdown(doc),
  },
  gate: {
    table: (doc, options) => renderGateTable(doc, { color: options.color === true }),
    json: renderJson,
    markdown: (doc) => renderGateMarkdown(doc),
  },
  lint: {
    table: (doc, options) => renderLintTable(doc, { color: options.color === true }),
    json: renderJson,
    sarif: (doc, options) => renderLintSarif(doc, { toolVersion: options.toolVersion ?? 'unknown', ...(options.baseDir ? { baseDir: options.baseDir } : {}) }),
    github: (doc, options) => renderLintGithub(doc, options.baseDir ? { baseDir: options.baseDir } : {}),
  },
  estimate: {
    table: (doc, options) => renderEstimateTable(doc, options.color === true),
    json: renderJson,
    markdown: (doc) => renderEstimateMarkdown(doc),
  },
  pricing: {
    table: (doc, options) => renderPricingTable(doc, { color: options.color === true }),
    json: renderJson,
  },
  reconcile: {
    table: (doc, options) => renderReconciliationTable(doc, { color: options.color === true }),
    json: renderJson,
    markdown: (doc) => renderReconciliationMarkdown(doc),
    csv: (doc) => renderReconciliationCsv(doc),
  },
  diff: {
    table: (doc, options) => renderDiffTable(doc, { color: options.color === true }),
    json: renderJson,
    markdown: (doc) => renderDiffMarkdown(doc),
    github: (doc, options) => renderDiffGithub(doc, options.baseDir ? { baseDir: options.baseDir } : {}),
  },
};

/** The output formats of a document kind, the default first. */
export function formatsOf(kind: DocumentKind): string[] {
  return Object.keys(RENDERERS[kind]);
}

/** Renders a document in one of its formats (an unknown format is a programming error: the CLI offers only the table's keys). */
export function render<K extends DocumentKind>(kind: K, format: string, document: Documents[K], options: RenderOptions = {}): string {
  const renderer = (RENDERERS[kind] as Readonly<Record<string, Renderer<Documents[K]>>>)[format];
  if (!renderer) throw new Error(`no ${format} renderer for ${kind} documents (formats: ${formatsOf(kind).join(', ')})`);
  return renderer(document, options);
}
