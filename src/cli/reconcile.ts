import { readFile, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { EXIT_OK, EXIT_POLICY, InputError, UsageError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Bill } from '../reconcile/bill.js';
import { effectivePriceSheet } from '../reconcile/effective-pricing.js';
import { effectiveRateDecimals, reconcile } from '../reconcile/reconcile.js';
import { RECONCILE_RENDERERS } from '../render/by-kind/reconcile.js';
import { renderWith } from '../render/renderer.js';
import { DEFAULT_PRICING_FILE, loadPricing, parsePriceSheet } from '../sources/data-files.js';
import { usageTypeRegions } from '../sources/reconcile-data.js';
import { colorEnabled } from './color.js';
import { checkOutputPath, clockFromEnv, emit, warn, writeFileAtomic } from './io.js';
import {
  type AwsFlags,
  addAwsOptions,
  addCommonOptions,
  addOutputOption,
  addUsageSourceOptions,
  addWindowOptions,
  type CommonFlags,
  parseDecimal,
  type WindowFlags,
} from './options.js';
import { obtainSnapshot, warnFailedRegions } from './snapshot-input.js';

interface ReconcileFlags extends WindowFlags, AwsFlags, CommonFlags {
  input?: string[];
  demo?: boolean;
  exact?: boolean;
  cur?: string;
  athenaTable?: string;
  athenaWorkgroup?: string;
  athenaOutput?: string;
  tolerance: number;
  writePricing?: string;
}

function parseTolerance(value: string): number {
  const text = value.trim().replace(/%$/, '');
  const number = parseDecimal(text);
  if (number === undefined || number < 0) throw new InvalidArgumentError(`--tolerance expects a percentage ≥ 0 (e.g. 1 or 2.5), got "${value}"`);
  return number;
}

/**
 * `--write-pricing FILE` replaces a file only when it is itself an edgecost price sheet (updating
 * learned rates); anything else there, and the bundled sheet, is never overwritten. Checked before
 * any AWS call, as `collect -o` checks its output.
 */
async function checkWritePricingTarget(file: string): Promise<void> {
  await checkOutputPath(file);
  const target = await realpath(file).catch(() => resolve(file));
  const bundled = await realpath(DEFAULT_PRICING_FILE).catch(() => DEFAULT_PRICING_FILE);
  if (target === bundled) throw new UsageError(`--write-pricing ${file} is the bundled price sheet: name another file`);
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing === undefined) return;
  let kind: unknown;
  try {
    kind = (JSON.parse(existing) as { kind?: unknown }).kind;
  } catch {
    kind = undefined;
  }
  if (kind !== 'edgecost.pricing') {
    throw new InputError(file, 'exists and is not an edgecost price sheet: --write-pricing will not overwrite it', {
      hint: 'name a new file (an existing price sheet is replaced atomically)',
    });
  }
}

async function readBill(flags: ReconcileFlags, snapshot: Snapshot, rates: ReturnType<typeof loadPricing>['rates']): Promise<Bill> {
  if (flags.cur !== undefined) {
    const { readCurBill } = await import('../sources/cur-duckdb.js');
    return readCurBill(flags.cur, snapshot.window);
  }
  if (flags.demo && flags.athenaTable === undefined) {
    const { demoBill } = await import('../demo/demo-bill.js');
    return demoBill(snapshot, rates);
  }
  const { AwsClients, retrySettingsFromEnv } = await import('../aws/clients.js');
  const aws = new AwsClients({ profile: flags.profile, retry: retrySettingsFromEnv(process.env) });
  try {
    if (flags.athenaTable !== undefined) {
      const { readAthenaBill } = await import('../aws/athena.js');
      return await readAthenaBill(
        aws,
        { table: flags.athenaTable, workgroup: flags.athenaWorkgroup ?? '', outputLocation: flags.athenaOutput, region: flags.region },
        snapshot.window,
      );
    }
    const { readCostExplorerBill } = await import('../aws/cost-explorer.js');
    return await readCostExplorerBill(aws, snapshot.window);
  } finally {
    aws.destroy();
  }
}

