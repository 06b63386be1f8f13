import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../src/demo/demo-account.js';
import { renderReportHtml } from '../../src/render/report-html.js';
import { buildReport } from '../../src/report/build.js';
import { loadPricing, parseReconciliation } from '../../src/sources/data-files.js';
import { launchChromium } from './launch.js';
import { decodePng, pixelStats } from './png.js';

/**
 * The HTML report in a real browser: the Chromium that `npm install` brings (see ./launch.ts; or
 * $EDGECOST_CHROMIUM), driven by playwright-core. Fails — does not skip — when no browser starts.
 * Screenshots go to a temp dir, or to $EDGECOST_SCREENSHOT_DIR (kept) to look at them.
 */
/** A4 minus the page's 12 mm side margins, in CSS px (96 per inch): (210 − 24) / 25.4 × 96. */
const A4_CONTENT_WIDTH_PX = 703;

let browser: Browser;
let directory: string;
let demoUrl: string;
let hostileUrl: string;
const hostileName = '<script>window.pwned = 1</script>';

beforeAll(async () => {
  const keep = process.env.EDGECOST_SCREENSHOT_DIR;
  directory = keep ?? mkdtempSync(join(tmpdir(), 'edgecost-html-'));
  mkdirSync(directory, { recursive: true });

  const pricing = loadPricing();
  const demo = buildReport(demoSnapshot(), { pricing, now: new Date('2026-11-28T12:00:00Z') });
  writeFileSync(join(directory, 'report-demo.html'), renderReportHtml(demo));
  demoUrl = pathToFileURL(join(directory, 'report-demo.html')).href;

  // Everything optional at once: a failed region, a hostile name, a forecast, a comparison, recommendations,
  // a reconciliation (its widest table: account and function columns, hostile names too).
  const snapshot = demoSnapshot();
  snapshot.regions = snapshot.regions.map((r) => (r.region === 'eu-west-2' ? { region: r.region, status: 'failed', error: 'AccessDenied <b>x</b>' } : r));
  for (const item of [...snapshot.usage, ...snapshot.inventory.functions]) if (item.functionName === 'geo-redirect') item.functionName = hostileName;
  const full = buildReport(snapshot, { pricing, now: new Date('2026-10-31T12:00:00Z') });
  full.recommendations = [
    {
      kind: 'move-to-origin-event',
      functionName: 'auth-check',
      from: 'viewer-request',
      to: 'origin-request',
      currentMonthlyCostUsd: 87.86,
      projectedMonthlyCostUsd: 13.18,
      monthlySavingsUsd: 74.68,
      confidence: 'medium',
      assumptions: ['valid only when the logic does not depend on per-viewer data outside the cache key'],
    },
  ];
  full.comparison = {
    baseline: { file: 'september.json', window: { start: '2026-09-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z', days: 30 }, pricingId: 'aws-public-2026-11' },
    totals: {
      baselineMonthlyRunRateUsd: full.totals.monthlyRunRateUsd * 0.9,
      currentMonthlyRunRateUsd: full.totals.monthlyRunRateUsd,
      changeUsd: full.totals.monthlyRunRateUsd * 0.1,
      changePercent: 11.1,
    },
    functions: full.functions.map((f) => ({
      functionName: f.functionName,
      functionArn: f.functionArn,
      status: 'changed' as const,
      baselineMonthlyRunRateUsd: f.monthlyRunRateUsd * 0.9,
      currentMonthlyRunRateUsd: f.monthlyRunRateUsd,
      changeUsd: f.monthlyRunRateUsd * 0.1,
      changePercent: 11.1,
      drivers: { invocationsUsd: f.monthlyRunRateUsd * 0.1, durationUsd: 0, memoryUsd: 0 },
    })),
  };
  const reconciliationFile = new URL('../fixtures/reconcile/hostile-names.json', import.meta.url).pathname;
  full.reconciliation = {
    file: 'bill.json',
    sameWindow: false,
    warnings: ['the reconciliation covers 2026-10-01 to 2026-10-31 (31 days), this report 2026-10-01 to 2026-10-31 (31 days)'],
    document: parseReconciliation(reconciliationFile, readFileSync(reconciliationFile, 'utf8')),
  };
  writeFileSync(join(directory, 'report-full.html'), renderReportHtml(full));
  hostileUrl = pathToFileURL(join(directory, 'report-full.html')).href;

  ({ browser } = await launchChromium());
});

afterAll(async () => {
  await browser?.close();
  if (directory && !process.env.EDGECOST_SCREENSHOT_DIR) rmSync(directory, { recursive: true, force: true });
});

interface Watched {
  page: Page;
  requests: string[];
  errors: string[];
}

