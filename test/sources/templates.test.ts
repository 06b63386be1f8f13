// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation Fn::Sub syntax, not a missed template literal
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { type EventBinding, type FunctionConfig, type Inventory, listEventBindings } from '../../src/model/inventory.js';
import { type LoadedTemplates, loadTemplates } from '../../src/sources/templates.js';

const DIR = 'test/fixtures/templates';

function fn(inventory: Inventory, key: string): FunctionConfig {
  const found = inventory.functions.find((f) => f.key === key);
  if (!found) throw new Error(`no function ${key}; have ${inventory.functions.map((f) => f.key).join(', ')}`);
  return found;
}

function binding(loaded: LoadedTemplates, pathPattern: string, eventType: string): EventBinding {
  const found = listEventBindings(loaded.inventory).find((b) => b.pathPattern === pathPattern && b.eventType === eventType);
  if (!found) throw new Error(`no ${eventType} binding on ${pathPattern}`);
  return found;
}

/** Every association either names its function or says why it cannot: never silence. */
function expectEveryAssociationAccountedFor(loaded: LoadedTemplates): void {
  for (const b of listEventBindings(loaded.inventory)) {
    expect(b.functionKey !== undefined || b.unresolvedReason !== undefined, `${b.distributionId} ${b.pathPattern} ${b.eventType}`).toBe(true);
    if (b.functionKey !== undefined) expect(b.unresolvedReason).toBeUndefined();
  }
}

describe('SAM template (Globals, AutoPublishAlias, CodeUri folder and zip)', async () => {
  const file = `${DIR}/sam/template.yaml`;
  const loaded = await loadTemplates([file]);

  it.each([
    // key, memoryMB, timeoutSec, runtime, architectures, environment variable names, line
    ['ViewerAuthFunction', 256, 5, 'nodejs20.x', ['arm64'], ['LOG_LEVEL', 'JWKS_URL'], 43],
    ['OriginHeadersFunction', 512, 30, 'nodejs20.x', ['x86_64'], ['LOG_LEVEL'], 56],
    ['ImageResizeFunction', 1024, 30, 'python3.12', ['x86_64'], ['LOG_LEVEL'], 65],
  ])('%s: %d MB, %d s, %s, %j, env %j, line %d', (key, memoryMB, timeoutSec, runtime, architectures, env, line) => {
    expect(fn(loaded.inventory, key)).toMatchObject({
      memoryMB,
      timeoutSec,
      runtime,
      architectures,
      environmentVariableNames: env,
      packageType: 'Zip',
      resource: key,
      source: { file, line, column: 3 },
    });
  });

  it.each([
    // path, event, function key, qualifier, association line, include body
    ['*', 'viewer-request', 'ViewerAuthFunction', 'version', 108, false],
    ['*', 'origin-response', 'OriginHeadersFunction', 'version', 110, false],
    ['/images/resize/*', 'origin-request', 'ImageResizeFunction', 'unqualified', 118, true],
    ['/docs/*', 'viewer-response', 'OriginHeadersFunction', 'version', 129, false],
  ])('%s %s runs %s (%s) from line %d', (path, event, key, qualifier, line, includeBody) => {
    expect(binding(loaded, path, event)).toMatchObject({ distributionId: 'Distribution', functionKey: key, arnQualifier: qualifier, includeBody, source: { file, line } });
  });

  it('reads the CloudFront Function association and the distribution position', () => {
    const distribution = loaded.inventory.distributions[0]!;
    expect(distribution).toMatchObject({ id: 'Distribution', resource: 'Distribution', enabled: true, comment: 'product images', source: { file, line: 93 } });
    const docs = distribution.behaviors.find((b) => b.pathPattern === '/docs/*')!;
    expect(docs.functionAssociations).toEqual([{ eventType: 'viewer-request', functionArn: '${UrlRewriteFunction.FunctionARN}', source: { file, line: 126, column: 17 } }]);
  });

  it('measures the folder and the zip named by CodeUri', async () => {
    const viewer = fn(loaded.inventory, 'ViewerAuthFunction');
    const folderBytes = (await readFile(`${DIR}/sam/functions/viewer-auth/index.js`)).length + (await readFile(`${DIR}/sam/functions/viewer-auth/package.json`)).length;
    expect(viewer.unzippedSizeBytes).toBe(folderBytes);
    expect(viewer.codeSizeBytes).toBeGreaterThan(0);
    expect(viewer.artifactPath).toBe(`${DIR}/sam/functions/viewer-auth`);
    expect(fn(loaded.inventory, 'OriginHeadersFunction')).toMatchObject({ codeSizeBytes: 609, unzippedSizeBytes: 591, artifactPath: `${DIR}/sam/functions/origin-headers.zip` });
  });

  it('warns when CodeUri does not exist, naming it as written and where it resolved to, and leaves the size unknown', () => {
    const resize = fn(loaded.inventory, 'ImageResizeFunction');
    expect(resize.codeSizeBytes).toBeUndefined();
    const absolute = resolve(`${DIR}/sam/functions/image-resize`);
    expect(loaded.notes).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        resource: 'ImageResizeFunction',
        line: 65,
        message: `ImageResizeFunction: CodeUri functions/image-resize/ (resolved to ${absolute}) does not exist; the package size is unknown (build first, or pass --artifact ImageResizeFunction=PATH)`,
      }),
    );
  });

  it('notes a memory size taken from a parameter default, at the property line', () => {
    expect(loaded.notes).toContainEqual(
      expect.objectContaining({ severity: 'info', resource: 'OriginHeadersFunction', line: 62, message: expect.stringContaining('parameter OriginMemorySize') }),
    );
  });

  it('keeps out functions no distribution runs and leaves no association unaccounted for', () => {
    expect(loaded.inventory.functions.map((f) => f.key)).toEqual(['ViewerAuthFunction', 'OriginHeadersFunction', 'ImageResizeFunction']);
    expectEveryAssociationAccountedFor(loaded);
    expect(loaded.files).toEqual([file]);
  });
});

