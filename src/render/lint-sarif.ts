import { createHash } from 'node:crypto';
import type { LintDocument } from '../quotas/document.js';
import { RULES } from '../quotas/registry.js';
import { type Finding, INTERNAL_ERROR_RULE_ID, type Severity } from '../quotas/types.js';
import { jsonText } from './json.js';
import { displayPath } from './lint-location.js';

/**
 * SARIF 2.1.0 for code-scanning upload (GitHub `upload-sarif`). Every registered rule is described
 * in `tool.driver.rules`; each finding becomes a result with a physical location (file and line)
 * when it has one and a logical location naming the resource (a live account's function ARN, a
 * region) always, a related location where the resource was declared when the finding points
 * inside it, plus a stable partial fingerprint so alerts survive line moves.
 */

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface LintSarifOptions {
  toolVersion: string;
  /** Directory file paths are made relative to (the repository root in CI). */
  baseDir?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

interface Descriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { tags: string[]; docs?: string };
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function descriptors(): Descriptor[] {
  const rules: Descriptor[] = RULES.map((rule) => ({
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: {
      text: `${rule.title}. Lambda@Edge ${rule.kind === 'metric' ? 'usage check from CloudWatch metrics' : 'quota and restriction check'}; why, source and fix: ${rule.docs}.`,
    },
    help: { text: `See ${rule.docs} in the edgecost package.`, markdown: `See [${rule.docs}](${rule.docs}) in the edgecost package.` },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: ['lambda-edge', rule.kind], docs: rule.docs },
  }));
  rules.push({
    id: INTERNAL_ERROR_RULE_ID,
    name: 'InternalError',
    shortDescription: { text: 'A lint rule failed to run' },
    fullDescription: { text: 'A lint rule threw an error; its checks did not run, so its findings are unknown.' },
    help: { text: 'Please report the message to the edgecost maintainers.', markdown: 'Please report the message to the edgecost maintainers.' },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['edgecost'] },
  });
  return rules;
}

function fingerprint(finding: Finding): string {
  const identity = [finding.ruleId, finding.resource, finding.eventType, finding.distributionId, finding.pathPattern, finding.region].map((part) => part ?? '').join('|');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

function result(finding: Finding, ruleIndex: Map<string, number>, options: LintSarifOptions) {
  const logicalLocation = { name: finding.resource, kind: 'resource', ...(finding.functionName ? { fullyQualifiedName: `${finding.resource}/${finding.functionName}` } : {}) };
  const location = finding.file
    ? {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(displayPath(finding.file, options.baseDir)) },
          ...(finding.line === undefined ? {} : { region: { startLine: finding.line, ...(finding.column === undefined ? {} : { startColumn: finding.column }) } }),
        },
        logicalLocations: [logicalLocation],
      }
    : { logicalLocations: [logicalLocation] };
  // A finding on a property or an association also names where its resource was declared.
  const related =
    finding.file !== undefined && finding.resourceLine !== undefined
      ? [
          {
            id: 0,
            physicalLocation: { artifactLocation: { uri: encodeURI(displayPath(finding.file, options.baseDir)) }, region: { startLine: finding.resourceLine } },
            message: { text: `${finding.resource} is declared here` },
          },
        ]
      : undefined;
  const properties: Record<string, unknown> = { resource: finding.resource };
  for (const key of ['functionName', 'eventType', 'distributionId', 'pathPattern', 'region', 'actual', 'limit', 'unit', 'quota', 'quotaSource', 'unknown'] as const) {
    if (finding[key] !== undefined) properties[key] = finding[key];
  }
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
    level: LEVEL[finding.severity],
    message: { text: `${finding.resource}: ${finding.message}` },
    locations: [location],
    ...(related ? { relatedLocations: related } : {}),
    partialFingerprints: { 'edgecostFinding/v1': fingerprint(finding) },
    properties,
  };
}

export function renderLintSarif(document: LintDocument, options: LintSarifOptions): string {
  const rules = descriptors();
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const sarif = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'edgecost',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules,
          },
        },
        results: document.findings.map((finding) => result(finding, ruleIndex, options)),
        columnKind: 'utf16CodeUnits',
        properties: { summary: document.summary },
      },
    ],
  };
  return `${jsonText(sarif)}\n`;
}
