/** Terraform `aws_lambda_function` resources → the function's configuration, code and notes. */

/** The plan attribute each checked property is read from: a finding about it points at that line. */
const ATTRIBUTE_OF: Record<Exclude<FunctionProperty, 'provisionedConcurrency'>, string[]> = {
  memoryMB: ['memory_size'],
  timeoutSec: ['timeout'],
  runtime: ['runtime'],
  architectures: ['architectures'],
  packageType: ['package_type', 'image_uri'],
  environmentVariableNames: ['environment'],
  layerArns: ['layers'],
  vpcConfigured: ['vpc_config'],
  tracingMode: ['tracing_config'],
  deadLetterTargetArn: ['dead_letter_config'],
  ephemeralStorageMB: ['ephemeral_storage'],
};

import { dirname, resolve } from 'node:path';
import { type FunctionConfig, type FunctionProperty, parseLambdaArn, type SourceLocation } from '../../model/inventory.js';
import type { ExtractedFunction, InputDefect, TemplateNote } from '../extraction.js';
import { LAMBDA_DEFAULTS } from '../lambda-defaults.js';
import { isRecord } from '../parse/values.js';
import type { Plan, PlannedResource } from './plan-model.js';

export class FunctionReader {
  /** Where each function's provisioned concurrency was set (its `aws_lambda_provisioned_concurrency_config`). */
  private readonly provisionedAt = new Map<string, SourceLocation>();

  constructor(private readonly plan: Plan) {}

