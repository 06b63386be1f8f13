// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation Fn::Sub syntax, not a missed template literal
import { describe, expect, it } from 'vitest';
import type { DeployValues } from '../../../src/sources/deploy-parameters.js';
import { loadTemplateSources } from '../../../src/sources/templates.js';

/** Deploy values (`lint --parameter/--region`) threaded into the CloudFormation reader as data. */
const TEMPLATE = `
Parameters:
  Stage: { Type: String, Default: dev, AllowedValues: [dev, prod] }
  Memory: { Type: Number, Default: 128 }
  Owner: { Type: String, Default: nobody }
  Token: { Type: String, NoEcho: true, AllowedValues: [one, two] }
  Secret: { Type: 'AWS::SSM::Parameter::Value<String>', Default: /edge/timeout }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  ProdOwnedByOps: !And [!Condition IsProd, !Equals [!Ref Owner, ops]]
  InUsEast: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Edge:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/edge
      MemorySize: !Ref Memory
      Timeout: !If [IsProd, 5, 3]
      FunctionName: !Sub '\${Stage}-edge-\${AWS::Region}'
      Code: { ZipFile: 'exports.handler = async (e) => e;' }
  EdgeVersion:
    Type: AWS::Lambda::Version
    Properties: { FunctionName: !Ref Edge }
  ProdOnly:
    Type: AWS::Lambda::Function
    Condition: IsProd
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/edge
      Timeout: !If [ProdOwnedByOps, 2, 4]
      Code: { ZipFile: 'exports.handler = async (e) => e;' }
  ProdOnlyVersion:
    Type: AWS::Lambda::Version
    Condition: IsProd
    Properties: { FunctionName: !Ref ProdOnly }
  EastOnly:
    Type: AWS::Lambda::Function
    Condition: InUsEast
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/edge
      Timeout: !Ref Secret
      Code: { ZipFile: 'exports.handler = async (e) => e;' }
  EastOnlyVersion:
    Type: AWS::Lambda::Version
    Condition: InUsEast
    Properties: { FunctionName: !Ref EastOnly }
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: o
          ViewerProtocolPolicy: allow-all
          LambdaFunctionAssociations:
            - { EventType: origin-request, LambdaFunctionARN: !Ref EdgeVersion }
            - !If [IsProd, { EventType: viewer-request, LambdaFunctionARN: !Ref ProdOnlyVersion }, !Ref AWS::NoValue]
            - !If [InUsEast, { EventType: origin-response, LambdaFunctionARN: !Ref EastOnlyVersion }, !Ref AWS::NoValue]
        Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }]
`;

function deploy(parameters: Record<string, string>, region?: string): DeployValues {
  return {
    parameters: new Map(Object.entries(parameters).map(([key, value]) => [key, { value, from: '--parameter' }])),
    ...(region ? { region: { name: region, from: '--region' } } : {}),
  };
}

async function load(values?: DeployValues, context = 'template.yaml', text = TEMPLATE) {
  const loaded = await loadTemplateSources([{ file: context, text }], values ? { deploy: values } : {});
  const byId = Object.fromEntries(loaded.inventory.functions.map((fn) => [fn.resource, fn]));
  return { loaded, byId, notes: loaded.notes.map((note) => `${note.severity}: ${note.message}`) };
}

describe('lint deploy values in CloudFormation templates', () => {
  it('without values, defaults fill Refs but decide no condition: both branches, every conditional resource', async () => {
    const { byId } = await load();
    expect(Object.keys(byId).sort()).toEqual(['EastOnly', 'Edge', 'ProdOnly']);
    expect(byId.Edge!.memoryMB).toBe(128);
    expect(byId.Edge!.timeoutSec).toBe(5); // the larger branch of IsProd
    expect(byId.Edge!.region).toBeUndefined();
  });

  it('a given value replaces the default and decides the conditions it alone reads', async () => {
    const { byId, notes } = await load(deploy({ Stage: 'dev', Memory: '256' }));
    expect(Object.keys(byId).sort()).toEqual(['EastOnly', 'Edge']);
    expect(byId.Edge!.memoryMB).toBe(256);
    expect(byId.Edge!.timeoutSec).toBe(3);
    expect(notes).toContain(
      'info: condition IsProd is false with the deploy values given: only what it deploys is linted (its true branches and the resources it does not create are left out)',
    );
  });

  it('a condition that also reads an ungiven parameter stays undecided (a default never decides)', async () => {
    const prod = await load(deploy({ Stage: 'prod' }));
    expect(Object.keys(prod.byId).sort()).toEqual(['EastOnly', 'Edge', 'ProdOnly']);
    expect(prod.byId.Edge!.timeoutSec).toBe(5);
    expect(prod.byId.ProdOnly!.timeoutSec).toBe(4); // both branches of ProdOwnedByOps: the larger
    const ops = await load(deploy({ Stage: 'prod', Owner: 'ops' }));
    expect(ops.byId.ProdOnly!.timeoutSec).toBe(2);
  });

  it('--region decides region conditions and is the region of a template that names none', async () => {
    const east = await load(deploy({}, 'us-east-1'));
    expect(east.byId.Edge!.region).toBe('us-east-1');
    expect(Object.keys(east.byId)).toContain('EastOnly');
    const west = await load(deploy({}, 'eu-west-1'));
    expect(west.byId.Edge!.region).toBe('eu-west-1');
    expect(Object.keys(west.byId)).not.toContain('EastOnly');
    expect(west.notes).toContain('info: the template names no region: it deploys to eu-west-1 (--region)');
  });

  it("the template's own region wins over --region, with a warning", async () => {
    const withHint = `${TEMPLATE}\nMetadata:\n  edgecost:\n    region: us-east-1\n`;
    const { byId, notes } = await load(deploy({}, 'eu-west-1'), 'hinted.yaml', withHint);
    expect(byId.Edge!.region).toBe('us-east-1');
    expect(notes).toContain('warning: the template deploys to us-east-1 (its Metadata.edgecost.region), not eu-west-1 (--region): using us-east-1');
  });

  it('an SSM-typed parameter holds the name of an SSM parameter: its value is known only at deploy', async () => {
    const { byId } = await load(deploy({ Secret: '/edge/other' }, 'us-east-1'));
    expect(byId.EastOnly!.timeoutSec).toBeUndefined();
  });

  it('a value outside AllowedValues, and a key no template declares, are warnings', async () => {
    const { notes } = await load(deploy({ Stage: 'qa', Stagee: 'prod' }));
    expect(notes).toContain('warning: parameter Stage = "qa" (--parameter) is not one of its AllowedValues (dev, prod): CloudFormation would refuse this deploy');
    expect(notes).toContain('warning: parameter Stagee (--parameter) is declared by no template read: it changes nothing (a typo?)');
  });

  it("a NoEcho parameter's value is never repeated", async () => {
    const { notes } = await load(deploy({ Token: 'hunter2' }));
    expect(notes).toContain('warning: parameter Token (--parameter) is not one of its AllowedValues (one, two): CloudFormation would refuse this deploy');
    expect(notes.join('\n')).not.toContain('hunter2');
  });

  it('Fn::Sub reads the given values and the region; an association under a condition that holds is kept', async () => {
    const { loaded, byId } = await load(deploy({ Stage: 'prod' }, 'us-east-1'));
    expect(byId.Edge!.functionName).toBe('prod-edge-us-east-1');
    const events = loaded.inventory.distributions[0]!.behaviors[0]!.lambdaAssociations.map((a) => a.eventType).sort();
    expect(events).toEqual(['origin-request', 'origin-response', 'viewer-request']);
  });
});
