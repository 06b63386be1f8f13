// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is Terraform and serverless.yml syntax
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { listEventBindings } from '../../../src/model/inventory.js';
import { lintInventory } from '../../../src/quotas/engine.js';
import { loadQuotaTable, loadRuntimeTable } from '../../../src/sources/data-files.js';
import { loadTemplates, type TemplateLoadOptions } from '../../../src/sources/templates.js';
import { blankIrrelevantBlocks, parseHcl } from '../../../src/sources/terraform/hcl-parse.js';

const TF = 'test/fixtures/templates/terraform-hcl/site';
const TF_CFN = 'test/fixtures/templates/terraform-hcl/site-cloudformation';
const SLS = 'test/fixtures/templates/serverless/edge-site/serverless.yml';
const SLS_CFN = 'test/fixtures/templates/serverless/edge-site-cloudformation';
const now = new Date('2026-11-28T12:00:00Z');

async function lint(paths: string[], options: TemplateLoadOptions = {}) {
  const loaded = await loadTemplates(paths, options);
  const document = lintInventory(
    { inventory: loaded.inventory, defects: loaded.defects },
    { now, quotas: loadQuotaTable(), runtimes: loadRuntimeTable(), source: { type: 'templates', files: loaded.files }, includeUnattachedFunctions: true },
  );
  return { loaded, findings: document.findings };
}

/** What must agree between two inputs describing the same deployment: not names, not lines. */
const essence = (findings: { ruleId: string; severity: string; eventType?: string; actual?: unknown; limit?: unknown }[]) =>
  findings.map((f) => [f.ruleId, f.severity, f.eventType ?? '', JSON.stringify(f.actual ?? null), JSON.stringify(f.limit ?? null)].join(' | ')).sort();

async function copyFixture(from: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edgecost-hcl-'));
  await cp(from, dir, { recursive: true });
  return dir;
}

