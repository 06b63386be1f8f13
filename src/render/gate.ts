import type { GateCheck, GateDocument } from '../gate/types.js';
import { lastDayOf } from '../model/window.js';
import { formatUsd } from '../pricing/money.js';
import { renderJson } from './json.js';
import { renderTable } from './table.js';
import { escapeMarkdown, escapeText } from './text.js';

/** Views of `edgecost gate`: a terminal table, Markdown (also the GitHub step summary) and JSON. */

function signedPercent(amount: number | null): string {
  if (amount === null) return 'new';
  return `${amount > 0 ? '+' : ''}${Number(amount.toFixed(2))}%`;
}

function actualText(check: GateCheck): string {
  if (check.unit === 'percent') return signedPercent(check.actual);
  return check.actual === null ? 'unknown' : formatUsd(check.actual);
}

function limitText(check: GateCheck): string {
  return check.unit === 'percent' ? `≤ +${Number(check.limit.toFixed(2))}%` : `≤ ${formatUsd(check.limit)}`;
}

function windowText(doc: GateDocument): string {
  const lastDay = lastDayOf(doc.window);
  return `${doc.window.start.slice(0, 10)} to ${lastDay} (${doc.window.days} days, UTC)`;
}

function headline(doc: GateDocument): string {
  const failed = doc.checks.filter((c) => !c.passed).length;
  const checks = `${doc.checks.length} check${doc.checks.length === 1 ? '' : 's'}`;
  const partial = doc.complete ? '' : ' (on incomplete data)';
  // Incomplete data without --allow-partial: every check may pass and the gate still does not.
  if (!doc.passed && failed === 0) return `edgecost gate did not decide: data incomplete (${checks} within the limits on what is known)`;
  return doc.passed ? `edgecost gate passed: ${checks}${partial}` : `edgecost gate FAILED: ${failed} of ${checks} over the limit${partial}`;
}

function context(doc: GateDocument): string[] {
  const lines = [`Lambda@Edge ${doc.basis === 'forecast' ? 'month-end forecast' : 'monthly run-rate'}, ${windowText(doc)}; prices ${doc.pricing.id}`];
  if (doc.baseline) lines.push(`Baseline: ${doc.baseline.file} (${doc.baseline.window.start.slice(0, 10)}, ${doc.baseline.window.days} days, prices ${doc.baseline.pricingId})`);
  return lines;
}

/** With --allow-partial on incomplete data: the result holds only for what is known, and why. */
function partialNotice(doc: GateDocument): string | undefined {
  if (doc.complete) return undefined;
  return 'Data incomplete: gated on what is known (--allow-partial); unknown costs are not counted, so the result holds only for the known data. Missing:';
}

export function renderGateTable(doc: GateDocument, options: { color: boolean }): string {
  const lines = [headline(doc), ...context(doc).map(escapeText)];
  const notice = partialNotice(doc);
  if (notice) lines.push(notice, ...doc.incomplete.map((reason) => `  - ${escapeText(reason)}`));
  lines.push('');
  lines.push(
    renderTable(
      ['Check', 'Limit', 'Actual', 'Result'],
      [false, true, true, false],
      doc.checks.map((c) => [c.name, limitText(c), actualText(c), c.passed ? 'pass' : 'FAIL']),
      undefined,
      options,
    ),
  );
  lines.push('', ...doc.checks.map((c) => `  ${c.passed ? 'pass' : 'FAIL'} ${escapeText(c.name)}: ${escapeText(c.detail)}`));
  if (doc.warnings.length > 0) lines.push('', 'Warnings:', ...doc.warnings.map((w) => `  - ${escapeText(w)}`));
  return `${lines.join('\n')}\n`;
}

export function renderGateMarkdown(doc: GateDocument): string {
  const failed = doc.checks.some((c) => !c.passed);
  const icon = failed ? '❌' : doc.passed && doc.complete ? '✅' : '⚠️';
  const lines = [`## ${icon} ${headline(doc)}`, '', ...context(doc).map((l) => `- ${escapeMarkdown(l)}`)];
  const notice = partialNotice(doc);
  if (notice) lines.push(`- **${escapeMarkdown(notice)}**`, ...doc.incomplete.map((reason) => `  - ${escapeMarkdown(reason)}`));
  lines.push('');
  lines.push('| Check | Limit | Actual | Result | Detail |', '| --- | ---: | ---: | --- | --- |');
  for (const c of doc.checks) {
    lines.push(`| ${escapeMarkdown(c.name)} | ${limitText(c)} | ${actualText(c)} | ${c.passed ? '✅ pass' : '❌ **fail**'} | ${escapeMarkdown(c.detail)} |`);
  }
  if (doc.warnings.length > 0) lines.push('', '<details><summary>Warnings</summary>', '', ...doc.warnings.map((w) => `- ${escapeMarkdown(w)}`), '', '</details>');
  return `${lines.join('\n')}\n`;
}

/** The step summary when the gate could not run on whole data (exit 3): every reason. */
export function renderGateIncompleteMarkdown(reasons: string[]): string {
  return [
    '## ⚠️ edgecost gate: data incomplete',
    '',
    ...reasons.map((reason) => `- ${escapeMarkdown(reason)}`),
    '',
    'The bill is not known whole, so the gate did not decide (exit code 3). Fix what is missing (for a failed region: access to it) and rerun, or pass `--allow-partial` to gate on what is known.',
    '',
  ].join('\n');
}

export function renderGateJson(doc: GateDocument): string {
  return renderJson(doc);
}
