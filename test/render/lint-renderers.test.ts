import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import { lintInventory } from '../../src/quotas/engine.js';
import { RULES } from '../../src/quotas/registry.js';
import { escapeData, escapeProperty, renderLintGithub } from '../../src/render/lint-github.js';
import { renderLintJson } from '../../src/render/lint-json.js';
import { displayPath } from '../../src/render/lint-location.js';
import { renderLintSarif } from '../../src/render/lint-sarif.js';
import { renderLintTable } from '../../src/render/lint-table.js';
import { loadQuotaTable, loadRuntimeTable } from '../../src/sources/data-files.js';
import { expectMatchesGolden } from '../helpers/golden.js';
import { sarifValidator } from './sarif-schema.js';

const FIXTURES = new URL('../fixtures/lint/', import.meta.url);
const NOW = new Date('2026-11-28T12:00:00.000Z');

function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** Checked-in expected output (see test/helpers/golden.ts). */
function expectFile(name: string, actual: string): void {
  expectMatchesGolden(actual, new URL(`expected/${name}`, FIXTURES));
}

const inventory = JSON.parse(fixture('inventory-template.json')) as Inventory;
const document = lintInventory({ inventory }, { now: NOW, quotas: loadQuotaTable(), runtimes: loadRuntimeTable(), source: { type: 'templates', files: ['infra/template.yaml'] } });

describe('lint document of the template fixture', () => {
  it('has the expected findings', () => {
    expect(document.findings.map((f) => [f.line, f.resource, f.ruleId, f.severity])).toEqual([
      [12, 'AuthFunction', 'environment-variables', 'error'],
      [12, 'AuthFunction', 'memory-limit', 'error'],
      [12, 'AuthFunction', 'package-size-limit', 'error'],
      [12, 'AuthFunction', 'runtime-deprecated', 'warning'],
      [47, 'HeadersFunction', 'arm64-architecture', 'error'],
      [47, 'HeadersFunction', 'package-size-limit', 'info'],
      [70, 'Distribution', 'cloudfront-function-conflict', 'error'],
      [73, 'Distribution', 'include-body-event', 'error'],
      [73, 'Distribution', 'unversioned-function-arn', 'error'],
      [85, 'Distribution', 'duplicate-event-association', 'error'],
      [88, 'Distribution', 'unresolved-function', 'warning'],
    ]);
    expect(document.summary).toEqual({ errors: 8, warnings: 2, infos: 1 });
  });
});

