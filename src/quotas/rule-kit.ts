import { EVENT_TYPES, type EventType, type FunctionConfig, type FunctionProperty } from '../model/inventory.js';
import type { QuotaEntry } from './table.js';
import { type AssociationRef, type EdgeFunction, type Finding, type InputDefect, minSeverity, type RuleContext, type RuleFinding, type Severity } from './types.js';

/** Shared pieces of the rules: where a finding points, number formatting, the "unknown" finding. */

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const SMALL = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });
const PERCENT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 1,048,577 · 0.25 · 0.000035 (small values keep two significant digits instead of showing 0). */
export function formatNumber(value: number): string {
  return value !== 0 && Math.abs(value) < 0.01 ? SMALL.format(value) : NUMBER.format(value);
}

/** A measured value for a finding's `actual`: three significant digits, so tiny averages are not 0. */
export function roundMeasure(value: number): number {
  return Number(value.toPrecision(3));
}

export function formatPercent(value: number): string {
  return `${value !== 0 && Math.abs(value) < 0.1 ? SMALL.format(value) : PERCENT.format(value)}%`;
}

/** "viewer-request", "viewer-request and viewer-response", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

type Where = Pick<Finding, 'resource' | 'functionName' | 'file' | 'line' | 'column'>;

/**
 * A function finding points at the function's resource and its declaration, or at the property it
 * is about when the input says where that was written (in the same file).
 */
export function functionWhere(fn: FunctionConfig, property?: FunctionProperty): Where {
  const written = property === undefined ? undefined : fn.propertySources?.[property];
  const source = written?.line !== undefined && written.file === fn.source?.file ? written : fn.source;
  return {
    resource: fn.resource ?? fn.key,
    functionName: fn.functionName,
    ...(source?.file === undefined ? {} : { file: source.file }),
    ...(source?.line === undefined ? {} : { line: source.line }),
    ...(source?.column === undefined ? {} : { column: source.column }),
  };
}

/**
 * An association finding points at the association in the distribution (where the fix goes for a
 * template); for a live account the resource is the function ARN the association names.
 */
export function associationWhere(ref: AssociationRef): Where & Pick<Finding, 'distributionId' | 'pathPattern' | 'eventType'> {
  const source = ref.association.source ?? ref.behavior.source ?? ref.distribution.source;
  return {
    resource: ref.distribution.resource ?? ref.association.functionArn ?? ref.distribution.id,
    ...(ref.fn ? { functionName: ref.fn.functionName } : {}),
    eventType: ref.association.eventType,
    distributionId: ref.distribution.id,
    pathPattern: ref.behavior.pathPattern,
    ...(source?.file === undefined ? {} : { file: source.file }),
    ...(source?.line === undefined ? {} : { line: source.line }),
    ...(source?.column === undefined ? {} : { column: source.column }),
  };
}

/** Edge functions that run on at least one of the event types a rule applies to (or on none yet). */
export function functionsFor(ctx: RuleContext, appliesTo: readonly EventType[] | 'all'): EdgeFunction[] {
  if (appliesTo === 'all') return ctx.index.edgeFunctions;
  return ctx.index.edgeFunctions.filter((edge) => edge.eventTypes.length === 0 || edge.eventTypes.some((eventType) => appliesTo.includes(eventType)));
}

/** `eventType` (the first) and `eventTypes` of a function finding; none for an unattached function. */
export function eventFields(edge: EdgeFunction): Pick<Finding, 'eventType' | 'eventTypes'> {
  return edge.eventTypes.length === 0 ? {} : { eventType: edge.eventTypes[0], eventTypes: edge.eventTypes };
}

const NOT_ATTACHED = 'the function is not attached to a distribution in the input';

/**
 * "Could not be checked": a value the rule needs is unknown (an unresolved expression, a template
 * without an artifact). Never a pass; its severity never exceeds the rule's configured severity.
 */
export function unknownFinding(ctx: RuleContext, base: Where & Partial<RuleFinding>, message: string, severity: Severity = 'warning'): RuleFinding {
  return { severity: minSeverity(ctx.severity, severity), ...base, message, unknown: true };
}

export function quotaFields(entry: QuotaEntry): Pick<Finding, 'limit' | 'unit' | 'quota' | 'quotaSource'> {
  return { limit: entry.value, unit: entry.unit, quota: entry.key, quotaSource: entry.source };
}

