/**
 * Infrastructure files → the shared inventory, for `edgecost lint PATH...`.
 *
 * Accepts CloudFormation/SAM templates (YAML or JSON), CDK-synthesised `*.template.json`, Terraform
 * plan JSON, a `cdk.out` folder (every stack of its manifest, read as one unit so EdgeFunction's
 * cross-region SSM hand-over can be followed) or any folder (every template-looking file in it).
 * The format is told from the content, not the file name.
 *
 * Keys: a function's `FunctionConfig.key` is its logical id (Terraform: its address) when that is
 * unique among the functions of all inputs, otherwise `<file>#<logical id>`; distribution ids
 * follow the same rule. Only Lambda@Edge functions are in the inventory: those an association
 * leads to, and those whose execution role trusts edgelambda.amazonaws.com.
 */

import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseLambdaArn } from '../model/inventory.js';
import { staysInside } from './cdk-assets.js';
import { type CloudFormationContext, extractCloudFormation, looksLikeCloudFormation } from './cloudformation/index.js';
import type { DeployValues } from './deploy-parameters.js';
import type { Extraction, TemplateNote } from './extraction.js';
import { cannotRead } from './json-data.js';
import { Linker, type Loaded, type LoadedTemplates, type TemplateLoadOptions } from './link.js';
import { isServerlessFile, readOtherInputs, skipReason, unreadEntries } from './other-inputs.js';
import { type ParsedDocument, parseTemplateText } from './parse/index.js';
import { isRecord } from './parse/values.js';
import { readText } from './read-text.js';
import { extractServerless } from './serverless/serverless.js';
import { extractTerraformPlan, looksLikeTerraformPlan } from './terraform/plan.js';

export type { InputDefect, TemplateNote } from './extraction.js';
export type { LoadedTemplates, TemplateLoadOptions } from './link.js';

const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template)$/i;
const TEMPLATE_HINT = /AWSTemplateFormatVersion|"?Resources"?\s*:|"format_version"/;

export async function loadTemplates(paths: string[], options: TemplateLoadOptions = {}): Promise<LoadedTemplates> {
  const loader = new Loader(options);
  for (const path of paths) await loader.loadPath(path);
  return loader.finish(options);
}

/**
 * The same, for contents already in memory (stdin, tests): each source is one template or plan file;
 * `file` names it in positions and errors and anchors relative code paths.
 */
export async function loadTemplateSources(sources: { file: string; text: string }[], options: TemplateLoadOptions = {}): Promise<LoadedTemplates> {
  const loader = new Loader(options);
  for (const source of sources) await loader.loadSource(source.file, source.text);
  return loader.finish(options);
}

/**
 * A path a CDK manifest names, resolved inside the assembly folder (links followed), or an input
 * error: `"templateFile": "../../home/user/.aws/credentials"` must not be read.
 */
async function insideAssembly(folder: string, realFolder: string, manifestFile: string, written: string, what: string): Promise<string> {
  if (!(await staysInside(realFolder, written))) {
    throw new InputError(manifestFile, `${what} leaves the cloud assembly folder: a manifest may only name files inside it`);
  }
  // Shown as the user named the folder; checked by where it really is.
  return join(folder, written);
}

function isCdkManifest(root: unknown): root is { artifacts: Record<string, unknown> } {
  return isRecord(root) && isRecord(root.artifacts) && typeof root.version === 'string';
}

/** `aws://123456789012/us-east-1` → account and region (CDK writes `unknown-account`/`unknown-region` for env-agnostic stacks). */
function parseEnvironment(environment: unknown): CloudFormationContext {
  if (typeof environment !== 'string') return {};
  const match = /^aws:\/\/([^/]+)\/(.+)$/.exec(environment);
  if (!match) return {};
  const [, account, region] = match as unknown as [string, string, string];
  return {
    accountId: /^\d{12}$/.test(account) ? account : undefined,
    region: region === 'unknown-region' ? undefined : region,
  };
}

