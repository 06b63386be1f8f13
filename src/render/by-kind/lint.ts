import type { LintDocument } from '../../quotas/document.js';
import { renderJson } from '../json.js';
import { renderLintGithub } from '../lint-github.js';
import { renderLintSarif } from '../lint-sarif.js';
import { renderLintTable } from '../lint-table.js';
import type { Renderers } from '../renderer.js';

/** The `lint` document's output formats, the default first (see render/index.ts). */
export const LINT_RENDERERS: Renderers<LintDocument> = {
  table: (doc, options) => renderLintTable(doc, { color: options.color === true }),
  json: renderJson,
  sarif: (doc, options) => renderLintSarif(doc, { toolVersion: options.toolVersion ?? 'unknown', ...(options.baseDir ? { baseDir: options.baseDir } : {}) }),
  github: (doc, options) => renderLintGithub(doc, options.baseDir ? { baseDir: options.baseDir } : {}),
};
