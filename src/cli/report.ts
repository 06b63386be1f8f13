import { type Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { REPORT_RENDERERS } from '../render/by-kind/report.js';
import { renderWith } from '../render/renderer.js';
import { GROUP_BY, type GroupBy } from '../report/document.js';
import { reportDocument } from '../report/pipeline.js';
import { loadPricing, loadRecommendLimits, readBaseline, readReconciliation } from '../sources/data-files.js';
import { colorEnabled } from './color.js';
import { clockFromEnv, emit, warnNotice } from './io.js';
import {
  type AwsFlags,
  addAwsOptions,
  addCommonOptions,
  addFilterOptions,
  addOutputOption,
  addUsageSourceOptions,
  addWindowOptions,
  type CommonFlags,
  type FilterFlags,
  selectionOf,
  type WindowFlags,
} from './options.js';
import { obtainSnapshot, warnFailedRegions } from './snapshot-input.js';

interface ReportFlags extends WindowFlags, AwsFlags, FilterFlags, CommonFlags {
  input?: string[];
  demo?: boolean;
  exact?: boolean;
  groupBy: GroupBy;
  baseline?: string;
  reconciliation?: string;
}

/** Formats that show a reconciliation beside the report: the HTML page's section, and the JSON's `reconciliation`. */
const RECONCILIATION_FORMATS = ['html', 'json'];

export function configure(command: Command): void {
  command.description(
    'Lambda@Edge cost report: requests + GB-seconds per function, event type, region, distribution and day, with a monthly run-rate (and a month-end forecast for the current month).\nReads saved snapshots (--input), the bundled sample account (--demo), or AWS (default).',
  );
  addUsageSourceOptions(command, { exact: 'live: read exact billed durations from CloudWatch Logs Insights (slower, costs Logs Insights scans)' });
  command
    .addOption(new Option('--group-by <KEY>', 'rows of the table, Markdown and CSV views').choices(GROUP_BY as unknown as string[]).default('function'))
    .option(
      '--baseline <FILE>',
      'compare with a previous snapshot or report JSON: monthly run-rate change per function and in total, split into invocations, duration and memory (with it, CSV is the comparison table)',
    )
    .option(
      '--reconciliation <FILE>',
      'show a reconciliation with the bill (from `edgecost reconcile --output json`) beside the report: a section of --output html, the "reconciliation" of --output json',
    );
  addWindowOptions(command);
  addAwsOptions(command);
  addFilterOptions(command);
  addOutputOption(command, Object.keys(REPORT_RENDERERS));
  addCommonOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ edgecost report --demo
  $ edgecost report --month 2026-10 --output markdown > october.md
  $ edgecost report --demo --output html > report.html
  $ edgecost report --input prod.json --input staging.json --group-by region
  $ edgecost report --demo --output json | jq .totals.costUsd
  $ edgecost report --input november.json --baseline october.json --output markdown > pr-comment.md
  $ edgecost reconcile --month 2026-10 --output json > bill.json; edgecost report --month 2026-10 --reconciliation bill.json --output html > october.html`,
  );
  command.action(async (flags: ReportFlags) => {
    const now = clockFromEnv();
    if (flags.reconciliation !== undefined && !RECONCILIATION_FORMATS.includes(flags.output)) {
      throw new UsageError(
        `--reconciliation is shown by --output html (and carried by --output json), not by --output ${flags.output}: for its table, Markdown or CSV run edgecost reconcile --output ${flags.output === 'csv' || flags.output === 'markdown' ? flags.output : 'table'}`,
      );
    }
    const pricing = loadPricing(flags.pricing);
    // Read (and refused when malformed) before any AWS call.
    const reconciliation = flags.reconciliation !== undefined ? { file: flags.reconciliation, document: await readReconciliation(flags.reconciliation) } : undefined;
    const selection = selectionOf(flags);
    const snapshot = await obtainSnapshot(flags, now, pricing.rates);
    warnFailedRegions(snapshot, flags.quiet);
    const baseline = flags.baseline !== undefined ? await readBaseline(flags.baseline, { pricing, now, selection }) : undefined;
    const { report, comparisonNotices, reconciliationNotices } = reportDocument(snapshot, { pricing, now, selection, baseline, reconciliation, limits: loadRecommendLimits() });
    for (const notice of [...comparisonNotices, ...reconciliationNotices]) warnNotice(notice, flags.quiet);
    await emit(renderWith(REPORT_RENDERERS, 'report', flags.output, report, { groupBy: flags.groupBy, color: colorEnabled(flags) }), flags.out);
  });
}