/** " (set by --quota)" when the limit was overridden, so the reader knows it is not AWS's default. */
export function overrideNote(entry: QuotaEntry): string {
  return entry.overriddenBy ? ` (limit set by ${entry.overriddenBy}; AWS default ${formatNumber(entry.defaultValue ?? entry.value)} ${entry.unit})` : '';
}

export interface EventLimitCheck {
  /** Per-event quota name, e.g. `memoryMB` (read as `viewer.memoryMB` / `origin.memoryMB`). */
  quotaName: string;
  /** The function property it reads, so a finding can point where that property was written. */
  property?: FunctionProperty;
  /** What is measured, for messages: "memory", "timeout", "compressed package". */
  label: string;
  value(fn: FunctionConfig): number | undefined;
  /** The template condition under which the value holds ("IsProd is true"), named in the message. */
  condition?(fn: FunctionConfig): string | undefined;
  /** Message when the value is unknown. */
  unknownMessage(fn: FunctionConfig): string;
  /** "compressed package at least 1,200,000 bytes (…)": the value as a violation message states it; default "<label> <value> <unit>". */
  describe?(fn: FunctionConfig, actual: string, unit: string): string;
  unknownSeverity?: Severity;
  /** Hint appended to a violation message; a function when it depends on the value (a timeout no event allows). */
  fix: string | ((actual: number, ctx: RuleContext) => string);
  /**
   * Lambda's smallest accepted value (a quota key, e.g. `function.minMemoryMB`): a value below it is
   * an error too, since Lambda rejects the function on any event.
   */
  minimumQuota?: string;
  /** Loader defects of this kind (a value that is not a whole number) are this rule's errors. */
  defectKind?: InputDefect['kind'];
}

function defectsByFunction(ctx: RuleContext, kind: InputDefect['kind'] | undefined): Map<string, InputDefect> {
  const byKey = new Map<string, InputDefect>();
  if (kind === undefined) return byKey;
  for (const defect of ctx.defects) {
    if (defect.kind === kind && defect.functionKey !== undefined && !byKey.has(defect.functionKey)) byKey.set(defect.functionKey, defect);
  }
  return byKey;
}

/**
 * The per-event limit check shared by memory, timeout and package size: one finding per function,
 * at the tightest violated event type, listing every event type whose limit is exceeded.
 */
function measured(check: EventLimitCheck, fn: FunctionConfig, actual: number, unit: string): string {
  return check.describe ? check.describe(fn, formatNumber(actual), unit) : `${check.label} ${formatNumber(actual)} ${unit}`;
}

function fixFor(check: EventLimitCheck, actual: number, ctx: RuleContext): string {
  return typeof check.fix === 'function' ? check.fix(actual, ctx) : check.fix;
}

