import type { PricingDocument } from '../../pricing/document.js';
import { renderJson } from '../json.js';
import { renderPricingTable } from '../pricing.js';
import type { Renderers } from '../renderer.js';

/** The `pricing` document's output formats, the default first (see render/index.ts). */
export const PRICING_RENDERERS: Renderers<PricingDocument> = {
  table: (doc, options) => renderPricingTable(doc, { color: options.color === true }),
  json: renderJson,
};