class Loader {
  private readonly loaded: Loaded[] = [];
  private readonly seen = new Set<string>();
  /** Cloud assembly folders read, by real path: each once. */
  private readonly assemblies = new Set<string>();
  private readonly notes: TemplateNote[] = [];

  constructor(private readonly options: TemplateLoadOptions = {}) {}

  async loadPath(path: string): Promise<void> {
    let stat: Awaited<ReturnType<typeof fs.stat>>;
    try {
      stat = await fs.stat(path);
    } catch (error) {
      throw cannotRead(path, 'the file or folder', error, 'no such file or folder');
    }
    if (stat.isDirectory()) await this.loadFolder(path);
    else await this.loadFile(path, {}, true);
  }

  async loadSource(file: string, text: string): Promise<void> {
    await this.loadText(file, text, {}, true);
  }

  private async loadFolder(folder: string): Promise<void> {
    // --- Terraform HCL and serverless.yml (src/sources/terraform/hcl.ts, src/sources/serverless/) ---
    // A Terraform folder read once (`lint main.tf variables.tf` names it twice).
    if (this.seen.has(resolve(folder))) return;
    const other = await readOtherInputs(folder, this.options);
    if (other.terraform) {
      this.seen.add(resolve(folder));
      this.loaded.push({ file: folder, extraction: other.terraform.extraction });
      this.moduleFiles.set(folder, other.terraform.files);
      this.notes.push(...other.notes);
      return;
    }
    // --- end ---
    const manifest = join(folder, 'manifest.json');
    const manifestText = await fs.readFile(manifest, 'utf8').catch(() => undefined);
    if (manifestText !== undefined) {
      const doc = parseTemplateText(manifest, manifestText);
      if (isCdkManifest(doc.root)) {
        await this.loadCloudAssembly(folder, manifest, doc, 0);
        return;
      }
    }
    const entries = await fs.readdir(folder, { withFileTypes: true });
    const names = entries
      .filter((entry) => entry.isFile() && TEMPLATE_EXTENSIONS.test(entry.name))
      .map((entry) => entry.name)
      .sort();
    const unread = unreadEntries(folder, entries, (entry) => TEMPLATE_EXTENSIONS.test(entry.name), {
      files: 'not .yaml, .yml, .json or .template',
      subfolders: 'subfolders are not searched; name one to lint it',
    });
    if (unread) this.notes.push(unread);
    let found = 0;
    const skipped: string[] = [];
    for (const name of names) {
      const file = join(folder, name);
      try {
        const text = await readText(file);
        if (isServerlessFile(file)) {
          this.loadServerless(file, text);
          found++;
          continue;
        }
        if (!TEMPLATE_HINT.test(text)) {
          skipped.push(`${name} (${skipReason(name, text)})`);
          continue;
        }
        if (await this.loadText(file, text, {}, false)) found++;
        else skipped.push(`${name} (not a template, plan or serverless.yml)`);
      } catch (error) {
        // A folder run never stops on one bad file: it becomes an error finding, the others are linted.
        if (!(error instanceof InputError)) throw error;
        this.seen.add(resolve(file));
        this.loaded.push({ file, extraction: unreadableFile(file, error) });
        found++;
      }
    }
    if (skipped.length > 0) {
      this.notes.push({ severity: 'warning', message: `skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}: ${skipped.join('; ')}`, file: folder });
    }
    if (found === 0) {
      throw new InputError(folder, 'no CloudFormation/SAM/CDK template, Terraform .tf file or plan JSON, or serverless.yml in this folder', {
        hint: 'pass template files, a cdk.out folder (run `cdk synth` first), a Terraform module folder, or `terraform show -json plan.out > plan.json`',
      });
    }
  }

