// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation Fn::Sub syntax, not a missed template literal
import { describe, expect, it } from 'vitest';
import type { LambdaAssociation } from '../../src/model/inventory.js';
import { lintInventory } from '../../src/quotas/engine.js';
import { type LoadedTemplates, loadTemplateSources, loadTemplates } from '../../src/sources/templates.js';
import { NOW, QUOTAS, RUNTIMES } from '../quotas/build.js';

/** Issue 11, item 6: `Fn::ImportValue` follows an export of another template of the same run. */
const DIR = 'test/fixtures/lint/cross-stack';
const EXPORTER = `${DIR}/edge-functions.yaml`;
const IMPORTER = `${DIR}/distribution.yaml`;

function associations(loaded: LoadedTemplates): LambdaAssociation[] {
  return loaded.inventory.distributions.flatMap((d) => d.behaviors.flatMap((b) => b.lambdaAssociations));
}

function lint(loaded: LoadedTemplates) {
  return lintInventory({ inventory: loaded.inventory, defects: loaded.defects }, { now: NOW, quotas: QUOTAS, runtimes: RUNTIMES, includeUnattachedFunctions: true });
}

const exporter = (name: string, region = 'us-east-1', value = '!Ref EdgeVersion') => `
Metadata: { edgecost: { region: ${region} } }
Parameters: { Env: { Type: String } }
Resources:
  Edge: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs22.x, Handler: index.handler, Code: { ZipFile: 'x' } } }
  EdgeVersion: { Type: AWS::Lambda::Version, Properties: { FunctionName: !Ref Edge } }
Outputs:
  EdgeArn: { Value: ${value}, Export: { Name: ${name} } }
`;
const importer = (name: string) => `
Metadata: { edgecost: { region: us-east-1 } }
Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        DefaultCacheBehavior:
          LambdaFunctionAssociations:
            - { EventType: viewer-request, LambdaFunctionARN: ${name} }
`;

describe('cross-stack links (Fn::ImportValue → Outputs.*.Export.Name)', () => {
  it('links both imports of the pair linted together, the rules applying to the real functions in both files', async () => {
    const loaded = await loadTemplates([IMPORTER, EXPORTER]);
    expect(associations(loaded).map((a) => [a.eventType, a.functionKey, a.arnQualifier, a.unresolvedReason])).toEqual([
      ['viewer-request', 'ViewerAuth', 'version', undefined],
      ['origin-request', 'OriginRouter', 'unqualified', undefined],
    ]);
    const notes = loaded.notes.map((n) => n.message);
    expect(notes).toContain(
      `Distribution viewer-request: the ARN is imported from export "edge-functions-ViewerAuthVersionArn", output ViewerAuthVersionArn of ${EXPORTER} (assuming AWS::StackName "edge-functions", as its export name \${AWS::StackName}-ViewerAuthVersionArn requires), whose value is ViewerAuth`,
    );
    const findings = lint(loaded).findings.map((f) => [f.ruleId, f.severity, f.resource, f.file, f.line, f.eventType]);
    expect(findings).toEqual([
      ['unversioned-function-arn', 'error', 'Distribution', IMPORTER, 29, 'origin-request'],
      ['memory-limit', 'error', 'ViewerAuth', EXPORTER, 18, 'viewer-request'],
    ]);
  });

  it('the importer alone: unresolved, naming the templates searched (never "lint that stack too" when it was)', async () => {
    const loaded = await loadTemplates([IMPORTER]);
    const [viewer] = associations(loaded);
    expect(viewer!.functionKey).toBeUndefined();
    expect(viewer!.unresolvedReason).toBe(
      `the ARN is imported from export "edge-functions-ViewerAuthVersionArn" in us-east-1, which no template of this run exports (searched only this template, ${IMPORTER} (no exports)); lint the template that exports it together with this one`,
    );
    const findings = lint(loaded).findings;
    expect(findings.filter((f) => f.ruleId === 'unresolved-function').map((f) => [f.severity, f.line])).toEqual([
      ['warning', 21],
      ['warning', 29],
    ]);
  });

  it('the exporter alone: its functions are possibly edge, and the note says to lint the importer with it', async () => {
    const loaded = await loadTemplates([EXPORTER]);
    expect(loaded.notes.map((n) => n.message)).toContain(
      'OriginRouter is possibly a Lambda@Edge function, judged by its role alone: it trusts edgelambda.amazonaws.com, no distribution in the inputs runs it and nothing else (custom resource, event source, schedule, API) invokes it; its event type is unknown; its ARN is exported as shared-origin-router-arn: lint the template that imports it together with this one',
    );
    expect(lint(loaded).findings.every((f) => f.severity === 'info')).toBe(true);
  });

  it.each([
    ['a literal name', 'edge-arn', '!ImportValue edge-arn', 'Edge', 'version'],
    ['an export name built from a parameter without a default is never matched', '!Sub "${Env}-arn"', '!ImportValue edge-arn', undefined, undefined],
    ['a qualifier written after the import', 'edge-fn', '!Join [":", [!ImportValue edge-fn, "7"]]', 'Edge', 'version'],
  ])('%s', async (_name, exportName, importExpr, key, qualifier) => {
    const loaded = await loadTemplateSources([
      { file: 'a.yaml', text: importer(importExpr) },
      { file: 'b.yaml', text: exporter(exportName) },
    ]);
    const [association] = associations(loaded);
    expect([association!.functionKey, association!.arnQualifier]).toEqual([key, key ? qualifier : 'unknown']);
    // A parameter without a default makes the export name unknown: never matched, and the reason lists it as written.
    if (!key) expect(association!.unresolvedReason).toContain('searched a.yaml (no exports); b.yaml (exports ${Env}-arn)');
  });

  it('an export of another region is not the one imported', async () => {
    const loaded = await loadTemplateSources([
      { file: 'a.yaml', text: importer('!ImportValue edge-arn') },
      { file: 'b.yaml', text: exporter('edge-arn', 'eu-west-1') },
    ]);
    expect(associations(loaded)[0]!.unresolvedReason).toContain('"edge-arn" in us-east-1, which no template of this run exports');
  });

  it('two templates exporting the same name: ambiguous, both named', async () => {
    const loaded = await loadTemplateSources([
      { file: 'a.yaml', text: importer('!ImportValue edge-arn') },
      { file: 'b.yaml', text: exporter('edge-arn') },
      { file: 'c.yaml', text: exporter('edge-arn') },
    ]);
    expect(associations(loaded)[0]!.unresolvedReason).toBe(
      'the ARN is imported from export "edge-arn", which 2 templates of the inputs export (b.yaml output EdgeArn, c.yaml output EdgeArn); lint one stack at a time',
    );
  });

  it('an export whose value is not a function says what it holds', async () => {
    const loaded = await loadTemplateSources([
      { file: 'a.yaml', text: importer('!ImportValue edge-arn') },
      { file: 'b.yaml', text: exporter('edge-arn', 'us-east-1', '!Ref Env') },
    ]);
    expect(associations(loaded)[0]!.unresolvedReason).toBe(
      'the ARN is imported from export "edge-arn", output EdgeArn of b.yaml, whose value cannot be followed to a function: parameter Env has no default value: the function is known only at deploy',
    );
  });
});
