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
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { type CacheBehavior, type Distribution, type FunctionConfig, type Inventory, type LambdaAssociation, parseLambdaArn } from '../model/inventory.js';
import { measureArtifact } from './artifact.js';
import type { AssociationTarget, ExtractedAssociation, ExtractedFunction, Extraction, InputDefect, TemplateNote } from './cfn-extract.js';
import { isRecord } from './cfn-intrinsics.js';
import { type ParsedDocument, parseTemplateText } from './cfn-parse.js';
import { type CloudFormationContext, extractCloudFormation, looksLikeCloudFormation } from './cloudformation.js';
import { extractTerraformPlan, looksLikeTerraformPlan } from './terraform.js';

export type { InputDefect, TemplateNote } from './cfn-extract.js';

export interface TemplateLoadOptions {
  /** `--artifact NAME=PATH`: function logical id / Terraform address / function name → zip file or folder. */
  artifacts?: Record<string, string>;
  /** Lambda's unzipped package limit: a folder over it is not zipped to measure (it cannot deploy anyway). */
  maxUncompressedBytes?: number;
}

export interface LoadedTemplates {
  inventory: Inventory;
  /** Every template or plan file read, as given (folders expanded). */
  files: string[];
  /** What the loaders noticed about the input (stderr notes and warnings, not findings). */
  notes: TemplateNote[];
  /** Values the deployment would reject: the lint rules report them as findings (pass to `lintInventory`). */
  defects: InputDefect[];
}

const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template)$/i;
const TEMPLATE_HINT = /AWSTemplateFormatVersion|"?Resources"?\s*:|"format_version"/;

interface Loaded {
  file: string;
  extraction: Extraction;
}

export async function loadTemplates(paths: string[], options: TemplateLoadOptions = {}): Promise<LoadedTemplates> {
  const loader = new Loader();
  for (const path of paths) await loader.loadPath(path);
  return loader.finish(options);
}

/**
 * The same, for contents already in memory (stdin, tests): each source is one template or plan file;
 * `file` names it in positions and errors and anchors relative code paths.
 */
export async function loadTemplateSources(sources: { file: string; text: string }[], options: TemplateLoadOptions = {}): Promise<LoadedTemplates> {
  const loader = new Loader();
  for (const source of sources) await loader.loadSource(source.file, source.text);
  return loader.finish(options);
}

