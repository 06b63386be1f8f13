import type { CloudFrontFunctionAssociation, Distribution, EventType, FunctionConfig, Inventory, LambdaAssociation } from '../../src/model/inventory.js';
import type { UsageSeries } from '../../src/model/snapshot.js';
import { runRules } from '../../src/quotas/engine.js';
import type { Finding, InputDefect, LintUsage, Rule, RuleSetting } from '../../src/quotas/types.js';
import { loadQuotaTable, loadRuntimeTable } from '../../src/sources/data-files.js';

/** Inventories built in code for rule tests: one function on one or more events of one behavior. */

export const ACCOUNT = '123456789012';
export const NOW = new Date('2026-11-28T12:00:00.000Z');
export const QUOTAS = loadQuotaTable();
export const RUNTIMES = loadRuntimeTable();

export function versionArn(name: string, version = '1', region = 'us-east-1'): string {
  return `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}:${version}`;
}

/** A compliant viewer-or-origin function; override any field. */
export function edgeFunction(overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  const name = overrides.functionName ?? 'edge-fn';
  return {
    key: versionArn(name),
    functionName: name,
    functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`,
    version: '1',
    accountId: ACCOUNT,
    region: 'us-east-1',
    memoryMB: 128,
    timeoutSec: 5,
    codeSizeBytes: 10_000,
    unzippedSizeBytes: 40_000,
    runtime: 'nodejs22.x',
    architectures: ['x86_64'],
    packageType: 'Zip',
    environmentVariableNames: [],
    layerArns: [],
    vpcConfigured: false,
    tracingMode: 'PassThrough',
    ephemeralStorageMB: 512,
    resource: 'EdgeFunction',
    source: { file: 'template.yaml', line: 10 },
    ...overrides,
  };
}

export function association(fn: FunctionConfig | undefined, eventType: EventType, overrides: Partial<LambdaAssociation> = {}): LambdaAssociation {
  return {
    eventType,
    ...(fn ? { functionArn: fn.key, functionKey: fn.key } : {}),
    includeBody: false,
    source: { file: 'template.yaml', line: 40 },
    ...overrides,
  };
}

/** One distribution with one default behavior running `fn` on each of `events`. */
export function inventoryOf(fn: FunctionConfig, events: EventType[] = ['viewer-request']): Inventory {
  return {
    functions: [fn],
    distributions: [distribution(events.map((eventType) => association(fn, eventType)))],
  };
}

export function distribution(lambdaAssociations: LambdaAssociation[], functionAssociations: CloudFrontFunctionAssociation[] = [], pathPattern = '*'): Distribution {
  return {
    id: 'EDFDVBD6EXAMPLE',
    resource: 'Distribution',
    behaviors: [{ pathPattern, lambdaAssociations, functionAssociations }],
    source: { file: 'template.yaml', line: 30 },
  };
}

/** Usage of one function in one region over a window of `days` days. */
export function series(overrides: Partial<UsageSeries> & { days?: number } = {}): UsageSeries {
  const days = overrides.days ?? 3;
  const { days: _days, ...rest } = overrides;
  return {
    functionName: 'edge-fn',
    functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-fn`,
    version: '1',
    accountId: ACCOUNT,
    region: 'us-east-1',
    invocations: Array(days).fill(1000),
    durationSumMs: Array(days).fill(2000),
    ...rest,
  };
}

export function usageOf(list: UsageSeries[], days = 3): LintUsage {
  return {
    window: { start: '2026-11-01T00:00:00.000Z', end: new Date(Date.parse('2026-11-01T00:00:00.000Z') + days * 86_400_000).toISOString(), days },
    usage: list,
    regions: [...new Set(list.map((s) => s.region))].map((region) => ({ region, status: 'ok' as const })),
  };
}

export interface LintCaseInput {
  inventory: Inventory;
  usage?: LintUsage;
  now?: Date;
  quotas?: Record<string, number>;
  setting?: RuleSetting;
  /** Lint functions no association runs (as for templates). */
  includeUnattached?: boolean;
  /** Values the loaders found the deployment would reject. */
  defects?: InputDefect[];
}

/** Runs one rule through the engine. */
export function lintWith(rule: Rule, input: LintCaseInput): Finding[] {
  return runRules(
    { inventory: input.inventory, ...(input.usage ? { usage: input.usage } : {}), ...(input.defects ? { defects: input.defects } : {}) },
    {
      now: input.now ?? NOW,
      quotas: input.quotas ? QUOTAS.withOverrides(input.quotas, '--quota') : QUOTAS,
      runtimes: RUNTIMES,
      rules: [rule],
      ...(input.setting ? { ruleSettings: { [rule.id]: input.setting } } : {}),
      ...(input.includeUnattached ? { includeUnattachedFunctions: true } : {}),
    },
  );
}

/** A defect as the template loaders report it (`invalid-association`, `memory-limit`, `timeout-limit`). */
export function defect(overrides: Partial<InputDefect> & Pick<InputDefect, 'kind' | 'message' | 'actual'>): InputDefect {
  return { resource: 'Distribution', file: 'template.yaml', line: 44, ...overrides };
}
