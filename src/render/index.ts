import type { DiffDocument } from '../diff/types.js';
import type { GateDocument } from '../gate/types.js';
import type { PricingDocument } from '../pricing/document.js';
import type { Estimate } from '../pricing/estimate.js';
import type { LintDocument } from '../quotas/document.js';
import type { RecommendationsDocument } from '../recommend/types.js';
import type { Reconciliation } from '../reconcile/document.js';
import type { Report } from '../report/document.js';
import { DIFF_RENDERERS } from './by-kind/diff.js';
import { ESTIMATE_RENDERERS } from './by-kind/estimate.js';
import { GATE_RENDERERS } from './by-kind/gate.js';
import { LINT_RENDERERS } from './by-kind/lint.js';
import { PRICING_RENDERERS } from './by-kind/pricing.js';
import { RECOMMEND_RENDERERS } from './by-kind/recommend.js';
import { RECONCILE_RENDERERS } from './by-kind/reconcile.js';
import { REPORT_RENDERERS } from './by-kind/report.js';
import { type Renderers, type RenderOptions, renderWith } from './renderer.js';

export type { Renderer, Renderers, RenderOptions } from './renderer.js';

/**
 * The renderer table: for each document kind, its output formats and the function that renders
 * each (as knip's reporters or infracost's output/). A command's `--output` choices are the keys of
 * its kind, in this order, the first being the default. Adding a format is one renderer function
 * and one entry in its kind's table (render/by-kind/<kind>.ts). A command imports only its own
 * kind's table, so it loads no other renderer; this table gathers them for the library.
 */

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

export const RENDERERS: { readonly [K in DocumentKind]: Renderers<Documents[K]> } = {
  report: REPORT_RENDERERS,
  recommend: RECOMMEND_RENDERERS,
  gate: GATE_RENDERERS,
  lint: LINT_RENDERERS,
  estimate: ESTIMATE_RENDERERS,
  pricing: PRICING_RENDERERS,
  reconcile: RECONCILE_RENDERERS,
  diff: DIFF_RENDERERS,
};

/** The output formats of a document kind, the default first. */
export function formatsOf(kind: DocumentKind): string[] {
  return Object.keys(RENDERERS[kind]);
}

/** Renders a document in one of its formats (an unknown format is a programming error: the CLI offers only the table's keys). */
export function render<K extends DocumentKind>(kind: K, format: string, document: Documents[K], options: RenderOptions = {}): string {
  return renderWith(RENDERERS[kind] as Renderers<Documents[K]>, kind, format, document, options);
}