describe('Terraform .tf folder (no plan)', () => {
  it('lints to the same findings as the equivalent CloudFormation template', async () => {
    const tf = await lint([TF]);
    const cfn = await lint([TF_CFN]);
    expect(essence(tf.findings)).toEqual(essence(cfn.findings));
    // Not vacuous: the violations are there.
    expect(essence(tf.findings)).toEqual(
      expect.arrayContaining([
        'memory-limit | error | viewer-request | 512 | 128',
        'timeout-limit | error | viewer-response | 10 | 5',
        'environment-variables | error | origin-request | 1 | "not supported"',
        'unversioned-function-arn | error | origin-request | "unqualified" | "numbered version"',
      ]),
    );
    // The module's nodejs20.x is deprecated (a warning) on 2026-11-28: Lambda blocks it from 2027-02-01.
    expect(tf.findings.filter((f) => f.ruleId === 'runtime-deprecated').map((f) => f.severity)).toEqual(['warning']);
    expect(tf.findings.filter((f) => f.severity === 'error')).toHaveLength(4);
  });

  it('follows the module, its variables and the provider alias to each function', async () => {
    const { loaded } = await lint([TF]);
    const fns = new Map(loaded.inventory.functions.map((f) => [f.key, f]));
    expect([...fns.keys()].sort()).toEqual(['aws_lambda_function.headers', 'aws_lambda_function.rewrite', 'module.auth.aws_lambda_function.this']);
    const auth = fns.get('module.auth.aws_lambda_function.this')!;
    // name from local.prefix + var.stage (terraform.tfvars), memory from the tfvars through the module call
    expect(auth).toMatchObject({ functionName: 'prod-site-auth', memoryMB: 512, timeoutSec: 5, runtime: 'nodejs20.x', region: 'us-east-1' });
    expect(auth.source).toEqual({ file: join(TF, 'modules/edge/main.tf'), line: 31, column: 1 });
    // archive_file's output does not exist yet: its source_dir is the package, measured
    expect(auth.codeSizeBytes).toBeGreaterThan(0);
    expect(fns.get('aws_lambda_function.headers')).toMatchObject({ region: 'us-east-1', memoryMB: 128, timeoutSec: 10, source: { file: join(TF, 'main.tf'), line: 41 } });
    const bindings = listEventBindings(loaded.inventory);
    expect(bindings.map((b) => [b.pathPattern, b.eventType, b.functionKey, b.arnQualifier, b.includeBody, b.source?.line])).toEqual([
      ['*', 'viewer-request', 'module.auth.aws_lambda_function.this', 'version', false, 91],
      ['*', 'viewer-response', 'aws_lambda_function.headers', 'version', false, 96],
      ['/api/*', 'origin-request', 'aws_lambda_function.rewrite', 'unqualified', true, 109],
    ]);
    expect(bindings.every((b) => b.source?.file === join(TF, 'main.tf'))).toBe(true);
    expect(loaded.files).toEqual([join(TF, 'main.tf'), join(TF, 'variables.tf'), join(TF, 'modules/edge/main.tf'), join(TF, 'terraform.tfvars')]);
  });

  it('two .tf files of one folder read the folder once', async () => {
    const { loaded } = await lint([join(TF, 'main.tf'), join(TF, 'variables.tf')]);
    expect(loaded.inventory.functions).toHaveLength(3);
    expect(loaded.files.filter((f) => f === join(TF, 'main.tf'))).toHaveLength(1);
  });

  it('--var-file wins over terraform.tfvars, which wins over the default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgecost-varfile-'));
    const varFile = join(dir, 'small.tfvars');
    await writeFile(varFile, 'auth_memory = 128\nstage = "dev"\n');
    const { loaded, findings } = await lint([TF], { varFiles: [varFile] });
    const auth = loaded.inventory.functions.find((f) => f.key === 'module.auth.aws_lambda_function.this')!;
    expect(auth).toMatchObject({ functionName: 'dev-site-auth', memoryMB: 128 });
    expect(findings.filter((f) => f.ruleId === 'memory-limit')).toEqual([]);
  });

  it('a function created through the default provider gets its region: function-region error', async () => {
    const dir = await copyFixture(TF);
    const main = join(dir, 'main.tf');
    const text = await readFile(main, 'utf8');
    await writeFile(main, text.replace('  provider      = aws.us_east_1\n  function_name = "${local.prefix}-headers"', '  function_name = "${local.prefix}-headers"'));
    const { findings } = await lint([dir]);
    expect(findings.filter((f) => f.ruleId === 'function-region').map((f) => [f.resource, f.severity, f.actual, f.line])).toEqual([
      ['aws_lambda_function.headers', 'error', 'eu-west-1', 41],
    ]);
  });

  it('what only apply knows stays unknown: a data source ARN, an unset variable, an unknown count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgecost-unknown-'));
    await writeFile(
      join(dir, 'main.tf'),
      `variable "memory" {}
data "aws_lambda_function" "existing" {
  function_name = "shared-auth"
}
resource "aws_lambda_function" "edge" {
  function_name = "edge"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  memory_size   = var.memory
  publish       = true
  s3_bucket     = "b"
  s3_key        = "k"
}
resource "aws_cloudfront_distribution" "d" {
  enabled = true
  default_cache_behavior {
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = data.aws_lambda_function.existing.qualified_arn
    }
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.edge.qualified_arn
    }
  }
}
`,
    );
    const { loaded, findings } = await lint([dir]);
    const [viewer, origin] = listEventBindings(loaded.inventory);
    expect(viewer).toMatchObject({ eventType: 'viewer-request', arnQualifier: 'unknown', functionKey: undefined });
    expect(viewer!.unresolvedReason).toContain('data.aws_lambda_function.existing');
    expect(origin).toMatchObject({ functionKey: 'aws_lambda_function.edge', arnQualifier: 'version' });
    // memory_size = var.memory with no value: unknown, never the 128 MB default
    expect(loaded.inventory.functions[0]!.memoryMB).toBeUndefined();
    expect(loaded.notes.some((n) => n.severity === 'warning' && /memory_size is known only after apply/.test(n.message))).toBe(true);
    expect(findings.some((f) => f.ruleId === 'memory-limit' && f.severity !== 'error')).toBe(true);
  });

  it('dynamic lambda_function_association blocks, for_each functions and a remote module', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgecost-dynamic-'));
    await writeFile(
      join(dir, 'main.tf'),
      `locals {
  edges = {
    "viewer-request" = { memory = 128 }
    "origin-request" = { memory = 1024 }
  }
}
module "remote" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "7.0.0"
}
resource "aws_lambda_function" "edge" {
  for_each      = local.edges
  function_name = "edge-\${each.key}"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  memory_size   = each.value.memory
  publish       = true
  filename      = "missing.zip"
}
resource "aws_cloudfront_distribution" "d" {
  enabled = true
  default_cache_behavior {
    dynamic "lambda_function_association" {
      for_each = local.edges
      content {
        event_type = lambda_function_association.key
        lambda_arn = aws_lambda_function.edge[lambda_function_association.key].qualified_arn
      }
    }
  }
  ordered_cache_behavior {
    path_pattern = "/remote/*"
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = module.remote.lambda_function_qualified_arn
    }
  }
}
`,
    );
    const { loaded } = await lint([dir]);
    expect(loaded.inventory.functions.map((f) => [f.key, f.memoryMB]).sort()).toEqual([
      ['aws_lambda_function.edge["origin-request"]', 1024],
      ['aws_lambda_function.edge["viewer-request"]', 128],
    ]);
    const bindings = listEventBindings(loaded.inventory);
    expect(bindings.map((b) => [b.pathPattern, b.eventType, b.functionKey ?? b.unresolvedReason?.slice(0, 38)])).toEqual([
      ['*', 'viewer-request', 'aws_lambda_function.edge["viewer-request"]'],
      ['*', 'origin-request', 'aws_lambda_function.edge["origin-request"]'],
      ['/remote/*', 'viewer-request', 'module remote comes from "terraform-aw'],
    ]);
    // the dynamic block's associations point at the dynamic block
    expect(bindings[0]!.source).toMatchObject({ file: join(dir, 'main.tf'), line: 24 });
  });

  it('an HCL syntax error names file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgecost-bad-'));
    await writeFile(join(dir, 'main.tf'), 'resource "aws_lambda_function" "x" {\n  memory_size = \n}\n\nresource "a" "b" {\n');
    const error = await loadTemplates([dir]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe(join(dir, 'main.tf'));
    expect((error as InputError).line).toBeGreaterThanOrEqual(2);
  });

  it('skipping irrelevant blocks keeps every line and column where it was', async () => {
    const text = 'resource "aws_s3_bucket" "b" {\n  bucket = "x-${var.y}" # }\n  policy = <<EOT\n{ "a": "}" }\nEOT\n}\nresource "aws_lambda_function" "f" {\n  timeout = 3\n}\n';
    const blanked = blankIrrelevantBlocks(text);
    expect(blanked.length).toBe(text.length);
    expect(blanked.split('\n').length).toBe(text.split('\n').length);
    expect(blanked).not.toContain('bucket =');
    expect(blanked.slice(blanked.indexOf('resource "aws_lambda_function"'))).toBe(text.slice(text.indexOf('resource "aws_lambda_function"')));
    const distribution =
      'resource "aws_cloudfront_distribution" "d" {\n  origin {\n    domain_name = "a.example.com"\n  }\n  default_cache_behavior {\n    target_origin_id = "a"\n  }\n}\n';
    const kept = blankIrrelevantBlocks(distribution);
    expect(kept).not.toContain('a.example.com');
    expect(kept).toContain('target_origin_id = "a"');
    expect(kept.split('\n').length).toBe(distribution.split('\n').length);
    const parsed = await parseHcl('main.tf', text);
    expect(parsed.blocks.map((b) => [b.type, b.labels.join('.'), b.pos.line, b.attributes.size])).toEqual([
      ['resource', 'aws_s3_bucket.b', 1, 0],
      ['resource', 'aws_lambda_function.f', 7, 1],
    ]);
  });
});