describe('the real cloudfront-authorization-at-edge SAM template', async () => {
  const file = `${DIR}/real/cloudfront-authorization-at-edge/template.yaml`;
  const loaded = await loadTemplates([file]);

  it.each([
    ['*', 'viewer-request', 'CheckAuthHandler', 564],
    ['*', 'origin-response', 'HttpHeadersHandler', 566],
    ['*', 'origin-request', 'TrailingSlashHandler', 570],
    ['/parseauth', 'viewer-request', 'ParseAuthHandler', 537],
    ['/refreshauth', 'viewer-request', 'RefreshAuthHandler', 546],
    ['/signout', 'viewer-request', 'SignOutHandler', 555],
  ])('%s %s follows the custom resource LambdaFunction property to %s (line %d)', (path, event, key, line) => {
    const b = binding(loaded, path, event);
    expect(b).toMatchObject({ functionKey: key, arnQualifier: 'unknown', source: { file, line } });
    expect(b.functionArn).toBe(`\${${key}CodeUpdate.FunctionArn}`);
    expect(loaded.notes).toContainEqual(
      expect.objectContaining({ line, message: expect.stringContaining(`custom resource ${key}CodeUpdate (Custom::LambdaCodeUpdate) property LambdaFunction`) }),
    );
  });

  it('applies Globals: nodejs20.x from Globals, the resource Timeout 5 over the global 60, SAM default 128 MB', () => {
    expect(loaded.inventory.functions).toHaveLength(6);
    for (const f of loaded.inventory.functions) {
      expect(f).toMatchObject({ runtime: 'nodejs20.x', timeoutSec: 5, memoryMB: 128, environmentVariableNames: [], layerArns: [] });
      // FunctionName is `!If [UseResourceSuffix, !Sub ..., !Ref AWS::NoValue]`: not a known name.
      expect(f.functionName).toBe(f.key);
    }
  });

  it('reports every missing CodeUri folder and the conditional parts', () => {
    const missing = loaded.notes.filter((n) => n.severity === 'warning' && n.message.includes('CodeUri'));
    expect(missing.map((n) => n.resource).sort()).toEqual([
      'CheckAuthHandler',
      'HttpHeadersHandler',
      'ParseAuthHandler',
      'RefreshAuthHandler',
      'SignOutHandler',
      'TrailingSlashHandler',
    ]);
    expect(loaded.notes).toContainEqual(expect.objectContaining({ message: expect.stringContaining('condition RewritePathWithTrailingSlashToIndex') }));
    expectEveryAssociationAccountedFor(loaded);
  });

  it('reports each association as unresolved, naming the custom resource, when LambdaFunction is absent', async () => {
    const text = (await readFile(file, 'utf8')).replace(/ {6}LambdaFunction: !If\n {8}- RegionIsNotUsEast1\n {8}- !GetAtt UsEast1Deployment\.\w+\n {8}- !GetAtt \w+\.Arn\n/g, '');
    const folder = await mkdtemp(join(tmpdir(), 'edgecost-real-'));
    await writeFile(join(folder, 'template.yaml'), text);
    const stripped = await loadTemplates([join(folder, 'template.yaml')]);
    const bindings = listEventBindings(stripped.inventory);
    expect(bindings).toHaveLength(6);
    for (const b of bindings) {
      expect(b.functionKey).toBeUndefined();
      expect(b.unresolvedReason).toMatch(/^Fn::GetAtt \w+CodeUpdate\.FunctionArn is an output of custom resource \w+CodeUpdate \(Custom::LambdaCodeUpdate\)/);
    }
    expect(stripped.inventory.functions).toHaveLength(6); // still there: their role trusts edgelambda
  });
});

