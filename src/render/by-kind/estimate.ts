import type { Estimate } from '../../pricing/estimate.js';
import { renderEstimateMarkdown, renderEstimateTable } from '../estimate.js';
import { renderJson } from '../json.js';
import type { Renderers } from '../renderer.js';

/** The `estimate` document's output formats, the default first (see render/index.ts). */
export const ESTIMATE_RENDERERS: Renderers<Estimate> = {
  table: (doc, options) => renderEstimateTable(doc, options.color === true),
  json: renderJson,
  markdown: (doc) => renderEstimateMarkdown(doc),
};
