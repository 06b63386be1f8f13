import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { isRegionName } from '../aws/regions.js';
import { EXIT_POLICY, InputError, UsageError } from '../errors.js';
import type { Inventory } from '../model/inventory.js';
import { parseRuleFlag } from '../quotas/config.js';
import type { LintSource } from '../quotas/document.js';
import { hasLambdaEdge, lintInventory } from '../quotas/engine.js';
import { filterLintInput } from '../quotas/filter.js';
import { RULE_IDS } from '../quotas/registry.js';
import { RUNTIME_TABLE_STALE_MONTHS, runtimeTableIsStale } from '../quotas/runtimes.js';
import { parseQuotaFlag } from '../quotas/table.js';
import { isSeverity, type LintUsage, type RuleSetting, SEVERITIES, type Severity, severityRank } from '../quotas/types.js';
import { LINT_RENDERERS } from '../render/by-kind/lint.js';
import { renderWith } from '../render/renderer.js';
import { escapeText } from '../render/text.js';
import { loadQuotaTable, loadRuntimeTable, readLintConfig } from '../sources/data-files.js';
import type { DeployValues, GivenParameter } from '../sources/deploy-parameters.js';
import { packagePath } from '../sources/package-root.js';
import type { InputDefect, TemplateNote } from '../sources/templates.js';
import { colorEnabled } from './color.js';
import { clockFromEnv, emit } from './io.js';
import { type AwsFlags, addAwsOptions, addFilterOptions, addOutputOption, addWindowOptions, collect, type FilterFlags, selectionOf, type WindowFlags } from './options.js';
import { obtainSnapshot, warnFailedRegions } from './snapshot-input.js';

interface LintFlags extends WindowFlags, AwsFlags, FilterFlags {
  input?: string[];
  live?: boolean;
  artifact?: string[];
  varFile?: string[];
  parameter?: string[];
  parameters?: string[];
  configEnv?: string;
  failOn?: string;
  rule?: string[];
  quota?: string[];
  config?: string;
  output: string;
  out?: string;
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

function parseArtifacts(values: string[] | undefined): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const artifacts: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1)
      throw new UsageError(`--artifact expects NAME=PATH (a logical id, Terraform address or function name = a zip or folder), got "${value}"`);
    artifacts[value.slice(0, at)] = value.slice(at + 1);
  }
  return artifacts;
}

function toolVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Loader notes go to stderr (they describe the input, not a quota): `warning: file:line: message`
 * unless --quiet; the info-level ones (`note: ...`, how a reference was followed) only with --verbose.
 */
function printNotes(notes: readonly TemplateNote[], flags: Pick<LintFlags, 'quiet' | 'verbose'>): void {
  if (flags.quiet) return;
  for (const note of notes) {
    if (note.severity === 'info' && !flags.verbose) continue;
    const where = note.line === undefined ? note.file : `${note.file}:${note.line}`;
    process.stderr.write(`${note.severity === 'info' ? 'note' : 'warning'}: ${escapeText(`${where}: ${note.message}${note.resource ? ` [${note.resource}]` : ''}`)}\n`);
  }
}

interface LintInputRead {
  inventory: Inventory;
  usage?: LintUsage;
  defects?: InputDefect[];
  source: LintSource;
  describe: string;
}

/**
 * `--parameters FILE` (in order, a later file wins), then `--parameter KEY=VALUE` (wins over files);
 * the deploy region from `--region` when given on the command line, else a samconfig's `region`.
 */
async function readDeployValues(flags: LintFlags, regionGiven: boolean): Promise<{ deploy?: DeployValues; notes: TemplateNote[] }> {
  const { parseParameterFlag, readParametersFile } = await import('../sources/deploy-parameters.js');
  const parameters = new Map<string, GivenParameter>();
  const notes: TemplateNote[] = [];
  let region: DeployValues['region'];
  for (const file of flags.parameters ?? []) {
    const read = await readParametersFile(file, flags.configEnv);
    for (const [key, value] of read.parameters) parameters.set(key, { value, from: read.from });
    notes.push(...read.notes);
    if (read.region !== undefined) {
      if (!isRegionName(read.region)) throw new InputError(file, `region "${read.region}" is not an AWS region name (e.g. us-east-1)`);
      region = { name: read.region, from: `region of ${read.from}` };
    }
  }
  // (a --parameters file that is not a samconfig already refused --config-env above)
  if (flags.configEnv !== undefined && (flags.parameters ?? []).length === 0) {
    throw new UsageError('--config-env picks the environment of a samconfig.toml given to --parameters; no samconfig was given');
  }
  for (const flag of flags.parameter ?? []) {
    const [key, value] = parseParameterFlag(flag);
    parameters.set(key, { value, from: '--parameter' });
  }
  if (regionGiven) {
    if (!isRegionName(flags.region)) throw new UsageError(`--region: "${flags.region}" is not an AWS region name (e.g. us-east-1)`);
    region = { name: flags.region, from: '--region' };
  }
  if (parameters.size === 0 && region === undefined) return { notes };
  return { deploy: { parameters, ...(region === undefined ? {} : { region }) }, notes };
}

