import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { parseOverrides, parseParameterFlag, readParametersFile } from '../../src/sources/deploy-parameters.js';

const dir = mkdtempSync(join(tmpdir(), 'edgecost-parameters-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const entries = (map: Map<string, string>): [string, string][] => [...map];

describe('--parameter KEY=VALUE', () => {
  it.each([
    ['Stage=prod', ['Stage', 'prod']],
    ['Empty=', ['Empty', '']],
    ['Url=https://x.example/?a=b', ['Url', 'https://x.example/?a=b']],
  ])('%s', (flag, expected) => {
    expect(parseParameterFlag(flag)).toEqual(expected);
  });

  it.each(['Stage', '=prod', 'my-stage=prod', ''])('"%s" is a usage error', (flag) => {
    expect(() => parseParameterFlag(flag)).toThrow(UsageError);
    expect(() => parseParameterFlag(flag)).toThrow(/--parameter expects KEY=VALUE/);
  });
});

describe('SAM parameter_overrides text', () => {
  it.each([
    [
      'Stage=prod WithDebug=true',
      [
        ['Stage', 'prod'],
        ['WithDebug', 'true'],
      ],
    ],
    [
      'Greeting="hello there" Name=\'a b\'',
      [
        ['Greeting', 'hello there'],
        ['Name', 'a b'],
      ],
    ],
    [
      'Quote="say \\"hi\\"" Path=a\\ b',
      [
        ['Quote', 'say "hi"'],
        ['Path', 'a b'],
      ],
    ],
    [
      'ParameterKey=Stage,ParameterValue=prod ParameterKey=Size,ParameterValue="1 2"',
      [
        ['Stage', 'prod'],
        ['Size', '1 2'],
      ],
    ],
    [
      '  Empty="" Next=x  ',
      [
        ['Empty', ''],
        ['Next', 'x'],
      ],
    ],
  ])('%s', (text, expected) => {
    expect(parseOverrides(text, 'samconfig.toml', '[default.deploy.parameters]')).toEqual(expected);
  });

  it.each([
    ['Stage', /"Stage" is not Key=Value/],
    ['Stage="prod', /a value opened with " is not closed/],
    ['Stage="prod"x', /unexpected "x" after the value of Stage/],
  ])('%s is an input error naming the table', (text, message) => {
    expect(() => parseOverrides(text, 'samconfig.toml', '[default.deploy.parameters]')).toThrow(message);
    expect(() => parseOverrides(text, 'samconfig.toml', '[default.deploy.parameters]')).toThrow(/samconfig.toml: \[default.deploy.parameters\] parameter_overrides/);
  });
});

describe('--parameters FILE', () => {
  it("reads CloudFormation's [{ParameterKey, ParameterValue}] (numbers as text; UsePreviousValue noted, not guessed)", async () => {
    const read = await readParametersFile(
      file('cfn.json', '[{"ParameterKey":"Stage","ParameterValue":"prod"},{"ParameterKey":"Memory","ParameterValue":512},{"ParameterKey":"Old","UsePreviousValue":true}]'),
      undefined,
    );
    expect(entries(read.parameters)).toEqual([
      ['Stage', 'prod'],
      ['Memory', '512'],
    ]);
    expect(read.notes.map((n) => n.message)).toEqual([expect.stringContaining('Old uses the previous value of the deployed stack')]);
  });

  it('reads the `aws cloudformation deploy --parameter-overrides` file shapes', async () => {
    expect(entries((await readParametersFile(file('list.json', '["Stage=prod", "Url=a=b"]'), undefined)).parameters)).toEqual([
      ['Stage', 'prod'],
      ['Url', 'a=b'],
    ]);
    expect(entries((await readParametersFile(file('pipeline.json', '{"Parameters": {"Stage": "prod", "Debug": true}}'), undefined)).parameters)).toEqual([
      ['Stage', 'prod'],
      ['Debug', 'true'],
    ]);
  });

  it.each([
    ['not JSON', 'bad1.json', '[{"ParameterKey": "A" "ParameterValue": "b"}]', /bad1.json:1:\d+: invalid JSON/],
    ['a list value', 'bad2.json', '[\n  {"ParameterKey": "A", "ParameterValue": ["b"]}\n]', /bad2.json:2: item 1: the value of A must be a string/],
    ['a wrong shape', 'bad3.json', '{"Stage": "prod"}', /bad3.json:1: not a parameter file: expected \[\{"ParameterKey"/],
    ['an item without =', 'bad4.json', '["Stage"]', /bad4.json:1: item 1: "Stage" is not KEY=VALUE/],
    ['a bad name', 'bad5.json', '[{"ParameterKey": "my-stage", "ParameterValue": "x"}]', /bad5.json:1: item 1: the parameter name must be alphanumeric/],
  ])('%s is an input error naming file and line', async (_, name, text, message) => {
    const error = await readParametersFile(file(name, text), undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it('reads samconfig.toml: the environment chosen (default: default), deploy over global, string and list forms, region', async () => {
    const path = file(
      'samconfig.toml',
      [
        'version = 0.1',
        '[default.global.parameters]',
        'region = "eu-west-1"',
        'parameter_overrides = "Stage=global"',
        '[default.deploy.parameters]',
        'parameter_overrides = "Stage=dev Greeting=\\"hello there\\""',
        '[prod.deploy.parameters]',
        'region = "us-east-1"',
        'parameter_overrides = ["Stage=prod", "Debug=true Size=2"]',
      ].join('\n'),
    );
    const fallback = await readParametersFile(path, undefined);
    expect(entries(fallback.parameters)).toEqual([
      ['Stage', 'dev'],
      ['Greeting', 'hello there'],
    ]);
    expect(fallback.region).toBe('eu-west-1');
    expect(fallback.from).toBe(`${path} [default.deploy.parameters]`);
    const prod = await readParametersFile(path, 'prod');
    expect(entries(prod.parameters)).toEqual([
      ['Stage', 'prod'],
      ['Debug', 'true'],
      ['Size', '2'],
    ]);
    expect(prod.region).toBe('us-east-1');
    await expect(readParametersFile(path, 'staging')).rejects.toThrow(/no environment "staging" in this SAM configuration \(it has default, prod\)/);
  });

  it('reads samconfig.yaml the same way', async () => {
    const path = file('samconfig.yaml', 'version: 0.1\ndefault:\n  deploy:\n    parameters:\n      region: us-east-1\n      parameter_overrides:\n        - Stage=prod\n');
    const read = await readParametersFile(path, undefined);
    expect(entries(read.parameters)).toEqual([['Stage', 'prod']]);
    expect(read.region).toBe('us-east-1');
  });

  it('bad TOML is an input error with file, line and column', async () => {
    const error = await readParametersFile(file('broken.toml', '[default.deploy.parameters]\nparameter_overrides = "Stage=prod\n'), undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/broken.toml:2:\d+: invalid TOML/);
    expect((error as InputError).line).toBe(2);
  });

  it('--config-env with a JSON file is a usage error', async () => {
    await expect(readParametersFile(file('plain.json', '[]'), 'prod')).rejects.toThrow(UsageError);
  });
});
