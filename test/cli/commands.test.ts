import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { colorEnabled } from '../../src/cli/color.js';
import { COMMANDS, commandOf } from '../../src/cli/commands.js';
import { EXIT_INTERNAL, reportError } from '../../src/cli/main.js';
import { UsageError } from '../../src/errors.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

describe('the command table', () => {
  it('names every command once, in the order of --help', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(['estimate', 'pricing', 'report', 'gate', 'recommend', 'lint', 'collect', 'diff', 'reconcile']);
  });

  it.each([
    [['report', '--demo'], 'report'],
    [['help', 'lint'], 'lint'],
    [['--help'], undefined],
    [['reports'], undefined],
    [[], undefined],
  ])('%j runs %s', (args, name) => {
    expect(commandOf(args)?.name).toBe(name);
  });

  it('edgecost --help imports no command module, renderer, schema validator or YAML parser', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecost-modules-'));
    try {
      const log = join(dir, 'modules.txt');
      const hooks = join(dir, 'hooks.mjs');
      writeFileSync(
        hooks,
        `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`,
      );
      const register = join(dir, 'register.mjs');
      writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
      writeFileSync(log, '');
      const run = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, join(PROJECT_ROOT, 'bin/edgecost.js'), '--help'], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('lint [options] [PATH...]');
      const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      expect(loaded.some((url) => url.endsWith('/dist/cli/main.js'))).toBe(true);
      const heavy = loaded.filter((url) =>
        /\/dist\/(cli\/(?!main|commands)|render|report|pricing|quotas|recommend|gate|sources(?!\/package-root)|aws)|node_modules\/(ajv|yaml|decimal\.js|@aws-sdk)/.test(url),
      );
      expect(heavy).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('colour is decided in one place', () => {
  it.each([
    ['a terminal', {}, {}, true, true],
    ['--no-color', { color: false }, {}, true, false],
    ['NO_COLOR', {}, { NO_COLOR: '1' }, true, false],
    ['a pipe', {}, {}, false, false],
    ['-o FILE', { out: 'report.txt' }, {}, true, false],
    ['-o -', { out: '-' }, {}, true, true],
  ])('%s', (_name, flags, env, isTTY, expected) => {
    expect(colorEnabled(flags, env, { isTTY })).toBe(expected);
  });
});

describe('errors become exit codes in one place', () => {
  it('an error edgecost did not expect exits 70, a documented code', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(EXIT_INTERNAL).toBe(70);
      expect(await reportError(new TypeError('boom'))).toBe(70);
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/^edgecost: internal error \(please report it\): TypeError: boom/);
      expect(await reportError(new UsageError('bad flag'))).toBe(2);
      // a message quoting the input cannot start a line of its own (a GitHub workflow command)
      expect(await reportError(new UsageError('no function "x\n::error::pwned"'))).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toBe('edgecost: no function "x\\n::error::pwned"\n');
    } finally {
      stderr.mockRestore();
    }
    expect(readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')).toMatch(/\| 70 \| internal error/);
  });
});

describe('--help of each command', () => {
  it.each(COMMANDS.map((c) => c.name))('%s: the description fits 80 columns, lists aligned (no ragged lines from breaks of our own)', (name) => {
    const run = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/edgecost.js'), name, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '80' } });
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    const description = lines.slice(2, lines.indexOf('Options:') - 1);
    expect(description.length).toBeGreaterThan(0);
    for (const line of description) expect(line.length, line).toBeLessThanOrEqual(80);
    // Wrapped greedily: a line that continues the one before (it starts at the margin in lower case)
    // begins with a word that did not fit there; a list item's continuation starts under its text.
    description.forEach((line, i) => {
      const before = description[i - 1];
      if (before === undefined) return;
      if (/^[a-z(`-]/.test(line)) expect(before.length + 1 + line.split(' ')[0]!.length, `${before}⏎${line}`).toBeGreaterThan(80);
      const item = /^ {2}\S.*? {2,}(?=\S)/.exec(before);
      if (item && /^[a-z(`-]/.test(line)) expect.fail(`a list item continues at the margin: ${before}⏎${line}`);
      if (item && /^ {3,}\S/.test(line)) expect(line.search(/\S/)).toBe(item[0].length);
    });
  });
});
