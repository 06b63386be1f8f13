import { type Command, Option } from 'commander';
import { recommend } from '../recommend/index.js';
import { renderReportHtml } from '../render/report-html.js';
import { renderReportCsv, renderReportJson, renderReportMarkdown, renderReportTable } from '../render/report-text.js';
import { buildReport } from '../report/build.js';
import { compareReports } from '../report/compare.js';
import { GROUP_BY, type GroupBy, type Report } from '../report/document.js';
import { loadPricing, loadRecommendLimits, readBaseline } from '../sources/data-files.js';
import { clockFromEnv, emit, warn } from './io.js';
import {
  type AwsFlags,
  addAwsOptions,
  addCommonOptions,
  addFilterOptions,
  addOutputOption,
  addWindowOptions,
  type CommonFlags,
  collect,
  type FilterFlags,
  type WindowFlags,
} from './options.js';
import { obtainSnapshot, warnFailedRegions } from './snapshot-input.js';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'markdown', 'html'] as const;

interface ReportFlags extends WindowFlags, AwsFlags, FilterFlags, CommonFlags {
  input?: string[];
  demo?: boolean;
  exact?: boolean;
  groupBy: GroupBy;
  baseline?: string;
}

export function renderReport(report: Report, format: string, flags: { groupBy: GroupBy; color: boolean }): string {
  const color = flags.color && !process.env.NO_COLOR && process.stdout.isTTY === true;
  switch (format) {
    case 'json':
      return renderReportJson(report);
    case 'csv':
      return renderReportCsv(report, { groupBy: flags.groupBy, color });
    case 'markdown':
      return renderReportMarkdown(report, { groupBy: flags.groupBy, color });
    case 'html':
      return renderReportHtml(report);
    default:
      return renderReportTable(report, { groupBy: flags.groupBy, color });
  }
}

export function registerReport(program: Command): void {
  const command = program
    .command('report')
    .summary('cost report per function, event type, region, distribution or day')
    .description(
      'Lambda@Edge cost report: requests + GB-seconds per function, event type, region, distribution and day, with a monthly run-rate (and a month-end forecast for the current month).\nReads saved snapshots (--input), the bundled sample account (--demo), or AWS (default).',
    )
    .option('--input <FILE>', 'a snapshot file (from `edgecost collect`); repeat to merge several accounts', collect)
    .option('--demo', 'use the bundled sample account (October 2026), no AWS needed')
    .option('--exact', 'live: read exact billed durations from CloudWatch Logs Insights (slower, costs Logs Insights scans)')
    .addOption(new Option('--group-by <KEY>', 'rows of the table, Markdown and CSV views').choices(GROUP_BY as unknown as string[]).default('function'))
    .option(
      '--baseline <FILE>',
      'compare with a previous snapshot or report JSON: monthly run-rate change per function and in total, split into invocations, duration and memory (with it, CSV is the comparison table)',
    );
  addWindowOptions(command);
  addAwsOptions(command);
  addFilterOptions(command);
  addOutputOption(command, REPORT_FORMATS, 'table');
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
  $ edgecost report --input november.json --baseline october.json --output markdown > pr-comment.md`,
  );
  command.action(async (flags: ReportFlags) => {
    const now = clockFromEnv();
    const pricing = loadPricing(flags.pricing);
    const snapshot = await obtainSnapshot(flags, now, pricing.rates);
    warnFailedRegions(snapshot, flags.quiet);
    const report = buildReport(snapshot, { pricing, now, distributionIds: flags.distribution, functionNames: flags.function });
    const advice = recommend(snapshot, { pricing, now, limits: loadRecommendLimits(), distributionIds: flags.distribution, functionNames: flags.function });
    report.recommendations = advice.recommendations;
    report.recommendationSavingsUsd = advice.totals.monthlySavingsUsd;
    if (flags.baseline !== undefined) {
      const baseline = await readBaseline(flags.baseline, { pricing, now, distributionIds: flags.distribution, functionNames: flags.function });
      report.comparison = compareReports(report, baseline, pricing);
      for (const note of report.comparison.warnings ?? []) warn(note, flags.quiet);
    }
    await emit(renderReport(report, flags.output, flags), flags.out);
  });
}
