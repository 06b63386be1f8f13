import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_IDS, RULES } from '../../src/quotas/registry.js';
import { packagePath } from '../../src/sources/package-root.js';
import { lintWith, QUOTAS } from './build.js';
import { RULE_CASES } from './rule-cases.js';

/** The rule ids of PRODUCT.md ("Lint rule IDs"), stable: copied here so the test needs no shared folder. */
const PRODUCT_STATIC = [
  'memory-limit',
  'timeout-limit',
  'package-size-limit',
  'runtime-unsupported',
  'runtime-deprecated',
  'environment-variables',
  'layers',
  'arm64-architecture',
  'vpc',
  'dead-letter-queue',
  'xray-tracing',
  'container-image',
  'ephemeral-storage',
  'provisioned-concurrency',
  'unversioned-function-arn',
  'function-region',
  'include-body-event',
  'duplicate-event-association',
  'cloudfront-function-conflict',
];
const PRODUCT_METRIC = ['near-timeout', 'concurrency-headroom', 'request-rate-headroom', 'throttles', 'errors-billed'];
/** Ids edgecost adds beyond PRODUCT.md's list, each documented: the unresolved-reference, invalid-association and invalid-input (issue 11) reports. */
const DOCUMENTED_EXTRAS = ['unresolved-function', 'invalid-association', 'invalid-input'];
const PER_EVENT_LIMITS = ['memory-limit', 'timeout-limit', 'package-size-limit'];

describe('rule registry (meta)', () => {
  it('has every rule of PRODUCT.md and only documented extras, each id once, sorted', () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    expect([...RULE_IDS].sort()).toEqual([...PRODUCT_STATIC, ...PRODUCT_METRIC, ...DOCUMENTED_EXTRAS].sort());
    expect(RULE_IDS).toEqual([...RULE_IDS].sort());
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: metadata, file, doc page and cases', (id, rule) => {
    expect(rule.kind).toBe(PRODUCT_METRIC.includes(id) ? 'metric' : 'static');
    const expectedSeverity = PRODUCT_METRIC.includes(id) || id === 'runtime-deprecated' || id === 'unresolved-function' ? 'warning' : 'error';
    expect(rule.defaultSeverity).toBe(expectedSeverity);
    expect(rule.title.length).toBeGreaterThan(5);
    expect(existsSync(packagePath(`src/quotas/rules/${id}.ts`))).toBe(true);

    expect(rule.docs).toBe(`docs/rules/${id}.md`);
    const doc = readFileSync(packagePath(rule.docs), 'utf8');
    expect(doc.startsWith(`# ${id}\n`)).toBe(true);
    expect(doc).toContain('## Why');
    expect(doc).toContain('## How to fix');
    expect(doc).toMatch(/https:\/\/\S+|edgecost policy|reports what the loaders could not follow/);
    if (PER_EVENT_LIMITS.includes(id)) expect(doc).toContain("## AWS's pages disagree");

    const cases = RULE_CASES[id] ?? [];
    expect(cases.filter((c) => c.kind === 'pass').length, 'a passing case').toBeGreaterThan(0);
    expect(cases.filter((c) => c.kind === 'fail').length, 'a failing case').toBeGreaterThan(0);
  });

  it('has no case table for an unregistered rule', () => {
    expect(Object.keys(RULE_CASES).filter((id) => !RULE_IDS.includes(id))).toEqual([]);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s reads only quotas and restrictions that exist, each with a source', (_id, rule) => {
    for (const key of rule.quota ?? []) expect(QUOTAS.get(key).source).toMatch(/^(https:\/\/|docs\/rules\/)/);
    for (const key of rule.restriction ?? []) expect(QUOTAS.restriction(key).source).toMatch(/^https:\/\//);
  });

  it.each(RULES.filter((rule) => rule.appliesTo !== 'all').map((rule) => [rule.id, rule] as const))('%s reports only on the event types it applies to', (id, rule) => {
    for (const c of RULE_CASES[id] ?? []) {
      for (const finding of lintWith(rule, c.input)) {
        if (finding.eventType !== undefined) expect(rule.appliesTo).toContain(finding.eventType);
      }
    }
  });

  it('docs/rules/README.md lists every rule', () => {
    const index = readFileSync(packagePath('docs/rules/README.md'), 'utf8');
    for (const id of RULE_IDS) expect(index).toContain(`[\`${id}\`](${id}.md)`);
  });
});
