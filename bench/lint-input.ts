/**
 * A large, realistic template for timing the lint input side (`npm run bench:lint` reuses it).
 *
 * Every group of four resources is one Lambda@Edge setup written the way people write them: a
 * function (code in S3, every third one over the viewer memory limit, some with environment
 * variables), a published version, a distribution running the version on viewer-request and the
 * version again on an ordered behavior through `Fn::Join` of the function ARN and the version
 * number, and an S3 bucket. Deterministic: the same count gives the same text.
 */

import { parseTemplateText } from '../src/sources/parse/index.js';

export interface LargeTemplateShape {
  functions: number;
  distributions: number;
  associations: number;
}

/** What `generateLargeTemplate(resources)` contains, for assertions. */
export function largeTemplateShape(resources: number): LargeTemplateShape {
  const groups = groupsOf(resources);
  return { functions: groups, distributions: groups, associations: groups * 2 };
}

/**
 * `json` (default) is the template in long form, the way CDK synthesises it — templates of 2,000
 * resources come from CDK, not from hand-written YAML. `yaml` is the same template with short-form
 * tags; the `yaml` package parses it at about 1.5 MB/s, so expect ~0.5 s for the YAML load alone
 * (JSON: ~0.2 s).
 */
export function generateLargeTemplate(resources: number, format: 'yaml' | 'json' = 'json'): string {
  const yaml = generateYaml(resources);
  return format === 'yaml' ? yaml : `${JSON.stringify(parseTemplateText('generated.yaml', yaml).root, null, 1)}\n`;
}

/** One shared execution role, then groups of four. */
function groupsOf(resources: number): number {
  return Math.max(0, Math.floor((resources - 1) / 4));
}

function generateYaml(resources: number): string {
  const groups = groupsOf(resources);
  const lines: string[] = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    `Description: generated benchmark template with ${resources} resources`,
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    Default: prod',
    'Resources:',
    '  EdgeRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal:',
    '              Service: [lambda.amazonaws.com, edgelambda.amazonaws.com]',
    '            Action: sts:AssumeRole',
  ];
  for (let i = 0; i < groups; i++) {
    const fn = `EdgeFunction${i}`;
    lines.push(
      `  ${fn}:`,
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      `      FunctionName: !Sub "\${Stage}-edge-${i}"`,
      '      Runtime: nodejs20.x',
      '      Handler: index.handler',
      '      Role: !GetAtt EdgeRole.Arn',
      `      MemorySize: ${i % 3 === 0 ? 256 : 128}`,
      `      Timeout: ${i % 5 === 0 ? 10 : 5}`,
      '      Code:',
      '        S3Bucket: edge-artifacts',
      `        S3Key: edge/${i}.zip`,
    );
    if (i % 4 === 0) lines.push('      Environment:', '        Variables:', '          STAGE: !Ref Stage', `          GROUP: "${i}"`);
    lines.push(
      `  ${fn}Version:`,
      '    Type: AWS::Lambda::Version',
      '    Properties:',
      `      FunctionName: !Ref ${fn}`,
      `  Bucket${i}:`,
      '    Type: AWS::S3::Bucket',
      `  Distribution${i}:`,
      '    Type: AWS::CloudFront::Distribution',
      '    Properties:',
      '      DistributionConfig:',
      '        Enabled: true',
      `        Comment: !Sub "\${Stage} site ${i}"`,
      '        Origins:',
      '          - Id: bucket',
      `            DomainName: !GetAtt Bucket${i}.RegionalDomainName`,
      '            S3OriginConfig: {}',
      '        DefaultCacheBehavior:',
      '          TargetOriginId: bucket',
      '          ViewerProtocolPolicy: redirect-to-https',
      '          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6',
      '          LambdaFunctionAssociations:',
      '            - EventType: viewer-request',
      `              LambdaFunctionARN: !Ref ${fn}Version`,
      '        CacheBehaviors:',
      `          - PathPattern: /api/${i}/*`,
      '            TargetOriginId: bucket',
      '            ViewerProtocolPolicy: https-only',
      '            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      '            LambdaFunctionAssociations:',
      '              - EventType: origin-request',
      `                LambdaFunctionARN: !Join [":", [!GetAtt ${fn}.Arn, !GetAtt ${fn}Version.Version]]`,
      '                IncludeBody: true',
    );
  }
  // Fill up to the exact count with resources the loader must skip.
  for (let i = groups * 4 + 1; i < resources; i++) lines.push(`  Queue${i}:`, '    Type: AWS::SQS::Queue');
  return `${lines.join('\n')}\n`;
}
