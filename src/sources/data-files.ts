import { InputError } from '../errors.js';
import { type GateConfig, gateConfigFromJson } from '../gate/config.js';
import { failAt } from '../model/json-input.js';
import { SNAPSHOT_KIND } from '../model/snapshot.js';
import { type Pricing, pricingFromJson } from '../pricing/sheet.js';
import { LINT_CONFIG_SCHEMA_FILE, type LintConfig, lintConfigFromJson } from '../quotas/config.js';
import { DEFAULT_RUNTIMES_FILE, RUNTIMES_SCHEMA_FILE, type RuntimeTable, runtimeTableFromJson } from '../quotas/runtimes.js';
import { DEFAULT_QUOTAS_FILE, QUOTAS_SCHEMA_FILE, type QuotaTable, quotaTableFromJson } from '../quotas/table.js';
import { RECOMMEND_LIMITS_FILE, RECOMMEND_LIMITS_SCHEMA_FILE, type RecommendLimits, recommendLimitsFromJson } from '../recommend/limits.js';
import { RECONCILIATION_KIND, type Reconciliation } from '../reconcile/document.js';
import { checkReportBaseline } from '../report/baseline-checks.js';
import { type Baseline, type BaselineOptions, type BaselineReport, baselineFromReport, baselineFromSnapshot } from '../report/compare.js';
import { REPORT_KIND } from '../report/document.js';
import { compileSchema, loadJsonData, parseJsonData, readTextFile, readTextFileAsync } from './json-data.js';
import { packagePath } from './package-root.js';
import { snapshotFromJson } from './snapshot.js';

/**
 * Every JSON data file edgecost reads, through the one loader (json-data.ts): the core gets the
 * parsed, validated document and the tables it needs as arguments, never loads them itself.
 */

export const DEFAULT_PRICING_FILE = packagePath('pricing/aws-public.json');
const PRICING_SCHEMA_FILE = 'pricing/pricing.schema.json';
const PRICING = { what: 'price sheet', schema: PRICING_SCHEMA_FILE, hint: 'see pricing/pricing.schema.json and pricing/aws-public.json for the expected shape' };

export function parsePriceSheet(file: string, text: string): Pricing {
  return pricingFromJson(parseJsonData(file, text, PRICING));
}

/** Loads a price sheet (the bundled public one by default), validated against the schema. */
export function loadPricing(file: string = DEFAULT_PRICING_FILE): Pricing {
  return pricingFromJson(loadJsonData(file, PRICING));
}

const QUOTAS = { what: 'quota table', schema: QUOTAS_SCHEMA_FILE, hint: `see ${QUOTAS_SCHEMA_FILE}` };

export function parseQuotaTable(file: string, text: string): QuotaTable {
  return quotaTableFromJson(parseJsonData(file, text, QUOTAS));
}

/** Reads and validates a quota table (the shipped one by default). */
export function loadQuotaTable(file?: string): QuotaTable {
  const text = readTextFile(file ?? packagePath(DEFAULT_QUOTAS_FILE), 'the quota table');
  return parseQuotaTable(file ?? DEFAULT_QUOTAS_FILE, text);
}

const RUNTIMES = { what: 'runtime table', schema: RUNTIMES_SCHEMA_FILE, hint: `see ${RUNTIMES_SCHEMA_FILE}` };

export function parseRuntimeTable(file: string, text: string): RuntimeTable {
  return runtimeTableFromJson(parseJsonData(file, text, RUNTIMES));
}

export function loadRuntimeTable(file?: string): RuntimeTable {
  const text = readTextFile(file ?? packagePath(DEFAULT_RUNTIMES_FILE), 'the runtime table');
  return parseRuntimeTable(file ?? DEFAULT_RUNTIMES_FILE, text);
}

const LINT_CONFIG = {
  what: 'lint configuration',
  schema: LINT_CONFIG_SCHEMA_FILE,
  hint: 'expected { "rules": { "<rule-id>": "off|error|warning|info" }, "quotas": { "viewer.memoryMB": 256 } }',
};

export function parseLintConfig(file: string, text: string, knownRuleIds: readonly string[]): LintConfig {
  return lintConfigFromJson(parseJsonData(file, text, LINT_CONFIG), knownRuleIds);
}

export async function readLintConfig(file: string, knownRuleIds: readonly string[]): Promise<LintConfig> {
  return parseLintConfig(file, await readTextFileAsync(file, 'the lint configuration'), knownRuleIds);
}

const RECOMMEND_LIMITS = { what: 'recommend-limits file', schema: RECOMMEND_LIMITS_SCHEMA_FILE, hint: `see ${RECOMMEND_LIMITS_SCHEMA_FILE}` };

/** Parses and checks a recommend-limits file; a missing or malformed entry names the file and line. */
export function parseRecommendLimits(file: string, text: string): RecommendLimits {
  return recommendLimitsFromJson(parseJsonData(file, text, RECOMMEND_LIMITS));
}

let shippedLimits: RecommendLimits | undefined;