describe('real public Terraform (test/fixtures/templates/real/alphagov-lambda-at-edge-examples)', () => {
  const REAL = 'test/fixtures/templates/real/alphagov-lambda-at-edge-examples/terraform';

  it('functions attached nowhere are still found through the role that trusts edgelambda (jsonencode), in us-east-1 by the alias', async () => {
    // The defect this fixture showed: an argument set to an unknown value (role = aws_iam_role.x.arn)
    // lost the reference it reads, so the trust policy was never looked at and lint found nothing.
    const { loaded, findings } = await lint([REAL]);
    expect(loaded.inventory.functions.map((f) => [f.key, f.region, f.runtime, f.source?.line])).toEqual([
      ['aws_lambda_function.security_headers_origin-response', 'us-east-1', 'nodejs12.x', 12],
      ['aws_lambda_function.security_txt_origin-request', 'us-east-1', 'nodejs12.x', 43],
    ]);
    expect(findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.actual, f.file, f.line])).toEqual([
      ['runtime-unsupported', 'nodejs12.x', join(REAL, 'lambda.tf'), 12],
      ['runtime-unsupported', 'nodejs12.x', join(REAL, 'lambda.tf'), 43],
    ]);
    // archive_file zips file() contents at plan time: nothing to measure before, and it says so
    expect(loaded.notes.filter((n) => n.severity === 'warning' && /lambda_zip_file_int\.zip .*does not exist/.test(n.message))).toHaveLength(2);
  });
});

