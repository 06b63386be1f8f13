import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/model/inventory.js';
import { lintInventory } from '../../src/quotas/engine.js';
import { RULES } from '../../src/quotas/registry.js';
import { RULES_TABLE_END, RULES_TABLE_START, renderRulesTable, withRulesTable } from '../../src/quotas/rules-index.js';
import { defineRule } from '../../src/quotas/types.js';
import { packagePath } from '../../src/sources/package-root.js';
import { QUOTAS, RUNTIMES } from './build.js';

const probe = defineRule({
  id: 'probe-rule',
  title: 'A rule that reports | once',
  kind: 'static',
  defaultSeverity: 'warning',
  appliesTo: EVENT_TYPES,
  check: (ctx) => [{ severity: ctx.severity, resource: 'Probe', message: 'found once' }],
});

describe('docs/rules/README.md', () => {
  it('is what `npm run docs:rules` generates from the registry', () => {
    const committed = readFileSync(packagePath('docs/rules/README.md'), 'utf8');
    expect(committed).toContain(RULES_TABLE_START);
    expect(withRulesTable(committed, RULES)).toBe(committed);
  });

  it('lists a new rule as a row, escaping pipes in its title', () => {
    const table = renderRulesTable([...RULES, probe]);
    expect(table.split('\n')).toHaveLength(RULES.length + 3);
    expect(table.split('\n').at(-1)).toBe('| [`probe-rule`](probe-rule.md) | static | `warning` | A rule that reports \\| once |');
    expect(withRulesTable(`x\n${RULES_TABLE_START}\nold\n${RULES_TABLE_END}\ny`, [probe])).toBe(`x\n${RULES_TABLE_START}\n${renderRulesTable([probe])}\n${RULES_TABLE_END}\ny`);
  });
});

describe('the engine stamps ruleId and docs', () => {
  it('from the rule id, on every finding of the rule', () => {
    expect(probe.docs).toBe('docs/rules/probe-rule.md');
    const doc = lintInventory({ inventory: { distributions: [], functions: [] } }, { now: new Date('2026-11-01T00:00:00Z'), quotas: QUOTAS, runtimes: RUNTIMES, rules: [probe] });
    expect(doc.findings).toEqual([{ ruleId: 'probe-rule', severity: 'warning', resource: 'Probe', message: 'found once', docs: 'docs/rules/probe-rule.md' }]);
    expect(Object.keys(doc.findings[0]!)[0]).toBe('ruleId');
  });
});