describe('plain CloudFormation JSON', async () => {
  const file = `${DIR}/cloudformation/edge-functions.json`;
  const loaded = await loadTemplates([file]);

  it('maps every restricted property of the origin function', () => {
    expect(fn(loaded.inventory, 'SearchFunction')).toEqual({
      key: 'SearchFunction',
      functionName: 'SearchFunction',
      resource: 'SearchFunction',
      source: { file, line: 58, column: 5 },
      region: 'us-east-1',
      memoryMB: 2048,
      timeoutSec: 30,
      runtime: 'nodejs18.x',
      architectures: ['x86_64'],
      packageType: 'Zip',
      environmentVariableNames: ['INDEX_BUCKET', 'API_KEY'],
      layerArns: ['arn:aws:lambda:us-east-1:123456789012:layer:search-index:4'],
      vpcConfigured: true,
      tracingMode: 'Active',
      deadLetterTargetArn: '${SearchFailures.Arn}',
      ephemeralStorageMB: 1024,
      reservedConcurrency: 50,
      provisionedConcurrency: 5,
      // MemorySize is { "Fn::If": ["IsProd", 2048, 1024] }: the larger branch, and when it holds.
      valueConditions: { memoryMB: 'IsProd is true' },
    });
  });

  it('never stores environment variable values', () => {
    expect(JSON.stringify(loaded)).not.toContain('do-not-store-me');
  });

  it('leaves a memory size from a parameter without default unknown, with a warning at its line', () => {
    const redirect = fn(loaded.inventory, 'RedirectFunction');
    expect(redirect.memoryMB).toBeUndefined();
    expect(redirect).toMatchObject({ functionName: 'docs-redirect', timeoutSec: 5, codeSizeBytes: 230, unzippedSizeBytes: 230 });
    expect(loaded.notes).toContainEqual(
      expect.objectContaining({ severity: 'warning', resource: 'RedirectFunction', line: 44, message: expect.stringContaining('RedirectMemorySize has no default') }),
    );
  });

  it.each([
    ['*', 'viewer-request', 'RedirectFunction', 'version', undefined, 109],
    ['*', 'viewer-response', undefined, 'version', 'function defined outside this template', 110],
    ['/search*', 'origin-request', 'SearchFunction', 'version', undefined, 120],
    ['/legacy/*', 'viewer-request', 'RedirectFunction', 'latest', undefined, 135],
    // Issue 11: the message names the templates searched instead of asking to lint a template that may already be in the run.
    [
      '/legacy/*',
      'origin-response',
      undefined,
      'unknown',
      'the ARN is imported from export "shared-edge-HeadersVersionArn" in us-east-1, which no template of this run exports (searched only this template, test/fixtures/templates/cloudformation/edge-functions.json (no exports)); lint the template that exports it together with this one',
      139,
    ],
  ])('%s %s → %s (%s) %s', (path, event, key, qualifier, reason, line) => {
    expect(binding(loaded, path, event)).toMatchObject({ functionKey: key, arnQualifier: qualifier, unresolvedReason: reason, source: { file, line } });
  });

  it('keeps the literal ARN of a function outside the template', () => {
    expect(binding(loaded, '*', 'viewer-response').functionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:shared-security-headers:7');
    expect(binding(loaded, '/search*', 'origin-request').functionArn).toBe('${SearchFunction.Arn}:${SearchVersion.Version}');
  });

  it('measures a package named with --artifact and warns about names that match nothing', async () => {
    const withArtifact = await loadTemplates([file], {
      artifacts: { SearchFunction: `${DIR}/sam/functions/origin-headers.zip`, NoSuchFunction: `${DIR}/sam/functions/origin-headers.zip` },
    });
    expect(fn(withArtifact.inventory, 'SearchFunction')).toMatchObject({ codeSizeBytes: 609, unzippedSizeBytes: 591, artifactPath: `${DIR}/sam/functions/origin-headers.zip` });
    expect(withArtifact.notes).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringContaining('--artifact NoSuchFunction=') }));
    await expect(loadTemplates([file], { artifacts: { SearchFunction: `${DIR}/missing.zip` } })).rejects.toBeInstanceOf(InputError);
  });
});