  readFunction(resource: PlannedResource, provisioned: number | undefined): ExtractedFunction {
    const { values, address } = resource;
    const line = this.plan.locate(resource.object).line;
    const propertySources = this.propertySources(values);
    const notes: TemplateNote[] = [];
    const defects: InputDefect[] = [];
    const number = (attribute: string, label: string, fallback?: number, defectKind?: InputDefect['kind']): number | undefined => {
      const value = values[attribute];
      if (typeof value === 'number' && (!defectKind || Number.isInteger(value))) return value;
      if (this.plan.isUnknown(resource, attribute)) {
        notes.push(this.plan.note('warning', `${address}: ${attribute} is known only after apply; the ${label} is unknown`, address, line));
        return undefined;
      }
      if (value === undefined || value === null) return fallback;
      if (defectKind) {
        // The AWS provider takes a whole number: anything else is rejected at plan or apply.
        const whole = typeof value === 'number' || (typeof value === 'string' && /^\s*[+-]?\d+(\.\d*)?\s*$/.test(value));
        defects.push({
          kind: defectKind,
          resource: address,
          file: this.plan.file,
          line: this.plan.doc.keyPosition(values, attribute)?.line ?? line,
          message: `${attribute} ${JSON.stringify(value)} is not ${whole ? 'a whole number' : 'a number'} (the AWS provider rejects it)`,
          actual: typeof value === 'number' ? value : typeof value === 'string' ? value : JSON.stringify(value),
        });
        return undefined;
      }
      notes.push(this.plan.note('warning', `${address}: ${attribute} ${JSON.stringify(value)} is not a number; the ${label} is unknown`, address, line));
      return undefined;
    };
    const functionName = typeof values.function_name === 'string' ? values.function_name : undefined;
    const config: Omit<FunctionConfig, 'key'> = {
      functionName: functionName ?? resource.name,
      resource: address,
      source: this.plan.locate(resource.object),
    };
    if (Object.keys(propertySources).length > 0) config.propertySources = propertySources;
    if (typeof values.arn === 'string') config.functionArn = values.arn;
    if (typeof values.version === 'string' && values.publish === true) config.version = values.version;
    const arn = typeof values.arn === 'string' ? parseLambdaArn(values.arn) : undefined;
    if (arn) config.accountId = arn.accountId;
    config.region = typeof values.region === 'string' ? values.region : (arn?.region ?? this.providerRegion(resource));
    config.memoryMB = number('memory_size', 'memory size', LAMBDA_DEFAULTS.memoryMB.value, 'memory');
    config.timeoutSec = number('timeout', 'timeout', LAMBDA_DEFAULTS.timeoutSec.value, 'timeout');
    if (typeof values.runtime === 'string' && values.runtime !== '') config.runtime = values.runtime;
    const architectures = values.architectures;
    if (Array.isArray(architectures) && architectures.length > 0) config.architectures = architectures.map(String);
    else if (!this.plan.isUnknown(resource, 'architectures') || this.plan.expressionsOf(resource).architectures === undefined) {
      // Not configured: the provider leaves it "known after apply", Lambda uses x86_64.
      config.architectures = [...LAMBDA_DEFAULTS.architectures.value];
    }
    const isImage = values.package_type === 'Image' || typeof values.image_uri === 'string';
    config.packageType = isImage ? 'Image' : 'Zip';

    const environment = this.plan.block(values, 'environment');
    if (environment && isRecord(environment.variables)) config.environmentVariableNames = Object.keys(environment.variables);
    else if (this.plan.isUnknown(resource, 'environment')) {
      const configured = this.plan.block(this.plan.expressionsOf(resource), 'environment');
      const constant = isRecord(configured?.variables) ? configured.variables.constant_value : undefined;
      if (isRecord(constant)) config.environmentVariableNames = Object.keys(constant);
      else notes.push(this.plan.note('warning', `${address}: environment variables are known only after apply`, address, line));
    } else config.environmentVariableNames = [];

    if (Array.isArray(values.layers)) config.layerArns = values.layers.map(String);
    else if (this.plan.isUnknown(resource, 'layers')) notes.push(this.plan.note('warning', `${address}: layers are known only after apply`, address, line));
    else config.layerArns = [];

    const vpc = this.plan.block(values, 'vpc_config');
    if (vpc) config.vpcConfigured = (Array.isArray(vpc.subnet_ids) && vpc.subnet_ids.length > 0) || this.plan.isUnknown(resource, 'vpc_config');
    else config.vpcConfigured = this.plan.isUnknown(resource, 'vpc_config') ? undefined : false;

    const tracing = this.plan.block(values, 'tracing_config');
    config.tracingMode = typeof tracing?.mode === 'string' ? tracing.mode : LAMBDA_DEFAULTS.tracingMode.value;
    const deadLetter = this.plan.block(values, 'dead_letter_config');
    if (deadLetter) config.deadLetterTargetArn = typeof deadLetter.target_arn === 'string' ? deadLetter.target_arn : '(known after apply)';
    const storage = this.plan.block(values, 'ephemeral_storage');
    config.ephemeralStorageMB = typeof storage?.size === 'number' ? storage.size : LAMBDA_DEFAULTS.ephemeralStorageMB.value;
    // -1 is the provider's "no reserved concurrency".
    if (typeof values.reserved_concurrent_executions === 'number' && values.reserved_concurrent_executions >= 0) {
      config.reservedConcurrency = values.reserved_concurrent_executions;
    }
    if (provisioned !== undefined) {
      config.provisionedConcurrency = provisioned;
      const at = this.provisionedAt.get(address);
      if (at) config.propertySources = { ...config.propertySources, provisionedConcurrency: at };
    }

    const extracted: ExtractedFunction = { file: this.plan.file, id: address, config, edgeTrusted: this.trustsEdgeLambda(resource), notes, defects };
    if (functionName) extracted.explicitName = functionName;
    if (isImage) extracted.codeUnmeasurable = 'the code is a container image';
    else if (typeof values.filename === 'string' && values.filename !== '') {
      // Terraform resolves `filename` against the directory it ran in; the plan file usually sits there.
      extracted.code = { path: resolve(dirname(this.plan.file), values.filename), property: 'filename', written: values.filename };
    } else if (typeof values.s3_bucket === 'string') extracted.codeUnmeasurable = `the code is in S3 (s3://${values.s3_bucket}/${String(values.s3_key ?? '')})`;
    else extracted.codeUnmeasurable = 'the plan does not say where the code is';
    return extracted;
  }

