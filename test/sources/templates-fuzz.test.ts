// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation Fn::Sub syntax, not a missed template literal
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { listEventBindings } from '../../src/model/inventory.js';
import { type LoadedTemplates, loadTemplateSources } from '../../src/sources/templates.js';

const DIR = 'test/fixtures/templates';
const FIXTURES = [
  ['sam.yaml', readFileSync(`${DIR}/sam/template.yaml`, 'utf8')],
  ['real.yaml', readFileSync(`${DIR}/real/cloudfront-authorization-at-edge/template.yaml`, 'utf8')],
  ['edge.json', readFileSync(`${DIR}/cloudformation/edge-functions.json`, 'utf8')],
  ['plan.json', readFileSync(`${DIR}/terraform/plan.json`, 'utf8')],
] as const;

/** The only acceptable outcomes: an inventory whose associations are all accounted for, or an InputError with a line. */
async function outcome(file: string, text: string): Promise<'loaded' | 'input-error'> {
  let loaded: LoadedTemplates;
  try {
    loaded = await loadTemplateSources([{ file, text }]);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(error.file).toBe(file);
    expect(error.line).toBeGreaterThanOrEqual(1);
    return 'input-error';
  }
  for (const binding of listEventBindings(loaded.inventory)) {
    expect(binding.functionKey !== undefined || binding.unresolvedReason !== undefined).toBe(true);
  }
  return 'loaded';
}

const name = fc.constantFrom('Fn', 'Version', 'Alias', 'Custom', 'Param', 'Dist', 'Missing', 'AWS::NoValue', 'AWS::Region', 'Fn.Version', 'Param2');
const attribute = fc.constantFrom('Arn', 'Version', 'FunctionArn', 'Value', 'X');

/** CloudFormation-shaped values, intrinsics nested in every way the resolver must survive. */
const expression: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('arn:aws:lambda:us-east-1:123456789012:function:x:3', 'viewer-request', 'origin-request', '${Fn.Arn}:${Version.Version}', '${Missing}'),
    fc.record({ Ref: name }),
    fc.record({ 'Fn::GetAtt': fc.oneof(fc.tuple(name, attribute), fc.string({ maxLength: 8 }), tie('value')) }),
    fc.record({ 'Fn::If': fc.oneof(fc.tuple(fc.string({ maxLength: 4 }), tie('value'), tie('value')), tie('value')) }),
    fc.record({
      'Fn::Sub': fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.tuple(fc.string({ maxLength: 20 }), fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 2 })),
        tie('value'),
      ),
    }),
    fc.record({ 'Fn::Join': fc.oneof(fc.tuple(fc.constantFrom(':', ''), fc.array(tie('value'), { maxLength: 4 })), tie('value')) }),
    fc.record({ 'Fn::Select': fc.tuple(tie('value'), tie('value')) }),
    fc.record({ 'Fn::FindInMap': fc.array(tie('value'), { maxLength: 4 }) }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('Variables', 'SubnetIds', 'Size', 'Mode', 'TargetArn', 'A'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const resourceType = fc.constantFrom(
  'AWS::Lambda::Function',
  'AWS::Serverless::Function',
  'AWS::Lambda::Version',
  'AWS::Lambda::Alias',
  'Custom::LambdaCodeUpdate',
  'Custom::CrossRegionStringParameterReader',
  'AWS::SSM::Parameter',
  'AWS::S3::Bucket',
);

const property = fc.constantFrom(
  'FunctionName',
  'MemorySize',
  'Timeout',
  'Runtime',
  'Environment',
  'Layers',
  'VpcConfig',
  'Architectures',
  'LambdaFunction',
  'ParameterName',
  'Region',
  'Value',
  'Name',
  'Code',
  'CodeUri',
  'ProvisionedConcurrencyConfig',
  'DeadLetterQueue',
  'EphemeralStorage',
);

const template = fc.record({
  Parameters: fc.dictionary(fc.constantFrom('Param', 'Param2'), fc.record({ Type: fc.constant('String'), Default: expression }, { requiredKeys: ['Type'] }), { maxKeys: 2 }),
  Globals: fc.record({ Function: fc.dictionary(property, expression, { maxKeys: 3 }) }),
  Resources: fc
    .tuple(
      fc.dictionary(
        fc.constantFrom('Fn', 'Version', 'Alias', 'Custom', 'Other'),
        fc.record({ Type: resourceType, Properties: fc.dictionary(property, expression, { maxKeys: 5 }) }),
        { maxKeys: 5 },
      ),
      fc.array(fc.record({ EventType: expression, LambdaFunctionARN: expression, IncludeBody: expression }, { requiredKeys: [] }), { maxLength: 4 }),
      expression,
    )
    .map(([resources, associations, pathPattern]) => ({
      ...resources,
      Dist: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            DefaultCacheBehavior: { LambdaFunctionAssociations: associations },
            CacheBehaviors: [{ PathPattern: pathPattern, LambdaFunctionAssociations: associations }],
          },
        },
      },
    })),
});

