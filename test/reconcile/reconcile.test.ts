import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { demoBill } from '../../src/demo/demo-bill.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { Decimal } from '../../src/pricing/money.js';
import type { Bill, BillLine } from '../../src/reconcile/bill.js';
import { curQuery } from '../../src/reconcile/cur-sql.js';
import { effectivePriceSheet } from '../../src/reconcile/effective-pricing.js';
import { effectiveRateDecimals, reconcile } from '../../src/reconcile/reconcile.js';
import { parseUsageType } from '../../src/reconcile/usage-types.js';
import { renderReconciliationCsv, renderReconciliationMarkdown, renderReconciliationTable } from '../../src/render/reconcile-text.js';
import { loadPricing, parsePriceSheet } from '../../src/sources/data-files.js';
import { compileSchema } from '../../src/sources/json-data.js';
import { curSqlTemplate, usageTypeRegions } from '../../src/sources/reconcile-data.js';

const pricing = loadPricing();
const now = new Date('2026-11-20T00:00:00Z');
const validate = compileSchema('schemas/reconciliation.schema.json');

/** One function (128 MB) in us-east-1 and eu-west-1, 1,000,000 invocations and 2,000,000 ms each, on one day. */
function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    schemaVersion: 1,
    kind: 'edgecost.snapshot',
    generatedAt: '2026-11-02T00:00:00Z',
    source: { type: 'generated', accountId: '111122223333' },
    window: { start: '2026-10-01T00:00:00.000Z', end: '2026-10-02T00:00:00.000Z', days: 1 },
    inventory: {
      distributions: [],
      functions: [
        {
          key: 'fn:1',
          functionName: 'fn',
          functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:fn',
          version: '1',
          accountId: '111122223333',
          region: 'us-east-1',
          memoryMB: 128,
        },
      ],
    },
    usage: ['us-east-1', 'eu-west-1'].map((region) => ({
      functionName: 'fn',
      version: '1',
      accountId: '111122223333',
      region,
      invocations: [1_000_000],
      durationSumMs: [2_000_000],
    })),
    distributionMetrics: [],
    regions: [
      { region: 'us-east-1', status: 'ok' },
      { region: 'eu-west-1', status: 'ok' },
    ],
    ...overrides,
  } as Snapshot;
}

function line(usageType: string, quantity: string, costUsd: string, extra: Partial<BillLine> = {}): BillLine {
  return {
    date: '2026-10-01',
    accountId: '111122223333',
    usageType,
    lineItemType: 'Usage',
    resourceId: null,
    regionCode: null,
    quantity: new Decimal(quantity),
    unblendedCostUsd: new Decimal(costUsd),
    netUnblendedCostUsd: new Decimal(costUsd),
    estimated: false,
    ...extra,
  };
}

function bill(lines: BillLine[]): Bill {
  return { source: 'cur', apiRequests: 0, lines, resourceIds: false, netCost: true, warnings: [] };
}

// Per region: 1,000,000 requests = $0.60; billed GB-s with +0.5 ms each = 2,500,000 ms × 128 / 1,024,000 = 312.5 GB-s = $0.015628125.
const exactRegion = (code: string) => [line(`${code}-Lambda-Edge-Request`, '1000000', '0.6'), line(`${code}-Lambda-Edge-GB-Second`, '312.5', '0.015628125')];

describe('usage types', () => {
  it.each([
    ['USE1-Lambda-Edge-Request', { prefix: 'USE1', unit: 'request', region: 'us-east-1' }],
    ['EU-Lambda-Edge-GB-Second', { prefix: 'EU', unit: 'gb-second', region: 'eu-west-1' }],
    ['APS3-Lambda-Edge-Request', { prefix: 'APS3', unit: 'request', region: 'ap-south-1' }],
    ['ZZZ9-Lambda-Edge-Request', { prefix: 'ZZZ9', unit: 'request', region: null }],
  ])('%s', (usageType, expected) => {
    expect(parseUsageType(usageType, usageTypeRegions())).toEqual(expected);
  });

  it('regional Lambda usage types are not Lambda@Edge', () => {
    expect(parseUsageType('USE1-Lambda-GB-Second', usageTypeRegions())).toBeUndefined();
    expect(parseUsageType('Request', usageTypeRegions())).toBeUndefined();
  });
});