async function readInput(paths: string[], flags: LintFlags, now: Date, maxUncompressedBytes: number, regionGiven: boolean): Promise<LintInputRead> {
  const fromSnapshot = (flags.input?.length ?? 0) > 0;
  if (paths.length > 0) {
    if (fromSnapshot || flags.live) {
      // Templates lack usage and snapshots lack file positions: one run lints one kind of input.
      throw new UsageError(`lint reads either template paths or --input/--live, not both (got ${paths.join(', ')} with ${fromSnapshot ? '--input' : '--live'})`, {
        hint: 'run lint twice: `edgecost lint TEMPLATE...` and `edgecost lint --input SNAPSHOT`',
      });
    }
    // Loaded lazily: the YAML parser and the zip reader are needed for templates only.
    const { loadTemplates } = await import('../sources/templates.js');
    const { deploy, notes } = await readDeployValues(flags, regionGiven);
    const loaded = await loadTemplates(paths, {
      artifacts: parseArtifacts(flags.artifact),
      maxUncompressedBytes,
      ...(flags.varFile?.length ? { varFiles: flags.varFile } : {}),
      ...(deploy ? { deploy } : {}),
    });
    printNotes([...notes, ...loaded.notes], flags);
    return {
      inventory: loaded.inventory,
      defects: loaded.defects,
      source: { type: 'templates', files: loaded.files },
      describe: loaded.files.join(', ') || paths.join(', '),
    };
  }
  if (!fromSnapshot && !flags.live) {
    throw new UsageError('nothing to lint: give template or plan paths, --input SNAPSHOT, or --live', {
      hint: 'edgecost lint template.yaml | edgecost lint --input snapshot.json | edgecost lint --live',
    });
  }
  if (fromSnapshot && flags.live) throw new UsageError('choose one of --input and --live');
  if (flags.artifact?.length) throw new UsageError('--artifact applies to template paths only');
  if (flags.varFile?.length) throw new UsageError('--var-file applies to Terraform folders only');
  if (flags.parameter?.length || flags.parameters?.length || flags.configEnv !== undefined) {
    throw new UsageError('--parameter, --parameters and --config-env apply to template paths only (a snapshot or the live account is already deployed)');
  }
  const snapshot = await obtainSnapshot({ ...flags, input: flags.input, demo: false }, now);
  warnFailedRegions(snapshot, flags.quiet);
  return {
    inventory: snapshot.inventory,
    usage: { window: snapshot.window, usage: snapshot.usage, regions: snapshot.regions },
    source: { type: fromSnapshot ? 'snapshot' : 'aws', ...(fromSnapshot ? { files: flags.input } : {}), window: snapshot.window },
    describe: fromSnapshot ? (flags.input ?? []).join(', ') : 'the account',
  };
}