describe('CDK cdk.out with a cross-region EdgeFunction', async () => {
  const folder = `${DIR}/cdk/cdk.out`;
  const edgeFile = `${folder}/edge-lambda-stack-c8a4f2f1e50d7b2b6c3e1f9a0d4c8e7b6a5f4e3d2c.template.json`;
  const webFile = `${folder}/WebStack.template.json`;
  const loaded = await loadTemplates([folder]);

  it('reads every stack of the manifest', () => {
    expect(loaded.files).toEqual([edgeFile, webFile]);
  });

  it.each([
    ['EdgeAuthFD9B2C43', 128, 5, 44],
    ['OriginRouter5E0A7C3D', 512, 10, 136],
  ])('%s: %d MB, %d s, us-east-1 from the stack environment, asset measured', (key, memoryMB, timeoutSec, line) => {
    const f = fn(loaded.inventory, key);
    expect(f).toMatchObject({ memoryMB, timeoutSec, region: 'us-east-1', accountId: '123456789012', runtime: 'nodejs20.x', source: { file: edgeFile, line } });
    expect(f.artifactPath).toMatch(/^test\/fixtures\/templates\/cdk\/cdk\.out\/asset\./);
    expect(f.unzippedSizeBytes).toBeGreaterThan(400);
  });

  it.each([
    ['*', 'viewer-request', 'EdgeAuthFD9B2C43', 'version', 137],
    ['/static/*', 'origin-request', 'OriginRouter5E0A7C3D', 'version', 155],
  ])('%s %s follows the SSM parameter across stacks to %s', (path, event, key, qualifier, line) => {
    expect(binding(loaded, path, event)).toMatchObject({ distributionId: 'SiteDistribution3FF9535D', functionKey: key, arnQualifier: qualifier, source: { file: webFile, line } });
  });

  it('leaves the custom resource provider function out of the inventory', () => {
    expect(loaded.inventory.functions.map((f) => f.key)).toEqual(['EdgeAuthFD9B2C43', 'OriginRouter5E0A7C3D']);
  });

  it('explains what is missing when only the distribution stack is given', async () => {
    const alone = await loadTemplates([webFile]);
    const b = binding(alone, '*', 'viewer-request');
    expect(b.functionKey).toBeUndefined();
    expect(b.unresolvedReason).toContain('SSM parameter /cdk/EdgeFunctionArn/eu-west-1/WebStack/EdgeAuth in us-east-1');
    expect(b.unresolvedReason).toContain('lint the whole cdk.out folder');
    expect(alone.inventory.functions).toEqual([]);
  });

  it('reads the assembly when given its manifest.json', async () => {
    const viaManifest = await loadTemplates([`${folder}/manifest.json`]);
    expect(viaManifest.inventory).toEqual(loaded.inventory);
  });
});

