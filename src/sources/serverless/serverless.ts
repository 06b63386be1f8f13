/**
 * Serverless Framework `serverless.yml` (v3 and v4) → the CloudFormation template the framework
 * would package for it, read by the CloudFormation loader with positions pointing back into
 * serverless.yml.
 *
 * What the framework does, from its `cloudFront` event compiler
 * (lib/plugins/aws/package/compile/events/cloud-front.js): a function with a `cloudFront` event is
 * always versioned, gets `memorySize` 128 and `timeout` 5 when the *function* does not set them
 * (the provider-level values are not used for it), loses its environment variables and VPC
 * configuration, and must be deployed in us-east-1; all such events build one distribution,
 * `CloudFrontDistribution`, with one cache behavior per path pattern (the one without a pattern is
 * the default behavior). Other functions get `provider.memorySize` (default 1024) and
 * `provider.timeout` (default 6), as the framework documents for serverless.yml.
 *
 * `serverless-plugin-cloudfront-lambda-edge` (`lambdaAtEdge: { distribution, eventType,
 * pathPattern, includeBody }`) adds the association to a distribution the user declares under
 * `resources.Resources`, on the behavior whose `PathPattern` matches (the default one without).
 *
 * Variables: `${self:…}`, `${sls:stage}`, `${opt:stage}`/`${opt:region}` (their defaults),
 * `${opt:X, default}`, `${env:X}` (the environment, else the default) are resolved; anything else
 * becomes a template parameter without a value, so the rules report it as unknown.
 *
 * A key written twice in one mapping is an `invalid-input` error: unlike CloudFormation, the
 * framework refuses the file (v3 lib/configuration/read.js and v4 sf-core parseDeclarativeConfig
 * load it with js-yaml, whose loader throws "duplicated mapping key"). The rest is linted with the
 * last value, as for a template.
 */

import { extractCloudFormation } from '../cloudformation/index.js';
import { duplicateKeyDefects, type Extraction } from '../extraction.js';
import type { ParsedDocument, SourcePosition } from '../parse/index.js';
import { isRecord } from '../parse/values.js';

const FRAMEWORK_DEFAULTS = { memorySize: 1024, timeout: 6, stage: 'dev', region: 'us-east-1' } as const;
const EDGE_DEFAULTS = { memorySize: 128, timeout: 5 } as const;
const DISTRIBUTION_ID = 'CloudFrontDistribution';

/** `serverless.yml`, `serverless.yaml`, `serverless.prod.yml`… */
export function isServerlessFileName(name: string): boolean {
  return /^serverless(\.[\w-]+)?\.ya?ml$/i.test(name);
}

export function looksLikeServerless(root: unknown): boolean {
  return isRecord(root) && (typeof root.service === 'string' || isRecord(root.service)) && isRecord(root.provider);
}

/** `my-func_x` → `MyDashfuncUnderscorex`, the framework's normalized logical id part. */
function normalizeName(name: string): string {
  const upper = name.charAt(0).toUpperCase() + name.slice(1);
  return upper.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
}

/** `region`: the deploy region given on the command line (`lint --region`), as `sls deploy --region` gives it. */
export function extractServerless(file: string, doc: ParsedDocument, options: { region?: string } = {}): Extraction {
  return new ServerlessReader(file, doc, options.region).read();
}

class ServerlessReader {
  private readonly root: Record<string, unknown>;
  private readonly parameters: Record<string, unknown> = {};
  private readonly positions = new WeakMap<object, SourcePosition>();
  private readonly keys = new WeakMap<object, Map<string, SourcePosition>>();

  constructor(
    private readonly file: string,
    private readonly doc: ParsedDocument,
    private readonly optRegion?: string,
  ) {
    this.root = isRecord(doc.root) ? doc.root : {};
  }

