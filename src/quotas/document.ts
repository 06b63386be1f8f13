import type { Finding, Severity } from './types.js';

/** The canonical `edgecost lint --output json` document (PRODUCT.md); every other format is a view of it. */
export const LINT_KIND = 'edgecost.lint';

export interface LintSummary {
  errors: number;
  warnings: number;
  infos: number;
}

export interface LintSource {
  /** `templates` (PATH...), `snapshot` (--input), `aws` (--live). */
  type: 'templates' | 'snapshot' | 'aws';
  files?: string[];
  /** The snapshot's window, for metric findings. */
  window?: { start: string; end: string; days: number };
}

export interface LintDocument {
  schemaVersion: 1;
  kind: typeof LINT_KIND;
  generatedAt: string;
  source?: LintSource;
  /** The quota and runtime tables in use (id, file, retrieval date) and any overridden quota. */
  quotas?: { id: string; retrievedDate: string; runtimesId: string; overrides: { key: string; value: number; defaultValue?: number; by: string }[] };
  /** What was linted: Lambda@Edge functions and associations found, rules run. */
  checked?: { functions: number; associations: number; rules: number };
  /** Rules turned off or given another severity for this run. */
  ruleSettings?: Record<string, Severity | 'off'>;
  findings: Finding[];
  summary: LintSummary;
}

export function summarize(findings: readonly Finding[]): LintSummary {
  const summary: LintSummary = { errors: 0, warnings: 0, infos: 0 };
  for (const finding of findings) {
    if (finding.severity === 'error') summary.errors++;
    else if (finding.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return summary;
}
