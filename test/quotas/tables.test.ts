import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { parseRuleFlag } from '../../src/quotas/config.js';
import { RULE_IDS } from '../../src/quotas/registry.js';
import { runtimeTableIsStale } from '../../src/quotas/runtimes.js';
import { parseQuotaFlag } from '../../src/quotas/table.js';
import { parseLintConfig, parseQuotaTable, parseRuntimeTable } from '../../src/sources/data-files.js';
import { packagePath } from '../../src/sources/package-root.js';
import { NOW, QUOTAS, RUNTIMES } from './build.js';

const quotaText = readFileSync(packagePath('quotas/lambda-edge.json'), 'utf8');
const runtimeText = readFileSync(packagePath('quotas/runtimes.json'), 'utf8');

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('quota table (quotas/lambda-edge.json)', () => {
  it.each([
    ['viewer-request', 'memoryMB', 128],
    ['viewer-response', 'memoryMB', 128],
    ['origin-request', 'memoryMB', 10_240],
    ['origin-response', 'memoryMB', 10_240],
    ['viewer-request', 'timeoutSec', 5],
    ['origin-response', 'timeoutSec', 30],
    ['viewer-response', 'compressedPackageBytes', 1_048_576],
    ['origin-request', 'compressedPackageBytes', 52_428_800],
  ] as const)('%s %s = %d', (eventType, name, value) => {
    expect(QUOTAS.forEvent(eventType, name).value).toBe(value);
  });

  it.each([
    ['region.concurrentExecutions', 1000],
    ['region.requestsPerSecond', 10_000],
    ['function.unzippedPackageBytes', 262_144_000],
    ['function.ephemeralStorageMB', 512],
    ['behavior.functionsPerEventType', 1],
  ])('%s = %d', (key, value) => {
    expect(QUOTAS.get(key).value).toBe(value);
  });

  it('gives every quota and restriction a source, and says where AWS pages disagree', () => {
    for (const entry of QUOTAS.list()) expect(entry.source).toMatch(/^(https:\/\/\S+|docs\/rules\/\S+\.md)$/);
    for (const restriction of QUOTAS.listRestrictions()) expect(restriction.source).toMatch(/^https:\/\//);
    for (const key of ['viewer.memoryMB', 'viewer.timeoutSec', 'viewer.compressedPackageBytes']) expect(QUOTAS.get(key).disputed).toMatch(/current quotas page/);
    expect(QUOTAS.sourcesDisagree).toMatch(/disagree/);
  });

  it('applies overrides, per group and per event type, without touching the shipped table', () => {
    const table = QUOTAS.withOverrides({ 'viewer.memoryMB': 256, 'origin-response.timeoutSec': 10 }, '--quota');
    expect(table.forEvent('viewer-request', 'memoryMB')).toMatchObject({ value: 256, defaultValue: 128, overriddenBy: '--quota' });
    expect(table.forEvent('viewer-response', 'memoryMB').value).toBe(256);
    expect(table.forEvent('origin-response', 'timeoutSec').value).toBe(10);
    expect(table.forEvent('origin-request', 'timeoutSec').value).toBe(30);
    expect(QUOTAS.forEvent('viewer-request', 'memoryMB').value).toBe(128);
  });

  it.each([
    [{ 'viewer.memoryGB': 1 }, /unknown quota "viewer.memoryGB"/],
    [{ 'edge.memoryMB': 1 }, /unknown quota/],
    [{ 'viewer.memoryMB': -1 }, /must be a number ≥ 0/],
  ])('rejects override %j', (overrides, message) => {
    expect(() => QUOTAS.withOverrides(overrides, '--quota')).toThrow(UsageError);
    expect(() => QUOTAS.withOverrides(overrides, '--quota')).toThrow(message);
  });

  it.each([
    ['viewer.memoryMB=256', ['viewer.memoryMB', 256]],
    [' region.concurrentExecutions = 5_000 ', ['region.concurrentExecutions', 5000]],
    ['viewer-request.timeoutSec=4.5', ['viewer-request.timeoutSec', 4.5]],
  ])('parses --quota %s', (text, expected) => {
    expect(parseQuotaFlag(text)).toEqual(expected);
  });

  it.each(['viewer.memoryMB', 'viewer.memoryMB=', 'viewer.memoryMB=big', '=5', 'memoryMB=5', 'viewer.memoryMB=-5'])('rejects --quota %s', (text) => {
    expect(() => parseQuotaFlag(text)).toThrow(UsageError);
  });

  it('names file and line of a schema error', () => {
    const broken = quotaText.replace('"value": 128,', '"value": "128",');
    const error = inputError(() => parseQuotaTable('quotas/lambda-edge.json', broken));
    expect(error.message).toMatch(/quotas\/lambda-edge\.json:\d+: not a valid quota table: \/quotas\/viewer\.memoryMB\/value must be number/);
    // the line of the offending value, just below its key
    expect(error.line).toBe(quotaText.split('\n').findIndex((l) => l.includes('"viewer.memoryMB"')) + 2);
  });

  it('rejects a source that is not a URL', () => {
    const broken = quotaText.replace('"source": "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"', '"source": "the internet"');
    expect(() => parseQuotaTable('q.json', broken)).toThrow(/source must match pattern/);
  });

  it('rejects invalid JSON with a line', () => {
    expect(inputError(() => parseQuotaTable('q.json', '{\n  "schemaVersion": 1,\n  oops\n}')).line).toBe(3);
  });
});

describe('runtime table (quotas/runtimes.json)', () => {
  it.each([
    ['nodejs24.x', 'supported'],
    ['nodejs22.x', 'supported'],
    ['python3.14', 'supported'],
    ['python3.11', 'supported'],
    // Deprecated, not blocked: both are blocked from 2027-02-01 (quotas/runtimes.json cites the quotes of Lambda's table).
    ['nodejs20.x', 'deprecated'],
    ['nodejs18.x', 'deprecated'],
    ['python3.10', 'deprecated'],
    ['python3.9', 'deprecated'],
    ['nodejs16.x', 'blocked'],
    ['python3.8', 'blocked'],
    ['nodejs26.x', 'unlisted'],
    ['java21', 'unsupported-language'],
    ['provided.al2023', 'unsupported-language'],
  ])('on 2026-11-28 %s is %s', (id, status) => {
    expect(RUNTIMES.status(id, NOW).status).toBe(status);
  });

  it('turns a runtime deprecated by date, with the newest supported successor', () => {
    expect(RUNTIMES.status('nodejs22.x', new Date('2027-04-29T23:59:59Z')).status).toBe('supported');
    const later = RUNTIMES.status('nodejs22.x', new Date('2027-04-30T00:00:00Z'));
    expect(later).toMatchObject({ status: 'deprecated', successor: { id: 'nodejs24.x' } });
    expect(RUNTIMES.successor('python', NOW)?.id).toBe('python3.14');
  });

  it.each([
    [(text: string) => text.replace('"id": "nodejs22.x"', '"id": "nodejs24.x"'), /"nodejs24\.x" is listed twice/],
    [(text: string) => text.replace('"family": "python", "deprecationDate": "2028-10-31"', '"family": "ruby", "deprecationDate": "2028-10-31"'), /unknown family "ruby"/],
    [(text: string) => text.replace('"deprecationDate": "2027-04-30"', '"deprecationDate": "April 2027"'), /deprecationDate must match pattern/],
  ])('rejects a broken runtime table with file and line (%#)', (edit, message) => {
    const error = inputError(() => parseRuntimeTable('quotas/runtimes.json', edit(runtimeText)));
    expect(error.message).toMatch(message);
    expect(error.line).toBeGreaterThan(1);
  });
});

describe('lint configuration (--config)', () => {
  it('reads rules, quotas and failOn', () => {
    const config = parseLintConfig(
      'lint.json',
      '{ "rules": { "runtime-deprecated": "error", "layers": "off" }, "quotas": { "viewer.memoryMB": 256 }, "failOn": "warning" }',
      RULE_IDS,
    );
    expect(config).toEqual({ rules: { 'runtime-deprecated': 'error', layers: 'off' }, quotas: { 'viewer.memoryMB': 256 }, failOn: 'warning' });
  });

  it.each([
    ['{\n  "rules": {\n    "memory-limit": "fatal"\n  }\n}', 3, /\/rules\/memory-limit must be equal to one of the allowed values/],
    ['{\n  "rules": {\n    "no-such-rule": "off"\n  }\n}', 3, /unknown rule "no-such-rule"/],
    ['{\n  "quotas": {\n    "viewer.memoryMB": "256"\n  }\n}', 3, /must be number/],
    ['{\n  "extra": true\n}', undefined, /must NOT have additional properties/],
    ['{\n  "rules": [\n', 3, /invalid JSON/],
  ])('rejects %j at line %s', (text, line, message) => {
    const error = inputError(() => parseLintConfig('lint.json', text, RULE_IDS));
    expect(error.message).toMatch(message);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it.each([
    ['memory-limit=off', ['memory-limit', 'off']],
    ['runtime-deprecated=error', ['runtime-deprecated', 'error']],
  ])('parses --rule %s', (text, expected) => {
    expect(parseRuleFlag(text, RULE_IDS)).toEqual(expected);
  });

  it.each(['memory-limit', 'memory-limit=fatal', 'no-such-rule=off', '=off'])('rejects --rule %s', (text) => {
    expect(() => parseRuleFlag(text, RULE_IDS)).toThrow(UsageError);
  });
});

describe('runtime table staleness (issue 11)', () => {
  it('is stale more than 6 months after its retrieval date, not before', () => {
    const table = { retrievedDate: '2026-12-03' };
    expect(runtimeTableIsStale(table, new Date('2027-06-03T00:00:00.000Z'))).toBe(false);
    expect(runtimeTableIsStale(table, new Date('2027-06-03T00:00:00.001Z'))).toBe(true);
    expect(runtimeTableIsStale(table, new Date('2026-12-03T10:00:00Z'))).toBe(false);
  });

  it('every runtime row names its source, and the table its retrieval date', () => {
    expect(RUNTIMES.retrievedDate).toBe('2026-12-03');
    for (const runtime of RUNTIMES.runtimes) expect(runtime.source).toMatch(/^https:\/\//);
    expect(RUNTIMES.get('nodejs20.x')).toMatchObject({ deprecationDate: '2026-04-30', blockCreateDate: '2027-02-01', blockUpdateDate: '2027-03-03' });
    expect(RUNTIMES.status('nodejs20.x', new Date('2027-02-01T00:00:00Z')).status).toBe('blocked');
  });
});