describe('Terraform plan JSON', async () => {
  const file = `${DIR}/terraform/plan.json`;
  const loaded = await loadTemplates([file]);

  it.each([
    ['aws_lambda_function.viewer_auth', 'site-viewer-auth', 128, 5, ['x86_64'], [], 263],
    ['aws_lambda_function.origin_router', 'site-origin-router', 1024, 30, ['x86_64'], ['TABLE_NAME', 'STAGE'], 223],
    ['module.headers.aws_lambda_function.this', 'site-security-headers', 128, 5, ['arm64'], [], 302],
  ])('%s (%s): %d MB, %d s, %j, env %j, line %d, region us-east-1 from the aliased provider', (key, name, memoryMB, timeoutSec, architectures, env, line) => {
    expect(fn(loaded.inventory, key)).toMatchObject({
      functionName: name,
      resource: key,
      memoryMB,
      timeoutSec,
      architectures,
      environmentVariableNames: env,
      region: 'us-east-1',
      source: { file, line },
    });
  });

  it.each([
    ['*', 'viewer-request', 'aws_lambda_function.viewer_auth', 'version', undefined, 47],
    ['*', 'origin-response', 'module.headers.aws_lambda_function.this', 'version', undefined, 43],
    ['/api/*', 'origin-request', 'aws_lambda_function.origin_router', 'unqualified', undefined, 91],
    ['/legacy/*', 'viewer-request', undefined, 'version', 'function defined outside this plan', 129],
  ])('%s %s → %s (%s)', (path, event, key, qualifier, reason, line) => {
    expect(binding(loaded, path, event)).toMatchObject({
      distributionId: 'aws_cloudfront_distribution.site',
      functionKey: key,
      arnQualifier: qualifier,
      unresolvedReason: reason,
      source: { file, line },
    });
  });

  it('measures the zip named by filename, relative to the plan', () => {
    expect(fn(loaded.inventory, 'aws_lambda_function.viewer_auth')).toMatchObject({
      codeSizeBytes: 262,
      unzippedSizeBytes: 204,
      artifactPath: `${DIR}/terraform/build/viewer_auth.zip`,
    });
    expect(loaded.notes).toContainEqual(
      expect.objectContaining({ severity: 'warning', resource: 'aws_lambda_function.origin_router', message: expect.stringContaining('does not exist') }),
    );
  });

  it('reads include_body and the CloudFront Function association', () => {
    expect(binding(loaded, '/api/*', 'origin-request').includeBody).toBe(true);
    const legacy = loaded.inventory.distributions[0]!.behaviors.find((b) => b.pathPattern === '/legacy/*')!;
    expect(legacy.functionAssociations).toEqual([
      { eventType: 'viewer-response', functionArn: 'arn:aws:cloudfront::123456789012:function/add-hsts', source: { file, line: 123, column: 19 } },
    ]);
    expectEveryAssociationAccountedFor(loaded);
  });
});

