import { readFileSync } from 'node:fs';
import { Command, CommanderError, Help } from 'commander';
import { packagePath } from '../sources/package-root.js';
import { COMMANDS, commandOf } from './commands.js';

/** Usage or input error (as `EXIT_USAGE` in errors.ts, which is imported only when an error needs it). */
const EXIT_USAGE = 2;
/** An error edgecost did not expect: a bug (BSD sysexits' EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

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
  3  AWS error (credentials, access denied, network) or incomplete data for gate
  70 internal error: a bug in edgecost (please report it)`;

function version(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The program for an argument list: the command it names, loaded and configured in full; or, for
 * `edgecost --help`, `--version` and unknown commands, every command as a name and a summary only.
 */
export async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command('edgecost')
    .description('What your Lambda@Edge functions cost, whether they fit their CloudFront events, and where they would run for less.')
    .version(version())
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .configureHelp({
      // A command not loaded has no options yet: its usage comes from the table.
      subcommandTerm(this: Help, command: Command): string {
        return COMMANDS.find((entry) => entry.name === command.name())?.term ?? Help.prototype.subcommandTerm.call(this, command);
      },
    });
  const wanted = commandOf(args);
  for (const entry of wanted ? [wanted] : COMMANDS) {
    const command = program.command(entry.name).summary(entry.summary);
    if (entry === wanted) (await entry.load()).configure(command);
    command.exitOverride();
  }
  return program;
}

/** The only place that turns errors into messages and exit codes. */
export async function reportError(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // help and version are successes; everything else commander rejects is a usage error
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return EXIT_USAGE;
  }
  const [{ EdgecostError }, { escapeText }] = await Promise.all([import('../errors.js'), import('../render/text.js')]);
  if (error instanceof EdgecostError) {
    // Messages quote file paths, names and AWS error strings: escaped, so none can start a line of its own.
    process.stderr.write(`edgecost: ${escapeText(error.message)}\n`);
    if (error.hint) process.stderr.write(`  hint: ${escapeText(error.hint)}\n`);
    return error.exitCode;
  }
  // The message may quote data: escaped; the stack's frames are ours.
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)) : [];
  process.stderr.write(`edgecost: internal error (please report it): ${[escapeText(String(error)), ...frames].join('\n')}\n`);
  return EXIT_INTERNAL;
}

export async function main(argv: string[]): Promise<void> {
  // `edgecost … | head`: a closed pipe ends the output, not in a stack trace.
  // A full or broken output device is one line and exit 2, never a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    void import('./io.js').then(({ outputFailure }) => {
      process.stderr.write(`edgecost: ${outputFailure(error)}\n`);
      process.exit(EXIT_USAGE);
    });
  });
  try {
    const program = await buildProgram(argv.slice(2));
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      process.exitCode = EXIT_USAGE;
      return;
    }
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = await reportError(error);
  }
}
