import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * Snapshots that would price into a wrong number shown as right (issue 14, "wrong numbers"): each
 * crafted file in test/fixtures/snapshots/invalid is `small.json` with one defect. `gate` must not
 * pass on them and `report` must not print them: exit 2, one line naming file:line and the pointer.
 */

const fixture = (name: string) => new URL(`../fixtures/snapshots/${name}`, import.meta.url).pathname;
/** The line of the needle's first occurrence; `…` before it asks for its last (a repeated entry). */
const lineOf = (name: string, needle: string) => {
  const lines = readFileSync(fixture(name), 'utf8').split('\n');
  const matches = lines.flatMap((line, index) => (line.includes(needle.replace(/^…/, '')) ? [index + 1] : []));
  return needle.startsWith('…') ? matches.at(-1) : matches[0];
};

describe('crafted snapshots are refused with exit 2, never priced', () => {
  it.each([
    ['invalid/infinite-duration.json', '1e999', /the number 1e999 is not finite/],
    ['invalid/huge-duration.json', '1e308', /invalid snapshot: \/usage\/0\/durationSumMs\/1 must be <= 9007199254740991/],
    ['invalid/fractional-invocations.json', '2000.5', /invalid snapshot: \/usage\/0\/invocations\/1 must be integer/],
    ['invalid/memory-out-of-range.json', '100000', /invalid snapshot: \/inventory\/functions\/1\/memoryMB must be <= 10240/],
    ['invalid/end-before-start.json', '"window"', /invalid snapshot: \/window\/end 2026-11-01T00:00:00.000Z is not after the window's start 2026-11-04T00:00:00.000Z/],
    ['invalid/days-disagree.json', '"window"', /invalid snapshot: \/window\/days is 3, but 2026-10-05T00:00:00.000Z to 2026-11-04T00:00:00.000Z is 30 days/],
    ['invalid/impossible-date.json', '"window"', /invalid snapshot: \/window\/start is not an ISO 8601 date-time: "2026-02-30T00:00:00.000Z"/],
    ['invalid/unparseable-date.json', '"window"', /invalid snapshot: \/window\/start is not an ISO 8601 date-time: "first of November"/],
    [
      'invalid/duplicate-usage.json',
      '…"eu-west-1", "invocations"',
      /invalid snapshot: \/usage\/2 repeats the usage of fn-a:1 in eu-west-1 already at \/usage\/1: it would be counted twice/,
    ],
    ['invalid/failed-region-with-usage.json', '"ap-south-1", "invocations"', /invalid snapshot: \/usage\/2 is usage in ap-south-1, which \/regions\/2 marks failed/],
  ])('%s', async (name, needle, message) => {
    for (const command of [
      ['gate', '--budget', '50'],
      ['report', '--output', 'json'],
    ]) {
      const run = await runCli([...command, '--input', fixture(name)]);
      expect(run.code, `${command[0]}: ${run.stderr}`).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain(`${fixture(name)}:${lineOf(name, needle)}`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('the same usage in a copy that does not name its account (the ARN does) is refused on merge', async () => {
    const run = await runCli(['gate', '--budget', '50', '--input', fixture('small.json'), '--input', fixture('invalid/small-without-account.json')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/small-without-account\.json: usage of fn-a:1 in us-east-1 is already in .*small\.json: merging would count it twice/);
  });

  it('the valid original still prices (the fixtures differ from it by their defect alone)', async () => {
    const run = await runCli(['gate', '--budget', '50', '--input', fixture('small.json'), '--allow-partial']);
    expect(run.code).toBe(0);
  });
});
