import type { Command } from 'commander';

/**
 * The commands, in the order `edgecost --help` lists them. A command's module is imported only when
 * that command runs (or its help is asked for), so `edgecost --help` loads commander and this table,
 * not the pricing engine, the renderers or the schemas. Adding a command is a module under src/cli/
 * that exports `configure` and one entry here.
 */
export interface CommandModule {
  /** Adds the command's description, options and action to the command `main` created with its name and summary. */
  configure(command: Command): void;
}

export interface CommandEntry {
  name: string;
  /** Its line in `edgecost --help`. */
  summary: string;
  /** How `edgecost --help` shows its usage. */
  term: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'estimate',
    term: 'estimate [options]',
    summary: 'what-if: monthly cost of a planned function at each event, and as a CloudFront Function',
    load: () => import('./estimate.js'),
  },
  {
    name: 'pricing',
    term: 'pricing [options]',
    summary: 'the price sheet in use: every rate, its unit, effective date and source',
    load: () => import('./pricing.js'),
  },
  {
    name: 'report',
    term: 'report [options]',
    summary: 'cost report per function, event type, region, distribution or day',
    load: () => import('./report.js'),
  },
  {
    name: 'gate',
    term: 'gate [options]',
    summary: 'budget checks for CI: exit 1 when the Lambda@Edge bill is over a limit',
    load: () => import('./gate.js'),
  },
  {
    name: 'recommend',
    term: 'recommend [options]',
    summary: 'cheaper placements and settings, each with its monthly savings and assumptions',
    load: () => import('./recommend.js'),
  },
  {
    name: 'lint',
    term: 'lint [options] [PATH...]',
    summary: 'check Lambda@Edge functions against the quotas and restrictions of their CloudFront events',
    load: () => import('./lint.js'),
  },
  {
    name: 'collect',
    term: 'collect [options]',
    summary: 'read AWS (CloudFront, Lambda, CloudWatch; read-only) for a time window and write a snapshot',
    load: () => import('./collect.js'),
  },
  {
    name: 'diff',
    term: 'diff [options]',
    summary: 'the monthly cost change of a template change, priced from measured usage',
    load: () => import('./diff.js'),
  },
  {
    name: 'reconcile',
    term: 'reconcile [options]',
    summary: 'the estimate beside the bill: Cost Explorer, or a CUR 2.0 export on DuckDB or Athena',
    load: () => import('./reconcile.js'),
  },
];

/** The command an argument list runs (`edgecost report …`, `edgecost help report`), if it names one. */
export function commandOf(args: readonly string[]): CommandEntry | undefined {
  const [first, second] = args;
  const name = first === 'help' ? second : first;
  return COMMANDS.find((entry) => entry.name === name);
}