async function open(url: string, options: { colorScheme: 'light' | 'dark'; width?: number }): Promise<Watched> {
  const context = await browser.newContext({ colorScheme: options.colorScheme, viewport: { width: options.width ?? 1000, height: 800 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors };
}

async function screenshotStats(page: Page, name: string) {
  const file = join(directory, name);
  const png = await page.screenshot({ path: file, fullPage: true });
  return { file, stats: pixelStats(decodePng(png)) };
}

describe('HTML report in headless Chromium', () => {
  it('a blank page is detected as blank (the check below can fail)', async () => {
    const context = await browser.newContext({ viewport: { width: 400, height: 300 } });
    const page = await context.newPage();
    await page.setContent('<!doctype html><html style="background:#fff"><body></body></html>');
    const { stats } = await screenshotStats(page, 'blank.png');
    expect(stats.distinctColours).toBe(1);
    expect(stats.dominantShare).toBe(1);
    await context.close();
  });

  it.each([
    ['light', 'rgb(255, 255, 255)', [255, 255, 255]],
    ['dark', 'rgb(21, 24, 29)', [21, 24, 29]],
  ] as const)('renders the demo report in %s mode: no console errors, no network, a non-blank screenshot', async (colorScheme, background, dominant) => {
    const { page, requests, errors } = await open(demoUrl, { colorScheme });
    expect(errors).toEqual([]);
    expect(requests).toEqual([demoUrl]);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(background);

    // The accessibility tree sees the charts as named images and the table's row headers.
    for (const name of ['Cost by function', 'Cost by event type', 'Cost by region', 'Invocations per day', 'Cost per day']) {
      await expect(page.getByRole('img', { name: new RegExp(`^${name}\\b`) }).count()).resolves.toBe(1);
    }
    await expect(page.getByRole('rowheader', { name: 'auth-check', exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: 'Warnings (1)' }).isVisible()).resolves.toBe(true);
    // Numbers are text, not pictures.
    await expect(page.locator('#kpi-total-cost').textContent()).resolves.toMatch(/^\$210\.11/);

    const { file, stats } = await screenshotStats(page, `report-demo-${colorScheme}.png`);
    expect(stats.dominantShare, file).toBeLessThan(0.95);
    expect(stats.distinctColours, file).toBeGreaterThan(50);
    expect(stats.dominant).toEqual(dominant);
    if (colorScheme === 'light') expect(stats.meanLuminance).toBeGreaterThan(0.8);
    else expect(stats.meanLuminance).toBeLessThan(0.25);
    await page.context().close();
  });

  it('runs no script from the report and shows hostile names as text', async () => {
    const { page, requests, errors } = await open(hostileUrl, { colorScheme: 'light' });
    expect(errors).toEqual([]);
    expect(requests).toEqual([hostileUrl]);
    expect(await page.evaluate(() => document.querySelectorAll('script, img, iframe, object').length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await expect(page.getByRole('rowheader', { name: hostileName, exact: true }).first().textContent()).resolves.toBe(hostileName);
    await expect(page.locator('#comparison').isVisible()).resolves.toBe(true);
    await expect(page.locator('#recommendations').isVisible()).resolves.toBe(true);
    await expect(page.locator('#reconciliation-table').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('rowheader', { name: 'unknown (<img src=x onerror=alert(1)>)', exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('#kpi-forecast').textContent()).resolves.toMatch(/^\$\d/);
    const { stats } = await screenshotStats(page, 'report-full-light.png');
    expect(stats.dominantShare).toBeLessThan(0.95);
    await page.context().close();
  });

  it.each([
    ['demo', () => demoUrl],
    ['full', () => hostileUrl],
  ])('the %s page fits the width of an A4 page when printed', async (_name, url) => {
    const { page, errors } = await open(url(), { colorScheme: 'light', width: A4_CONTENT_WIDTH_PX });
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(A4_CONTENT_WIDTH_PX);
    const chartWidths = await page.evaluate(() => [...document.querySelectorAll('svg.chart')].map((svg) => svg.getBoundingClientRect().right));
    expect(chartWidths.length).toBeGreaterThanOrEqual(5);
    for (const right of chartWidths) expect(right).toBeLessThanOrEqual(A4_CONTENT_WIDTH_PX);
    // Print uses the light palette whatever the screen's scheme.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('prints to a PDF of A4 pages', async () => {
    const { page } = await open(demoUrl, { colorScheme: 'dark' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    writeFileSync(join(directory, 'report-demo.pdf'), pdf);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const pages = text.match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(5);
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    expect(boxes.length).toBe(pages.length);
    // A4 is 210 × 297 mm = 595 × 842 pt.
    for (const box of boxes) expect(box).toEqual([595, 842]);
    await page.context().close();
  });
});
