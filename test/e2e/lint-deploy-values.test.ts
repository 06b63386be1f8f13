// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${opt:region}` is serverless.yml syntax, not a missed template literal
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { Finding } from '../helpers/lint-json.js';

/** Issue 11 item 4: `lint --parameter/--parameters/--config-env/--region`, spawned as a user runs it. */
const DIR = 'test/fixtures/lint/deploy-values';
const TEMPLATE = `${DIR}/stage-switch.yaml`;
const env = { EDGECOST_NOW: '2026-12-03T10:00:00Z' };
const lint = (args: string[]) => runCli(['lint', ...args], { env });

/** [resource, rule, severity, actual] of the findings at warning or above. */
function problems(stdout: string): [string, string, string, unknown][] {
  return (JSON.parse(stdout).findings as Finding[]).filter((f) => f.severity !== 'info').map((f) => [f.resource, f.ruleId, f.severity, f.actual]);
}
const infos = (stdout: string, rule: string): string[] => (JSON.parse(stdout).findings as Finding[]).filter((f) => f.ruleId === rule).map((f) => `${f.resource} ${f.severity}`);

describe.concurrent('lint: what will be deployed', () => {
  it('without parameters both branches and the conditional function are linted; the region is unknown', async () => {
    const { code, stdout } = await lint([TEMPLATE, '--output', 'json']);
    expect(code).toBe(1);
    expect(problems(stdout)).toEqual([
      ['EdgeFunction', 'memory-limit', 'error', 512],
      ['DebugFunction', 'timeout-limit', 'error', 30],
    ]);
    expect(infos(stdout, 'function-region')).toEqual(['EdgeFunction info', 'DebugFunction info']);
  });

  it('--parameter flips the conditions: Stage=dev WithDebug=false deploys nothing that violates (exit 0)', async () => {
    const dev = await lint([TEMPLATE, '--output', 'json', '--parameter', 'Stage=dev', '--parameter', 'WithDebug=false']);
    expect(dev.code).toBe(0);
    expect(problems(dev.stdout)).toEqual([]);
    const prod = await lint([TEMPLATE, '--output', 'json', '--parameter', 'Stage=prod', '--parameter', 'WithDebug=false', '--verbose']);
    expect(prod.code).toBe(1);
    expect(problems(prod.stdout)).toEqual([['EdgeFunction', 'memory-limit', 'error', 512]]);
    expect(prod.stderr).toContain('condition DebugOn is false with the deploy values given');
  });

  it('--parameters reads a CloudFormation JSON file; --parameter wins over it', async () => {
    const file = await lint([TEMPLATE, '--output', 'json', '--parameters', `${DIR}/prod-parameters.json`]);
    expect(file.code).toBe(1);
    expect(problems(file.stdout)).toEqual([
      ['EdgeFunction', 'memory-limit', 'error', 512],
      ['DebugFunction', 'timeout-limit', 'error', 30],
    ]);
    const overridden = await lint([TEMPLATE, '--output', 'json', '--parameters', `${DIR}/prod-parameters.json`, '--parameter', 'WithDebug=false']);
    expect(problems(overridden.stdout)).toEqual([['EdgeFunction', 'memory-limit', 'error', 512]]);
  });

  it('--parameters samconfig.toml: parameter_overrides and region of the environment (--config-env), --region wins', async () => {
    // [default]: Stage=dev, WithDebug="false", region eu-west-1 → only the region is wrong.
    const byDefault = await lint([TEMPLATE, '--output', 'json', '--parameters', `${DIR}/samconfig.toml`]);
    expect(byDefault.code).toBe(1);
    expect(problems(byDefault.stdout)).toEqual([['EdgeFunction', 'function-region', 'error', 'eu-west-1']]);
    // [prod]: the list form, us-east-1.
    const prod = await lint([TEMPLATE, '--output', 'json', '--parameters', `${DIR}/samconfig.toml`, '--config-env', 'prod']);
    expect(problems(prod.stdout)).toEqual([
      ['EdgeFunction', 'memory-limit', 'error', 512],
      ['DebugFunction', 'timeout-limit', 'error', 30],
    ]);
    expect(infos(prod.stdout, 'function-region')).toEqual([]);
    const east = await lint([TEMPLATE, '--output', 'json', '--parameters', `${DIR}/samconfig.toml`, '--region', 'us-east-1']);
    expect(east.code).toBe(0);
    expect(problems(east.stdout)).toEqual([]);
  });

  it('--region gives function-region a real answer: us-east-1 passes, eu-west-1 is an error', async () => {
    const args = [TEMPLATE, '--output', 'json', '--parameter', 'Stage=dev', '--parameter', 'WithDebug=false'];
    const east = await lint([...args, '--region', 'us-east-1']);
    expect(east.code).toBe(0);
    expect(infos(east.stdout, 'function-region')).toEqual([]);
    const west = await lint([...args, '--region', 'eu-west-1']);
    expect(west.code).toBe(1);
    expect(problems(west.stdout)).toEqual([['EdgeFunction', 'function-region', 'error', 'eu-west-1']]);
  });

  it('--region fills a Terraform provider without region; a CDK environment wins over it (with a warning)', async () => {
    const tf = await lint([`${DIR}/terraform`, '--output', 'json', '--region', 'eu-west-1']);
    expect(tf.code).toBe(1);
    expect(problems(tf.stdout)).toEqual([['aws_lambda_function.edge', 'function-region', 'error', 'eu-west-1']]);
    const cdk = await lint(['test/fixtures/templates/cdk/cdk.out', '--output', 'json', '--region', 'eu-west-1']);
    expect(cdk.stderr).toMatch(
      /warning: .*edge-lambda-stack-[0-9a-f]+\.template\.json: the template deploys to us-east-1 \(its CDK environment\), not eu-west-1 \(--region\): using us-east-1/,
    );
    expect((JSON.parse(cdk.stdout).findings as Finding[]).filter((f) => f.ruleId === 'function-region')).toEqual([]);
  });

  it('--region on a serverless.yml is the `sls deploy --region` option: it wins over ${opt:region, ...} defaults', async () => {
    const file = 'test/fixtures/templates/serverless/edge-site/serverless.yml';
    const plain = await lint([file, '--output', 'json']);
    expect(infos(plain.stdout, 'function-region')).toEqual([]);
    const west = await lint([file, '--output', 'json', '--region', 'eu-west-1']);
    expect(infos(west.stdout, 'function-region')).toEqual(['AuthLambdaFunction error', 'HeadersLambdaFunction error', 'ApiLambdaFunction error', 'AssetsLambdaFunction error']);
  });

  it('a parameter no template declares, and --parameter on a Terraform folder, are warnings, not silence', async () => {
    const typo = await lint([TEMPLATE, '--output', 'json', '--parameter', 'Stag=prod']);
    expect(typo.stderr).toContain(
      'warning: test/fixtures/lint/deploy-values/stage-switch.yaml: parameter Stag (--parameter) is declared by no template read: it changes nothing (a typo?)',
    );
    const tf = await lint([`${DIR}/terraform`, '--output', 'json', '--parameter', 'Stage=prod']);
    expect(tf.stderr).toContain('no CloudFormation/SAM/CDK template was read: Stage ignored (Terraform variables come from --var-file and *.tfvars)');
  });

  it.each([
    [['--parameter', 'Stage'], 'edgecost: --parameter expects KEY=VALUE'],
    [['--parameters', `${DIR}/bad-parameters.json`], `edgecost: ${DIR}/bad-parameters.json:3:3: invalid JSON`],
    [['--parameters', `${DIR}/bad-samconfig.toml`], `edgecost: ${DIR}/bad-samconfig.toml:5:`],
    [['--parameters', `${DIR}/samconfig.toml`, '--config-env', 'staging'], 'no environment "staging" in this SAM configuration (it has default, prod)'],
    [['--parameters', `${DIR}/missing.json`], `edgecost: ${DIR}/missing.json: no such file`],
    [['--region', 'moon-1'], 'edgecost: --region: "moon-1" is not an AWS region name'],
    [['--config-env', 'prod'], 'no samconfig was given'],
  ])('bad input %j: exit 2, a message naming it, no stack trace', async (args, message) => {
    const { code, stdout, stderr } = await lint([TEMPLATE, ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--parameter with --input is a usage error', async () => {
    const { code, stderr } = await lint(['--input', 'test/fixtures/lint/snapshot-violations.json', '--parameter', 'Stage=prod']);
    expect(code).toBe(2);
    expect(stderr).toContain('--parameter, --parameters and --config-env apply to template paths only');
  });
});
