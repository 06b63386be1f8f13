import { describe, expect, it } from 'vitest';
import { findRule } from '../../src/quotas/registry.js';
import { lintWith } from './build.js';
import { RULE_CASES, type RuleCase } from './rule-cases.js';

const table = Object.entries(RULE_CASES).flatMap(([ruleId, cases]) => cases.map((c): [string, string, string, RuleCase] => [ruleId, c.kind, c.name, c]));

describe('rules at their boundaries', () => {
  it.each(table)('%s %s: %s', (ruleId, _kind, _name, c) => {
    const rule = findRule(ruleId);
    expect(rule, `rule ${ruleId} is registered`).toBeDefined();
    const findings = lintWith(rule!, c.input);
    expect(findings.every((f) => f.ruleId === ruleId)).toBe(true);
    if (c.kind === 'pass') {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings.length).toBeGreaterThan(0);
    if (c.kind === 'fail') {
      expect(findings.some((f) => f.unknown !== true)).toBe(true);
      expect(findings.filter((f) => f.unknown !== true).every((f) => f.severity === rule!.defaultSeverity)).toBe(true);
    } else {
      expect(findings.every((f) => f.unknown === true)).toBe(true);
    }
    const { count, message, ...fields } = c.expect ?? {};
    if (count !== undefined) expect(findings).toHaveLength(count);
    const first = c.kind === 'fail' ? findings.find((f) => f.unknown !== true)! : findings[0]!;
    expect(first).toMatchObject(fields);
    if (message) expect(first.message).toMatch(message);
    // every finding says where: a resource always, and a docs page
    for (const finding of findings) {
      expect(finding.resource).not.toBe('');
      expect(finding.docs).toBe(`docs/rules/${ruleId}.md`);
    }
  });
});

describe('rule findings state actual against limit', () => {
  it.each(table.filter(([, kind]) => kind === 'fail'))('%s %s: %s', (ruleId, _kind, _name, c) => {
    const findings = lintWith(findRule(ruleId)!, c.input).filter((f) => f.unknown !== true);
    for (const finding of findings) {
      if (ruleId === 'unresolved-function') continue; // reports what could not be checked, not a limit
      expect(finding.actual, finding.message).toBeDefined();
      expect(finding.limit, finding.message).toBeDefined();
    }
  });
});

describe('severity settings', () => {
  const memory = findRule('memory-limit')!;
  const over = RULE_CASES['memory-limit']!.find((c) => c.name === '129 MB on viewer-request')!;
  const unknown = RULE_CASES['memory-limit']!.find((c) => c.name === 'memoryMB unknown')!;

  it.each([
    ['error', 'error'],
    ['warning', 'warning'],
    ['info', 'info'],
  ] as const)('--rule memory-limit=%s makes a violation %s', (setting, severity) => {
    expect(lintWith(memory, { ...over.input, setting }).map((f) => f.severity)).toEqual([severity]);
  });

  it.each([
    ['error', 'warning'],
    ['warning', 'warning'],
    ['info', 'info'],
  ] as const)('an unknown finding never outranks the rule: setting %s gives %s', (setting, severity) => {
    expect(lintWith(memory, { ...unknown.input, setting }).map((f) => f.severity)).toEqual([severity]);
  });

  it('off runs nothing', () => {
    expect(lintWith(memory, { ...over.input, setting: 'off' })).toEqual([]);
  });
});
