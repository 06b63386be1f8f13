import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { runGate } from '../../src/gate/run.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { lintInventory } from '../../src/quotas/engine.js';
import { recommend } from '../../src/recommend/index.js';
import { type DocumentKind, type Documents, formatsOf, render } from '../../src/render/index.js';
import { escapeMarkdown, escapeText, neutraliseCsvText } from '../../src/render/text.js';
import { reportDocument } from '../../src/report/pipeline.js';
import { loadPricing, loadQuotaTable, loadRecommendLimits, loadRuntimeTable } from '../../src/sources/data-files.js';
import { runCli } from '../helpers/cli.js';

/**
 * Issue 14 (6, 7, 8): whatever a function, distribution or region is called and whatever its error
 * says, every output format of report, recommend, gate and lint — and stderr of the CLI — shows it
 * escaped: no raw control character, no line that the name starts (a GitHub `::error::` workflow
 * command), no CSV cell a spreadsheet would run as a formula, no active Markdown (link, image,
 * autolink, HTML tag, heading). JSON, SARIF and HTML are escaped by their own syntax as well;
 * `--output github` by GitHub's escaping.
 */
const now = new Date('2026-11-20T00:00:00Z');
const pricing = loadPricing();
const limits = loadRecommendLimits();
const quotas = loadQuotaTable();
const runtimes = loadRuntimeTable();
const HUMAN_FORMATS = new Set(['table', 'markdown', 'csv']);
const dir = mkdtempSync(join(tmpdir(), 'edgecost-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The demo account with one function and one distribution renamed (in names and ARNs alike). */
function renamed(functionName: string, distributionId: string): Snapshot {
  const text = JSON.stringify(demoSnapshot())
    .replaceAll('auth-check', JSON.stringify(functionName).slice(1, -1))
    .replaceAll('E1SHOPWEB0001', JSON.stringify(distributionId).slice(1, -1));
  return JSON.parse(text) as Snapshot;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: what must not be there
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

/** Whether the character at `index` is backslash-escaped (an odd run of backslashes before it). */
function escapedAt(text: string, index: number): boolean {
  let slashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

/**
 * The first line of Markdown with markup that edgecost itself does not write: an unescaped `[` or
 * `]` (link, image), an HTML tag, an autolink (`://`, `www.`, an e-mail address) or a heading other
 * than edgecost's `##`/`###`. edgecost's own markup — the review checklist `- [ ] ` and the gate's
 * `<details><summary>` — is taken out first.
 */
function activeMarkdown(text: string): string | undefined {
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) && !/^#{2,3} /.test(line)) return line;
    const body = line.replace(/^- \[ \] /, '- ').replace(/^<details><summary>(Warnings|Assumptions)<\/summary>$|^<\/details>$/, '');
    for (let i = 0; i < body.length; i++) {
      if (escapedAt(body, i)) continue;
      const char = body[i];
      const rest = body.slice(i + 1);
      if (char === '[' || char === ']') return line;
      if (char === '<' && /^[A-Za-z/!?]/.test(rest)) return line;
      if (char === ':' && rest.startsWith('//')) return line;
      if (char === '.' && /www$/i.test(body.slice(0, i))) return line;
      if (char === '@' && /\w$/.test(body.slice(0, i)) && /^[\w-]+\./.test(rest)) return line;
    }
  }
  return undefined;
}

function outputsFor(snapshot: Snapshot, formats: (format: string) => boolean = (format) => HUMAN_FORMATS.has(format)): { kind: DocumentKind; format: string; text: string }[] {
  const documents = {
    report: reportDocument(snapshot, { pricing, now, limits }).report,
    recommend: recommend(snapshot, { pricing, now, limits }),
    gate: (() => {
      const run = runGate(snapshot, { pricing, now, limits: { budgetUsd: 100, functions: [{ functionName: snapshot.usage[0]!.functionName, budgetUsd: 1 }] } });
      if (!run.decided) throw new Error('the demo account is complete');
      return run.document;
    })(),
    lint: lintInventory(
      { inventory: snapshot.inventory, usage: { window: snapshot.window, usage: snapshot.usage, regions: snapshot.regions } },
      { now, quotas, runtimes, source: { type: 'snapshot', window: snapshot.window } },
    ),
  };
  return (Object.keys(documents) as (keyof typeof documents)[]).flatMap((kind) =>
    formatsOf(kind)
      .filter(formats)
      .map((format) => ({ kind, format, text: render(kind, format, documents[kind] as never, { color: false, toolVersion: '0.0.0-test' }) })),
  );
}

const hostile = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }),
  fc.constantFrom(
    '\n::error::pwned',
    '\r\n::add-mask::x',
    '\u001b]8;;http://evil/\u0007x',
    '=HYPERLINK("http://evil")',
    '+1',
    '-2+3',
    '@SUM(A1)',
    '\tx',
    '\u0085::warning::c1',
    'a\u2028::error::b',
  ),
  fc.constantFrom(
    '![x](http://evil/p.png)',
    '[click](https://evil)',
    '<img src=x onerror=alert(1)>',
    '</details><script>',
    '\n# Heading',
    '# h',
    'www.evil.com',
    'me@evil.com',
    '`code`',
    '**b**_i_',
    '\\[a](b)',
    '&lt;b&gt;',
  ),
  fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom('\n::error::', '\u001b[31m', '\u009b2J', '=', '\r')).map(([a, b]) => `${b}${a}`),
);

