import { describe, expect, it } from 'vitest';
import type { DiffDocument, DiffFunction } from '../../src/diff/types.js';
import { renderDiffGithub } from '../../src/render/diff-github.js';
import { renderDiffMarkdown, renderDiffTable } from '../../src/render/diff-text.js';
import { diffView } from '../../src/render/diff-view.js';

function fn(resource: string, base: number | null, head: number | null, extra: Partial<DiffFunction> = {}): DiffFunction {
  return {
    resource,
    file: 'template.yaml',
    line: 10,
    functionName: resource.toLowerCase(),
    status: 'changed',
    changes: [{ property: 'memoryMB', from: 128, to: 256 }],
    baseMonthlyUsd: base,
    headMonthlyUsd: head,
    changeUsd: base !== null && head !== null ? head - base : null,
    changePercent: base !== null && head !== null && base !== 0 ? ((head - base) / base) * 100 : null,
    lowerBound: false,
    confidence: 'high',
    match: { by: 'function-name', detail: 'function name x' },
    assumptions: ['an assumption'],
    ...extra,
  };
}

function doc(functions: DiffFunction[]): DiffDocument {
  return {
    schemaVersion: 1,
    kind: 'edgecost.diff',
    generatedAt: '2026-11-01T00:00:00.000Z',
    window: { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z', days: 31 },
    pricingId: 'aws-public-2026-11',
    base: { files: ['a.yaml'] },
    head: { files: ['template.yaml'] },
    totals: {
      baseMonthlyUsd: 0,
      headMonthlyUsd: 0,
      changeUsd: 0,
      changePercent: null,
      unknownCount: functions.filter((f) => f.headMonthlyUsd === null || f.baseMonthlyUsd === null).length,
      lowerBoundCount: 0,
    },
    functions,
    lintErrors: [],
    warnings: [],
  };
}

describe('diff views', () => {
  it('printed totals are the sums of the printed rows; unknown costs are shown and left out', () => {
    const view = diffView(doc([fn('A', 1.004, 2.004), fn('B', 1.004, 1.004), fn('C', 1.004, 1.006), fn('D', 5, null)]));
    expect(view.rows.map((r) => [r.base, r.head])).toEqual([
      ['$1.01', '$2.00'],
      ['$1.00', '$1.00'],
      ['$1.00', '$1.01'],
      ['$5.00', 'unknown'],
    ]);
    expect(view.totalBase).toBe('$3.01');
    expect(view.totalHead).toBe('$4.01');
    expect(view.totalChange).toBe('+$1.00');
    expect(view.rows.map((r) => r.change).slice(0, 3)).toEqual(['+$0.99', '$0.00', '+$0.01']);
    expect(view.rows[3]!.change).toBe('unknown');
    expect(view.summary).toBe('+$1.00 / month (+33.2 %); 1 function of unknown cost not counted');
  });

  it('the Markdown comment: summary line, table, folded assumptions', () => {
    const text = renderDiffMarkdown(doc([fn('A', 10, 12)]));
    expect(text.split('\n')[0]).toBe('### 💰 Lambda@Edge cost of this change: **+$2.00 / month (+20 %)**');
    expect(text).toContain('| A (line 10) | a | changed | $10.00 | $12.00 | +$2.00 | +20 % | memoryMB 128 → 256 |');
    expect(text).toContain('<details><summary>Assumptions</summary>');
  });

  it('table and annotations for a removed function (no line to annotate)', () => {
    const removed = fn('Old', 3, 0, { status: 'removed', changes: [] });
    expect(renderDiffTable(doc([removed]), { color: false })).toContain('-$3.00');
    expect(renderDiffGithub(doc([removed]))).toBe('::notice title=edgecost diff%3A -$3.00 / month::Old (old) removed: $3.00 → $0.00 a month (-$3.00, -100 %25)\n');
  });
});
