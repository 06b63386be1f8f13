// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation Fn::Sub syntax, not a missed template literal
import { describe, expect, it } from 'vitest';
import { ArnResolver, type Resolution } from '../../../src/sources/cloudformation/arn-resolver.js';
import { Template } from '../../../src/sources/cloudformation/template.js';
import { parseTemplateText } from '../../../src/sources/parse/index.js';

/** A template with one function of each kind the resolver follows to. */
const TEMPLATE = `
Parameters:
  EdgeArn:
    Type: String
    Default: arn:aws:lambda:us-east-1:123456789012:function:outside:4
  NoDefault:
    Type: String
Resources:
  Edge:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: edge-auth
  EdgeVersion:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref Edge
  EdgeAlias:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Edge
      FunctionVersion: !GetAtt EdgeVersion.Version
      Name: live
  Sam:
    Type: AWS::Serverless::Function
    Properties:
      AutoPublishAlias: live
  Publisher:
    Type: Custom::PublishVersion
    Properties:
      LambdaFunction: !Ref Edge
  Reader:
    Type: Custom::CrossRegionStringParameterReader
    Properties:
      ParameterName: /cdk/EdgeArn
      Region: us-east-1
  Nested:
    Type: AWS::CloudFormation::Stack
  Bucket:
    Type: AWS::S3::Bucket
`;

function resolve(expression: string): Resolution[] {
  const doc = parseTemplateText('template.yaml', `${TEMPLATE}  Probe:\n    Type: Test::Probe\n    Properties:\n      Arn: ${expression}\n`);
  const template = new Template('template.yaml', doc, {});
  const probe = template.resources.get('Probe')!;
  return new ArnResolver(template).resolveArn(probe.properties.Arn, 0);
}

/** The first resolution, reduced to what a reader of the association needs. */
function summary(expression: string): string {
  const [first] = resolve(expression);
  if (!first) return 'none';
  switch (first.kind) {
    case 'function':
      return `function ${first.id} ${first.qualifier}`;
    case 'ssm':
      return `ssm ${first.name} ${first.region ?? '?'}`;
    case 'literal':
      return `literal ${first.arn} ${first.qualifier}`;
    case 'import':
      return `import ${first.name}${first.qualifier ? ` ${first.qualifier}` : ''}`;
    default:
      return `unresolved: ${first.reason}`;
  }
}

describe('ArnResolver', () => {
  it.each([
    ['!Ref EdgeVersion', 'function Edge version'],
    ['!Ref EdgeAlias', 'function Edge alias'],
    ['!GetAtt Edge.Arn', 'function Edge unqualified'],
    ['!Ref Sam.Version', 'function Sam version'],
    ['!GetAtt Sam.Alias', 'function Sam alias'],
    ['!Sub "${Edge.Arn}:7"', 'function Edge version'],
    ['!Sub "${Edge.Arn}:$LATEST"', 'function Edge latest'],
    ['!Join [":", [!GetAtt Edge.Arn, !GetAtt EdgeVersion.Version]]', 'function Edge version'],
    ['arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3', 'function Edge version'],
    ['!Ref EdgeArn', 'literal arn:aws:lambda:us-east-1:123456789012:function:outside:4 version'],
    ['!GetAtt Publisher.FunctionArn', 'function Edge unknown'],
    ['!GetAtt Reader.Parameter.Value', 'ssm /cdk/EdgeArn us-east-1'],
    ['!Ref NoDefault', 'unresolved: parameter NoDefault has no default value: the function is known only at deploy'],
    ['!Ref Bucket', 'unresolved: Ref Bucket is the id of a AWS::S3::Bucket, not a Lambda function ARN'],
    ['!GetAtt Nested.Outputs.EdgeArn', 'unresolved: Fn::GetAtt Nested.Outputs.EdgeArn is an output of nested stack Nested; lint the nested template too'],
    ['!ImportValue shared-EdgeArn', 'import shared-EdgeArn'],
    ['!Join [":", [!ImportValue shared-EdgeArn, "3"]]', 'import shared-EdgeArn version'],
    [
      '!ImportValue {"Fn::Sub": "${NoDefault}-EdgeArn"}',
      "unresolved: the ARN is imported from another stack's export ${NoDefault}-EdgeArn, whose name cannot be evaluated before deploy (parameter NoDefault has no default value)",
    ],
    ['"not an arn"', 'unresolved: "not an arn" is not a Lambda function ARN'],
  ])('%s → %s', (expression, expected) => {
    expect(summary(expression)).toBe(expected);
  });

  it('follows both branches of Fn::If, naming the condition', () => {
    const resolutions = resolve('!If [IsProd, !Ref EdgeVersion, !GetAtt Edge.Arn]');
    expect(resolutions.map((r) => (r.kind === 'function' ? `${r.id} ${r.qualifier} via ${r.via.join('; ')}` : r.kind))).toEqual([
      'Edge version via AWS::Lambda::Version EdgeVersion; Fn::If IsProd',
      'Edge unqualified via Fn::If IsProd',
    ]);
  });

  it('drops an AWS::NoValue branch and says so when nothing is left', () => {
    expect(resolve('!If [IsProd, !Ref EdgeVersion, !Ref AWS::NoValue]').map((r) => r.kind)).toEqual(['function']);
    expect(summary('!Ref AWS::NoValue')).toBe('unresolved: the ARN is AWS::NoValue');
  });

  it('targetOf names the function, the SSM hand-over or the literal ARN', () => {
    const doc = parseTemplateText('t.yaml', TEMPLATE);
    const resolver = new ArnResolver(new Template('t.yaml', doc, {}));
    expect(resolver.targetOf({ Ref: 'EdgeVersion' })).toEqual({ kind: 'function', file: 't.yaml', id: 'Edge' });
    expect(resolver.targetOf({ 'Fn::GetAtt': ['Reader', 'Parameter.Value'] })).toEqual({ kind: 'ssm-parameter', name: '/cdk/EdgeArn', region: 'us-east-1', reader: 'Reader' });
    expect(resolver.targetOf('arn:aws:lambda:us-east-1:210987654321:function:x:1')).toEqual({
      kind: 'literal-arn',
      arn: 'arn:aws:lambda:us-east-1:210987654321:function:x:1',
      scope: 'template',
    });
    expect(resolver.targetOf({ Ref: 'Bucket' })).toBeUndefined();
  });
});