describe('serverless.yml', () => {
  it('lints to the same findings as the CloudFormation the framework would package', async () => {
    const sls = await lint([SLS]);
    const cfn = await lint([SLS_CFN]);
    expect(essence(sls.findings)).toEqual(essence(cfn.findings));
    expect(essence(sls.findings)).toEqual(
      expect.arrayContaining(['timeout-limit | error | viewer-response | 8 | 5', 'environment-variables | error | origin-response | 1 | "not supported"']),
    );
  });

  it('reads both event forms, provider defaults, function overrides and variables', async () => {
    const { loaded } = await lint([SLS]);
    const fns = new Map(loaded.inventory.functions.map((f) => [f.key, f]));
    // cloudFront-event functions: 128 MB / 5 s unless the function sets them (provider values do not apply)
    expect(fns.get('AuthLambdaFunction')).toMatchObject({
      functionName: 'edge-site-prod-auth',
      memoryMB: 128,
      timeoutSec: 5,
      runtime: 'nodejs20.x',
      region: 'us-east-1',
      environmentVariableNames: [],
    });
    expect(fns.get('HeadersLambdaFunction')).toMatchObject({ memoryMB: 128, timeoutSec: 8 });
    expect(fns.get('ApiLambdaFunction')).toMatchObject({ memoryMB: 2048, timeoutSec: 5, runtime: 'python3.12' });
    // the plugin form: provider defaults, environment kept (${env:…} falls back to its default)
    expect(fns.get('AssetsLambdaFunction')).toMatchObject({ memoryMB: 512, timeoutSec: 10, environmentVariableNames: ['ASSET_HOST'] });
    expect(fns.get('HeadersLambdaFunction')!.source).toEqual({ file: SLS, line: 30, column: 3 });
    const bindings = listEventBindings(loaded.inventory);
    expect(bindings.map((b) => [b.distributionId, b.pathPattern, b.eventType, b.functionKey, b.arnQualifier, b.includeBody, b.source?.line]).sort()).toEqual([
      ['CloudFrontDistribution', '*', 'viewer-request', 'AuthLambdaFunction', 'version', false, 27],
      ['CloudFrontDistribution', '*', 'viewer-response', 'HeadersLambdaFunction', 'version', false, 35],
      ['CloudFrontDistribution', '/api/*', 'origin-request', 'ApiLambdaFunction', 'version', true, 44],
      ['WebsiteDistribution', '/static/*', 'origin-response', 'AssetsLambdaFunction', 'version', false, 54],
    ]);
  });

  it('the packaged .serverless/cloudformation-template-update-stack.json is read as CloudFormation', async () => {
    const packaged = await lint(['test/fixtures/templates/serverless/edge-site/.serverless/cloudformation-template-update-stack.json']);
    const sls = await lint([SLS]);
    // The packaged template does not say its region (the framework passes it to the deploy call).
    const regionless = packaged.findings.filter((f) => f.ruleId === 'function-region');
    expect(regionless.map((f) => f.severity)).toEqual(['info', 'info', 'info', 'info']);
    expect(essence(packaged.findings.filter((f) => f.ruleId !== 'function-region'))).toEqual(essence(sls.findings));
  });

  it('an unresolvable variable is unknown, not a default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgecost-sls-'));
    const file = join(dir, 'serverless.yml');
    await writeFile(
      file,
      'service: s\nprovider:\n  name: aws\n  region: us-east-1\nfunctions:\n  edge:\n    handler: h.handler\n    memorySize: ${ssm:/edge/memory}\n    events:\n      - cloudFront:\n          eventType: viewer-request\n          origin: https://example.com\n',
    );
    const { loaded } = await lint([file]);
    expect(loaded.inventory.functions[0]!.memoryMB).toBeUndefined();
  });
});