export function checkEventLimit(ctx: RuleContext, appliesTo: readonly EventType[] | 'all', check: EventLimitCheck): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const defects = defectsByFunction(ctx, check.defectKind);
  const minimum = check.minimumQuota === undefined ? undefined : ctx.quotas.get(check.minimumQuota);
  for (const edge of functionsFor(ctx, appliesTo)) {
    const attached = edge.eventTypes.length > 0;
    const candidates = attached ? edge.eventTypes.filter((e) => appliesTo === 'all' || appliesTo.includes(e)) : appliesTo === 'all' ? [...EVENT_TYPES] : [...appliesTo];
    const where = { ...functionWhere(edge.fn, check.property), ...(attached ? { eventType: candidates[0], eventTypes: candidates } : {}) };
    // The tightest maximum of the events it may run on: what a valid value must stay within.
    const ceiling = candidates.map((eventType) => ctx.quotas.forEvent(eventType, check.quotaName)).sort((a, b) => a.value - b.value)[0]!;
    const range = (unit: string): string =>
      `${minimum ? `from ${formatNumber(minimum.value)} ${unit} (Lambda's minimum) ` : ''}up to ${formatNumber(ceiling.value)} ${unit} (the limit of ${attached ? listWords(candidates.filter((e) => ctx.quotas.forEvent(e, check.quotaName).value === ceiling.value)) : 'viewer events'})`;
    const defect = defects.get(edge.fn.key);
    if (defect) {
      // A literal that is not a whole number: the deployment is rejected whatever the event.
      const finding: RuleFinding = {
        severity: ctx.severity,
        ...where,
        message: `${defect.message}; the ${check.label} must be a whole number ${range(ceiling.unit)}`,
        actual: defect.actual,
        ...quotaFields(ceiling),
      };
      // Point at the property rather than the resource.
      if (defect.line !== undefined) {
        finding.line = defect.line;
        if (defect.column === undefined) delete finding.column;
        else finding.column = defect.column;
      }
      findings.push(finding);
      continue;
    }
    const actual = check.value(edge.fn);
    if (actual === undefined || !Number.isFinite(actual)) {
      findings.push(unknownFinding(ctx, where, check.unknownMessage(edge.fn), check.unknownSeverity));
      continue;
    }
    if (minimum && actual < minimum.value) {
      findings.push({
        severity: ctx.severity,
        ...where,
        message: `${check.label} ${formatNumber(actual)} ${minimum.unit} is below Lambda's minimum of ${formatNumber(minimum.value)} ${minimum.unit}${overrideNote(minimum)}, so the deployment is rejected; set it ${range(minimum.unit)}`,
        actual,
        ...quotaFields(minimum),
      });
      continue;
    }
    const violated = candidates
      .map((eventType) => ({ eventType, entry: ctx.quotas.forEvent(eventType, check.quotaName) }))
      .filter(({ entry }) => actual > entry.value)
      .sort((a, b) => a.entry.value - b.entry.value);
    const tightest = violated[0];
    if (!tightest) continue;
    const { entry } = tightest;
    const events = listWords(violated.map((v) => v.eventType));
    const fields = { actual, ...quotaFields(entry) };
    const condition = check.condition?.(edge.fn);
    const when = condition === undefined ? '' : ` (when condition ${condition})`;
    if (!attached && violated.length < candidates.length) {
      // Over the limit of some events only, and the input does not say which event it will run on.
      findings.push(
        unknownFinding(
          ctx,
          { ...where, ...fields },
          `${measured(check, edge.fn, actual, entry.unit)}${when} is over the ${formatNumber(entry.value)} ${entry.unit} limit of ${events}${overrideNote(entry)}; ${NOT_ATTACHED}, so whether it breaks a limit could not be checked`,
          'info',
        ),
      );
      continue;
    }
    const loosest = violated[violated.length - 1]!.entry;
    findings.push({
      severity: ctx.severity,
      ...where,
      ...(attached ? { eventType: tightest.eventType, eventTypes: violated.map((v) => v.eventType) } : {}),
      message: attached
        ? `${measured(check, edge.fn, actual, entry.unit)}${when} is over the ${formatNumber(entry.value)} ${entry.unit} limit of ${events}${overrideNote(entry)}; ${fixFor(check, actual, ctx)}`
        : `${measured(check, edge.fn, actual, entry.unit)}${when} is over the limit of every event type (at most ${formatNumber(loosest.value)} ${loosest.unit})${overrideNote(loosest)}; ${fixFor(check, actual, ctx)}`,
      ...fields,
      ...(attached ? {} : quotaFields(loosest)),
    });
  }
  return findings;
}

/**
 * For the "unsupported feature" rules: one error per function that uses the feature, on whatever
 * event it runs. `used` returns a description of the use, or undefined when the feature is not used.
 */
export function checkFeature(
  ctx: RuleContext,
  restrictionKey: string,
  used: (fn: FunctionConfig) => { message: string; actual?: number | string } | undefined,
  property?: FunctionProperty,
): RuleFinding[] {
  const restriction = ctx.quotas.restriction(restrictionKey);
  const limit = Array.isArray(restriction.value) ? restriction.value.join(', ') : restriction.value;
  const findings: RuleFinding[] = [];
  for (const edge of ctx.index.edgeFunctions) {
    const use = used(edge.fn);
    if (!use) continue;
    findings.push({
      severity: ctx.severity,
      ...functionWhere(edge.fn, property),
      ...eventFields(edge),
      message: use.message,
      ...(use.actual === undefined ? {} : { actual: use.actual }),
      limit,
      quota: `restrictions.${restrictionKey}`,
      quotaSource: restriction.source,
    });
  }
  return findings;
}