async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(error)})`, { cause: error });
  }
}

/**
 * A path a CDK manifest names, resolved inside the assembly folder (links followed), or an input
 * error: `"templateFile": "../../home/user/.aws/credentials"` must not be read.
 */
async function insideAssembly(folder: string, realFolder: string, manifestFile: string, written: string, what: string): Promise<string> {
  const target = resolve(realFolder, written);
  const real = await fs.realpath(target).catch(() => target);
  if (real !== realFolder && !real.startsWith(realFolder + sep)) {
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

  async loadPath(path: string): Promise<void> {
    let stat: Awaited<ReturnType<typeof fs.stat>>;
    try {
      stat = await fs.stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(path, code === 'ENOENT' ? 'no such file or folder' : `cannot read (${code ?? String(error)})`, { cause: error });
    }
    if (stat.isDirectory()) await this.loadFolder(path);
    else await this.loadFile(path, {}, true);
  }

  async loadSource(file: string, text: string): Promise<void> {
    await this.loadText(file, text, {}, true);
  }

  private async loadFolder(folder: string): Promise<void> {
    const manifest = join(folder, 'manifest.json');
    const manifestText = await fs.readFile(manifest, 'utf8').catch(() => undefined);
    if (manifestText !== undefined) {
      const doc = parseTemplateText(manifest, manifestText);
      if (isCdkManifest(doc.root)) {
        await this.loadCloudAssembly(folder, manifest, doc, 0);
        return;
      }
    }
    const names = (await fs.readdir(folder, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && TEMPLATE_EXTENSIONS.test(entry.name))
      .map((entry) => entry.name)
      .sort();
    let found = 0;
    for (const name of names) {
      const file = join(folder, name);
      const text = await readText(file);
      if (!TEMPLATE_HINT.test(text)) continue;
      if (await this.loadText(file, text, {}, false)) found++;
    }
    if (found === 0) {
      throw new InputError(folder, 'no CloudFormation/SAM/CDK template or Terraform plan JSON in this folder', {
        hint: 'pass template files, a cdk.out folder, or `terraform show -json plan.out > plan.json`',
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
    await this.loadText(file, await readText(file), context, explicit);
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
      this.loaded.push({ file, extraction: extractCloudFormation(file, doc, context) });
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

  async finish(options: TemplateLoadOptions): Promise<LoadedTemplates> {
    return new Linker(this.loaded, this.notes).link(options);
  }
}

const fnKey = (file: string, id: string): string => `${file}\u0000${id}`;

class Linker {
  private readonly functions = new Map<string, ExtractedFunction>();
  private readonly used = new Set<string>();
  /** Functions only an invalid association names: still Lambda@Edge functions, linted unattached. */
  private readonly referenced = new Set<string>();

  constructor(
    private readonly loaded: Loaded[],
    private readonly notes: TemplateNote[],
  ) {
    for (const { extraction } of loaded) {
      for (const fn of extraction.functions) this.functions.set(fnKey(fn.file, fn.id), fn);
      notes.push(...extraction.notes);
    }
  }

  async link(options: TemplateLoadOptions): Promise<LoadedTemplates> {
    // Which function each association runs, across files.
    const resolved = new Map<ExtractedAssociation, string | undefined>();
    for (const { extraction } of this.loaded) {
      for (const distribution of extraction.distributions) {
        for (const behavior of distribution.behaviors) {
          for (const item of behavior.lambdaAssociations) resolved.set(item, this.resolveTarget(item, distribution.id));
        }
      }
    }
    const invalid = this.loaded.flatMap(({ extraction }) => extraction.defects);
    const invalidTargets = invalid.map(({ target }) => {
      const found = target ? this.lookup(target) : undefined;
      const key = found && 'key' in found ? found.key : undefined;
      if (key !== undefined) this.referenced.add(key);
      return key;
    });
    const included = [...this.functions.entries()].filter(([key, fn]) => this.used.has(key) || this.referenced.has(key) || fn.edgeTrusted);
    const keys = this.assignKeys(included.map(([, fn]) => fn));

    const defects: InputDefect[] = [];
    const functions: FunctionConfig[] = [];
    for (const [key, fn] of included) {
      const config: FunctionConfig = { key: keys.get(key)!, ...fn.config };
      this.notes.push(...fn.notes);
      for (const defect of fn.defects) defects.push({ ...defect, functionKey: config.key });
      if (!this.used.has(key) && !this.referenced.has(key)) {
        this.notes.push({
          severity: 'info',
          message: `${fn.id} trusts edgelambda.amazonaws.com but no distribution in the inputs runs it; its event type is unknown`,
          resource: fn.id,
          file: fn.file,
          line: fn.config.source?.line,
        });
      }
      functions.push(config);
    }
    await this.measure(included, functions, options);

    const distributionIds = this.uniqueIds(this.loaded.flatMap(({ extraction }) => extraction.distributions.map((d) => ({ file: d.file, id: d.id }))));
    invalid.forEach(({ defect }, index) => {
      const target = invalidTargets[index];
      const functionKey = target === undefined ? undefined : keys.get(target);
      const distributionId = distributionIds.get(fnKey(defect.file, defect.resource));
      defects.push({ ...defect, ...(distributionId === undefined ? {} : { distributionId }), ...(functionKey === undefined ? {} : { functionKey }) });
    });
    const distributions: Distribution[] = [];
    for (const { extraction } of this.loaded) {
      for (const extracted of extraction.distributions) {
        const behaviors: CacheBehavior[] = extracted.behaviors.map((behavior) => ({
          pathPattern: behavior.pathPattern,
          source: behavior.source,
          functionAssociations: behavior.functionAssociations,
          lambdaAssociations: behavior.lambdaAssociations.map((item) => {
            const association: LambdaAssociation = { ...item.association };
            const target = resolved.get(item);
            if (target !== undefined) {
              association.functionKey = keys.get(target);
              delete association.unresolvedReason;
            } else if (!association.unresolvedReason) {
              association.unresolvedReason = 'the function cannot be followed from this association';
            }
            return association;
          }),
        }));
        const distribution: Distribution = { id: distributionIds.get(fnKey(extracted.file, extracted.id))!, resource: extracted.id, behaviors };
        if (extracted.source) distribution.source = extracted.source;
        if (extracted.comment !== undefined) distribution.comment = extracted.comment;
        if (extracted.enabled !== undefined) distribution.enabled = extracted.enabled;
        if (extracted.domainName !== undefined) distribution.domainName = extracted.domainName;
        if (extracted.accountId !== undefined) distribution.accountId = extracted.accountId;
        distributions.push(distribution);
      }
    }
    return { inventory: { distributions, functions }, files: this.loaded.map((l) => l.file), notes: this.notes, defects };
  }

  /** The internal key of the function a target names, without side effects (for invalid associations). */
  private lookup(target: AssociationTarget): { key: string } | { reason: string } {
    if (target.kind === 'function') {
      const key = fnKey(target.file, target.id);
      return this.functions.has(key) ? { key } : { reason: `${target.id} is not a Lambda function of ${target.file}` };
    }
    if (target.kind === 'ssm-parameter') {
      const writer = this.loaded
        .flatMap(({ extraction }) => extraction.ssmParameters)
        .find((p) => p.name === target.name && (p.region === undefined || target.region === undefined || p.region === target.region));
      const key = writer ? fnKey(writer.target.file, writer.target.id) : undefined;
      return key !== undefined && this.functions.has(key) ? { key } : { reason: `SSM parameter ${target.name} names no function of the inputs` };
    }
    const parsed = parseLambdaArn(target.arn);
    const matches = parsed ? [...this.functions.entries()].filter(([, fn]) => fn.explicitName === parsed.functionName) : [];
    return matches.length === 1 ? { key: matches[0]![0] } : { reason: `function defined outside this ${target.scope}` };
  }

  /** Returns the internal key of the function an association runs, or sets its unresolved reason. */
  private resolveTarget(item: ExtractedAssociation, distributionId: string): string | undefined {
    const target = item.target;
    const association = item.association;
    if (!target) return undefined;
    if (target.kind === 'function') {
      const key = fnKey(target.file, target.id);
      if (!this.functions.has(key)) {
        association.unresolvedReason = `${target.id} is not a Lambda function of ${target.file}`;
        return undefined;
      }
      this.used.add(key);
      return key;
    }
    if (target.kind === 'ssm-parameter') {
      const writers = this.loaded.flatMap(({ extraction }) =>
        extraction.ssmParameters.filter((p) => p.name === target.name && (p.region === undefined || target.region === undefined || p.region === target.region)),
      );
      const writer = writers[0];
      const where = target.region ? ` in ${target.region}` : '';
      if (!writer) {
        association.unresolvedReason = `the ARN is read from SSM parameter ${target.name}${where} by custom resource ${target.reader}, and no stack among the inputs writes that parameter; lint the whole cdk.out folder`;
        return undefined;
      }
      const key = fnKey(writer.target.file, writer.target.id);
      if (!this.functions.has(key)) {
        association.unresolvedReason = `SSM parameter ${target.name} names ${writer.target.id}, which is not a Lambda function`;
        return undefined;
      }
      association.arnQualifier = writer.arnQualifier;
      this.notes.push({
        severity: 'info',
        message: `${distributionId} ${association.eventType}: custom resource ${target.reader} reads SSM parameter ${target.name}${where}, which ${writer.file} sets to ${writer.target.id}`,
        resource: distributionId,
        file: association.source?.file ?? writer.file,
        line: association.source?.line,
      });
      this.used.add(key);
      return key;
    }
    const parsed = parseLambdaArn(target.arn);
    const matches = parsed ? [...this.functions.entries()].filter(([, fn]) => fn.explicitName === parsed.functionName) : [];
    if (matches.length === 1) {
      const [key] = matches[0]!;
      this.used.add(key);
      return key;
    }
    association.unresolvedReason =
      matches.length > 1 ? `several functions of the inputs are named ${parsed?.functionName}` : `function defined outside this ${target.scope}`;
    return undefined;
  }

  private uniqueIds(items: { file: string; id: string }[]): Map<string, string> {
    const counts = new Map<string, number>();
    for (const { id } of items) counts.set(id, (counts.get(id) ?? 0) + 1);
    return new Map(items.map(({ file, id }) => [fnKey(file, id), counts.get(id) === 1 ? id : `${file}#${id}`]));
  }

  private assignKeys(functions: ExtractedFunction[]): Map<string, string> {
    return this.uniqueIds(functions.map((fn) => ({ file: fn.file, id: fn.id })));
  }

  private async measure(included: [string, ExtractedFunction][], configs: FunctionConfig[], options: TemplateLoadOptions): Promise<void> {
    const explicit = new Map<number, string>();
    for (const [name, path] of Object.entries(options.artifacts ?? {})) {
      let matched = false;
      included.forEach(([, fn], index) => {
        const config = configs[index]!;
        if (fn.id === name || config.key === name || fn.explicitName === name || config.functionName === name) {
          explicit.set(index, path);
          matched = true;
        }
      });
      if (!matched) this.notes.push({ severity: 'warning', message: `--artifact ${name}=${path} matches no Lambda@Edge function of the inputs`, file: path });
    }
    for (let index = 0; index < included.length; index++) {
      const [, fn] = included[index]!;
      const config = configs[index]!;
      const artifact = explicit.get(index);
      if (artifact !== undefined) {
        // The user named it: a missing or broken package is an input error.
        const size = await measureArtifact(artifact, { maxUncompressedBytes: options.maxUncompressedBytes });
        config.codeSizeBytes = size.compressedBytes;
        config.unzippedSizeBytes = size.uncompressedBytes;
        config.artifactPath = artifact;
        continue;
      }
      if (fn.code) {
        const shown = relative(process.cwd(), fn.code.path) || '.';
        try {
          const size = await measureArtifact(fn.code.path, { maxUncompressedBytes: options.maxUncompressedBytes });
          config.codeSizeBytes = size.compressedBytes;
          config.unzippedSizeBytes = size.uncompressedBytes;
          config.artifactPath = shown;
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          // As written in the input, and where that is: a path relative to the working directory misleads.
          const named = `${fn.code.property} ${fn.code.written} (resolved to ${fn.code.path})`;
          const missing = (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
          const why = missing ? 'does not exist' : `cannot be measured: ${error.message.slice(error.message.indexOf(': ') + 2)}`;
          this.notes.push({
            severity: 'warning',
            message: `${fn.id}: ${named} ${why}; the package size is unknown (build first, or pass --artifact ${fn.id}=PATH)`,
            resource: fn.id,
            file: fn.file,
            line: fn.config.source?.line,
          });
        }
        continue;
      }
      if (fn.inlineCodeBytes !== undefined) {
        config.codeSizeBytes = fn.inlineCodeBytes;
        config.unzippedSizeBytes = fn.inlineCodeBytes;
        continue;
      }
      this.notes.push({
        severity: 'info',
        message: `${fn.id}: the package size is unknown (${fn.codeUnmeasurable ?? 'no local code'}); pass --artifact ${fn.id}=PATH to measure it`,
        resource: fn.id,
        file: fn.file,
        line: fn.config.source?.line,
      });
    }
  }
}