describe('several inputs at once', () => {
  it('keys colliding logical ids as <file>#<id>', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'edgecost-two-'));
    const copy = join(folder, 'copy.yaml');
    await writeFile(copy, await readFile(`${DIR}/sam/template.yaml`, 'utf8'));
    const loaded = await loadTemplates([`${DIR}/sam/template.yaml`, copy, `${DIR}/terraform/plan.json`]);
    const keys = loaded.inventory.functions.map((f) => f.key);
    expect(keys).toContain(`${DIR}/sam/template.yaml#ViewerAuthFunction`);
    expect(keys).toContain(`${copy}#ViewerAuthFunction`);
    expect(keys).toContain('aws_lambda_function.viewer_auth');
    expect(loaded.inventory.distributions.map((d) => d.id)).toEqual([`${DIR}/sam/template.yaml#Distribution`, `${copy}#Distribution`, 'aws_cloudfront_distribution.site']);
    expect(binding(loaded, '/images/resize/*', 'origin-request').functionKey).toBe(`${DIR}/sam/template.yaml#ImageResizeFunction`);
  });

  it('reads the same file once', async () => {
    const loaded = await loadTemplates([`${DIR}/sam/template.yaml`, `${DIR}/sam/template.yaml`]);
    expect(loaded.files).toHaveLength(1);
  });

  it('reads every template-looking file of a folder and skips other YAML/JSON', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'edgecost-folder-'));
    await writeFile(join(folder, 'edge.json'), await readFile(`${DIR}/cloudformation/edge-functions.json`, 'utf8'));
    await writeFile(join(folder, 'docker-compose.yaml'), 'services:\n  web:\n    image: nginx\n');
    await writeFile(join(folder, 'package.json'), '{"name":"x"}\n');
    const loaded = await loadTemplates([folder]);
    expect(loaded.files).toEqual([join(folder, 'edge.json')]);
    expect(loaded.inventory.functions.map((f) => f.key)).toEqual(['RedirectFunction', 'SearchFunction']);
  });
});

describe('malformed input', () => {
  it.each([
    ['invalid-indentation.yaml', 7, /invalid YAML/],
    ['truncated.json', 9, /invalid JSON/],
    ['docker-compose.yaml', 1, /not a CloudFormation\/SAM\/CDK template or a Terraform plan/],
    ['unknown-plan-format.json', 2, /unknown Terraform plan format_version "2.0"/],
    ['resources-not-a-mapping.yaml', 3, /"Resources" is not a mapping/],
    ['unknown-tag.yaml', 6, /Unresolved tag: !Reff/],
  ])('%s → InputError at line %d', async (name, line, message) => {
    const file = `${DIR}/malformed/${name}`;
    const error = await loadTemplates([file]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file, line, exitCode: 2 });
    expect((error as InputError).message).toMatch(message);
  });

  // Issue 11: a duplicate key was an InputError (exit 2); CloudFormation keeps the last value, so it is a finding now.
  it('duplicate-key.yaml: the last value wins and the duplicate is an input defect at its line', async () => {
    const file = `${DIR}/malformed/duplicate-key.yaml`;
    const loaded = await loadTemplates([file]);
    expect(loaded.defects).toEqual([
      expect.objectContaining({ kind: 'input', file, line: 8, resource: 'MemorySize', message: expect.stringMatching(/duplicate key "MemorySize"/) }),
    ]);
  });

  it('a path that does not exist is an InputError', async () => {
    await expect(loadTemplates([`${DIR}/nope.yaml`])).rejects.toMatchObject({ file: `${DIR}/nope.yaml`, message: expect.stringContaining('no such file') });
  });

  it('a folder without templates is an InputError', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'edgecost-empty-'));
    await writeFile(join(folder, 'notes.yaml'), 'title: nothing here\n');
    await expect(loadTemplates([folder])).rejects.toMatchObject({ file: folder, message: expect.stringContaining('no CloudFormation/SAM/CDK template') });
  });
});