/** The shipped limits file (read once). */
export function loadRecommendLimits(): RecommendLimits {
  shippedLimits ??= parseRecommendLimits(RECOMMEND_LIMITS_FILE, readTextFile(packagePath(RECOMMEND_LIMITS_FILE), 'the recommend limits'));
  return shippedLimits;
}

export function parseGateConfig(file: string, text: string): GateConfig {
  return gateConfigFromJson(parseJsonData(file, text, { what: 'gate config' }));
}

export async function readGateConfig(file: string): Promise<GateConfig> {
  return parseGateConfig(file, await readTextFileAsync(file, 'the gate config'));
}

const REPORT_SCHEMA_FILE = 'schemas/report.schema.json';

/** A baseline file's text: a snapshot (`edgecost.snapshot`) or a report JSON (`edgecost.report`), told by its `kind`. */
export function parseBaseline(file: string, text: string, options: BaselineOptions): Baseline {
  const input = parseJsonData(file, text, { what: 'baseline' });
  const data = input.data;
  const kind = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as { kind?: unknown }).kind : undefined;
  if (kind === SNAPSHOT_KIND) return baselineFromSnapshot(file, snapshotFromJson(input), options);
  if (kind === REPORT_KIND) {
    const issue = compileSchema(REPORT_SCHEMA_FILE)(data);
    if (issue) failAt(input, issue.pointer, `invalid report: ${issue.path} ${issue.message}`);
    const meaning = checkReportBaseline(data as BaselineReport);
    if (meaning) failAt(input, meaning.pointer, `invalid report: ${meaning.pointer} ${meaning.message}`);
    return baselineFromReport(file, data as BaselineReport, options);
  }
  throw new InputError(
    file,
    `not a baseline: "kind" is ${typeof kind === 'string' ? `"${kind}"` : 'missing'}, expected "${SNAPSHOT_KIND}" (from \`edgecost collect\`) or "${REPORT_KIND}" (from \`edgecost report --output json\`)`,
    { line: input.at('/kind')?.line ?? 1 },
  );
}

/** Reads `--baseline FILE`: a previous snapshot or report JSON (detected by its `kind`). */
export async function readBaseline(file: string, options: BaselineOptions): Promise<Baseline> {
  return parseBaseline(file, await readTextFileAsync(file, 'the baseline'), options);
}

const RECONCILIATION_SCHEMA_FILE = 'schemas/reconciliation.schema.json';
const RECONCILIATION_HINT = 'write it with `edgecost reconcile --output json` (see schemas/reconciliation.schema.json)';

/**
 * A reconciliation file (`reconcile --output json`, kind `edgecost.reconciliation`) for `report
 * --reconciliation`: validated against its schema; the optional fields the views read get their
 * meaning when absent (no estimated days, no adjustments), except the tolerance the rows were
 * flagged against, which cannot be guessed.
 */
export function parseReconciliation(file: string, text: string): Reconciliation {
  const input = parseJsonData(file, text, { what: 'reconciliation' });
  const data = input.data;
  const kind = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as { kind?: unknown }).kind : undefined;
  if (kind !== RECONCILIATION_KIND) {
    throw new InputError(file, `not a reconciliation: "kind" is ${typeof kind === 'string' ? `"${kind}"` : 'missing'}, expected "${RECONCILIATION_KIND}"`, {
      line: input.at('/kind')?.line ?? 1,
      hint: RECONCILIATION_HINT,
    });
  }
  const issue = compileSchema(RECONCILIATION_SCHEMA_FILE)(data);
  if (issue) failAt(input, issue.pointer, `invalid reconciliation: ${issue.path} ${issue.message}`, RECONCILIATION_HINT);
  const doc = data as Reconciliation & { tolerancePercent?: number };
  for (const key of ['start', 'end'] as const) {
    if (Number.isNaN(Date.parse(doc.window[key])))
      failAt(input, `/window/${key}`, `invalid reconciliation: /window/${key} "${doc.window[key]}" is not an ISO 8601 time`, RECONCILIATION_HINT);
  }
  if (doc.tolerancePercent === undefined) failAt(input, '', 'invalid reconciliation: no "tolerancePercent" (the tolerance its rows were flagged against)', RECONCILIATION_HINT);
  doc.bill.estimatedDays ??= [];
  doc.bill.resourceIds ??= doc.rows.some((r) => r.functionName !== null);
  doc.bill.netCost ??= doc.rows.some((r) => r.billedNetCostUsd !== null);
  doc.totals.adjustmentsUsd ??= {};
  doc.totals.rows ??= doc.rows.length;
  doc.totals.gbSecondsLow ??= null;
  doc.totals.gbSecondsPoint ??= null;
  doc.totals.gbSecondsHigh ??= null;
  for (const row of doc.rows) row.adjustmentsUsd ??= {};
  doc.warnings ??= [];
  return doc;
}

/** Reads `report --reconciliation FILE`. */
export async function readReconciliation(file: string): Promise<Reconciliation> {
  return parseReconciliation(file, await readTextFileAsync(file, 'the reconciliation'));
}
