// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation Fn::Sub syntax, not a missed template literal
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseTemplateText } from '../../../src/sources/parse/index.js';

describe('CloudFormation short-form tags', () => {
  it.each([
    ['!Ref Bucket', { Ref: 'Bucket' }],
    ['!GetAtt Fn.Arn', { 'Fn::GetAtt': ['Fn', 'Arn'] }],
    ['!GetAtt Stack.Outputs.Name', { 'Fn::GetAtt': ['Stack', 'Outputs.Name'] }],
    ['!GetAtt [Fn, Arn]', { 'Fn::GetAtt': ['Fn', 'Arn'] }],
    ['!Sub "${Fn.Arn}:${Version.Version}"', { 'Fn::Sub': '${Fn.Arn}:${Version.Version}' }],
    ['!Sub ["${A}-x", {A: !Ref B}]', { 'Fn::Sub': ['${A}-x', { A: { Ref: 'B' } }] }],
    ['!Join [":", [!GetAtt Fn.Arn, "7"]]', { 'Fn::Join': [':', [{ 'Fn::GetAtt': ['Fn', 'Arn'] }, '7']] }],
    ['!If [IsProd, 256, !Ref AWS::NoValue]', { 'Fn::If': ['IsProd', 256, { Ref: 'AWS::NoValue' }] }],
    ['!Select [0, !Split [",", "a,b"]]', { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] }],
    ['!FindInMap [Map, !Ref AWS::Region, Memory]', { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Memory'] }],
    ['!Base64 text', { 'Fn::Base64': 'text' }],
    ['!Cidr [10.0.0.0/16, 4, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    ['!GetAZs ""', { 'Fn::GetAZs': '' }],
    ['!ImportValue shared-Arn', { 'Fn::ImportValue': 'shared-Arn' }],
    ['!Equals [a, b]', { 'Fn::Equals': ['a', 'b'] }],
    ['!And [!Condition A, !Not [!Condition B]]', { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Not': [{ Condition: 'B' }] }] }],
    ['!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } }],
  ])('%s', (source, expected) => {
    const doc = parseTemplateText('t.yaml', `Value: ${source}\n`);
    expect((doc.root as { Value: unknown }).Value).toEqual(expected);
  });

  it('handles block sequences and mappings under a tag', () => {
    const doc = parseTemplateText('t.yaml', 'Value: !Join\n  - ""\n  - - a\n    - !Ref B\nOther: !Sub\n  - x${Y}\n  - Y: 1\n');
    expect(doc.root).toEqual({ Value: { 'Fn::Join': ['', ['a', { Ref: 'B' }]] }, Other: { 'Fn::Sub': ['x${Y}', { Y: 1 }] } });
  });

  it('keeps YAML 1.2 core types: dates and yes/no stay strings', () => {
    const doc = parseTemplateText('t.yaml', 'Version: 2012-10-17\nFlag: yes\nMemory: 128\nOn: true\n');
    expect(doc.root).toEqual({ Version: '2012-10-17', Flag: 'yes', Memory: 128, On: true });
  });

  it('resolves aliases and refuses an alias that contains itself', () => {
    expect(parseTemplateText('t.yaml', 'A: &x {B: 1}\nC: *x\n').root).toEqual({ A: { B: 1 }, C: { B: 1 } });
    expect(() => parseTemplateText('t.yaml', 'A: &x [1, *x]\n')).toThrow(InputError);
  });

  it('does not let a __proto__ key change the prototype', () => {
    const root = parseTemplateText('t.json', '{"__proto__": {"polluted": true}}').root as Record<string, unknown>;
    expect(Object.getPrototypeOf(root)).toBe(Object.prototype);
    expect(Object.keys(root)).toEqual(['__proto__']);
  });
});

describe('positions', () => {
  it('gives the line and column of mappings, sequence items and keys in YAML', () => {
    const text = 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Items:\n      - A: 1\n      - !If [c, {B: 2}, {C: 3}]\n';
    const doc = parseTemplateText('t.yaml', text);
    const resources = (doc.root as { Resources: { Fn: { Items: unknown[] } } }).Resources;
    expect(doc.keyPosition(resources, 'Fn')).toEqual({ line: 2, column: 3 });
    expect(doc.positionOf(resources.Fn.Items[0])).toEqual({ line: 5, column: 9 });
    // A tagged collection starts at its bracket, after the tag.
    expect(doc.positionOf(resources.Fn.Items[1])).toEqual({ line: 6, column: 13 });
  });

  it('gives the line and column in JSON, BOM and CRLF included', () => {
    const text = '\uFEFF{\r\n  "Resources": {\r\n    "Fn": {\r\n      "Type": "AWS::Lambda::Function",\r\n      "List": [ {"a": 1}, {"b": 2} ]\r\n    }\r\n  }\r\n}\r\n';
    const doc = parseTemplateText('t.json', text);
    expect(doc.format).toBe('json');
    const fn = (doc.root as { Resources: { Fn: { List: unknown[] } } }).Resources.Fn;
    expect(doc.keyPosition((doc.root as { Resources: object }).Resources, 'Fn')).toEqual({ line: 3, column: 5 });
    expect(doc.positionOf(fn)).toEqual({ line: 3, column: 11 });
    expect(doc.positionOf(fn.List[1])).toEqual({ line: 5, column: 27 });
  });

  it.each([
    [
      't.yaml',
      'List:\n  - plain\n  - {A: 1}\n  -   7\n',
      [
        { line: 2, column: 5 },
        { line: 3, column: 5 },
        { line: 4, column: 7 },
      ],
    ],
    [
      't.json',
      '{"List": [\n  "plain",\n  {"A": 1},   7]}',
      [
        { line: 2, column: 3 },
        { line: 3, column: 3 },
        { line: 3, column: 15 },
      ],
    ],
  ])('%s: locates every sequence item by index, plain values included', (file, text, positions) => {
    const doc = parseTemplateText(file, text);
    const list = (doc.root as { List: unknown[] }).List;
    expect(list.map((_, index) => doc.keyPosition(list, String(index)))).toEqual(positions);
    expect(doc.keyPosition(list, '3')).toBeUndefined();
  });

  it('parses JSON values exactly as JSON.parse does', () => {
    const text = '{"s": "a\\u00e9\\n\\"q\\"", "n": -1.5e3, "z": 0, "t": true, "f": false, "x": null, "a": [], "o": {}}';
    expect(parseTemplateText('t.json', text).root).toEqual(JSON.parse(text));
  });

  it('reads a YAML flow mapping in a .yaml file even though it starts with {', () => {
    expect(parseTemplateText('t.yaml', '{Resources: {A: {Type: X}}}').root).toEqual({ Resources: { A: { Type: 'X' } } });
  });
});

describe('errors name the line', () => {
  it.each([
    ['t.json', '{\n  "a": 1,\n  "a": 2\n}', 3, /duplicate key "a"/],
    ['t.json', '{\n  "a": [1, 2,\n}', 3, /expected a value/],
    ['t.json', '{"a": 1} x', 1, /after the end of the document/],
    ['t.json', '{"a": "line\nbreak"}', 1, /control character/],
    ['t.json', '', 1, /empty/],
    ['t.yaml', 'a: 1\nb: [1, 2\n', 3, /invalid YAML/],
    ['t.yaml', 'a:\n  b: 1\n a: 2\n', 3, /invalid YAML/],
    ['t.yaml', `${'['.repeat(1000)}${']'.repeat(1000)}`, 1, /nesting deeper/],
    ['t.json', `${'['.repeat(100_000)}`, 1, /nesting deeper/],
  ])('%s %j → line %d', (file, text, line, message) => {
    let error: unknown;
    try {
      parseTemplateText(file, text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).line).toBe(line);
    expect((error as InputError).message).toMatch(message);
  });
});

describe('the yaml package', () => {
  it('is loaded on the first YAML file, not by importing the template loader (Terraform folders and JSON never need it)', () => {
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const loaded = () => Object.keys(require.cache).some((file) => /[\\\\/]node_modules[\\\\/]yaml[\\\\/]/.test(file));
      const { parseTemplateText } = await import('./dist/sources/templates.js').then(() => import('./dist/sources/parse/index.js'));
      const before = loaded();
      parseTemplateText('t.yaml', 'A: 1\\n');
      console.log(JSON.stringify({ before, after: loaded() }));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ before: false, after: true });
  });
});