  /**
   * A cdk.out folder: every stack of the manifest, nested assemblies (CDK Stages) included. A
   * manifest is data from wherever the template came from: its paths must stay inside the assembly
   * folder, and each assembly folder is visited once (by real path), so a nested assembly naming
   * `.` or a parent cannot recurse.
   */
  private async loadCloudAssembly(folder: string, manifestFile: string, doc: ParsedDocument, depth: number): Promise<void> {
    const realFolder = await fs.realpath(folder).catch(() => resolve(folder));
    if (this.assemblies.has(realFolder)) return;
    this.assemblies.add(realFolder);
    const artifacts = (doc.root as { artifacts: Record<string, unknown> }).artifacts;
    for (const [id, artifact] of Object.entries(artifacts)) {
      if (!isRecord(artifact)) continue;
      const properties = isRecord(artifact.properties) ? artifact.properties : {};
      if (artifact.type === 'aws:cloudformation:stack' && typeof properties.templateFile === 'string') {
        const context = parseEnvironment(artifact.environment);
        context.stackName = typeof properties.stackName === 'string' ? properties.stackName : id;
        await this.loadFile(await insideAssembly(folder, realFolder, manifestFile, properties.templateFile, `artifact ${id} templateFile`), context, true);
      } else if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string' && depth < 10) {
        const nested = await insideAssembly(folder, realFolder, manifestFile, properties.directoryName, `artifact ${id} directoryName`);
        const nestedManifest = join(nested, 'manifest.json');
        const nestedDoc = parseTemplateText(nestedManifest, await readText(nestedManifest));
        if (!isCdkManifest(nestedDoc.root)) throw new InputError(nestedManifest, 'not a CDK cloud assembly manifest (no "artifacts")', { line: 1 });
        await this.loadCloudAssembly(nested, nestedManifest, nestedDoc, depth + 1);
      }
    }
    if (!this.loaded.some((l) => l.file.startsWith(folder))) {
      this.notes.push({ severity: 'info', message: `${manifestFile} lists no CloudFormation stack`, file: manifestFile });
    }
  }

  private async loadFile(file: string, context: CloudFormationContext, explicit: boolean): Promise<void> {
    // --- Terraform HCL and serverless.yml ---
    if (/\.tf$/i.test(file)) {
      // Terraform reads a module as a whole folder: a .tf file stands for its folder.
      this.notes.push({ severity: 'info', message: `${file} is read with the other .tf files of its folder (a Terraform module is a folder)`, file });
      await this.loadFolder(dirname(file));
      return;
    }
    const text = await readText(file);
    if (isServerlessFile(file)) {
      this.loadServerless(file, text);
      return;
    }
    // --- end ---
    await this.loadText(file, text, context, explicit);
  }

  private loadServerless(file: string, text: string): void {
    const key = resolve(file);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const region = this.options.deploy?.region;
    this.loaded.push({ file, extraction: extractServerless(file, parseTemplateText(file, text), region ? { region: region.name } : {}) });
  }

  /** Reads one file; returns whether it was a template or plan (folders skip other JSON/YAML files). */
  private async loadText(file: string, text: string, context: CloudFormationContext, explicit: boolean): Promise<boolean> {
    const key = resolve(file);
    if (this.seen.has(key)) return true;
    const doc = parseTemplateText(file, text);
    const root = doc.root;
    if (looksLikeTerraformPlan(root)) {
      this.seen.add(key);
      this.loaded.push({ file, extraction: extractTerraformPlan(file, doc) });
      return true;
    }
    if (looksLikeCloudFormation(root)) {
      this.seen.add(key);
      this.cloudFormationFiles++;
      if (isRecord(root) && isRecord(root.Parameters)) for (const name of Object.keys(root.Parameters)) this.declaredParameters.add(name);
      const deploy = this.options.deploy;
      this.loaded.push({ file, extraction: extractCloudFormation(file, doc, deploy ? { ...context, deploy } : context) });
      return true;
    }
    if (isCdkManifest(root) && basename(file) === 'manifest.json') {
      this.seen.add(key);
      await this.loadCloudAssembly(dirname(file), file, doc, 0);
      return true;
    }
    if (!explicit) return false;
    if (isRecord(root) && Object.hasOwn(root, 'format_version')) {
      throw new InputError(file, 'unknown Terraform plan format: no planned_values, resource_changes or configuration', {
        line: 1,
        hint: 'create the plan JSON with `terraform show -json plan.out > plan.json`',
      });
    }
    if (isRecord(root) && Array.isArray(root.resources) && typeof root.terraform_version === 'string') {
      throw new InputError(file, 'this is a Terraform state file, not a plan', { line: 1, hint: 'use `terraform show -json plan.out > plan.json`' });
    }
    throw new InputError(file, 'not a CloudFormation/SAM/CDK template or a Terraform plan JSON (no "Resources" and no "format_version")', {
      line: 1,
      hint: 'lint accepts templates (YAML/JSON), cdk.out folders and `terraform show -json` output',
    });
  }

  /** A Terraform module folder is one loaded input: these are the `.tf`/`.tfvars` files it read. */
  private readonly moduleFiles = new Map<string, string[]>();
  /** CloudFormation templates read, and the parameter names they declare (for `--parameter` keys that match none). */
  private cloudFormationFiles = 0;
  private readonly declaredParameters = new Set<string>();

  async finish(options: TemplateLoadOptions): Promise<LoadedTemplates> {
    const linked = await new Linker(this.loaded, this.notes).link(options);
    linked.files = linked.files.flatMap((file) => this.moduleFiles.get(file) ?? [file]);
    if (options.deploy) {
      linked.notes.push(...this.unusedParameters(options.deploy, linked.files));
      linked.notes.push(...regionOfTheRest(linked.inventory, options.deploy));
    }
    return linked;
  }

  /** Given parameters no template declares change nothing: say so rather than stay silent. */
  private unusedParameters(deploy: DeployValues, files: string[]): TemplateNote[] {
    const unused = [...deploy.parameters].filter(([name]) => !this.declaredParameters.has(name));
    if (unused.length === 0) return [];
    const where = files[0] ?? 'the inputs';
    if (this.cloudFormationFiles === 0) {
      return [
        {
          severity: 'warning',
          message: `--parameter/--parameters set CloudFormation template parameters, and no CloudFormation/SAM/CDK template was read: ${unused.map(([name]) => name).join(', ')} ignored (Terraform variables come from --var-file and *.tfvars)`,
          file: where,
        },
      ];
    }
    return unused.map(([name, given]) => ({
      severity: 'warning' as const,
      message: `parameter ${name} (${given.from}) is declared by no template read: it changes nothing (a typo?)`,
      file: where,
    }));
  }
}

