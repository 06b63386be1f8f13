import { describe, expect, it } from 'vitest';
import { compareFindings, hasLambdaEdge, lintInventory, runRules } from '../../src/quotas/engine.js';
import { filterLintInput } from '../../src/quotas/filter.js';
import { findRule, RULES } from '../../src/quotas/registry.js';
import type { Finding, Rule } from '../../src/quotas/types.js';
import { association, defect, distribution, edgeFunction, inventoryOf, NOW, QUOTAS, RUNTIMES, series, usageOf, versionArn } from './build.js';

const options = { now: NOW, quotas: QUOTAS, runtimes: RUNTIMES };

const throwing: Rule = {
  id: 'memory-limit',
  title: 'a rule that breaks',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  docs: 'docs/rules/memory-limit.md',
  check() {
    throw new Error('boom');
  },
};

describe('lint engine', () => {
  it('turns a rule that throws into an internal-error finding and runs the others', () => {
    const inventory = inventoryOf(edgeFunction({ timeoutSec: 6 }));
    const findings = runRules({ inventory }, { ...options, rules: [throwing, findRule('timeout-limit')!] });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['timeout-limit', 'error'],
      ['internal-error', 'error'],
    ]);
    expect(findings[1]!.message).toMatch(/rule memory-limit failed \(boom\); its checks did not run/);
  });

  it('a compliant function passes every rule', () => {
    const inventory = inventoryOf(edgeFunction(), ['viewer-request', 'origin-response']);
    expect(runRules({ inventory }, options)).toEqual([]);
  });

  it('a function that breaks everything gets one finding per rule, in file/line order', () => {
    const fn = edgeFunction({
      memoryMB: 512,
      timeoutSec: 10,
      codeSizeBytes: 2_000_000,
      runtime: 'python3.10', // deprecated, not blocked
      architectures: ['arm64'],
      environmentVariableNames: ['STAGE'],
      layerArns: ['arn:aws:lambda:us-east-1:123456789012:layer:x:1'],
      vpcConfigured: true,
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq',
      tracingMode: 'Active',
      ephemeralStorageMB: 1024,
      provisionedConcurrency: 2,
      region: 'eu-west-1',
    });
    const findings = runRules({ inventory: inventoryOf(fn) }, options);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(
      [
        'arm64-architecture',
        'dead-letter-queue',
        'environment-variables',
        'ephemeral-storage',
        'function-region',
        'layers',
        'memory-limit',
        'package-size-limit',
        'provisioned-concurrency',
        'runtime-deprecated',
        'timeout-limit',
        'vpc',
        'xray-tracing',
      ].sort(),
    );
    expect([...findings].sort(compareFindings)).toEqual(findings);
    expect(findings.every((f) => f.resource === 'EdgeFunction' && f.file === 'template.yaml' && f.line === 10)).toBe(true);
  });

  it('builds the edgecost.lint document with summary, checked counts, overrides and settings', () => {
    const inventory = inventoryOf(edgeFunction({ memoryMB: 256, runtime: 'python3.10' }));
    const document = lintInventory(
      { inventory },
      {
        ...options,
        quotas: QUOTAS.withOverrides({ 'viewer.timeoutSec': 4 }, '--quota'),
        ruleSettings: { 'runtime-deprecated': 'info' },
        source: { type: 'templates', files: ['template.yaml'] },
      },
    );
    expect(document).toMatchObject({
      schemaVersion: 1,
      kind: 'edgecost.lint',
      generatedAt: NOW.toISOString(),
      source: { type: 'templates', files: ['template.yaml'] },
      checked: { functions: 1, associations: 1, rules: RULES.length },
      ruleSettings: { 'runtime-deprecated': 'info' },
      summary: { errors: 2, warnings: 0, infos: 1 },
    });
    expect(document.quotas?.overrides).toEqual([{ key: 'viewer.timeoutSec', value: 4, defaultValue: 5, by: '--quota' }]);
    expect(document.findings.find((f) => f.ruleId === 'timeout-limit')?.message).toMatch(/limit set by --quota; AWS default 5 s/);
  });

  it('counts only rules that are on', () => {
    const document = lintInventory({ inventory: inventoryOf(edgeFunction()) }, { ...options, ruleSettings: { layers: 'off', vpc: 'off' } });
    expect(document.checked?.rules).toBe(RULES.length - 2);
  });

  it('runs metric rules only with usage', () => {
    const inventory = inventoryOf(edgeFunction());
    const usage = usageOf([series({ throttles: [0, 3, 0], errors: [0, 0, 0], durationMaxMs: [1, 1, 1], concurrentExecutionsMax: [1, 1, 1] })]);
    const metricIds = (findings: Finding[]) => findings.map((f) => f.ruleId).filter((id) => findRule(id)?.kind === 'metric');
    expect(metricIds(runRules({ inventory }, options))).toEqual([]);
    expect(metricIds(runRules({ inventory, usage }, options)).sort()).toEqual(['request-rate-headroom', 'throttles']);
  });

  it.each([
    ['an empty inventory', { functions: [], distributions: [] }, false],
    ['a distribution without associations', { functions: [edgeFunction()], distributions: [distribution([])] }, false],
    ['a resolved association', inventoryOf(edgeFunction()), true],
    ['an unresolved association', { functions: [], distributions: [distribution([association(undefined, 'viewer-request', { unresolvedReason: 'x' })])] }, true],
  ])('hasLambdaEdge: %s → %s', (_name, inventory, expected) => {
    expect(hasLambdaEdge(inventory)).toBe(expected);
  });

  it('ignores functions that no association runs', () => {
    const lonely = edgeFunction({ functionName: 'lonely', key: versionArn('lonely'), memoryMB: 4096 });
    const inventory = { functions: [lonely], distributions: [] };
    expect(runRules({ inventory }, options)).toEqual([]);
  });
});

