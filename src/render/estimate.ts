import type { Estimate } from '../pricing/estimate.js';
import { formatUsd } from '../pricing/money.js';
import { formatCount } from './report-view.js';
import { renderTable } from './table.js';
import { escapeMarkdown, escapeText } from './text.js';

/** Estimates show sub-cent amounts: a 6-decimal display keeps AWS's $0.625125 readable. */
function usd(value: number): string {
  return Math.abs(value) < 100 ? formatUsd(value, 6).replace(/0{1,4}$/, '') : formatUsd(value);
}

export function renderEstimateTable(doc: Estimate, color: boolean): string {
  const lines = [
    `Estimate: ${doc.event}, ${formatCount(doc.invocations)} invocations a month, ${doc.input.memoryMB} MB, ${doc.input.billedDurationMs} ms billed each`,
    `  requests ${usd(doc.requestCostUsd)} + duration ${usd(doc.durationCostUsd)} (${doc.billedGbSeconds.toLocaleString('en-US')} GB-s) = ${usd(doc.costUsd)} a month`,
    '',
    'Alternatives',
    renderTable(
      ['Placement', 'Invocations', 'Cost / month', 'Savings / month'],
      [false, true, true, true],
      doc.alternatives.map((a) => [a.placement, formatCount(a.invocations), usd(a.costUsd), usd(a.monthlySavingsUsd)]),
      undefined,
      { color },
    ),
  ];
  const notes = doc.alternatives.flatMap((a) => a.notes.map((n) => `  - ${a.placement}: ${n}`));
  if (notes.length > 0) lines.push('', 'Notes:', ...notes);
  if (doc.warnings.length > 0) lines.push('', 'Over the event quotas (CloudFront would reject these):', ...doc.warnings.map((w) => `  - ${escapeText(w)}`));
  lines.push('', `Prices: ${escapeText(doc.pricing.id)}`);
  return `${lines.join('\n')}\n`;
}

export function renderEstimateMarkdown(doc: Estimate): string {
  const lines = [
    `## Estimate: ${escapeMarkdown(doc.event)}`,
    '',
    `- ${formatCount(doc.invocations)} invocations a month, ${doc.input.memoryMB} MB, ${doc.input.billedDurationMs} ms billed each`,
    `- requests ${usd(doc.requestCostUsd)} + duration ${usd(doc.durationCostUsd)} = **${usd(doc.costUsd)}** a month`,
    '',
    '| Placement | Invocations | Cost / month | Savings / month |',
    '| --- | ---: | ---: | ---: |',
    ...doc.alternatives.map((a) => `| ${a.placement} | ${formatCount(a.invocations)} | ${usd(a.costUsd)} | ${usd(a.monthlySavingsUsd)} |`),
  ];
  const notes = doc.alternatives.flatMap((a) => a.notes.map((n) => `- ${a.placement}: ${n}`));
  if (notes.length > 0) lines.push('', ...notes);
  if (doc.warnings.length > 0) lines.push('', '**Over the event quotas (CloudFront would reject these):**', '', ...doc.warnings.map((w) => `- ${escapeMarkdown(w)}`));
  return `${lines.join('\n')}\n`;
}