describe('associations CloudFront rejects are defects, not skipped (invalid-association)', async () => {
  const file = 'test/fixtures/lint/templates/invalid-associations.yaml';
  const loaded = await loadTemplates([file]);
  const associations = loaded.defects.filter((d) => d.kind === 'association');

  it.each([
    // line, path pattern, actual, restriction, unknown, message
    [
      43,
      '*',
      'viewer-requestt',
      'associationEventTypes',
      undefined,
      'has EventType "viewer-requestt", not one of viewer-request, viewer-response, origin-request, origin-response',
    ],
    [45, '*', 'viewer-response', 'associationShape', undefined, 'is the string "viewer-response", not a mapping with EventType and LambdaFunctionARN'],
    [46, '*', 'no EventType', 'associationShape', undefined, 'has no EventType'],
    [47, '*', 'no LambdaFunctionARN', 'associationShape', undefined, 'has no LambdaFunctionARN'],
    [53, '/api/*', '5', 'associationShape', undefined, 'LambdaFunctionAssociations of /api/* is number 5, not a list of associations'],
    [59, '/app/*', '${EdgeEvent}', 'associationEventTypes', true, 'cannot be evaluated before deploy (parameter EdgeEvent has no default value)'],
  ])('line %d (%s): %s', (line, pathPattern, actual, restriction, unknown, message) => {
    const defect = associations.find((d) => d.line === line);
    expect(defect).toMatchObject({ resource: 'Distribution', distributionId: 'Distribution', file, pathPattern, actual, restriction });
    expect(defect?.unknown).toBe(unknown);
    expect(defect?.message).toContain(message);
  });

  it('reports each bad association once, keeps none of them as an association, and notes nothing about them', () => {
    expect(associations).toHaveLength(6);
    expect(listEventBindings(loaded.inventory)).toEqual([]);
    expect(loaded.notes.filter((n) => n.message.includes('skipped'))).toEqual([]);
  });

  it('still lints the function a bad association names (unattached), and links the defect to it', () => {
    expect(loaded.inventory.functions.map((f) => f.key)).toEqual(['AuthFunction']);
    expect(associations.find((d) => d.line === 43)).toMatchObject({ functionKey: 'AuthFunction', functionArn: '${AuthFunctionVersion}' });
    expect(associations.find((d) => d.line === 47)).toMatchObject({ eventType: 'origin-request' });
    expect(associations.find((d) => d.line === 47)?.functionKey).toBeUndefined();
  });

  it('a list built by an intrinsic that cannot be evaluated is unknown, one that evaluates is read', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'edgecost-assoc-'));
    const template = join(folder, 'template.yaml');
    const text = (await readFile(file, 'utf8'))
      .replace('LambdaFunctionAssociations: 5', 'LambdaFunctionAssociations: !Ref EdgeEvent')
      .replace(
        / {10}LambdaFunctionAssociations:\n {12}- EventType: viewer-requestt[\s\S]*?- EventType: origin-request\n/,
        '          LambdaFunctionAssociations: !If [Never, [], [{ EventType: viewer-request, LambdaFunctionARN: !Ref AuthFunctionVersion }]]\n',
      )
      .replace('Resources:', 'Conditions:\n  Never: !Equals [a, b]\n\nResources:');
    await writeFile(template, text);
    const edited = await loadTemplates([template]);
    expect(edited.defects.map((d) => [d.pathPattern, d.unknown ?? false])).toEqual([
      ['/api/*', true],
      ['/app/*', true],
    ]);
    expect(listEventBindings(edited.inventory).map((b) => [b.pathPattern, b.eventType, b.functionKey])).toEqual([['*', 'viewer-request', 'AuthFunction']]);
  });
});