  /** Where each checked attribute was written in the plan's planned values (absent when the plan does not say). */
  private propertySources(values: Record<string, unknown>): Partial<Record<FunctionProperty, SourceLocation>> {
    const out: Partial<Record<FunctionProperty, SourceLocation>> = {};
    for (const [property, attributes] of Object.entries(ATTRIBUTE_OF) as [FunctionProperty, string[]][]) {
      for (const attribute of attributes) {
        const at = values[attribute] === undefined || values[attribute] === null ? undefined : this.plan.doc.keyPosition(values, attribute);
        if (!at) continue;
        out[property] = { file: this.plan.file, line: at.line, column: at.column };
        break;
      }
    }
    return out;
  }

  /**
   * The `region` of the AWS provider configuration the resource uses (e.g. `aws.us_east_1`). Recent
   * Terraform points a module resource at the configuration passed in from the root; older ones
   * write "<module>:aws", which matches no configuration: then the region stays unknown.
   */
  private providerRegion(resource: PlannedResource): string | undefined {
    const configuration = isRecord(this.plan.root.configuration) ? this.plan.root.configuration : {};
    const providers = isRecord(configuration.provider_config) ? configuration.provider_config : {};
    const config = this.plan.configOf(resource);
    const keys = Array.isArray(config?.provider_config_keys) ? config.provider_config_keys : [config?.provider_config_key ?? 'aws'];
    const regions = new Set<string>();
    for (const key of keys) {
      const provider = typeof key === 'string' ? providers[key] : undefined;
      const expressions = isRecord(provider) && isRecord(provider.expressions) ? provider.expressions : undefined;
      const region = isRecord(expressions?.region) ? expressions.region.constant_value : undefined;
      if (typeof region !== 'string') return undefined;
      regions.add(region);
    }
    return regions.size === 1 ? [...regions][0] : undefined;
  }

  private trustsEdgeLambda(resource: PlannedResource): boolean {
    const role = this.plan.expressionsOf(resource).role;
    const references = isRecord(role) && Array.isArray(role.references) ? role.references : [];
    for (const reference of references) {
      if (typeof reference !== 'string' || !reference.startsWith('aws_iam_role.')) continue;
      const [type, name] = reference.split('.');
      const base = resource.modulePath ? `${resource.modulePath}.${type}.${name}` : `${type}.${name}`;
      for (const planned of this.plan.byBase.get(base) ?? []) {
        const policy = planned.values.assume_role_policy;
        if (typeof policy === 'string' && policy.includes('edgelambda.amazonaws.com')) return true;
      }
    }
    return false;
  }

  provisionedConcurrency(): Map<string, number> {
    const out = new Map<string, number>();
    for (const resource of this.plan.planned.values()) {
      if (resource.type !== 'aws_lambda_provisioned_concurrency_config') continue;
      const expression = this.plan.expressionsOf(resource).function_name;
      const followed = this.plan.followExpression(expression, resource.modulePath, 0);
      if (followed.kind !== 'resource') continue;
      const fn = this.plan.instance(followed.address);
      if (fn?.type !== 'aws_lambda_function') continue;
      const count = typeof resource.values.provisioned_concurrent_executions === 'number' ? resource.values.provisioned_concurrent_executions : 1;
      if (count > (out.get(fn.address) ?? 0)) {
        const at = this.plan.doc.keyPosition(resource.values, 'provisioned_concurrent_executions');
        if (at) this.provisionedAt.set(fn.address, { file: this.plan.file, line: at.line, column: at.column });
      }
      out.set(fn.address, Math.max(out.get(fn.address) ?? 0, count));
    }
    return out;
  }
}