export function configure(command: Command): void {
  command
    .description(
      'Quota and restriction findings for Lambda@Edge functions: memory, timeout and package size per event type, runtimes, unsupported Lambda features, versions, regions, associations — in CloudFormation/SAM/CDK templates and Terraform plans (PATH...), or in a snapshot (--input) or the live account (--live), which add the metric rules (near-timeout, concurrency and request-rate headroom, throttles, errors).',
    )
    .argument('[PATH...]', 'templates, cdk.out folders, Terraform module folders (.tf) or plan JSON files, serverless.yml')
    .option('--input <FILE>', 'lint a saved snapshot (from `edgecost collect`) instead of templates; repeat to merge several accounts', collect)
    .option('--live', 'lint the deployed account (reads AWS, read-only)')
    .option('--artifact <NAME=PATH>', 'package of a function (logical id, Terraform address or name) as a zip or folder, to measure its size (repeatable)', collect)
    .option('--var-file <FILE>', 'Terraform variable values for .tf folders, applied after terraform.tfvars and *.auto.tfvars (repeatable)', collect)
    .option('--parameter <KEY=VALUE>', 'a CloudFormation/SAM/CDK template parameter value for the deploy, in place of its Default; wins over --parameters (repeatable)', collect)
    .option(
      '--parameters <FILE>',
      'template parameter values from a file: CloudFormation JSON [{"ParameterKey","ParameterValue"}], ["K=V"], {"Parameters":{...}}, or a SAM samconfig.toml/.yaml (parameter_overrides and region) (repeatable, later wins)',
      collect,
    )
    .option('--config-env <ENV>', 'the samconfig environment to read with --parameters (default: default)')
    .addOption(new Option('--fail-on <SEVERITY>', 'exit 1 when a finding is at or above this severity (default: error)').choices(SEVERITIES as unknown as string[]))
    .option('--rule <ID=SETTING>', 'turn a rule off or change its severity: off|error|warning|info (repeatable)', collect)
    .option('--quota <KEY=VALUE>', 'override a quota, e.g. viewer.memoryMB=256 or region.concurrentExecutions=5000 (repeatable)', collect)
    .option('--config <FILE>', 'JSON file with { "rules": {...}, "quotas": {...}, "failOn": "..." }; flags win over it')
    .option('--no-color', 'no ANSI colours')
    .option('--quiet', 'no warnings on stderr')
    .option('--verbose', "also print the loaders' notes on stderr (how each reference was followed, conditions, defaults)");
  addOutputOption(command, Object.keys(LINT_RENDERERS));
  addWindowOptions(command);
  addAwsOptions(command, {
    region:
      'templates: when given, the deploy region of stacks that name none (a CDK environment or a Terraform provider region wins); --live: home region for CloudFront and Lambda calls',
  });
  addFilterOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ edgecost lint template.yaml
  $ edgecost lint template.yaml --verbose          # also show how each association was followed
  $ edgecost lint cdk.out --output sarif -o edgecost.sarif
  $ edgecost lint plan.json --artifact aws_lambda_function.auth=build/auth.zip --output github
  $ edgecost lint infra/ --var-file prod.tfvars      # a Terraform folder, no plan needed
  $ edgecost lint serverless.yml
  $ edgecost lint template.yaml --parameter Stage=prod --region us-east-1
  $ edgecost lint template.yaml --parameters samconfig.toml --config-env prod
  $ edgecost lint template.yaml --rule runtime-deprecated=error --quota viewer.memoryMB=256
  $ edgecost lint --input snapshot.json --fail-on warning
  $ edgecost lint --input us.json --input eu.json  # one file per --input, repeatable
  $ edgecost lint --live --profile prod --days 7   # exit 3 when AWS cannot be read

Template paths and --input/--live are separate runs: \`lint --input snap.json template.yaml\` is a usage
error (exit 2).
stderr: \`warning:\` lines say what the input leaves unknown (hidden by --quiet); \`note:\` lines say how
the loaders read it (shown only with --verbose).
Rules and quotas: docs/rules/<rule-id>.md; quota values and their sources: quotas/lambda-edge.json.
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on (default: error)
  2  usage or input error (bad flag, unreadable or malformed file: the message names file and line)
  3  AWS error with --live (no credentials, access denied, network)`,
  );
  command.action(async (paths: string[], flags: LintFlags, self: Command) => {
    if (flags.quiet && flags.verbose) throw new UsageError('--quiet and --verbose contradict each other: give one of them');
    const now = clockFromEnv();
    const config = flags.config ? await readLintConfig(flags.config, RULE_IDS) : undefined;
    const cliQuotas = Object.fromEntries((flags.quota ?? []).map(parseQuotaFlag));
    let quotas = loadQuotaTable();
    if (config && Object.keys(config.quotas).length > 0) quotas = quotas.withOverrides(config.quotas, `--config ${flags.config}`);
    if (Object.keys(cliQuotas).length > 0) quotas = quotas.withOverrides(cliQuotas, '--quota');
    const runtimes = loadRuntimeTable();
    if (runtimeTableIsStale(runtimes, now) && !flags.quiet) {
      process.stderr.write(
        `warning: ${escapeText(runtimes.file)} was retrieved on ${escapeText(runtimes.retrievedDate)}, more than ${RUNTIME_TABLE_STALE_MONTHS} months ago: Lambda may have moved deprecation and block dates since, so runtime findings may be wrong; update edgecost or the table\n`,
      );
    }
    const ruleSettings: Record<string, RuleSetting> = { ...config?.rules, ...Object.fromEntries((flags.rule ?? []).map((flag) => parseRuleFlag(flag, RULE_IDS))) };
    const failOn: Severity = isSeverity(flags.failOn) ? flags.failOn : (config?.failOn ?? 'error');

    const regionGiven = self.getOptionValueSource('region') === 'cli';
    const input = await readInput(paths, flags, now, quotas.get('function.unzippedPackageBytes').value, regionGiven);
    const fromTemplates = input.source.type === 'templates';
    // Template loaders keep only Lambda@Edge functions, so any function there is one (its distribution may be elsewhere).
    const found =
      hasLambdaEdge(input.inventory) ||
      (fromTemplates && input.inventory.functions.length > 0) ||
      (input.defects ?? []).some((defect) => defect.kind === 'association' || defect.kind === 'input');
    if (!found && !flags.quiet) {
      process.stderr.write(`edgecost: no Lambda@Edge functions found in ${escapeText(input.describe)} (no distribution associates one); nothing to lint\n`);
    }
    const filtered = filterLintInput(input, selectionOf(flags));
    const document = lintInventory(filtered, { now, quotas, runtimes, ruleSettings, source: input.source, includeUnattachedFunctions: fromTemplates });
    const text = renderWith(LINT_RENDERERS, 'lint', flags.output, document, { color: colorEnabled(flags), baseDir: process.cwd(), toolVersion: toolVersion() });
    // No annotation at all is an empty output, not a blank line.
    if (text !== '' || flags.out !== undefined) await emit(text, flags.out);
    if (document.findings.some((finding) => severityRank(finding.severity) >= severityRank(failOn))) process.exitCode = EXIT_POLICY;
  });
}
