import { describe, expect, it } from 'vitest';
import { parseDecimal, parseHitRateFlag, parseNonNegativeNumber, parsePositiveInteger } from '../../src/cli/options.js';
import { parseQuotaFlag } from '../../src/quotas/table.js';
import { runCli } from '../helpers/cli.js';

describe('numeric flags are decimal only (0x10 is not 16)', () => {
  it.each([
    ['25', 25],
    ['0.85', 0.85],
    ['.5', 0.5],
    ['1e6', 1_000_000],
    ['+3', 3],
    ['0x10', undefined],
    ['0b1', undefined],
    ['0o7', undefined],
    ['Infinity', undefined],
    ['1e999', undefined],
    ['', undefined],
    [' 5', undefined],
    ['5 ', undefined],
    ['1,000', undefined],
  ])('parseDecimal(%j) = %s', (text, expected) => {
    expect(parseDecimal(text)).toBe(expected);
  });

  it.each(['0x10', '0b1', '0o7', '-1', 'NaN'])('--budget %s is refused', (text) => {
    expect(() => parseNonNegativeNumber('--budget')(text)).toThrow(`--budget expects a non-negative number, got "${text}"`);
  });

  it.each(['0x1', '0b1', '1e0', '2.0', '9007199254740993'])('--concurrency %s is refused', (text) => {
    expect(() => parsePositiveInteger('--concurrency')(text)).toThrow('--concurrency expects a whole number ≥ 1');
  });

  it.each([
    ['85%', 0.85],
    ['0.85', 0.85],
  ])('--hit-rate %s = %s', (text, rate) => {
    expect(parseHitRateFlag(text)).toBe(rate);
  });

  it.each(['0x1', '0x1%', '1e999%'])('--hit-rate %s is refused', (text) => {
    expect(() => parseHitRateFlag(text)).toThrow('--hit-rate expects a fraction from 0 to 1');
  });

  it('--quota takes decimal (with _ groups), not hex', () => {
    expect(parseQuotaFlag('viewer.memoryMB=1_024')).toEqual(['viewer.memoryMB', 1024]);
    expect(() => parseQuotaFlag('viewer.memoryMB=0x100')).toThrow('--quota viewer.memoryMB: expected a number ≥ 0, got "0x100"');
  });

  it.each([
    [['gate', '--demo', '--budget', '0x10'], /--budget expects a non-negative number, got "0x10"/],
    [['recommend', '--demo', '--hit-rate', '0x1'], /--hit-rate expects a fraction from 0 to 1/],
    [['report', '--days', '0x1e'], /--days expects a whole number of days/],
    [['report', '--month', '2207-01'], /--month 2207-01: the window starts 2207-01-01, after today/],
    [['estimate', '--requests', '1000', '--duration-ms', '5', '--memory-mb', '0x80', '--event', 'viewer-request'], /--memory-mb expects a whole number of MB/],
  ])('the CLI refuses %j with exit 2', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});