describe('reconcile (pure)', () => {
  it('a bill that matches the estimate exactly: 0 % difference, rows within tolerance, hand-computed figures', () => {
    const doc = reconcile(snapshot(), bill([...exactRegion('USE1'), ...exactRegion('EU')]), { pricing, now, tolerancePercent: 1, regions: usageTypeRegions() });
    expect(validate(doc)).toBeUndefined();
    expect(doc.rows).toHaveLength(2);
    for (const row of doc.rows) {
      expect(row).toMatchObject({ billedRequests: 1_000_000, invocations: 1_000_000, billedGbSeconds: 312.5, gbSecondsLow: 250, gbSecondsPoint: 312.5, gbSecondsHigh: 375 });
      expect(row.costUsd).toBeCloseTo(0.615628125, 15);
      expect(row.costDiffPercent).toBeCloseTo(0, 12);
      expect(row.withinTolerance).toBe(true);
      expect(row.causes).toEqual([]);
    }
    expect(doc.totals).toMatchObject({ billedRequests: 2_000_000, invocations: 2_000_000, rowsOutsideTolerance: 0 });
    expect(doc.effectiveRates.map((r) => r.differs)).toEqual([false, false]);
  });

  it('an unknown prefix keeps its own row (region null), never dropped, and fails tolerance', () => {
    const doc = reconcile(snapshot(), bill([...exactRegion('USE1'), ...exactRegion('EU'), line('ZZZ9-Lambda-Edge-Request', '10', '0.000006')]), {
      pricing,
      now,
      tolerancePercent: 1,
      regions: usageTypeRegions(),
    });
    const unknown = doc.rows.find((r) => r.usageTypePrefix === 'ZZZ9')!;
    expect(unknown).toMatchObject({ region: null, billedRequests: 10, invocations: null, costUsd: null, withinTolerance: false });
    expect(unknown.causes.map((c) => c.code)).toEqual(['unknown-usage-type']);
    expect(doc.totals.rowsOutsideTolerance).toBe(1);
  });

  it('a region edgecost could not read is unknown, not zero, with its cause', () => {
    const failed = snapshot({
      usage: snapshot().usage.filter((u) => u.region === 'us-east-1'),
      regions: [
        { region: 'us-east-1', status: 'ok' },
        { region: 'eu-west-1', status: 'failed', error: 'AccessDenied' },
      ],
    });
    const doc = reconcile(failed, bill([...exactRegion('USE1'), ...exactRegion('EU')]), { pricing, now, tolerancePercent: 1, regions: usageTypeRegions() });
    const eu = doc.rows.find((r) => r.region === 'eu-west-1')!;
    expect(eu).toMatchObject({ invocations: null, gbSecondsPoint: null, costUsd: null, costDiffPercent: null, withinTolerance: false });
    expect(eu.causes.map((c) => c.code)).toEqual(['region-not-read']);
    expect(eu.causes[0]!.message).toContain('AccessDenied');
  });

  it('a region that answered with no datapoints had zero invocations; a billed region edgecost never collected is named', () => {
    const doc = reconcile(snapshot({ usage: [], regions: [{ region: 'us-east-1', status: 'ok' }] }), bill([...exactRegion('USE1'), ...exactRegion('APS1')]), {
      pricing,
      now,
      tolerancePercent: 1,
      regions: usageTypeRegions(),
    });
    const east = doc.rows.find((r) => r.region === 'us-east-1')!;
    expect(east).toMatchObject({ invocations: 0, costUsd: 0, costDiffPercent: -100, withinTolerance: false });
    expect(east.causes.map((c) => c.code)).toEqual(expect.arrayContaining(['requests-differ']));
    const singapore = doc.rows.find((r) => r.region === 'ap-southeast-1')!;
    expect(singapore.causes.map((c) => c.code)).toEqual(['region-not-collected']);
  });

  it('the tolerance decides: 1.5 % off is flagged at 1 % and accepted at 2 %', () => {
    const lines = [line('USE1-Lambda-Edge-Request', '1000000', '0.6'), line('USE1-Lambda-Edge-GB-Second', '312.5', '0.015628125')];
    // the bill is 1.5 % above the estimate → the estimate is 1.4778… % below it
    lines[0]!.unblendedCostUsd = new Decimal('0.615628125').times('1.015').minus('0.015628125');
    const only = snapshot({ usage: snapshot().usage.slice(0, 1), regions: [{ region: 'us-east-1', status: 'ok' }] });
    expect(reconcile(only, bill(lines), { pricing, now, tolerancePercent: 1, regions: usageTypeRegions() }).rows[0]!.withinTolerance).toBe(false);
    const two = reconcile(only, bill(lines), { pricing, now, tolerancePercent: 2, regions: usageTypeRegions() }).rows[0]!;
    expect(two.withinTolerance).toBe(true);
    expect(two.costDiffPercent).toBeCloseTo((1 / 1.015 - 1) * 100, 10);
  });

  it('credits are kept apart and named; a net discount is found and learned as an effective rate', () => {
    const lines = [
      line('USE1-Lambda-Edge-Request', '1000000', '0.6', { netUnblendedCostUsd: new Decimal('0.54') }),
      line('USE1-Lambda-Edge-GB-Second', '312.5', '0.015628125'),
      line('USE1-Lambda-Edge-Request', '0', '-0.10', { lineItemType: 'Credit', netUnblendedCostUsd: new Decimal('-0.10') }),
    ];
    const only = snapshot({ usage: snapshot().usage.slice(0, 1), regions: [{ region: 'us-east-1', status: 'ok' }] });
    const doc = reconcile(only, bill(lines), { pricing, now, tolerancePercent: 1, regions: usageTypeRegions() });
    const row = doc.rows[0]!;
    expect(row.billedCostUsd).toBeCloseTo(0.615628125, 15);
    expect(row.billedNetCostUsd).toBeCloseTo(0.555628125, 15);
    expect(row.adjustmentsUsd).toEqual({ Credit: -0.1 });
    expect(row.causes.map((c) => c.code)).toEqual(['credits', 'discount']);
    const request = doc.effectiveRates.find((r) => r.unit === 'request')!;
    expect(request).toMatchObject({ differs: true });
    expect(request.netUsd).toBeCloseTo(0.54e-6, 18);
    const rates = effectiveRateDecimals(bill(lines), usageTypeRegions());
    const sheet = effectivePriceSheet(pricing, { rates, window: only.window, source: 'test bill', accountIds: ['111122223333'], now });
    expect(parsePriceSheet('(effective price sheet)', sheet.text).rates.lambdaEdgeRequestUsd.toString()).toBe('5.4e-7');
    expect(parsePriceSheet('(effective price sheet)', sheet.text).rates.lambdaEdgeGbSecondUsd.toString()).toBe('0.00005001');
    expect(JSON.parse(sheet.text).rates.find((r: { id: string }) => r.id === 'lambdaEdge.request').amount).toBe('0.54');
  });

  it('names from the bill cannot inject into a terminal, Markdown or a spreadsheet', () => {
    const evil = '=HYPERLINK("http://x")\u001b[31m|<img src=x>';
    const doc = reconcile(snapshot(), bill([...exactRegion('USE1'), line(`${evil}-Lambda-Edge-Request`, '1', '0.0000006')]), {
      pricing,
      now,
      tolerancePercent: 1,
      regions: usageTypeRegions(),
    });
    const table = renderReconciliationTable(doc, { color: false });
    expect(table).not.toContain('\u001b');
    const markdown = renderReconciliationMarkdown(doc);
    expect(markdown).not.toMatch(/(?<!\\)<img/);
    expect(markdown).toContain('\\<img');
    const csv = renderReconciliationCsv(doc);
    const cells = csv.split('\n').flatMap((l) => l.split(','));
    expect(cells.some((c) => /^"?=/.test(c))).toBe(false);
    expect(csv).toContain(`'=HYPERLINK`);
  });
});

describe('the demo bill', () => {
  it('reconciles the demo account: requests equal, GB-s inside [low, high], the GB-second discount and the credit named', () => {
    const demo = demoSnapshot();
    const doc = reconcile(demo, demoBill(demo, pricing.rates), { pricing, now: new Date('2026-11-20T00:00:00Z'), tolerancePercent: 1, regions: usageTypeRegions() });
    expect(validate(doc)).toBeUndefined();
    for (const row of doc.rows) {
      expect(row.billedRequests).toBe(row.invocations);
      expect(row.billedGbSeconds).toBeGreaterThanOrEqual(row.gbSecondsLow!);
      expect(row.billedGbSeconds).toBeLessThanOrEqual(row.gbSecondsHigh!);
      expect(row.withinTolerance).toBe(true);
    }
    expect(doc.totals.adjustmentsUsd).toEqual({ Credit: -5 });
    expect(doc.effectiveRates.map((r) => [r.unit, r.differs])).toEqual([
      ['request', false],
      ['gb-second', true],
    ]);
  });
});

describe('the CUR SQL text', () => {
  it('fills every placeholder, with or without the optional columns', () => {
    const window = { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z', days: 31 };
    const full = curQuery(curSqlTemplate(), '"cur"."cur2"', window, { resourceIds: true, netCost: true, regionCode: true });
    expect(full).not.toMatch(/\{\{|--/);
    expect(full).toContain(`FROM "cur"."cur2"`);
    expect(full).toContain(`line_item_usage_start_date >= TIMESTAMP '2026-10-01 00:00:00'`);
    expect(full).toContain(`line_item_usage_start_date < TIMESTAMP '2026-11-01 00:00:00'`);
    const bare = curQuery(curSqlTemplate(), 't', window, { resourceIds: false, netCost: false, regionCode: false });
    expect(bare).toContain('CAST(NULL AS VARCHAR) AS resource_id');
    expect(bare).toContain('CAST(NULL AS DOUBLE) AS DECIMAL');
  });
});
