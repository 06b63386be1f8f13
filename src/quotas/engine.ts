import type { Inventory } from '../model/inventory.js';
import { LINT_KIND, type LintDocument, type LintSource, summarize } from './document.js';
import { buildLintIndex } from './lint-index.js';
import { RULES } from './registry.js';
import type { RuntimeTable } from './runtimes.js';
import type { QuotaTable } from './table.js';
import { type Finding, INTERNAL_ERROR_RULE_ID, type InputDefect, type LintIndex, type LintUsage, type Rule, type RuleContext, type RuleSetting } from './types.js';

export interface LintInput {
  inventory: Inventory;
  /** Usage for the metric rules (snapshots and live accounts); templates have none. */
  usage?: LintUsage;
  /** Values the deployment would reject, found by the template and plan loaders. */
  defects?: readonly InputDefect[];
}

export interface LintOptions {
  /** The lint clock: runtime deprecation is decided against it. */
  now: Date;
  quotas: QuotaTable;
  runtimes: RuntimeTable;
  /** Per-rule `off` or severity override (`--rule`, config file). */
  ruleSettings?: Readonly<Record<string, RuleSetting>>;
  /** The rules to run (the registry by default; tests pass their own). */
  rules?: readonly Rule[];
  /**
   * Also lint inventory functions no association runs (templates: the loaders include only
   * Lambda@Edge functions, some attached in another stack). Off for live accounts and snapshots,
   * whose inventories may hold old, unattached versions.
   */
  includeUnattachedFunctions?: boolean;
}

function compareOptional(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

/** Findings in file/line order, then resource and rule: the same input always lists them the same way. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareOptional(a.file, b.file) ||
    compareOptional(a.line, b.line) ||
    a.resource.localeCompare(b.resource) ||
    a.ruleId.localeCompare(b.ruleId) ||
    compareOptional(a.eventType, b.eventType) ||
    a.message.localeCompare(b.message)
  );
}

/**
 * Runs every enabled rule over the inventory (pure: the clock and the tables are arguments). A rule
 * that throws yields an `internal-error` finding naming it, and the other rules still run.
 */
export function runRules(input: LintInput, options: LintOptions): Finding[] {
  return runWithIndex(input, buildLintIndex(input.inventory, { includeUnattached: options.includeUnattachedFunctions }), options).findings;
}

function runWithIndex(input: LintInput, index: LintIndex, options: LintOptions): { findings: Finding[]; rulesRun: number } {
  const findings: Finding[] = [];
  let rulesRun = 0;
  for (const rule of options.rules ?? RULES) {
    const setting = options.ruleSettings?.[rule.id] ?? rule.defaultSeverity;
    if (setting === 'off') continue;
    rulesRun++;
    const ctx: RuleContext = {
      inventory: input.inventory,
      index,
      ...(input.usage ? { usage: input.usage } : {}),
      quotas: options.quotas,
      runtimes: options.runtimes,
      now: options.now,
      severity: setting,
      defects: input.defects ?? [],
    };
    try {
      for (const finding of rule.check(ctx)) findings.push({ ruleId: rule.id, ...finding, docs: rule.docs });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      findings.push({
        ruleId: INTERNAL_ERROR_RULE_ID,
        severity: 'error',
        resource: rule.id,
        message: `rule ${rule.id} failed (${reason}); its checks did not run, so its findings are unknown — please report this`,
      });
    }
  }
  addResourceLines(findings, input.inventory);
  return { findings: findings.sort(compareFindings), rulesRun };
}

/**
 * `resourceLine`: where the function or distribution a finding is about was declared, when the
 * finding points elsewhere in the same file (a property, an association), so a view grouped by
 * resource can name the resource's own line.
 */
function addResourceLines(findings: Finding[], inventory: Inventory): void {
  const declared = new Map<string, number>();
  const add = (resource: string, source: { file: string; line?: number } | undefined): void => {
    if (source?.line !== undefined) declared.set(`${source.file}\0${resource}`, source.line);
  };
  for (const fn of inventory.functions) add(fn.resource ?? fn.key, fn.source);
  for (const distribution of inventory.distributions) add(distribution.resource ?? distribution.id, distribution.source);
  for (const finding of findings) {
    if (finding.file === undefined || finding.line === undefined) continue;
    const line = declared.get(`${finding.file}\0${finding.resource}`);
    if (line !== undefined && line !== finding.line) finding.resourceLine = line;
  }
}

export interface LintDocumentOptions extends LintOptions {
  source?: LintSource;
}

/** Runs the rules and wraps the findings in the `edgecost.lint` document. */
export function lintInventory(input: LintInput, options: LintDocumentOptions): LintDocument {
  const index = buildLintIndex(input.inventory, { includeUnattached: options.includeUnattachedFunctions });
  const { findings, rulesRun } = runWithIndex(input, index, options);
  const overrides = options.quotas
    .list()
    .filter((entry) => entry.overriddenBy !== undefined)
    .map((entry) => ({ key: entry.key, value: entry.value, ...(entry.defaultValue === undefined ? {} : { defaultValue: entry.defaultValue }), by: entry.overriddenBy! }));
  const ruleSettings = options.ruleSettings && Object.keys(options.ruleSettings).length > 0 ? { ...options.ruleSettings } : undefined;
  return {
    schemaVersion: 1,
    kind: LINT_KIND,
    generatedAt: options.now.toISOString(),
    ...(options.source ? { source: options.source } : {}),
    quotas: { id: options.quotas.id, retrievedDate: options.quotas.retrievedDate, runtimesId: options.runtimes.id, overrides },
    checked: { functions: index.edgeFunctions.length, associations: index.associations.length, rules: rulesRun },
    ...(ruleSettings ? { ruleSettings } : {}),
    findings,
    summary: summarize(findings),
  };
}

/** Whether the inventory has any Lambda@Edge association at all (resolved or not). */
export function hasLambdaEdge(inventory: Inventory): boolean {
  return inventory.distributions.some((distribution) => distribution.behaviors.some((behavior) => behavior.lambdaAssociations.length > 0));
}
