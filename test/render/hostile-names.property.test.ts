import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { runGate } from '../../src/gate/run.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { lintInventory } from '../../src/quotas/engine.js';
import { recommend } from '../../src/recommend/index.js';
import { type DocumentKind, formatsOf, render } from '../../src/render/index.js';
import { escapeText, neutraliseCsvText } from '../../src/render/text.js';
import { reportDocument } from '../../src/report/pipeline.js';
import { loadPricing, loadQuotaTable, loadRecommendLimits, loadRuntimeTable } from '../../src/sources/data-files.js';

/**
 * Issue 14 (6, 7): whatever a function or distribution is called, the human-readable formats show
 * it escaped — no raw control character, no line that the name starts (a GitHub `::error::`
 * workflow command), no CSV cell a spreadsheet would run as a formula. JSON, SARIF and HTML are
 * escaped by their own syntax; `--output github` by its own escaping.
 */
const now = new Date('2026-11-20T00:00:00Z');
const pricing = loadPricing();
const limits = loadRecommendLimits();
const quotas = loadQuotaTable();
const runtimes = loadRuntimeTable();
const HUMAN_FORMATS = new Set(['table', 'markdown', 'csv']);

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

function outputsFor(snapshot: Snapshot): { kind: DocumentKind; format: string; text: string }[] {
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
      .filter((format) => HUMAN_FORMATS.has(format))
      .map((format) => ({ kind, format, text: render(kind, format, documents[kind] as never, { color: false }) })),
  );
}

const hostile = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }),
  fc.constantFrom('\n::error::pwned', '\r\n::add-mask::x', '\u001b]8;;http://evil/\u0007x', '=HYPERLINK("http://evil")', '+1', '-2+3', '@SUM(A1)', '\tx', '\u0085::warning::c1', 'a\u2028::error::b'),
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
        }
      }),
      { numRuns: 25 },
    );
  });
});