const reference = fc.constantFrom(
  'aws_lambda_function.edge.qualified_arn',
  'aws_lambda_function.edge.arn',
  'aws_lambda_function.edge',
  'module.m.out',
  'module.m',
  'var.v',
  'local.l',
  'data.aws_lambda_function.x.arn',
  'aws_lambda_alias.a.arn',
  'aws_lambda_function.edge[0].arn',
);
const tfExpression = fc.oneof(
  fc.record({ references: fc.array(reference, { maxLength: 3 }) }),
  fc.record({ constant_value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.jsonValue({ maxDepth: 2 }),
);
const tfValues = fc.dictionary(
  fc.constantFrom(
    'memory_size',
    'timeout',
    'environment',
    'layers',
    'vpc_config',
    'publish',
    'filename',
    'region',
    'arn',
    'function_name',
    'default_cache_behavior',
    'ordered_cache_behavior',
    'assume_role_policy',
  ),
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.array(
      fc.record({
        path_pattern: fc.string({ maxLength: 5 }),
        lambda_function_association: fc.array(
          fc.record({
            event_type: fc.constantFrom('viewer-request', 'origin-request', 'x'),
            lambda_arn: fc.jsonValue({ maxDepth: 1 }),
            include_body: fc.jsonValue({ maxDepth: 1 }),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 2 },
    ),
  ),
  { maxKeys: 6 },
);
const tfResource = fc.record({
  address: fc.constantFrom(
    'aws_lambda_function.edge',
    'aws_lambda_function.edge[0]',
    'aws_cloudfront_distribution.d',
    'module.m.aws_lambda_function.this',
    'aws_lambda_alias.a',
    'aws_iam_role.r',
  ),
  type: fc.constantFrom('aws_lambda_function', 'aws_cloudfront_distribution', 'aws_lambda_alias', 'aws_iam_role', 'aws_lambda_provisioned_concurrency_config'),
  name: fc.constantFrom('edge', 'd', 'this', 'a', 'r'),
  mode: fc.constantFrom('managed', 'data'),
  values: tfValues,
});
const plan = fc.record({
  format_version: fc.constantFrom('1.0', '1.2', '0.1'),
  planned_values: fc.record({
    root_module: fc.record({
      resources: fc.array(tfResource, { maxLength: 5 }),
      child_modules: fc.array(fc.record({ resources: fc.array(tfResource, { maxLength: 2 }) }), { maxLength: 1 }),
    }),
  }),
  configuration: fc.record({
    provider_config: fc.dictionary(fc.constantFrom('aws', 'aws.us_east_1'), fc.record({ expressions: fc.record({ region: tfExpression }) }), { maxKeys: 2 }),
    root_module: fc.record({
      resources: fc.array(
        fc.record({
          type: fc.constantFrom('aws_lambda_function', 'aws_cloudfront_distribution', 'aws_lambda_alias'),
          name: fc.constantFrom('edge', 'd', 'a'),
          provider_config_key: fc.constantFrom('aws', 'aws.us_east_1', 'm:aws'),
          expressions: fc.dictionary(
            fc.constantFrom('function_name', 'role', 'default_cache_behavior', 'ordered_cache_behavior', 'environment'),
            fc.oneof(
              tfExpression,
              fc.array(fc.record({ lambda_function_association: fc.array(fc.record({ event_type: tfExpression, lambda_arn: tfExpression }), { maxLength: 2 }) }), { maxLength: 2 }),
            ),
            { maxKeys: 3 },
          ),
        }),
        { maxLength: 4 },
      ),
      module_calls: fc.dictionary(
        fc.constant('m'),
        fc.record({
          expressions: fc.dictionary(fc.constant('v'), tfExpression, { maxKeys: 1 }),
          module: fc.record({ outputs: fc.dictionary(fc.constant('out'), fc.record({ expression: tfExpression }), { maxKeys: 1 }) }),
        }),
        { maxKeys: 1 },
      ),
    }),
  }),
  variables: fc.dictionary(fc.constant('v'), fc.record({ value: fc.jsonValue({ maxDepth: 1 }) }), { maxKeys: 1 }),
});

describe('fuzzing the template loader: only an inventory or an InputError, never a crash', () => {
  it('random text, as YAML and as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('t.yaml', 't.json'), async (text, file) => {
        await outcome(file, text);
      }),
      { numRuns: 300 },
    );
  });

  it('truncated fixtures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIXTURES), fc.double({ min: 0, max: 1, noNaN: true }), async ([file, text], cut) => {
        await outcome(file, text.slice(0, Math.floor(text.length * cut)));
      }),
      { numRuns: 150 },
    );
  });

  it('fixtures with a character replaced by YAML/JSON punctuation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIXTURES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(':', '-', '[', ']', '{', '}', '"', "'", '!', '&', '*', '\t', '\n', ' ', '#', ',', '|', '>'),
        async ([file, text], at, replacement) => {
          const i = Math.floor(text.length * at);
          await outcome(file, text.slice(0, i) + replacement + text.slice(i + 1));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('random JSON documents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        await outcome('t.json', JSON.stringify(value));
        await outcome('t.json', JSON.stringify({ Resources: value }));
        await outcome('t.json', JSON.stringify({ format_version: '1.2', planned_values: value, configuration: value }));
      }),
      { numRuns: 200 },
    );
  });

  it('random Terraform plans full of references', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (generated) => {
        await outcome('plan.json', JSON.stringify(generated));
      }),
      { numRuns: 300 },
    );
  });

  it('random CloudFormation templates full of intrinsics', async () => {
    await fc.assert(
      fc.asyncProperty(template, async (generated) => {
        const result = await outcome('t.json', JSON.stringify(generated));
        expect(result).toBe('loaded');
      }),
      { numRuns: 300 },
    );
  });
});
