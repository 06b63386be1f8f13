import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { lintInventory } from '../../src/quotas/engine.js';
import { loadTemplateSources } from '../../src/sources/templates.js';
import { NOW, QUOTAS, RUNTIMES } from './build.js';

/**
 * Random and truncated YAML/JSON never crash the linter: the loaders either reject the input with
 * an InputError (exit 2, file and line) or produce an inventory every rule runs on without an
 * internal error.
 */
const DIR = new URL('../fixtures/lint/templates/', import.meta.url);
const SOURCES = [
  'sam-violations.yaml',
  'clean.yaml',
  'plan.json',
  'invalid-associations.yaml',
  'invalid-values.yaml',
  'invalid-plan.json',
  'real/cloudfront-authorization-at-edge/template.yaml',
].map((name) => ({
  name,
  text: readFileSync(new URL(name, DIR), 'utf8'),
}));

async function lintText(file: string, text: string): Promise<'rejected' | number> {
  try {
    const loaded = await loadTemplateSources([{ file, text }]);
    const document = lintInventory({ inventory: loaded.inventory, defects: loaded.defects }, { now: NOW, quotas: QUOTAS, runtimes: RUNTIMES, includeUnattachedFunctions: true });
    expect(document.findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
    // A defect is always reported where it is: file and line.
    for (const finding of document.findings.filter((f) => f.ruleId === 'invalid-association')) {
      expect(finding.file).toBe(file);
      expect(finding.line).toBeGreaterThan(0);
    }
    return document.findings.length;
  } catch (error) {
    if (error instanceof InputError) {
      expect(error.file).toBe(file);
      return 'rejected';
    }
    throw error;
  }
}

describe('lint never crashes on malformed input', () => {
  it.each(SOURCES.map((s) => [s.name, s.text] as const))('%s truncated at any point', async (name, text) => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: text.length }), async (cut) => {
        await lintText(name, text.slice(0, cut));
      }),
      { numRuns: 60 },
    );
  });

  it.each(SOURCES.map((s) => [s.name, s.text] as const))('%s with random characters spliced in', async (name, text) => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: text.length }), fc.string({ maxLength: 12 }), async (at, noise) => {
        await lintText(name, text.slice(0, at) + noise + text.slice(at));
      }),
      { numRuns: 60 },
    );
  });

  it('random JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        await lintText('random.json', JSON.stringify(value));
      }),
      { numRuns: 100 },
    );
  });

  it('random text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        await lintText('random.yaml', text);
      }),
      { numRuns: 100 },
    );
  });
});

describe('rules never throw on odd inventories', () => {
  const eventType = fc.constantFrom('viewer-request', 'viewer-response', 'origin-request', 'origin-response' as const);
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const fnArb = fc.record({
    key: fc.constantFrom('A', 'B', 'arn:aws:lambda:us-east-1:123456789012:function:a:1', 'arn:aws:lambda:eu-west-1:123456789012:function:b:$LATEST'),
    functionName: fc.constantFrom('a', 'b', ''),
    functionArn: maybe(fc.constantFrom('arn:aws:lambda:us-east-1:123456789012:function:a', 'not-an-arn')),
    version: maybe(fc.constantFrom('1', '$LATEST', 'live', '')),
    region: maybe(fc.constantFrom('us-east-1', 'eu-west-1', '')),
    memoryMB: maybe(fc.oneof(fc.integer({ min: -5, max: 20_000 }), fc.constant(Number.NaN))),
    timeoutSec: maybe(fc.double({ min: -1, max: 1000, noNaN: false })),
    codeSizeBytes: maybe(fc.integer({ min: 0, max: 300_000_000 })),
    unzippedSizeBytes: maybe(fc.integer({ min: 0, max: 300_000_000 })),
    runtime: maybe(fc.constantFrom('nodejs22.x', 'nodejs16.x', 'python3.9', 'java21', 'nodejs99.x', '')),
    architectures: maybe(fc.array(fc.constantFrom('x86_64', 'arm64', ''), { maxLength: 2 })),
    packageType: maybe(fc.constantFrom('Zip' as const, 'Image' as const)),
    environmentVariableNames: maybe(fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 })),
    layerArns: maybe(fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 })),
    vpcConfigured: maybe(fc.boolean()),
    tracingMode: maybe(fc.constantFrom('Active', 'PassThrough', 'active')),
    deadLetterTargetArn: maybe(fc.string({ maxLength: 10 })),
    ephemeralStorageMB: maybe(fc.integer({ min: 0, max: 10_240 })),
    provisionedConcurrency: maybe(fc.integer({ min: -1, max: 5 })),
  });
  const associationArb = fc.record({
    eventType,
    functionKey: maybe(fc.constantFrom('A', 'B', 'missing', 'arn:aws:lambda:us-east-1:123456789012:function:a:1')),
    functionArn: maybe(fc.constantFrom('arn:aws:lambda:us-east-1:123456789012:function:a:1', 'arn:aws:lambda:us-east-1:123456789012:function:a', '!GetAtt X.Arn')),
    arnQualifier: maybe(fc.constantFrom('version' as const, 'alias' as const, 'latest' as const, 'unqualified' as const, 'unknown' as const)),
    unresolvedReason: maybe(fc.string({ maxLength: 10 })),
    includeBody: fc.boolean(),
  });
  const inventoryArb = fc.record({
    functions: fc.array(fnArb, { maxLength: 4 }),
    distributions: fc.array(
      fc.record({
        id: fc.constantFrom('D1', 'D2'),
        behaviors: fc.array(
          fc.record({
            pathPattern: fc.constantFrom('*', '/a/*'),
            lambdaAssociations: fc.array(associationArb, { maxLength: 4 }),
            functionAssociations: fc.array(fc.record({ eventType, functionArn: fc.constant('arn:aws:cloudfront::1:function/f') }), { maxLength: 2 }),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 2 },
    ),
  });
  const seriesArb = fc.record({
    functionName: fc.constantFrom('a', 'b'),
    region: fc.constantFrom('us-east-1', 'eu-west-1'),
    invocations: fc.array(fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: null }), { minLength: 3, maxLength: 3 }),
    durationSumMs: fc.array(fc.option(fc.double({ min: 0, max: 1e12, noNaN: true }), { nil: null }), { minLength: 3, maxLength: 3 }),
    durationMaxMs: maybe(fc.array(fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null }), { minLength: 3, maxLength: 3 })),
    errors: maybe(fc.array(fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: null }), { minLength: 3, maxLength: 3 })),
    throttles: maybe(fc.array(fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: null }), { minLength: 3, maxLength: 3 })),
    concurrentExecutionsMax: maybe(fc.array(fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }), { minLength: 3, maxLength: 3 })),
  });

  it('random inventories and usage: no internal-error finding, every finding well formed', () => {
    fc.assert(
      fc.property(inventoryArb, fc.array(seriesArb, { maxLength: 4 }), fc.boolean(), (inventory, usage, unattached) => {
        const document = lintInventory(
          { inventory, usage: { window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-04T00:00:00.000Z', days: 3 }, usage, regions: [] } },
          { now: NOW, quotas: QUOTAS, runtimes: RUNTIMES, includeUnattachedFunctions: unattached },
        );
        for (const finding of document.findings) {
          expect(finding.ruleId).not.toBe('internal-error');
          expect(typeof finding.resource).toBe('string');
          expect(finding.message.length).toBeGreaterThan(10);
          expect(['error', 'warning', 'info']).toContain(finding.severity);
        }
      }),
      { numRuns: 300 },
    );
  });
});