describe('hostile names cannot command the reader of a human-readable output', () => {
  it('escapeText shows control characters and keeps printable text', () => {
    expect(escapeText('a\nb\r\tc\u001b[1m\u0085\u2028é漢')).toBe('a\\nb\\r\\tc\\x1b[1m\\x85\\u2028é漢');
    expect(neutraliseCsvText('=1+1')).toBe("'=1+1");
    expect(neutraliseCsvText('auth-check')).toBe('auth-check');
  });

  it('report, recommend, gate and lint in table, Markdown and CSV', () => {
    fc.assert(
      fc.property(hostile, hostile, (functionName, distributionId) => {
        fc.pre(functionName !== distributionId && !functionName.includes('E1SHOPWEB0001') && !distributionId.includes('auth-check'));
        for (const { kind, format, text } of outputsFor(renamed(functionName, distributionId))) {
          const where = `${kind} --output ${format}`;
          expect(RAW_CONTROL.test(text), where).toBe(false);
          for (const line of text.split('\n')) {
            expect(line.trimStart().startsWith('::'), `${where}: ${JSON.stringify(line)}`).toBe(false);
            if (format === 'csv') for (const cell of csvCells(line)) expect(/^[=+@\t\r]|^-(?!\d)/.test(cell), `${where}: ${JSON.stringify(cell)}`).toBe(false);
          }
          if (format === 'markdown') expect(activeMarkdown(text), where).toBeUndefined();
        }
      }),
      { numRuns: 25 },
    );
  });

  it('escapeMarkdown leaves no markup of the data active', () => {
    expect(escapeMarkdown('![x](http://evil/p.png) <img> # h www.evil.com me@evil.com a|b')).toBe(
      '\\!\\[x\\](http\\://evil/p.png) \\<img\\> \\# h www\\.evil.com me\\@evil.com a\\|b',
    );
    expect(escapeMarkdown('Lambda@Edge (31 days, UTC)')).toBe('Lambda@Edge (31 days, UTC)');
    // A mention cannot notify anyone: GitHub finds mentions after Markdown is rendered, so a backslash would not stop it.
    expect(escapeMarkdown('cc @octocat and @org/team')).toBe('cc @&#8203;octocat and @&#8203;org/team');
    fc.assert(
      fc.property(hostile, (name) => {
        expect(activeMarkdown(`- ${escapeMarkdown(name)}`), JSON.stringify(name)).toBeUndefined();
      }),
    );
  });

  it('report, recommend, gate and lint in JSON, HTML, SARIF and GitHub annotations', () => {
    fc.assert(
      fc.property(hostile, hostile, (functionName, distributionId) => {
        fc.pre(functionName !== distributionId && !functionName.includes('E1SHOPWEB0001') && !distributionId.includes('auth-check'));
        const outputs = outputsFor(renamed(functionName, distributionId), (format) => !HUMAN_FORMATS.has(format));
        expect(new Set(outputs.map((o) => `${o.kind} ${o.format}`))).toEqual(
          new Set(['report json', 'report html', 'recommend json', 'gate json', 'lint json', 'lint sarif', 'lint github']),
        );
        for (const { kind, format, text } of outputs) {
          const where = `${kind} --output ${format}`;
          expect(RAW_CONTROL.test(text), where).toBe(false);
          if (format === 'json' || format === 'sarif') expect(() => JSON.parse(text), where).not.toThrow();
          for (const line of text.split('\n').filter((l) => l !== '')) {
            // GitHub annotations are workflow commands by design: one per finding, the data %-escaped in them.
            if (format === 'github') expect(line, where).toMatch(/^::(error|warning|notice) (file=[^,:]*,)?(line=\d+,)?(col=\d+,)?title=[^,:]*::[^\r]*$/);
            else expect(line.trimStart().startsWith('::'), `${where}: ${JSON.stringify(line)}`).toBe(false);
          }
          if (format === 'html') {
            expect(text, where).not.toMatch(/<(img|script|a)\b/i);
            expect(text.match(/<\/details>/g)?.length ?? 0, where).toBe(text.match(/<details\b/g)?.length ?? 0);
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  it('diff in every format (a diff of the shop example on the demo account, names replaced)', async () => {
    const run = await runCli(['diff', '--demo', '--base', 'examples/shop-v1.yaml', '--head', 'examples/shop-v2.yaml', '--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = run.stdout;
    expect(json).toContain('AuthCheckFunction');
    fc.assert(
      fc.property(hostile, hostile, (resource, functionName) => {
        const doc = JSON.parse(
          json.replaceAll('AuthCheckFunction', JSON.stringify(resource).slice(1, -1)).replaceAll('auth-check', JSON.stringify(functionName).slice(1, -1)),
        ) as Documents['diff'];
        for (const format of formatsOf('diff')) {
          const text = render('diff', format, doc, { color: false });
          const where = `diff --output ${format}`;
          expect(RAW_CONTROL.test(text), where).toBe(false);
          for (const line of text.split('\n').filter((l) => l !== '')) {
            if (format === 'github') expect(line, where).toMatch(/^::notice (file=[^,:]*,)?(line=\d+,)?(col=\d+,)?title=[^,:]*::[^\r]*$/);
            else expect(line.trimStart().startsWith('::'), `${where}: ${JSON.stringify(line)}`).toBe(false);
          }
          if (format === 'markdown') expect(activeMarkdown(text), where).toBeUndefined();
        }
      }),
      { numRuns: 25 },
    );
  });

  it("stderr of the CLI (warnings, the gate's reasons, errors naming a file)", async () => {
    const cliSafe = hostile.filter((name) => !name.includes('\u0000'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(cliSafe, cliSafe, cliSafe, async (functionName, region, error) => {
        fc.pre(!functionName.includes('E1SHOPWEB0001') && !functionName.includes('auth-check'));
        const snapshot = renamed(functionName, 'E1SHOPWEB0001');
        // A failed region that carries no usage: its name and error reach stderr as a warning and as the gate's reason.
        snapshot.regions.push({ region: `zz-${region}`, status: 'failed', error });
        const file = join(dir, `hostile-${run++}.json`);
        writeFileSync(file, JSON.stringify(snapshot));
        const runs = await Promise.all([
          runCli(['report', '--input', file, '--function', `${error}x`, '--output', 'json']),
          runCli(['gate', '--budget', '1', '--input', file]),
          runCli(['recommend', '--input', file, '--output', 'json']),
          runCli(['report', '--input', join(dir, `${region.replaceAll('/', '_')}.json`)]),
        ]);
        expect(runs.map((r) => r.code)).toEqual([0, 3, 0, 2]);
        for (const [index, { stderr }] of runs.entries()) {
          const where = `run ${index}: ${JSON.stringify(stderr)}`;
          expect(stderr, where).not.toBe('');
          expect(RAW_CONTROL.test(stderr), where).toBe(false);
          expect(stderr, where).not.toMatch(/\n\s+at /);
          for (const line of stderr.split('\n')) expect(line.trimStart().startsWith('::'), where).toBe(false);
        }
      }),
      { numRuns: 3 },
    );
  }, 30_000);
});
