// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation Fn::Sub syntax, not a missed template literal
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../src/model/inventory.js';
import { measureArtifact, unbuiltFolderReason } from '../../src/sources/artifact.js';
import { loadTemplateSources, loadTemplates } from '../../src/sources/templates.js';

/** Issue 11, item 7: unbuilt code folders, CDK assets found through *.assets.json, inline code. */
const DIR = 'test/fixtures/lint/package-size';
const HASH = '3f1d9c2b7a6e5d4c3b2a19f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4';

const byId = (functions: FunctionConfig[]): Record<string, FunctionConfig> => Object.fromEntries(functions.map((fn) => [fn.key, fn]));

describe('package size', () => {
  const temporary: string[] = [];
  afterAll(async () => {
    for (const folder of temporary) await rm(folder, { recursive: true, force: true });
  });

  it('an unbuilt SAM CodeUri (package.json dependencies, no node_modules; requirements.txt, no installed package) is a lower bound', async () => {
    const loaded = await loadTemplates([`${DIR}/sam-unbuilt/template.yaml`]);
    const fns = byId(loaded.inventory.functions);
    expect(fns.ViewerAuth!.packageLowerBound).toEqual({
      reason: 'CodeUri viewer-auth/ is not built: its package.json lists 2 dependencies and it has no node_modules folder',
      hint: `run \`sam build\` and lint ${DIR}/sam-unbuilt/.aws-sam/build/template.yaml, or pass --artifact ViewerAuth=PATH with the built package`,
    });
    expect(fns.OriginPy!.packageLowerBound?.reason).toBe(
      'CodeUri origin-py/ is not built: its requirements.txt lists 2 requirements and no installed package (*.dist-info) is in it',
    );
    // node_modules is there: the measured size is the real one.
    expect(fns.OriginBuilt!.packageLowerBound).toBeUndefined();
    // The lower bound is still what was measured.
    expect(fns.ViewerAuth!.codeSizeBytes).toBe((await measureArtifact(`${DIR}/sam-unbuilt/viewer-auth`)).compressedBytes);
  });

  it('a CloudFormation Code path and an --artifact folder that are not built are lower bounds too', async () => {
    const text = `
Resources:
  EdgeRole: { Type: AWS::IAM::Role, Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: edgelambda.amazonaws.com } }] } } }
  Packaged: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs22.x, Handler: index.handler, Role: !GetAtt EdgeRole.Arn, Code: viewer-auth } }
  Named: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs22.x, Handler: index.handler, Role: !GetAtt EdgeRole.Arn, Code: { S3Bucket: b, S3Key: k.zip } } }
`;
    const loaded = await loadTemplateSources([{ file: `${DIR}/sam-unbuilt/cfn.yaml`, text }], { artifacts: { Named: `${DIR}/sam-unbuilt/origin-py` } });
    const fns = byId(loaded.inventory.functions);
    expect(fns.Packaged!.packageLowerBound).toEqual({
      reason: 'Code viewer-auth is not built: its package.json lists 2 dependencies and it has no node_modules folder',
      hint: 'install the dependencies into the folder, or pass --artifact Packaged=PATH with the built package',
    });
    expect(fns.Named!.packageLowerBound?.reason).toBe(
      `--artifact ${DIR}/sam-unbuilt/origin-py is not built: its requirements.txt lists 2 requirements and no installed package (*.dist-info) is in it`,
    );
  });

  it.each([
    ['package.json without dependencies', { 'package.json': '{"name":"x","devDependencies":{"esbuild":"1"}}' }, undefined],
    ['malformed package.json', { 'package.json': '{"dependencies":' }, undefined],
    ['requirements.txt of comments and options only', { 'requirements.txt': '# none\n-i https://example.com/simple\n\n' }, undefined],
    ['requirements.txt with its packages installed', { 'requirements.txt': 'requests==2.32.3\n', 'requests-2.32.3.dist-info/METADATA': 'x' }, undefined],
    ['one dependency', { 'package.json': '{"dependencies":{"a":"1"}}' }, 'its package.json lists 1 dependency and it has no node_modules folder'],
  ])('%s', async (_name, files, expected) => {
    const folder = await mkdtemp(join(tmpdir(), 'edgecost-unbuilt-'));
    temporary.push(folder);
    for (const [name, text] of Object.entries(files)) {
      await mkdir(join(folder, name, '..'), { recursive: true });
      await writeFile(join(folder, name), text);
    }
    expect(await unbuiltFolderReason(folder)).toBe(expected);
  });

  it('a cdk.out without aws:asset:path metadata finds the asset folder through *.assets.json by the S3 key', async () => {
    const loaded = await loadTemplates([`${DIR}/cdk-assets-only/cdk.out`]);
    const [fn] = loaded.inventory.functions;
    const asset = `${DIR}/cdk-assets-only/cdk.out/asset.${HASH}`;
    expect(fn!.artifactPath).toBe(asset);
    expect(fn!.codeSizeBytes).toBe((await measureArtifact(asset)).compressedBytes);
    expect(fn!.codeSizeBytes).toBe(252);
    expect(loaded.notes.map((n) => n.message)).toContain(
      `ViewerRewrite: the code of S3 key ${HASH}.zip is asset.${HASH}, found through ${DIR}/cdk-assets-only/cdk.out/EdgeStack.assets.json (the template has no aws:asset:path metadata)`,
    );
  });

  it('an asset manifest naming a path outside the assembly is not followed', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'edgecost-assets-'));
    temporary.push(folder);
    await cp(`${DIR}/cdk-assets-only/cdk.out`, join(folder, 'cdk.out'), { recursive: true });
    await writeFile(join(folder, 'secret.txt'), 'not for lint');
    const manifest = join(folder, 'cdk.out', 'EdgeStack.assets.json');
    await writeFile(
      manifest,
      JSON.stringify({ version: '48.0.0', files: { [HASH]: { source: { path: '../secret.txt', packaging: 'file' }, destinations: { d: { objectKey: `${HASH}.zip` } } } } }),
    );
    const loaded = await loadTemplates([join(folder, 'cdk.out')]);
    expect(loaded.inventory.functions[0]!.codeSizeBytes).toBeUndefined();
    expect(loaded.notes.map((n) => n.message)).toContain(`${manifest}: asset ${HASH} names ../secret.txt, outside the cloud assembly folder; it is not measured`);
  });

  it('inline code built with !Sub and !Join is measured from the template (exact when known, unknown parts as written)', async () => {
    const loaded = await loadTemplates([`${DIR}/inline-code.yaml`]);
    const fns = byId(loaded.inventory.functions);
    // Hand-counted byte lengths of the resolved strings (SamInline's ${AWS::Region} is the template's us-east-1).
    expect(Object.fromEntries(Object.entries(fns).map(([id, fn]) => [id, fn.codeSizeBytes]))).toEqual({ SubKnown: 138, SubUnknown: 88, JoinCode: 70, SamInline: 94 });
    expect(loaded.notes.map((n) => n.message)).toContain(
      'SubUnknown: the inline code is about 88 bytes: one part known only at deploy (${Bucket.Arn}) counted by its length in the template',
    );
    expect(loaded.notes.some((n) => n.message.includes('--artifact'))).toBe(false);
  });
});
