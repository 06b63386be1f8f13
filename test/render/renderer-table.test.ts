import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { type DocumentKind, formatsOf, RENDERERS, render } from '../../src/render/index.js';
import { renderJson } from '../../src/render/json.js';
import { buildReport } from '../../src/report/build.js';
import { loadPricing } from '../../src/sources/data-files.js';

/** Which document kind each command prints (collect writes snapshots only). */
const KIND_OF_COMMAND: Record<string, DocumentKind | undefined> = {
  estimate: 'estimate',
  pricing: 'pricing',
  report: 'report',
  gate: 'gate',
  recommend: 'recommend',
  lint: 'lint',
  collect: undefined,
  reconcile: 'reconcile',
  diff: 'diff',
};

describe('the renderer table', () => {
  it('lists each kind’s formats, table first (the default)', () => {
    expect(Object.fromEntries(Object.keys(RENDERERS).map((kind) => [kind, formatsOf(kind as DocumentKind)]))).toEqual({
      report: ['table', 'json', 'csv', 'markdown', 'html'],
      recommend: ['table', 'json', 'markdown'],
      gate: ['table', 'json', 'markdown'],
      lint: ['table', 'json', 'sarif', 'github'],
      estimate: ['table', 'json', 'markdown'],
      pricing: ['table', 'json'],
      reconcile: ['table', 'json', 'markdown', 'csv'],
      diff: ['table', 'json', 'markdown', 'github'],
    });
  });

  it('renders JSON in one place for every kind', () => {
    for (const kind of Object.keys(RENDERERS) as DocumentKind[]) expect(RENDERERS[kind].json).toBe(renderJson);
  });

  it.each(COMMANDS.map((entry) => [entry.name, entry]))('%s: --output offers exactly the table’s formats', async (name, entry) => {
    const command = new Command(name).summary(entry.summary);
    (await entry.load()).configure(command);
    const output = command.options.find((option) => option.long === '--output');
    const kind = KIND_OF_COMMAND[name];
    if (kind === undefined) {
      expect(output).toBeUndefined();
      return;
    }
    expect(output?.argChoices).toEqual(formatsOf(kind));
    expect(output?.defaultValue).toBe('table');
  });

  it('says which formats exist when asked for another', () => {
    const report = buildReport(demoSnapshot(), { pricing: loadPricing(), now: new Date('2026-11-20T00:00:00Z') });
    expect(() => render('report', 'xml', report)).toThrow('no xml renderer for report documents (formats: table, json, csv, markdown, html)');
    expect(render('report', 'csv', report, { groupBy: 'region' })).toMatch(/^Region,Status,Invocations,Cost \(USD\)\n/);
  });
});
