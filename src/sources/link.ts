/**
 * Links the extractions of one run together: assigns the final keys, follows associations across
 * files (and CDK's cross-region SSM hand-over), keeps only Lambda@Edge functions and measures their
 * packages.
 */

import { relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { type CacheBehavior, type Distribution, type FunctionConfig, type Inventory, type LambdaAssociation, parseLambdaArn } from '../model/inventory.js';
import { measureArtifact, unbuiltFolderReason } from './artifact.js';
import { CdkAssetIndex } from './cdk-assets.js';
import type { DeployValues } from './deploy-parameters.js';
import type {
  ArnQualifier,
  AssociationTarget,
  ExportTarget,
  ExtractedAssociation,
  ExtractedExport,
  ExtractedFunction,
  Extraction,
  InputDefect,
  TemplateNote,
} from './extraction.js';

export interface TemplateLoadOptions {
  /** `--artifact NAME=PATH`: function logical id / Terraform address / function name → zip file or folder. */
  artifacts?: Record<string, string>;
  /** `--var-file FILE`: Terraform variable values for `.tf` folders, after terraform.tfvars and *.auto.tfvars. */
  varFiles?: string[];
  /** `--parameter`/`--parameters`/`--region`: CloudFormation parameter values and the deploy region of inputs that name none. */
  deploy?: DeployValues;
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

export interface Loaded {
  file: string;
  extraction: Extraction;
}

const fnKey = (file: string, id: string): string => `${file}\u0000${id}`;

export class Linker {
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
    const runByDistribution = (key: string): boolean => this.used.has(key) || this.referenced.has(key);
    const included = [...this.functions.entries()].filter(([key, fn]) => runByDistribution(key) || (fn.edgeTrusted && fn.nonEdgeUse === undefined));
    for (const [key, fn] of this.functions) {
      if (runByDistribution(key) || !fn.edgeTrusted || fn.nonEdgeUse === undefined) continue;
      this.notes.push({
        severity: 'info',
        message: `${fn.id} skipped: its role trusts edgelambda.amazonaws.com, but it is ${fn.nonEdgeUse} and no distribution in the inputs runs it, so it is not a Lambda@Edge function`,
        resource: fn.id,
        file: fn.file,
        line: fn.config.source?.line,
      });
    }
    const keys = this.assignKeys(included.map(([, fn]) => fn));

    const defects: InputDefect[] = [];
    const functions: FunctionConfig[] = [];
    for (const [key, fn] of included) {
      const config: FunctionConfig = { key: keys.get(key)!, ...fn.config };
      this.notes.push(...fn.notes);
      for (const defect of fn.defects) defects.push({ ...defect, functionKey: config.key });
      if (!this.used.has(key) && !this.referenced.has(key)) {
        const exported = this.loaded
          .flatMap(({ extraction }) => extraction.exports ?? [])
          .filter((e) => e.target?.file === fn.file && e.target.id === fn.id)
          .map((e) => e.name ?? e.written);
        const lintWith = exported.length > 0 ? `; its ARN is exported as ${exported.join(', ')}: lint the template that imports it together with this one` : '';
        this.notes.push({
          severity: 'info',
          message: `${fn.id} is possibly a Lambda@Edge function, judged by its role alone: it trusts edgelambda.amazonaws.com, no distribution in the inputs runs it and nothing else (custom resource, event source, schedule, API) invokes it; its event type is unknown${lintWith}`,
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
    if (target.kind === 'export') {
      const found = this.findExport(target);
      return 'reason' in found ? found : { key: found.key };
    }
    const matches = this.functionsNamedBy(target.arn);
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
    if (target.kind === 'export') {
      const found = this.findExport(target);
      if ('reason' in found) {
        association.unresolvedReason = found.reason;
        return undefined;
      }
      // The function runs as the export names it (a version, an alias), unless the import adds a qualifier.
      association.arnQualifier = target.qualifier ?? found.qualifier;
      this.notes.push({
        severity: 'info',
        message: `${distributionId} ${association.eventType}: the ARN is imported from export ${found.description}`,
        resource: distributionId,
        file: association.source?.file ?? target.importer,
        line: association.source?.line,
      });
      this.used.add(found.key);
      return found.key;
    }
    const matches = this.functionsNamedBy(target.arn);
    if (matches.length === 1) {
      const [key] = matches[0]!;
      this.used.add(key);
      return key;
    }
    association.unresolvedReason =
      matches.length > 1 ? `several functions of the inputs are named ${parseLambdaArn(target.arn)?.functionName}` : `function defined outside this ${target.scope}`;
    return undefined;
  }

  /**
   * The function an imported export name leads to: an export of another template of the run with
   * that name (or whose name matches once its `${AWS::StackName}` is filled in), whose output's
   * Value names a function of its template. Otherwise the reason, naming the templates searched.
   */
  private findExport(target: ExportTarget): { key: string; qualifier: ArnQualifier; description: string } | { reason: string } {
    const searched = this.loaded.filter(({ extraction }) => extraction.exports !== undefined);
    const all = searched.flatMap(({ extraction }) => extraction.exports ?? []);
    const sameRegion = (e: ExtractedExport): boolean => e.region === undefined || target.region === undefined || e.region === target.region;
    const exact = all.filter((e) => e.name === target.name && sameRegion(e));
    const assumed = new Map<ExtractedExport, string>();
    if (exact.length === 0) {
      for (const e of all) {
        const holes = e.pattern && sameRegion(e) ? matchPattern(e.pattern, target.name) : undefined;
        if (holes) assumed.set(e, holes.map(([name, value]) => `${name} "${value}"`).join(', '));
      }
    }
    const candidates = exact.length > 0 ? exact : [...assumed.keys()];
    const imported = `the ARN is imported from export "${target.name}"`;
    if (candidates.length > 1) {
      return {
        reason: `${imported}, which ${candidates.length} templates of the inputs export (${candidates.map((e) => `${e.file} output ${e.output}`).join(', ')}); lint one stack at a time`,
      };
    }
    const found = candidates[0];
    if (!found) {
      const list = searched.map(({ file, extraction }) => {
        const names = (extraction.exports ?? []).map((e) => e.name ?? e.written);
        return names.length === 0 ? `${file} (no exports)` : `${file} (exports ${names.slice(0, 5).join(', ')}${names.length > 5 ? `, … ${names.length - 5} more` : ''})`;
      });
      const where = target.region ? ` in ${target.region}` : '';
      return {
        reason: `${imported}${where}, which no template of this run exports (searched ${list.length === 1 && searched[0]?.file === target.importer ? `only this template, ${list[0]}` : list.join('; ')}); lint the template that exports it together with this one`,
      };
    }
    const assumption = assumed.get(found);
    const output = `output ${found.output} of ${found.file}${assumption ? ` (assuming ${assumption}, as its export name ${found.written} requires)` : ''}`;
    if (found.target) {
      const key = fnKey(found.target.file, found.target.id);
      if (this.functions.has(key)) return { key, qualifier: found.qualifier, description: `"${target.name}", ${output}, whose value is ${found.target.id}` };
      return { reason: `${imported}, ${output}, whose value ${found.target.id} is not a Lambda function` };
    }
    if (found.literalArn !== undefined) {
      const matches = this.functionsNamedBy(found.literalArn);
      if (matches.length === 1)
        return { key: matches[0]![0], qualifier: found.qualifier, description: `"${target.name}", ${output}, whose value ${found.literalArn} names ${matches[0]![1].id}` };
      return { reason: `${imported}, ${output}, whose value ${found.literalArn} is a function defined outside the inputs` };
    }
    return { reason: `${imported}, ${output}, whose value cannot be followed to a function: ${found.unresolvedReason ?? 'unknown value'}` };
  }

  /** The functions of the inputs whose explicit name is the one a literal ARN names. */
  private functionsNamedBy(arn: string): [string, ExtractedFunction][] {
    const parsed = parseLambdaArn(arn);
    return parsed ? [...this.functions.entries()].filter(([, fn]) => fn.explicitName === parsed.functionName) : [];
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
    const assets = new CdkAssetIndex(this.notes);
    for (let index = 0; index < included.length; index++) {
      const [, fn] = included[index]!;
      const config = configs[index]!;
      const artifact = explicit.get(index);
      if (artifact === undefined && !fn.code && fn.s3Key !== undefined) {
        const asset = await assets.find(fn.file, fn.s3Key);
        if (asset) {
          fn.code = { path: resolve(asset.path), property: 'Code.S3Key', written: `${fn.s3Key} (asset ${asset.written} of ${asset.manifest})` };
          this.notes.push({
            severity: 'info',
            message: `${fn.id}: the code of S3 key ${fn.s3Key} is ${asset.written}, found through ${asset.manifest} (the template has no aws:asset:path metadata)`,
            resource: fn.id,
            file: fn.file,
            line: fn.config.source?.line,
          });
        }
      }
      if (artifact !== undefined) {
        // The user named it: a missing or broken package is an input error.
        const size = await measureArtifact(artifact, { maxUncompressedBytes: options.maxUncompressedBytes });
        config.codeSizeBytes = size.compressedBytes;
        config.unzippedSizeBytes = size.uncompressedBytes;
        config.artifactPath = artifact;
        const unbuilt = await unbuiltFolderReason(artifact);
        if (unbuilt !== undefined) {
          config.packageLowerBound = { reason: `--artifact ${artifact} is not built: ${unbuilt}`, hint: 'install the dependencies into it, or name the built zip with --artifact' };
        }
        continue;
      }
      if (fn.code) {
        const shown = relative(process.cwd(), fn.code.path) || '.';
        try {
          const size = await measureArtifact(fn.code.path, { maxUncompressedBytes: options.maxUncompressedBytes });
          config.codeSizeBytes = size.compressedBytes;
          config.unzippedSizeBytes = size.uncompressedBytes;
          config.artifactPath = shown;
          const unbuilt = await unbuiltFolderReason(fn.code.path);
          if (unbuilt !== undefined) {
            config.packageLowerBound = {
              reason: `${fn.code.property} ${fn.code.written} is not built: ${unbuilt}`,
              hint: fn.code.buildHint ?? `install the dependencies into the folder, or pass --artifact ${fn.id}=PATH with the built package`,
            };
          }
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
        // Bounded by the template: never a reason to ask for --artifact.
        config.codeSizeBytes = fn.inlineCodeBytes;
        config.unzippedSizeBytes = fn.inlineCodeBytes;
        const parts = fn.inlineCodeUnknownParts ?? [];
        if (parts.length > 0) {
          const shown = [...new Set(parts)].slice(0, 5).join(', ');
          this.notes.push({
            severity: 'info',
            message: `${fn.id}: the inline code is about ${fn.inlineCodeBytes} bytes: ${parts.length === 1 ? 'one part' : `${parts.length} parts`} known only at deploy (${shown}) counted by ${parts.length === 1 ? 'its' : 'their'} length in the template`,
            resource: fn.id,
            file: fn.file,
            line: fn.config.source?.line,
          });
        }
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

/**
 * The values of the pseudo parameters that make an export name with wildcards equal `name`
 * (`${AWS::StackName}-EdgeArn` matches `edge-prod-EdgeArn` with AWS::StackName "edge-prod").
 */
function matchPattern(pattern: { parts: string[]; holes: string[] }, name: string): [string, string][] | undefined {
  const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A stack name is letters, digits and hyphens; a region or account has no colon or slash either.
  const source = pattern.parts.map(literal).join('([A-Za-z0-9-]+)');
  const match = new RegExp(`^${source}$`).exec(name);
  if (!match) return undefined;
  return pattern.holes.map((hole, index) => [hole, match[index + 1]!]);
}
