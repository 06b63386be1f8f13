import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EdgecostError, EXIT_USAGE } from '../errors.js';
import { outputFailure } from './io.js';
import { packagePath } from '../paths.js';
import { registerEstimate } from './estimate.js';
import { registerPricing } from './pricing.js';
import { registerReport } from './report.js';
// commands: one import per command file (keep sorted)
import { registerGate } from './gate.js';
import { registerRecommend } from './recommend.js';
import { registerLint } from './lint.js';
import { registerCollect } from './collect.js';
import { registerDiff } from './diff.js';
import { registerReconcile } from './reconcile.js';

const packageJson = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };

const EXIT_CODES_HELP = `
Examples:
  $ edgecost report --demo                      # the cost report of a bundled sample account
  $ edgecost estimate --requests 10000000 --duration-ms 10 --memory-mb 128 --event viewer-request
  $ edgecost lint template.yaml --output sarif -o edgecost.sarif
  $ edgecost collect --month 2026-10 -o snapshot.json && edgecost report --input snapshot.json
  $ edgecost reconcile --demo                   # the estimate beside the (sample) bill

Exit codes:
  0  success; no finding at or above --fail-on; gate passed
  1  policy result: lint findings at or above --fail-on, a gate check failed, or a reconcile row outside --tolerance
  2  usage or input error (bad flag, unreadable or malformed file)
  3  AWS error (credentials, access denied, network) or incomplete data for gate`;

export function buildProgram(): Command {
  const program = new Command('edgecost')
    .description('What your Lambda@Edge functions cost, whether they fit their CloudFront events, and where they would run for less.')
    .version(packageJson.version)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerEstimate(program);
  registerPricing(program);
  registerReport(program);
  // commands: one register call per command file (keep sorted)
  registerGate(program);
  registerRecommend(program);
  registerLint(program);
  registerCollect(program);
  registerDiff(program);
  registerReconcile(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** The only place that turns errors into messages and exit codes. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // help and version are successes; everything else commander rejects is a usage error
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return EXIT_USAGE;
  }
  if (error instanceof EdgecostError) {
    process.stderr.write(`edgecost: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`edgecost: internal error (please report it): ${message}\n`);
  return 70;
}

export async function main(argv: string[]): Promise<void> {
  // `edgecost … | head`: a closed pipe ends the output, not in a stack trace.
  // A full or broken output device is one line and exit 2, never a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`edgecost: ${outputFailure(error)}\n`);
    process.exit(EXIT_USAGE);
  });
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp({ error: true });
    process.exitCode = EXIT_USAGE;
    return;
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}
