// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is Terraform syntax
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTerraformFolder } from '../../../bench/lint-terraform-input.js';
import { InputError } from '../../../src/errors.js';
import { Evaluator, type ModuleInstance } from '../../../src/sources/terraform/hcl-eval.js';
import { parseCommonHcl } from '../../../src/sources/terraform/hcl-fast-parse.js';
import { blankIrrelevantBlocks, type HclFile, parseHcl, parseWithTreeSitter } from '../../../src/sources/terraform/hcl-parse.js';

/** Maps in key order, so that two trees print the same only when they are the same. */
const print = (file: HclFile): string => JSON.stringify(file, (_, value: unknown) => (value instanceof Map ? [...value] : value), 1);

/** The tree parseHcl gives (fast reader first) and the one tree-sitter alone gives, and whether the fast reader read it. */
async function both(name: string, text: string): Promise<{ fast: string; treeSitter: string; common: boolean }> {
  const source = blankIrrelevantBlocks(text.replace(/^\ufeff/, ' '));
  const fast = print(await parseHcl(name, text));
  const treeSitter = print(await parseWithTreeSitter(name, source));
  return { fast, treeSitter, common: parseCommonHcl(name, source) !== undefined };
}

function* terraformFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* terraformFiles(path);
    else if (name.endsWith('.tf') || name.endsWith('.tfvars')) yield path;
  }
}

describe('the fast HCL reader builds the tree tree-sitter builds', () => {
  const files = [...terraformFiles('test/fixtures')];

  it.each(files)('%s', async (path) => {
    const { fast, treeSitter, common } = await both(path, readFileSync(path, 'utf8'));
    expect(fast).toBe(treeSitter);
    // every fixture is read by the fast reader (with tree-sitter only for the expressions it leaves)
    expect(common).toBe(true);
  });

  it('the generated benchmark folder, with no expression left to tree-sitter (so bench:lint never loads it)', async () => {
    for (const [name, text] of Object.entries(generateTerraformFolder(120))) {
      const { fast, treeSitter, common } = await both(name, text);
      expect(fast).toBe(treeSitter);
      expect(common).toBe(true);
      expect(parseCommonHcl(name, blankIrrelevantBlocks(text))?.deferred).toEqual([]);
    }
  });

  const snippets: [string, string][] = [
    ['literals', 'a = 1\nb = 1.5\nc = 1.5e3\nd = true\ne = false\nf = null\ng = "x"\nh = ""\ni = "  "\n'],
    ['blanks inside strings and templates', 'a = " x "\nb = "a ${b} c"\nc = "${var.stage} site"\nd = "${a}${b} "\ne = "${ var.x }"\n'],
    ['references', 'a = aws_iam_role.edge.arn\nb = a.b[0].c\nc = a.b["k"]\nd = a[var.i]\ne = x-y\nf = true_x\n'],
    [
      'calls, tuples, objects',
      'a = jsonencode({ A = 1, "b" = [1, 2,], c: "d" })\nb = f()\nc = {\n  x = 1\n  y = 2, z = 3\n}\nd = {a = 1 b = 2}\ne = [\n  "x", # comment\n  "y" // comment\n]\n',
    ],
    [
      'blocks',
      'resource "aws_lambda_function" "f" {\n  timeout = 3 # comment\n  environment { variables = { A = "b" } }\n}\nlocals {}\nmodule m { source = "./m" }\n/* block\ncomment */\nx "a" b {\n}\n',
    ],
    [
      'expressions left to tree-sitter',
      'a = var.x ? 1 : 2\nb = -1\nc = !var.y\nd = [for s in var.l : upper(s) if s != ""]\ne = { for k, v in var.m : k => v... }\nf = x.*.y\ng = x[*].y\nh = a.0\ni = (a)\nj = "a\\nb"\nk = "100%"\nl = "$${x}"\nm = "%{ if a }b%{ endif }"\nn = f(var.l...)\no = 0x1F\np = provider::aws::arn_parse("x")\nq = "${~ a ~}"\nr = 1 + 2 * 3\n',
    ],
    ['heredocs', 'a = <<EOT\nline ${var.x} one\n  two\nEOT\nb = <<-EOT\n    ${var.x} b\n      c\n    EOT\nc = <<EOF\n{\n  "Service": "edgelambda.amazonaws.com"\n}\nEOF\n'],
    ['one-line blocks and blanks', '\ufeffx {\n}\n\n\ty = 1\r\nz { a = "b" }\n'],
    ['brackets, colons and comment marks inside strings', 'a = "{a} [b] (c)"\nb = "a:b"\nc = "# not a comment"\nd = "//x /* y */"\ne = "${x} # ${y}"\n'],
    ['non-ASCII', '# café\na = "é ${b} ü"\nb = "日本"\n'],
    [
      'irrelevant blocks are blanked',
      'resource "aws_s3_bucket" "b" {\n  bucket = "x" +\n  policy = <<EOT\n{ "a": "}" }\nEOT\n}\nresource "aws_lambda_function" "f" {\n  timeout = 3\n}\n',
    ],
  ];

  it.each(snippets)('%s', async (name, text) => {
    const { fast, treeSitter, common } = await both(`${name}.tf`, text);
    expect(fast).toBe(treeSitter);
    expect(common).toBe(true);
  });

  it('a template keeps the blanks around its interpolations (the grammar leaves them out of its literal nodes)', async () => {
    const file = await parseHcl(
      'main.tf',
      'variable "stage" {\n  default = "prod"\n}\nlocals {\n  a = "${var.stage} site"\n  b = " x "\n  c = <<-EOT\n    ${var.stage} b\n      c\n    EOT\n}\n',
    );
    const module = { path: '', files: [file], locals: file.blocks[1]!.attributes, localValues: new Map(), variables: new Map([['stage', file.blocks[0]!]]), inputs: new Map() };
    const evaluator = new Evaluator('.');
    const at = module as unknown as ModuleInstance;
    expect(evaluator.local(at, 'a')).toBe('prod site');
    expect(evaluator.local(at, 'b')).toBe(' x ');
    expect(evaluator.local(at, 'c')).toBe('prod b\n  c\n');
  });

  it.each([
    ['a value missing', 'resource "aws_lambda_function" "x" {\n  memory_size = \n}\n'],
    ['an unclosed block', 'resource "aws_lambda_function" "x" {\n  timeout = 3\n'],
    ['an operator left dangling', 'a = 1\nb = 2 +\n'],
    ['two attributes on a line', 'a = 1 b = 2 c\n'],
    ['an unterminated string', 'a = "x\nb = 1\n'],
    ['a bad expression among good ones', 'a = 1\nb = [for x in y]\nc = "d"\n'],
  ])('a syntax error (%s) is reported by tree-sitter, with its line and column', async (_, text) => {
    const error = await parseHcl('bad.tf', text).catch((e: unknown) => e);
    const expected = await parseWithTreeSitter('bad.tf', text).catch((e: unknown) => e);
    expect(expected).toBeInstanceOf(InputError);
    expect(error).toBeInstanceOf(InputError);
    const { message, line, column } = error as InputError;
    expect({ message, line, column }).toEqual({ message: (expected as InputError).message, line: (expected as InputError).line, column: (expected as InputError).column });
  });
});