export function configure(command: Command): void {
  command.description(
    "Puts edgecost's Lambda@Edge estimate beside the bill per region (and account, and function when the export has resource IDs): requests, GB-seconds and cost, with the known causes of each difference, and the account's effective rates.\nUsage from --input, --demo or AWS (as `report`); the bill from Cost Explorer (default), a CUR 2.0 export (--cur, read locally with DuckDB) or Athena (--athena-table).",
  );
  addUsageSourceOptions(command, { demo: 'the bundled sample account and its sample bill, no AWS needed' });
  command
    .option('--cur <PATH|GLOB>', 'the bill from a CUR 2.0 (Data Exports) export: a Parquet file, a folder of them, or a glob, read on this machine with DuckDB')
    .option('--athena-table <DB.TABLE>', 'the bill from a CUR 2.0 table on Amazon Athena (same SQL as --cur)')
    .option('--athena-workgroup <WG>', 'Athena workgroup (with --athena-table)')
    .option('--athena-output <S3_URI>', 'S3 location for the Athena results when the workgroup has none (the only write edgecost causes)')
    .option('--tolerance <PCT>', 'rows whose cost differs from the bill by more than PCT % are flagged (exit 1)', parseTolerance, 1)
    .option('--write-pricing <FILE>', "write a price sheet with the account's effective rates (atomically; replaces only an existing edgecost price sheet)");
  addWindowOptions(command);
  addAwsOptions(command);
  addOutputOption(command, Object.keys(RECONCILE_RENDERERS));
  addCommonOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ edgecost reconcile --demo
  $ edgecost reconcile --month 2026-10 --regions all
  $ edgecost reconcile --input october.json --cur ./cur2/data/ --output markdown
  $ edgecost reconcile --input october.json --athena-table cur.cur2 --athena-workgroup primary
  $ edgecost reconcile --month 2026-10 --write-pricing my-rates.json && edgecost report --month 2026-10 --pricing my-rates.json

Exit 0 when every row is within --tolerance, 1 when one is not, 2 bad input, 3 AWS errors (the
message names the IAM action). Cost Explorer bills $0.01 per request; the count is printed.
IAM: the optional "reconcile" statements of docs/iam-policy.json.`,
  );
  command.action(async (flags: ReconcileFlags) => {
    const now = clockFromEnv();
    if (flags.cur !== undefined && flags.athenaTable !== undefined) throw new UsageError('--cur and --athena-table both name the bill: give one of them');
    if (flags.athenaTable !== undefined && flags.athenaWorkgroup === undefined) throw new UsageError('--athena-table needs --athena-workgroup');
    if (flags.athenaTable === undefined && (flags.athenaWorkgroup !== undefined || flags.athenaOutput !== undefined)) {
      throw new UsageError('--athena-workgroup and --athena-output go with --athena-table');
    }
    if (flags.athenaTable !== undefined) {
      const { athenaTableExpression, checkOutputLocation } = await import('../aws/athena.js');
      athenaTableExpression(flags.athenaTable);
      checkOutputLocation(flags.athenaOutput);
    }
    const pricing = loadPricing(flags.pricing);
    if (flags.writePricing !== undefined) await checkWritePricingTarget(flags.writePricing);
    const snapshot = await obtainSnapshot(flags, now);
    warnFailedRegions(snapshot, flags.quiet);
    const bill = await readBill(flags, snapshot, pricing.rates);
    const regions = usageTypeRegions();
    const doc = reconcile(snapshot, bill, { pricing, now, tolerancePercent: flags.tolerance, regions });
    if (bill.source === 'cost-explorer' && !bill.demo) {
      warn(`Cost Explorer: ${bill.apiRequests} request(s) made, billed $0.01 each ($${(bill.apiRequests / 100).toFixed(2)})`, flags.quiet);
    }
    if (flags.writePricing !== undefined) {
      const rates = effectiveRateDecimals(bill, regions);
      if (rates.request === undefined && rates['gb-second'] === undefined) {
        throw new UsageError('--write-pricing: the bill has no Lambda@Edge usage in this window, so there are no rates to learn');
      }
      const accounts = [...new Set(bill.lines.map((l) => l.accountId).filter((a): a is string => a !== null))].sort();
      const sheet = effectivePriceSheet(pricing, {
        rates,
        window: snapshot.window,
        source: bill.demo ? 'demo bill' : bill.source === 'cost-explorer' ? 'Cost Explorer' : bill.source === 'cur' ? 'CUR 2.0 export' : 'CUR 2.0 on Athena',
        accountIds: accounts,
        now,
      });
      // Validated as `--pricing` would read it, before it is written.
      const written = parsePriceSheet('(effective price sheet)', sheet.text);
      await writeFileAtomic(flags.writePricing, sheet.text);
      if (!flags.quiet) process.stderr.write(`wrote ${flags.writePricing}: price sheet ${written.sheet.id} with the account's effective rates\n`);
    }
    await emit(renderWith(RECONCILE_RENDERERS, 'reconcile', flags.output, doc, { color: colorEnabled(flags) }), flags.out);
    process.exitCode = doc.totals.rowsOutsideTolerance > 0 ? EXIT_POLICY : EXIT_OK;
  });
}
