import { describe, expect, it } from 'vitest';
import * as edgecost from '../src/index.js';

describe('library entry', () => {
  it('runs the pipeline without printing: demo snapshot → report, recommendations, gate', () => {
    const pricing = edgecost.loadPricing();
    const now = new Date('2026-11-28T00:00:00Z');
    const snapshot = edgecost.demoSnapshot();
    const report = edgecost.buildReport(snapshot, { pricing, now });
    expect(report.totals.costUsd).toBeCloseTo(210.1125371907, 9);
    expect(edgecost.recommend(snapshot, { pricing, now }).recommendations.length).toBeGreaterThan(0);
    expect(edgecost.renderReportHtml(report)).toContain('<html');
  });
});
