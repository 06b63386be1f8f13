import type { LintDocument } from '../quotas/document.js';
import { renderJson } from './json.js';

/** The `edgecost.lint` contract, as is: the document every other lint format is a view of. */
export function renderLintJson(document: LintDocument): string {
  return renderJson(document);
}