describe('filters', () => {
  const a = edgeFunction({ functionName: 'auth', key: versionArn('auth'), memoryMB: 256 });
  const b = edgeFunction({ functionName: 'router', key: versionArn('router'), memoryMB: 256 });
  const inventory = { functions: [a, b], distributions: [distribution([association(a, 'viewer-request'), association(b, 'viewer-response')])] };

  it.each([
    [{ functionNames: ['auth'] }, ['auth']],
    [{ functionNames: ['router'] }, ['router']],
    [{ distributionIds: ['OTHER'] }, []],
    [{ distributionIds: ['Distribution'] }, ['auth', 'router']],
    [{}, ['auth', 'router']],
  ])('%j keeps %j', (filters, names) => {
    const filtered = filterLintInput({ inventory }, filters);
    const findings = runRules(filtered, { ...options, rules: [findRule('memory-limit')!] });
    expect(findings.map((f) => f.functionName)).toEqual(names);
  });

  describe('invalid associations follow the filters', () => {
    const defects = [
      defect({ kind: 'association', distributionId: 'EDFDVBD6EXAMPLE', functionKey: a.key, message: 'a Lambda@Edge association of * has EventType "x"', actual: 'x' }),
      defect({ kind: 'association', resource: 'Other', distributionId: 'OTHER', message: 'LambdaFunctionAssociations of * is number 5', actual: '5' }),
      defect({ kind: 'memory', resource: 'router', functionKey: b.key, message: 'MemorySize "lots" is not a number', actual: 'lots' }),
    ];

    it.each([
      [{}, ['EDFDVBD6EXAMPLE', 'OTHER', undefined]],
      [{ distributionIds: ['Distribution'] }, ['EDFDVBD6EXAMPLE', undefined]],
      [{ distributionIds: ['OTHER'] }, ['OTHER', undefined]],
      [{ functionNames: ['auth'] }, ['EDFDVBD6EXAMPLE', undefined]],
      [{ functionNames: ['router'] }, [undefined]],
    ])('%j keeps %j', (filters, kept) => {
      const filtered = filterLintInput({ inventory, defects }, filters);
      expect(filtered.defects?.map((d) => d.distributionId)).toEqual(kept);
      const findings = runRules(filtered, { ...options, rules: [findRule('invalid-association')!] });
      expect(findings.map((f) => f.distributionId ?? f.resource)).toEqual(kept.filter((id) => id !== undefined));
    });
  });
});
