import type { GateDocument } from '../../gate/types.js';
import { renderGateMarkdown, renderGateTable } from '../gate.js';
import { renderJson } from '../json.js';
import type { Renderers } from '../renderer.js';

/** The `gate` document's output formats, the default first (see render/index.ts). */
export const GATE_RENDERERS: Renderers<GateDocument> = {
  table: (doc, options) => renderGateTable(doc, { color: options.color === true }),
  json: renderJson,
  markdown: (doc) => renderGateMarkdown(doc),
};
