import type { DiffDocument } from '../../diff/types.js';
import { renderDiffGithub } from '../diff-github.js';
import { renderDiffMarkdown, renderDiffTable } from '../diff-text.js';
import { renderJson } from '../json.js';
import type { Renderers } from '../renderer.js';

/** The `diff` document's output formats, the default first (see render/index.ts). */
export const DIFF_RENDERERS: Renderers<DiffDocument> = {
  table: (doc, options) => renderDiffTable(doc, { color: options.color === true }),
  json: renderJson,
  markdown: (doc) => renderDiffMarkdown(doc),
  github: (doc, options) => renderDiffGithub(doc, options.baseDir ? { baseDir: options.baseDir } : {}),
};
