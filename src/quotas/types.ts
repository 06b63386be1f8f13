import type { CacheBehavior, Distribution, EventType, FunctionConfig, Inventory, LambdaAssociation } from '../model/inventory.js';
import type { RegionStatus, TimeWindow, UsageSeries } from '../model/snapshot.js';
import type { RuntimeTable } from './runtimes.js';
import type { QuotaTable } from './table.js';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type RuleSetting = Severity | 'off';

const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** The lower of two severities: an "unknown" finding never outranks the rule's configured severity. */
export function minSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b;
}

/**
 * One lint finding (PRODUCT.md `edgecost.lint` contract; fields after `limit` are extras).
 * `resource` is the CloudFormation logical id, the Terraform address, or the function ARN of a live
 * account (for region-wide metric findings: the region, prefixed by the account when known).
 */
export interface Finding {
  ruleId: string;
  severity: Severity;
  resource: string;
  functionName?: string;
  eventType?: EventType;
  file?: string;
  line?: number;
  /** Where the resource (function, distribution) was declared in `file`, when `line` points elsewhere in it (a property, an association). */
  resourceLine?: number;
  message: string;
  actual?: number | string;
  limit?: number | string;
  /** Unit of `actual` and `limit` (MB, s, bytes, %, ...). */
  unit?: string;
  column?: number;
  /** Every event type the finding concerns, when a function runs on several. */
  eventTypes?: EventType[];
  distributionId?: string;
  pathPattern?: string;
  region?: string;
  /** The rule could not be checked because a value is unknown: not a pass. */
  unknown?: boolean;
  /** The key of the quota the finding compares against (`viewer.memoryMB`), and its source URL. */
  quota?: string;
  quotaSource?: string;
  /** The rule's documentation page, relative to the package root. */
  docs?: string;
}

/** What a rule's check returns: the engine stamps `ruleId` and `docs` from the rule's `id`. */
export type RuleFinding = Omit<Finding, 'ruleId' | 'docs'>;

/** A Lambda@Edge function together with every association that runs it. */
export interface EdgeFunction {
  fn: FunctionConfig;
  associations: AssociationRef[];
  /** Distinct event types the function runs on, in EVENT_TYPES order; empty when no association runs it. */
  eventTypes: EventType[];
}

/** An association with the behavior and distribution it belongs to. */
export interface AssociationRef {
  association: LambdaAssociation;
  behavior: CacheBehavior;
  distribution: Distribution;
  /** The function it runs, when the reference resolved to a function of the inventory. */
  fn?: FunctionConfig;
}

/** Precomputed views of the inventory shared by every rule of a run (built once, not per rule). */
export interface LintIndex {
  /** Functions run by at least one resolved association, in inventory order. */
  edgeFunctions: EdgeFunction[];
  /** Every Lambda@Edge association, resolved or not, in inventory order. */
  associations: AssociationRef[];
}

/**
 * A value of the input that the deployment would be rejected for (by CloudFormation, CloudFront or
 * the Terraform AWS provider), found by a loader: a malformed association, a memory size or timeout
 * that is not a whole number. Rules report them as findings, never as stderr notes:
 * `invalid-association` the associations, `memory-limit` / `timeout-limit` the values.
 */
export interface InputDefect {
  /** `input`: a file the run could not read as a whole (duplicate key, malformed file in a folder). */
  kind: 'association' | 'memory' | 'timeout' | 'input';
  /** CloudFormation logical id or Terraform address of the resource that holds the value. */
  resource: string;
  file: string;
  line?: number;
  column?: number;
  /** What is wrong, naming the property as written (`MemorySize "lots" is not a number`). */
  message: string;
  /** The value as written, or what is missing (`no EventType`). */
  actual: string | number;
  /** The value cannot be read before deploy (an unevaluable intrinsic): not a pass, not an error either. */
  unknown?: boolean;
  /** Association defects: the restrictions-table entry broken (`associationEventTypes`, `associationShape`). */
  restriction?: string;
  /** What a valid value is (`a list`, `required`), for the finding's `limit`; the restriction's value otherwise. */
  expected?: string;
  /** Association defects: the distribution key in the inventory, the cache behavior, the event type when valid. */
  distributionId?: string;
  pathPattern?: string;
  eventType?: EventType;
  /** Association defects: the function ARN as written, when there is one. */
  functionArn?: string;
  /**
   * `FunctionConfig.key` of the function concerned: the function whose property is invalid (memory,
   * timeout), or the function an invalid association names, when it could be followed.
   */
  functionKey?: string;
}

/** Usage data for the metric rules: present for snapshots and live accounts, absent for templates. */
export interface LintUsage {
  window: TimeWindow;
  usage: UsageSeries[];
  regions: RegionStatus[];
}

export interface RuleContext {
  inventory: Inventory;
  index: LintIndex;
  usage?: LintUsage;
  quotas: QuotaTable;
  runtimes: RuntimeTable;
  /** The lint clock (runtime deprecation is decided by date). */
  now: Date;
  /** The severity this run gives the rule's violations (its default or the configured override). */
  severity: Severity;
  /** Values of the input the deployment would reject (templates and plans; empty otherwise). */
  defects: readonly InputDefect[];
}

export type RuleKind = 'static' | 'metric';

/**
 * A rule: metadata plus a pure check (STYLE.md §3). `check` must not throw for any inventory; if it
 * does, the engine reports an `internal-error` finding and runs the other rules.
 */
export interface Rule {
  id: string;
  title: string;
  kind: RuleKind;
  defaultSeverity: Severity;
  appliesTo: readonly EventType[] | 'all';
  /** Keys of the quota table entries the rule compares against (each carries its source URL). */
  quota?: readonly string[];
  /** Keys of the restrictions table entries the rule enforces. */
  restriction?: readonly string[];
  /** Documentation page, relative to the package root: `docs/rules/<id>.md` (set by `defineRule`). */
  docs: string;
  check(ctx: RuleContext): RuleFinding[];
}

/** The documentation page of a rule, relative to the package root. */
export function ruleDocs(id: string): string {
  return `docs/rules/${id}.md`;
}

/** A rule from its metadata and check: the id is written once, its doc page follows from it. */
export function defineRule(rule: Omit<Rule, 'docs'>): Rule {
  return { ...rule, docs: ruleDocs(rule.id) };
}

/** Rule ids that are not rules of the registry but may appear in findings. */
export const INTERNAL_ERROR_RULE_ID = 'internal-error';
