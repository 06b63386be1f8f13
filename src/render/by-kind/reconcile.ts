import type { Reconciliation } from '../../reconcile/document.js';
import { renderJson } from '../json.js';
import { renderReconciliationCsv, renderReconciliationMarkdown, renderReconciliationTable } from '../reconcile-text.js';
import type { Renderers } from '../renderer.js';

/** The `reconcile` document's output formats, the default first (see render/index.ts). */
export const RECONCILE_RENDERERS: Renderers<Reconciliation> = {
  table: (doc, options) => renderReconciliationTable(doc, { color: options.color === true }),
  json: renderJson,
  markdown: (doc) => renderReconciliationMarkdown(doc),
  csv: (doc) => renderReconciliationCsv(doc),
};
