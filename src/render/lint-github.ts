import type { LintDocument } from '../quotas/document.js';
import type { Severity } from '../quotas/types.js';
import { displayPath } from './lint-location.js';
import { escapeText } from './text.js';

/**
 * GitHub Actions workflow commands, one per finding: `::error file=F,line=L,title=T::message`
 * (info findings become `::notice`). GitHub shows them as annotations on the changed files.
 */

export interface LintGithubOptions {
  baseDir?: string;
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * Escaping of the message part (as @actions/core does: `%`, CR and LF), and every other control
 * character shown escaped (`\x1b`, as `escapeText` does) so no terminal escape reaches the log.
 */
export function escapeData(text: string): string {
  const shown = text.replace(/[\r\n]+|[^\r\n]+/g, (part) => (part.startsWith('\r') || part.startsWith('\n') ? part : escapeText(part)));
  return shown.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value: also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderLintGithub(document: LintDocument, options: LintGithubOptions = {}): string {
  const lines = document.findings.map((finding) => {
    const properties: string[] = [];
    if (finding.file) {
      properties.push(`file=${escapeProperty(displayPath(finding.file, options.baseDir))}`);
      if (finding.line !== undefined) properties.push(`line=${finding.line}`);
      if (finding.column !== undefined) properties.push(`col=${finding.column}`);
    }
    properties.push(`title=${escapeProperty(`edgecost ${finding.ruleId}${finding.eventType ? ` (${finding.eventType})` : ''}`)}`);
    return `::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(`${finding.resource}: ${finding.message}`)}`;
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
