import type { RecommendationsDocument } from '../../recommend/types.js';
import { renderJson } from '../json.js';
import { renderRecommendationsMarkdown, renderRecommendationsTable } from '../recommend.js';
import type { Renderers } from '../renderer.js';

/** The `recommend` document's output formats, the default first (see render/index.ts). */
export const RECOMMEND_RENDERERS: Renderers<RecommendationsDocument> = {
  table: (doc, options) => renderRecommendationsTable(doc, { color: options.color === true }),
  json: renderJson,
  markdown: (doc) => renderRecommendationsMarkdown(doc),
};