describe('memory sizes and timeouts that are not whole numbers are defects', async () => {
  const file = 'test/fixtures/lint/templates/invalid-values.yaml';
  const loaded = await loadTemplates([file]);

  it.each([
    ['WordsFunction', 'memory', 15, 'lots', 'MemorySize "lots" is not a number (CloudFormation rejects it)'],
    ['HalfFunction', 'timeout', 35, 2.5, 'Timeout 2.5 is not a whole number (CloudFormation rejects it)'],
  ])('%s %s at line %d: %s', (key, kind, line, actual, message) => {
    expect(loaded.defects).toContainEqual({ kind, resource: key, file, line, column: 7, message, actual, functionKey: key });
    expect(fn(loaded.inventory, key)[kind === 'memory' ? 'memoryMB' : 'timeoutSec']).toBeUndefined();
  });

  it('keeps out-of-range numbers as they are, for the rules to judge', () => {
    expect(fn(loaded.inventory, 'WordsFunction').timeoutSec).toBe(-4);
    expect(fn(loaded.inventory, 'SmallFunction')).toMatchObject({ memoryMB: 64, timeoutSec: 0 });
    expect(loaded.defects).toHaveLength(2);
    expect(loaded.notes.filter((n) => n.message.includes('is not a number'))).toEqual([]);
  });

  it.each([
    ['"256"', 256],
    ["'128'", 128],
    ['0x80', 128],
  ])('MemorySize %s is the number %d', async (written, memoryMB) => {
    const folder = await mkdtemp(join(tmpdir(), 'edgecost-values-'));
    const template = join(folder, 'template.yaml');
    await writeFile(template, (await readFile(file, 'utf8')).replace('MemorySize: "lots"', `MemorySize: ${written}`));
    const edited = await loadTemplates([template]);
    expect(fn(edited.inventory, 'WordsFunction').memoryMB).toBe(memoryMB);
    expect(edited.defects.filter((d) => d.resource === 'WordsFunction')).toEqual([]);
  });

  it.each([['true'], ['""'], ['"128 MB"'], ['[128]']])('MemorySize %s is a defect', async (written) => {
    const folder = await mkdtemp(join(tmpdir(), 'edgecost-values-'));
    const template = join(folder, 'template.yaml');
    await writeFile(template, (await readFile(file, 'utf8')).replace('MemorySize: "lots"', `MemorySize: ${written}`));
    const edited = await loadTemplates([template]);
    expect(edited.defects.filter((d) => d.resource === 'WordsFunction')).toEqual([
      expect.objectContaining({ kind: 'memory', line: 15, message: expect.stringMatching(/^MemorySize .* is not a number/) }),
    ]);
  });

  it('a memory size from a parameter default is not a literal: a warning note, not a defect', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'edgecost-values-'));
    const template = join(folder, 'template.yaml');
    const text = (await readFile(file, 'utf8'))
      .replace('MemorySize: "lots"', 'MemorySize: !Ref Size')
      .replace('Resources:', 'Parameters:\n  Size:\n    Type: String\n    Default: lots\n\nResources:');
    await writeFile(template, text);
    const edited = await loadTemplates([template]);
    expect(edited.defects.filter((d) => d.resource === 'WordsFunction')).toEqual([]);
    expect(edited.notes).toContainEqual(
      expect.objectContaining({ severity: 'warning', resource: 'WordsFunction', message: expect.stringContaining('is not a number; the memory size is unknown') }),
    );
  });
});

describe('Terraform plan: bad associations and values are defects', async () => {
  const file = 'test/fixtures/lint/templates/invalid-plan.json';
  const loaded = await loadTemplates([file]);

  it('an unknown event_type and a block without event_type or lambda_arn', () => {
    const associations = loaded.defects.filter((d) => d.kind === 'association');
    expect(associations).toEqual([
      expect.objectContaining({
        resource: 'aws_cloudfront_distribution.site',
        distributionId: 'aws_cloudfront_distribution.site',
        pathPattern: '*',
        line: 129,
        actual: 'viewer-requestt',
        restriction: 'associationEventTypes',
        functionKey: 'aws_lambda_function.auth',
        message: 'a lambda_function_association of * has event_type "viewer-requestt", not one of viewer-request, viewer-response, origin-request, origin-response',
      }),
      expect.objectContaining({ line: 133, actual: 'no event_type', expected: 'required', message: 'a lambda_function_association of * has no event_type and no lambda_arn' }),
    ]);
    expect(listEventBindings(loaded.inventory).map((b) => [b.pathPattern, b.eventType])).toEqual([['/images/*', 'origin-response']]);
  });

  it('memory_size "lots" is a defect; timeout 0 is kept for the rules', () => {
    expect(loaded.defects.filter((d) => d.kind !== 'association')).toEqual([
      expect.objectContaining({
        kind: 'memory',
        resource: 'aws_lambda_function.images',
        functionKey: 'aws_lambda_function.images',
        actual: 'lots',
        message: 'memory_size "lots" is not a number (the AWS provider rejects it)',
      }),
    ]);
    expect(fn(loaded.inventory, 'aws_lambda_function.auth').timeoutSec).toBe(0);
  });

  it('names a missing filename zip as written and resolved', () => {
    const written = loaded.notes.filter((n) => n.message.includes('(resolved to '));
    expect(written.map((n) => n.resource)).toEqual(['aws_lambda_function.auth', 'aws_lambda_function.images']);
    expect(written[0]!.message).toContain(`filename src/auth.zip (resolved to ${resolve('test/fixtures/lint/templates/src/auth.zip')}) does not exist;`);
  });
});
