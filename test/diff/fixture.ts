import type { Snapshot, UsageSeries } from '../../src/model/snapshot.js';

/**
 * A hand-sized account for the diff tests: November 2026 (30 days), one distribution E1TEST with one
 * cache behavior (*), 200,000 viewer requests a day, CloudFront CacheHitRate 85 %. Per day, in us-east-1:
 *   viewer-fn  (viewer-request,  128 MB): 200,000 invocations × 2 ms
 *   mem-fn     (origin-response, 1,024 MB): 100,000 invocations × 20 ms
 *   old-fn     (viewer-response, 128 MB): 200,000 invocations × 1 ms
 * So over the window: viewer-fn 6,000,000 inv, 12,000,000 ms; mem-fn 3,000,000 inv, 60,000,000 ms;
 * old-fn 6,000,000 inv, 6,000,000 ms. Billed = Duration + 0.5 ms × invocations. Run-rate factor 30.4375 / 30.
 */
export const ACCOUNT = '123456789012';
export const DAYS = 30;
export const NOW = new Date('2026-12-02T00:00:00Z');

const arn = (name: string, version?: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${version ? `:${version}` : ''}`;

function series(functionName: string, perDay: number, msEach: number): UsageSeries {
  return {
    functionName,
    functionArn: arn(functionName),
    version: '1',
    accountId: ACCOUNT,
    region: 'us-east-1',
    invocations: Array.from({ length: DAYS }, () => perDay),
    durationSumMs: Array.from({ length: DAYS }, () => perDay * msEach),
  };
}

function fn(name: string, memoryMB: number, logicalId: string) {
  return {
    key: arn(name, '1'),
    functionName: name,
    functionArn: arn(name),
    version: '1',
    accountId: ACCOUNT,
    region: 'us-east-1',
    memoryMB,
    tags: { 'aws:cloudformation:stack-name': 'web', 'aws:cloudformation:logical-id': logicalId },
  };
}

const association = (name: string, eventType: 'viewer-request' | 'viewer-response' | 'origin-request' | 'origin-response') => ({
  eventType,
  functionArn: arn(name, '1'),
  functionKey: arn(name, '1'),
  includeBody: false,
});

export function testSnapshot(): Snapshot {
  return {
    schemaVersion: 1,
    kind: 'edgecost.snapshot',
    generatedAt: NOW.toISOString(),
    source: { type: 'generated', accountId: ACCOUNT, tool: 'test' },
    window: { start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z', days: DAYS },
    inventory: {
      distributions: [
        {
          id: 'E1TEST',
          accountId: ACCOUNT,
          tags: { 'aws:cloudformation:stack-name': 'web', 'aws:cloudformation:logical-id': 'Dist' },
          behaviors: [
            {
              pathPattern: '*',
              lambdaAssociations: [association('viewer-fn', 'viewer-request'), association('mem-fn', 'origin-response'), association('old-fn', 'viewer-response')],
              functionAssociations: [],
            },
          ],
        },
      ],
      functions: [fn('viewer-fn', 128, 'ViewerFn'), fn('mem-fn', 1024, 'MemFn'), fn('old-fn', 128, 'OldFn')],
    },
    usage: [series('viewer-fn', 200_000, 2), series('mem-fn', 100_000, 20), series('old-fn', 200_000, 1)],
    distributionMetrics: [
      { distributionId: 'E1TEST', accountId: ACCOUNT, requests: Array.from({ length: DAYS }, () => 200_000), cacheHitRatePercent: 85, monitoringSubscription: true },
    ],
    regions: [{ region: 'us-east-1', status: 'ok' }],
  };
}

export interface TemplateFunction {
  logicalId: string;
  /** FunctionName; omitted: matched by the CloudFormation logical-id tag. */
  name?: string;
  memoryMB: number;
}

/** A CloudFormation template of the account above: functions and the associations of behavior *. */
export function template(functions: TemplateFunction[], associations: { logicalId: string; eventType: string }[]): string {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: [lambda.amazonaws.com, edgelambda.amazonaws.com] }',
    '            Action: sts:AssumeRole',
  ];
  for (const f of functions) {
    lines.push(`  ${f.logicalId}:`, '    Type: AWS::Lambda::Function', '    Properties:');
    if (f.name) lines.push(`      FunctionName: ${f.name}`);
    lines.push(
      '      Runtime: nodejs22.x',
      '      Handler: index.handler',
      '      Role: !GetAtt Role.Arn',
      `      MemorySize: ${f.memoryMB}`,
      '      Timeout: 5',
      '      Code:',
      '        ZipFile: "exports.handler = async (e) => e.Records[0].cf.request;"',
    );
    lines.push(`  ${f.logicalId}Version:`, '    Type: AWS::Lambda::Version', '    Properties:', `      FunctionName: !Ref ${f.logicalId}`);
  }
  lines.push(
    '  Dist:',
    '    Type: AWS::CloudFront::Distribution',
    '    Properties:',
    '      DistributionConfig:',
    '        Enabled: true',
    '        DefaultCacheBehavior:',
    '          TargetOriginId: o',
    '          ViewerProtocolPolicy: allow-all',
    '          LambdaFunctionAssociations:',
  );
  for (const a of associations) lines.push(`            - EventType: ${a.eventType}`, `              LambdaFunctionARN: !Ref ${a.logicalId}Version`);
  return `${lines.join('\n')}\n`;
}

export const BASE_FUNCTIONS: TemplateFunction[] = [
  { logicalId: 'ViewerFn', name: 'viewer-fn', memoryMB: 128 },
  { logicalId: 'MemFn', name: 'mem-fn', memoryMB: 1024 },
  { logicalId: 'OldFn', name: 'old-fn', memoryMB: 128 },
];
export const BASE_ASSOCIATIONS = [
  { logicalId: 'ViewerFn', eventType: 'viewer-request' },
  { logicalId: 'MemFn', eventType: 'origin-response' },
  { logicalId: 'OldFn', eventType: 'viewer-response' },
];