/**
 * `--region` for inputs that say no region of their own and are not CloudFormation (which takes it
 * as the stack's region while reading): a Terraform provider without `region` deploys where
 * AWS_REGION/the profile points, which is what `--region` tells.
 */
function regionOfTheRest(inventory: LoadedTemplates['inventory'], deploy: DeployValues): TemplateNote[] {
  const region = deploy.region;
  if (region === undefined) return [];
  const notes: TemplateNote[] = [];
  for (const fn of inventory.functions) {
    if (fn.region !== undefined || (fn.functionArn !== undefined && parseLambdaArn(fn.functionArn))) continue;
    fn.region = region.name;
    notes.push({
      severity: 'info',
      message: `${fn.resource ?? fn.key}: its input names no region: it deploys to ${region.name} (${region.from})`,
      resource: fn.resource ?? fn.key,
      file: fn.source?.file ?? '',
    });
  }
  return notes;
}

/** A file of a folder run that could not be read: one `input` defect, so the run goes on. */
function unreadableFile(file: string, error: InputError): Extraction {
  return {
    functions: [],
    distributions: [],
    ssmParameters: [],
    notes: [],
    defects: [
      {
        defect: {
          kind: 'input',
          resource: basename(file),
          file,
          ...(error.line === undefined ? {} : { line: error.line }),
          ...(error.column === undefined ? {} : { column: error.column }),
          message: `${error.message.replace(/^.*?: /, '')}: the file was not linted`,
          actual: 'unreadable',
          expected: 'a well-formed template, plan or serverless.yml',
        },
      },
    ],
  };
}