describe('lint renderers against checked-in output', () => {
  it('json is the contract', () => {
    const text = renderLintJson(document);
    expectFile('template.json', text);
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({ schemaVersion: 1, kind: 'edgecost.lint', summary: { errors: 8, warnings: 2, infos: 1 } });
    for (const finding of parsed.findings) {
      expect(Object.keys(finding)).toEqual(expect.arrayContaining(['ruleId', 'severity', 'resource', 'message']));
      expect(['error', 'warning', 'info']).toContain(finding.severity);
    }
  });

  it('table groups by resource', () => {
    const text = renderLintTable(document, { color: false });
    expectFile('template.table.txt', text);
    const headers = text.split('\n').filter((line) => /^│ [A-Z]/.test(line));
    expect(headers.map((line) => line.split(' ')[1])).toEqual(['AuthFunction', 'HeadersFunction', 'Distribution']);
    expect(text).toMatch(/8 errors, 2 warnings, 1 info — 3 Lambda@Edge functions and 5 associations checked by 27 rules\.\n$/);
  });

  it('table lines all have the same width, even with a title longer than the table', () => {
    const long = { ...document, findings: [{ ...document.findings[0]!, resource: `Resource${'X'.repeat(250)}` }, ...document.findings.slice(1)] };
    for (const doc of [document, long]) {
      const lines = renderLintTable(doc, { color: false }).trimEnd().split('\n').slice(0, -1);
      expect(new Set(lines.map((line) => [...line].length)).size).toBe(1);
    }
  });

  it('table with colour marks severities', () => {
    expect(renderLintTable(document, { color: true })).toContain('\x1b[31merror\x1b[39m');
  });

  it('github annotations', () => {
    const text = renderLintGithub(document);
    expectFile('template.github.txt', text);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(document.findings.length);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=infra\/template\.yaml,line=\d+,col=\d+,title=edgecost [a-z0-9-]+( \([a-z-]+\))?::\S/);
    expect(lines[0]).toBe(
      '::error file=infra/template.yaml,line=12,col=3,title=edgecost environment-variables (viewer-request)::AuthFunction: environment variable STAGE set, but Lambda@Edge does not support environment variables; embed the values in the code at build time or read them from a parameter store',
    );
  });

  it('sarif 2.1.0, valid against the schema', () => {
    const text = renderLintSarif(document, { toolVersion: '0.1.0' });
    expectFile('template.sarif', text);
    const sarif = JSON.parse(text);
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([...RULES.map((r) => r.id), 'internal-error']);
    expect(run.results).toHaveLength(document.findings.length);
    const first = run.results[0];
    expect(first).toMatchObject({
      ruleId: 'environment-variables',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'infra/template.yaml' }, region: { startLine: 12, startColumn: 3 } } }],
    });
    expect(run.tool.driver.rules[first.ruleIndex].id).toBe('environment-variables');
    expect(run.results.map((r: { level: string }) => r.level)).toContain('note');
    // fingerprints are stable and distinct per finding
    const prints = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['edgecostFinding/v1']);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('the trimmed schema rejects what SARIF forbids', () => {
    const validate = sarifValidator();
    const sarif = JSON.parse(renderLintSarif(document, { toolVersion: '0.1.0' }));
    sarif.runs[0].results[0].level = 'fatal';
    expect(validate(sarif)).toBe(false);
    delete sarif.version;
    expect(validate(sarif)).toBe(false);
  });

  it('findings without a file (live account) get a logical location only', () => {
    const live = {
      ...document,
      findings: [{ ruleId: 'throttles', severity: 'warning' as const, resource: 'arn:aws:lambda:us-east-1:123456789012:function:a:3', message: '3 throttled invocations' }],
      summary: { errors: 0, warnings: 1, infos: 0 },
    };
    const sarif = JSON.parse(renderLintSarif(live, { toolVersion: '0.1.0' }));
    expect(sarifValidator()(sarif)).toBe(true);
    expect(sarif.runs[0].results[0].locations).toEqual([{ logicalLocations: [{ name: 'arn:aws:lambda:us-east-1:123456789012:function:a:3', kind: 'resource' }] }]);
    expect(renderLintGithub(live)).toBe('::warning title=edgecost throttles::arn:aws:lambda:us-east-1:123456789012:function:a:3: 3 throttled invocations\n');
  });

  it('empty results', () => {
    const empty = { ...document, findings: [], summary: { errors: 0, warnings: 0, infos: 0 } };
    expect(renderLintGithub(empty)).toBe('');
    expect(renderLintTable(empty, { color: false })).toBe('No findings — 3 Lambda@Edge functions and 5 associations checked by 27 rules.\n');
    expect(sarifValidator()(JSON.parse(renderLintSarif(empty, { toolVersion: '0.1.0' })))).toBe(true);
  });
});

describe('github escaping and paths', () => {
  it.each([
    ['100% done\nnext', '100%25 done%0Anext'],
    ['a\r\nb', 'a%0D%0Ab'],
  ])('escapeData(%j)', (input, expected) => {
    expect(escapeData(input)).toBe(expected);
  });

  it('escapeProperty also escapes : and ,', () => {
    expect(escapeProperty('dir,1/a:b.yaml')).toBe('dir%2C1/a%3Ab.yaml');
  });

  it.each([
    ['/repo/infra/template.yaml', '/repo', 'infra/template.yaml'],
    ['./infra/template.yaml', '/repo', 'infra/template.yaml'],
    ['/elsewhere/t.yaml', '/repo', '/elsewhere/t.yaml'],
    ['infra/t.yaml', undefined, 'infra/t.yaml'],
  ])('displayPath(%s, %s) = %s', (file, base, expected) => {
    expect(displayPath(file, base)).toBe(expected);
  });
});