  read(): Extraction {
    const resolved = this.resolveAll(this.root, 0) as Record<string, unknown>;
    const provider = isRecord(resolved.provider) ? resolved.provider : {};
    const service =
      typeof resolved.service === 'string' ? resolved.service : isRecord(resolved.service) && typeof resolved.service.name === 'string' ? resolved.service.name : 'service';
    const stage = typeof provider.stage === 'string' ? provider.stage : FRAMEWORK_DEFAULTS.stage;
    // As the framework's AWS provider: the --region option, else provider.region, else us-east-1.
    const region = this.optRegion ?? (typeof provider.region === 'string' ? provider.region : FRAMEWORK_DEFAULTS.region);
    const functions = isRecord(resolved.functions) ? resolved.functions : {};
    const userResources = isRecord(resolved.resources) && isRecord(resolved.resources.Resources) ? resolved.resources.Resources : {};
    const resources: Record<string, unknown> = { ...userResources };
    const rawFunctions = isRecord(this.root.functions) ? this.root.functions : {};
    const behaviors: { pathPattern?: string; associations: unknown[]; behavior: Record<string, unknown>; at?: object }[] = [];
    const usesRoleStatements = !provider.role && !provider.iam;
    const edgeFunctions: string[] = [];

    for (const [key, value] of Object.entries(functions)) {
      if (!isRecord(value)) continue;
      const raw = isRecord(rawFunctions[key]) ? rawFunctions[key] : value;
      const events = Array.isArray(value.events) ? value.events : [];
      const rawEvents = Array.isArray((raw as Record<string, unknown>).events) ? ((raw as Record<string, unknown>).events as unknown[]) : [];
      const nativeEvents = events.map((e, i) => ({ event: isRecord(e) && isRecord(e.cloudFront) ? e.cloudFront : undefined, raw: rawEvents[i] })).filter((e) => e.event);
      const edge = nativeEvents.length > 0;
      const logicalId = `${normalizeName(key)}LambdaFunction`;
      const versionId = `${normalizeName(key)}LambdaVersion`;
      const properties: Record<string, unknown> = {
        FunctionName: typeof value.name === 'string' ? value.name : `${service}-${stage}-${key}`,
        Handler: value.handler,
        Runtime: value.runtime ?? provider.runtime ?? 'nodejs20.x',
        MemorySize: value.memorySize ?? (edge ? EDGE_DEFAULTS.memorySize : (provider.memorySize ?? FRAMEWORK_DEFAULTS.memorySize)),
        Timeout: value.timeout ?? (edge ? EDGE_DEFAULTS.timeout : (provider.timeout ?? FRAMEWORK_DEFAULTS.timeout)),
        Role: value.role ?? provider.role ?? { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] },
        Code: { S3Bucket: 'serverless-deployment-bucket', S3Key: `${service}/${stage}/${key}.zip` },
      };
      if (value.runtime === undefined && provider.runtime === undefined) delete properties.Runtime;
      const architecture = value.architecture ?? provider.architecture;
      if (typeof architecture === 'string') properties.Architectures = [architecture];
      const environment = { ...(isRecord(provider.environment) ? provider.environment : {}), ...(isRecord(value.environment) ? value.environment : {}) };
      if (!edge && Object.keys(environment).length > 0) properties.Environment = { Variables: environment };
      const layers = value.layers ?? provider.layers;
      if (Array.isArray(layers)) properties.Layers = layers;
      const vpc = value.vpc ?? provider.vpc;
      if (!edge && isRecord(vpc)) properties.VpcConfig = { SubnetIds: vpc.subnetIds, SecurityGroupIds: vpc.securityGroupIds };
      const tracing = isRecord(provider.tracing) ? provider.tracing.lambda : undefined;
      if (value.tracing === true || value.tracing === 'Active' || tracing === true || tracing === 'Active') properties.TracingConfig = { Mode: 'Active' };
      if (typeof value.ephemeralStorageSize === 'number') properties.EphemeralStorage = { Size: value.ephemeralStorageSize };
      if (typeof value.reservedConcurrency === 'number') properties.ReservedConcurrentExecutions = value.reservedConcurrency;
      const functionResource = { Type: 'AWS::Lambda::Function', Properties: properties };
      this.place(functionResource, raw, rawFunctions, key);
      this.placeProperties(properties, raw as Record<string, unknown>, {
        MemorySize: 'memorySize',
        Timeout: 'timeout',
        Runtime: 'runtime',
        Layers: 'layers',
        Environment: 'environment',
        Architectures: 'architecture',
        TracingConfig: 'tracing',
        EphemeralStorage: 'ephemeralStorageSize',
        ReservedConcurrentExecutions: 'reservedConcurrency',
      });
      resources[logicalId] = functionResource;
      const version = { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: logicalId } } };
      this.place(version, raw, rawFunctions, key);
      resources[versionId] = version;
      if (typeof value.provisionedConcurrency === 'number' && value.provisionedConcurrency > 0) {
        const alias = {
          Type: 'AWS::Lambda::Alias',
          Properties: {
            FunctionName: { Ref: logicalId },
            FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] },
            Name: 'provisioned',
            ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: value.provisionedConcurrency },
          },
        };
        this.place(alias, raw, rawFunctions, key);
        resources[`${normalizeName(key)}ProvConcLambdaAlias`] = alias;
      }
      if (edge) edgeFunctions.push(logicalId);

      for (const { event, raw: rawEvent } of nativeEvents) {
        const cloudFront = event as Record<string, unknown>;
        const association: Record<string, unknown> = { EventType: cloudFront.eventType, LambdaFunctionARN: { Ref: versionId } };
        if (cloudFront.includeBody !== undefined && cloudFront.includeBody !== null) association.IncludeBody = cloudFront.includeBody;
        const rawCloudFront = isRecord(rawEvent) && isRecord(rawEvent.cloudFront) ? rawEvent.cloudFront : undefined;
        this.place(association, rawCloudFront, undefined, undefined);
        const pathPattern = typeof cloudFront.pathPattern === 'string' ? cloudFront.pathPattern : undefined;
        const existing = behaviors.find((b) => b.pathPattern === pathPattern);
        if (existing) existing.associations.push(association);
        else {
          const behavior = { ViewerProtocolPolicy: 'allow-all', ...(isRecord(cloudFront.behavior) ? cloudFront.behavior : {}), TargetOriginId: 'origin' };
          behaviors.push({ ...(pathPattern === undefined ? {} : { pathPattern }), associations: [association], behavior, ...(rawCloudFront ? { at: rawCloudFront } : {}) });
        }
      }

      const pluginEvent = isRecord(value.lambdaAtEdge) ? [value.lambdaAtEdge] : Array.isArray(value.lambdaAtEdge) ? value.lambdaAtEdge : [];
      const rawPlugin = (raw as Record<string, unknown>).lambdaAtEdge;
      pluginEvent.forEach((entry, index) => {
        if (!isRecord(entry)) return;
        const rawEntry = Array.isArray(rawPlugin) ? rawPlugin[index] : rawPlugin;
        this.attachPluginAssociation(resources, entry, rawEntry, versionId);
      });
    }

    if (behaviors.length > 0) {
      behaviors.sort((a, b) => Number(a.pathPattern !== undefined) - Number(b.pathPattern !== undefined));
      const toBehavior = (b: (typeof behaviors)[number]): Record<string, unknown> => {
        const out: Record<string, unknown> = { ...b.behavior, LambdaFunctionAssociations: b.associations };
        if (b.pathPattern !== undefined) out.PathPattern = b.pathPattern;
        if (b.at) this.place(out, b.at, undefined, undefined);
        const list = out.LambdaFunctionAssociations as object[];
        const keys = new Map<string, SourcePosition>();
        list.forEach((a, i) => {
          const at = this.positions.get(a);
          if (at) keys.set(String(i), at);
        });
        this.keys.set(list, keys);
        return out;
      };
      const [first, ...rest] = behaviors;
      const defaultBehavior = first!.pathPattern === undefined ? toBehavior(first!) : { ViewerProtocolPolicy: 'allow-all', TargetOriginId: 'origin' };
      const cacheBehaviors = (first!.pathPattern === undefined ? rest : behaviors).map(toBehavior);
      const distribution = {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Comment: `${service} ${stage}`,
            Enabled: true,
            DefaultCacheBehavior: defaultBehavior,
            ...(cacheBehaviors.length > 0 ? { CacheBehaviors: cacheBehaviors } : {}),
          },
        },
      };
      if (first!.at) this.place(distribution, first!.at, undefined, undefined);
      resources[DISTRIBUTION_ID] = distribution;
    }

    if (usesRoleStatements && Object.keys(functions).length > 0) {
      // The framework's default execution role; it adds edgelambda.amazonaws.com when a cloudFront event exists.
      const services = ['lambda.amazonaws.com', ...(edgeFunctions.length > 0 ? ['edgelambda.amazonaws.com'] : [])];
      resources.IamRoleLambdaExecution = {
        Type: 'AWS::IAM::Role',
        Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: services }, Action: ['sts:AssumeRole'] }] } },
      };
    }

    const template: Record<string, unknown> = { AWSTemplateFormatVersion: '2010-09-09', Resources: resources };
    if (Object.keys(this.parameters).length > 0) template.Parameters = this.parameters;
    const document: ParsedDocument = {
      format: 'yaml',
      root: template,
      positionOf: (value) => (typeof value === 'object' && value !== null ? (this.positions.get(value) ?? this.doc.positionOf(value)) : undefined),
      keyPosition: (mapping, key) => {
        if (typeof mapping !== 'object' || mapping === null) return undefined;
        if (mapping === resources) return this.keys.get(userResources)?.get(key) ?? this.positions.get(resources[key] as object);
        return this.keys.get(mapping)?.get(key) ?? this.doc.keyPosition(mapping, key);
      },
    };
    const extraction = extractCloudFormation(this.file, document, { region, stackName: `${service}-${stage}` });
    // The framework reads serverless.yml with js-yaml, which stops at a duplicated mapping key.
    extraction.defects.push(
      ...duplicateKeyDefects(
        this.file,
        this.doc,
        () => 'the Serverless Framework refuses the file (its YAML reader stops at a duplicated mapping key); edgecost linted the last value',
      ),
    );
    return extraction;
  }

  /** The plugin form: the association goes on the user's distribution, on the behavior of the path pattern. */
  private attachPluginAssociation(resources: Record<string, unknown>, entry: Record<string, unknown>, rawEntry: unknown, versionId: string): void {
    const distributionId = typeof entry.distribution === 'string' ? entry.distribution : undefined;
    const distribution = distributionId ? resources[distributionId] : undefined;
    const config =
      isRecord(distribution) && isRecord(distribution.Properties) && isRecord(distribution.Properties.DistributionConfig) ? distribution.Properties.DistributionConfig : undefined;
    if (!config) return;
    const association: Record<string, unknown> = { EventType: entry.eventType, LambdaFunctionARN: { Ref: versionId } };
    if (entry.includeBody !== undefined) association.IncludeBody = entry.includeBody;
    if (isRecord(rawEntry)) this.place(association, rawEntry, undefined, undefined);
    const pathPattern = typeof entry.pathPattern === 'string' ? entry.pathPattern : undefined;
    let behavior: unknown;
    if (pathPattern === undefined) behavior = config.DefaultCacheBehavior;
    else behavior = (Array.isArray(config.CacheBehaviors) ? config.CacheBehaviors : []).find((b) => isRecord(b) && b.PathPattern === pathPattern);
    if (!isRecord(behavior)) return;
    const list = Array.isArray(behavior.LambdaFunctionAssociations) ? behavior.LambdaFunctionAssociations : [];
    list.push(association);
    behavior.LambdaFunctionAssociations = list;
    const keys = this.keys.get(list) ?? new Map<string, SourcePosition>();
    const at = this.positions.get(association);
    if (at) keys.set(String(list.length - 1), at);
    this.keys.set(list, keys);
  }

  /** A synthetic object is reported where its serverless.yml source was written. */
  private place(target: object, source: unknown, parent: Record<string, unknown> | undefined, key: string | undefined): void {
    const at = (parent && key !== undefined ? this.doc.keyPosition(parent, key) : undefined) ?? this.doc.positionOf(source);
    if (at) this.positions.set(target, at);
  }

  private placeProperties(properties: Record<string, unknown>, raw: Record<string, unknown>, names: Record<string, string>): void {
    const keys = new Map<string, SourcePosition>();
    const provider = isRecord(this.root.provider) ? this.root.provider : {};
    for (const [property, name] of Object.entries(names)) {
      const at = this.doc.keyPosition(raw, name) ?? this.doc.keyPosition(provider, name);
      if (at) keys.set(property, at);
    }
    this.keys.set(properties, keys);
  }

  // ------------------------------------------------------------------------------- variables

  private resolveAll(value: unknown, depth: number): unknown {
    if (depth > 50) return value;
    if (typeof value === 'string') return this.resolveString(value, 0);
    if (Array.isArray(value)) {
      const out = value.map((item) => this.resolveAll(item, depth + 1));
      this.copyPositions(value, out);
      return out;
    }
    if (isRecord(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = this.resolveAll(item, depth + 1);
      this.copyPositions(value, out);
      return out;
    }
    return value;
  }

  /** Resolved copies keep the positions of the objects they copy. */
  private copyPositions(from: object, to: object): void {
    const at = this.doc.positionOf(from);
    if (at) this.positions.set(to, at);
    const keys = new Map<string, SourcePosition>();
    for (const key of Object.keys(from)) {
      const position = this.doc.keyPosition(from, key);
      if (position) keys.set(key, position);
    }
    this.keys.set(to, keys);
  }

  private resolveString(text: string, depth: number): unknown {
    if (!text.includes('${') || depth > 10) return text;
    const whole = /^\$\{([^{}]+)\}$/.exec(text);
    if (whole) return this.variable(whole[1]!, depth);
    const out = text.replace(/\$\{([^{}]+)\}/g, (match, body: string) => {
      const value = this.variable(body, depth);
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : match;
    });
    return out.includes('${') ? this.unknown(text) : out;
  }

  private variable(body: string, depth: number): unknown {
    const [source, ...fallbacks] = splitTopLevel(body);
    const candidates = [source!, ...fallbacks].map((s) => s.trim());
    for (const candidate of candidates) {
      const value = this.lookup(candidate, depth);
      if (value !== undefined) return value;
    }
    return this.unknown(`\${${body}}`);
  }

  private lookup(reference: string, depth: number): unknown {
    const quoted = /^(['"])(.*)\1$/.exec(reference);
    if (quoted) return quoted[2];
    if (/^-?\d+(\.\d+)?$/.test(reference)) return Number(reference);
    if (reference === 'true' || reference === 'false') return reference === 'true';
    const [kind, ...rest] = reference.split(':');
    const path = rest.join(':').trim();
    switch (kind) {
      case 'self': {
        let value: unknown = this.root;
        for (const part of path.split('.').filter((p) => p !== '')) value = isRecord(value) ? value[part] : Array.isArray(value) ? value[Number(part)] : undefined;
        if (value === undefined) return undefined;
        return typeof value === 'string' ? this.resolveString(value, depth + 1) : this.resolveAll(value, depth + 1);
      }
      case 'sls':
        if (path === 'stage') return this.lookup('self:provider.stage', depth) ?? FRAMEWORK_DEFAULTS.stage;
        return undefined;
      case 'opt':
        if (path === 'region' && this.optRegion !== undefined) return this.optRegion;
        // Without the command line, an option is its default: the provider's stage/region or the fallback.
        return undefined;
      case 'env': {
        const value = process.env[path];
        return value === undefined || value === '' ? undefined : value;
      }
      default:
        return undefined;
    }
  }

  /** A value only the deploy knows: a template parameter without a value, which the rules report as unknown. */
  private unknown(written: string): unknown {
    const name = `ServerlessVariable${written.replace(/[^A-Za-z0-9]/g, '').slice(0, 60) || 'Value'}`;
    this.parameters[name] = { Type: 'String', Description: `${written} in serverless.yml, which edgecost cannot resolve` };
    return { Ref: name };
  }
}

/** `opt:stage, 'dev'` → [`opt:stage`, `'dev'`], commas inside nested `${…}` kept. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of body) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}
