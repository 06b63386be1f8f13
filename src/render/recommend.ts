import { lastDayOf } from '../model/window.js';
import { formatUsd } from '../pricing/money.js';
import type { Recommendation, RecommendationsDocument } from '../recommend/types.js';
import { renderJson } from './json.js';
import { renderTable } from './table.js';
import { escapeMarkdown, escapeText } from './text.js';

/**
 * Views of `edgecost recommend`: a terminal table and Markdown, each followed by every
 * recommendation's assumptions and review points (the numbers are only as good as those). There is
 * no total row: alternatives for one association do not add up, so the total is stated in words.
 */

function money(value: number | null, unknown: string): string {
  return value === null ? unknown : formatUsd(value);
}

function windowText(doc: RecommendationsDocument): string {
  const lastDay = lastDayOf(doc.window);
  return `${doc.window.start.slice(0, 10)} to ${lastDay} (${doc.window.days} days, UTC)`;
}

function headline(doc: RecommendationsDocument): string[] {
  const { totals } = doc;
  const lines = [
    `Recommendations for Lambda@Edge, ${windowText(doc)}`,
    totals.recommendations === 0
      ? 'No cheaper placement or setting found.'
      : `${totals.recommendations} recommendation${totals.recommendations === 1 ? '' : 's'}: up to ${formatUsd(totals.monthlySavingsUsd)} a month (run-rate) if each association takes its best option${totals.unknownSavings > 0 ? `; ${totals.unknownSavings} with an unknown saving` : ''}`,
  ];
  if (totals.belowMinSavings > 0) lines.push(`${totals.belowMinSavings} more below --min-savings ${formatUsd(doc.minSavingsUsd)} left out`);
  lines.push(`Prices: ${doc.pricing.id}; confidence rates how well the inputs are known, not whether the change suits the code (see "review")`);
  return lines;
}

function target(r: Recommendation): string {
  return r.distributionId ? `${r.functionName} @ ${r.distributionId}` : r.functionName;
}

function where(r: Recommendation): string {
  if (!r.distributionId) return 'all associations';
  return r.pathPattern === undefined ? r.distributionId : `${r.distributionId} ${r.pathPattern}`;
}

function row(r: Recommendation, index: number): string[] {
  return [
    String(index + 1),
    r.kind,
    r.functionName,
    where(r),
    r.change,
    formatUsd(r.currentMonthlyCostUsd),
    money(r.projectedMonthlyCostUsd, 'unknown'),
    money(r.monthlySavingsUsd, 'needs hit rate'),
    r.confidence,
  ];
}

const HEADERS = ['#', 'Kind', 'Function', 'Where', 'Change', 'Now / month', 'After / month', 'Savings / month', 'Confidence'];
const NUMERIC = [true, false, false, false, false, true, true, true, false];

export function renderRecommendationsTable(doc: RecommendationsDocument, options: { color: boolean }): string {
  const lines = headline(doc);
  if (doc.recommendations.length > 0) {
    lines.push('', renderTable(HEADERS, NUMERIC, doc.recommendations.map(row), undefined, { color: options.color }));
    doc.recommendations.forEach((r, index) => {
      lines.push('', escapeText(`${index + 1}. ${r.kind}: ${target(r)}, ${r.from} → ${r.to} (confidence ${r.confidence})`));
      lines.push('   assumptions:', ...r.assumptions.map((a) => `   - ${escapeText(a)}`));
      if (r.review.length > 0) lines.push('   review:', ...r.review.map((a) => `   - ${escapeText(a)}`));
    });
  }
  if (doc.warnings.length > 0) lines.push('', 'Warnings:', ...doc.warnings.map((w) => `  - ${escapeText(w)}`));
  return `${lines.join('\n')}\n`;
}

export function renderRecommendationsMarkdown(doc: RecommendationsDocument): string {
  const [title, ...rest] = headline(doc);
  const lines = [`## ${escapeMarkdown(title ?? '')}`, '', ...rest.map((l) => `- ${escapeMarkdown(l)}`)];
  if (doc.recommendations.length > 0) {
    lines.push('', `| ${HEADERS.join(' | ')} |`, `|${NUMERIC.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`);
    doc.recommendations.forEach((r, index) => {
      lines.push(`| ${row(r, index).map(escapeMarkdown).join(' | ')} |`);
    });
    doc.recommendations.forEach((r, index) => {
      lines.push(
        '',
        `### ${index + 1}. ${escapeMarkdown(r.kind)}: ${escapeMarkdown(target(r))}`,
        '',
        `${escapeMarkdown(r.from)} → ${escapeMarkdown(r.to)}, confidence **${r.confidence}**`,
        '',
      );
      lines.push('Assumptions:', '', ...r.assumptions.map((a) => `- ${escapeMarkdown(a)}`));
      if (r.review.length > 0) lines.push('', 'Review:', '', ...r.review.map((a) => `- [ ] ${escapeMarkdown(a)}`));
    });
  }
  if (doc.warnings.length > 0) lines.push('', '### Warnings', '', ...doc.warnings.map((w) => `- ${escapeMarkdown(w)}`));
  return `${lines.join('\n')}\n`;
}

export function renderRecommendationsJson(doc: RecommendationsDocument): string {
  return renderJson(doc);
}
