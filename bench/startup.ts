import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../src/sources/package-root.js';

/**
 * `npm run bench:startup`: how long `edgecost --help` takes as a whole process, against `node -e 0`
 * (the cost of starting Node at all). Each is spawned RUNS times, interleaved so that a busy machine
 * slows both alike; the medians and their ratio are printed. Target (issue 10): ≤ 1.5×.
 * The modules loaded are counted with a module hook in one extra run.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const TARGET_RATIO = 1.5;
const BIN = packagePath('bin/edgecost.js');

function timeRun(args: string[]): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, NO_COLOR: '1' } });
  const elapsed = performance.now() - start;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Modules one `edgecost --help` loads: an ES resolve hook and CommonJS's resolver append each module
 * to a file (CommonJS packages such as ajv load their files with require, which ES hooks do not see).
 */
function countModules(): number {
  const dir = mkdtempSync(join(tmpdir(), 'edgecost-startup-'));
  try {
    const log = join(dir, 'modules.txt');
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');\n  return result;\n}\n`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      [
        `import Module, { register } from 'node:module';`,
        `import { appendFileSync } from 'node:fs';`,
        `import { pathToFileURL } from 'node:url';`,
        `register(${JSON.stringify(pathToFileURL(hooks).href)});`,
        'const resolveFilename = Module._resolveFilename;',
        'Module._resolveFilename = function (...args) {',
        '  const file = resolveFilename.apply(this, args);',
        `  if (file.startsWith('/')) appendFileSync(${JSON.stringify(log)}, pathToFileURL(file).href + '\\n');`,
        '  return file;',
        '};',
        '',
      ].join('\n'),
    );
    writeFileSync(log, '');
    spawnSync(process.execPath, ['--import', pathToFileURL(register).href, BIN, '--help'], { stdio: 'ignore' });
    return new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean)).size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// One warm-up of each, so the first measured run does not pay for a cold file cache.
timeRun(['-e', '0']);
timeRun([BIN, '--help']);
const bare: number[] = [];
const help: number[] = [];
for (let run = 0; run < RUNS; run++) {
  bare.push(timeRun(['-e', '0']));
  help.push(timeRun([BIN, '--help']));
}
const bareMs = median(bare);
const helpMs = median(help);
const ratio = helpMs / bareMs;
console.log(`edgecost startup bench: whole-process wall time, median of ${RUNS} runs each`);
console.log(`  ${'node -e 0'.padEnd(26)}${bareMs.toFixed(0).padStart(6)} ms`);
console.log(`  ${'edgecost --help'.padEnd(26)}${helpMs.toFixed(0).padStart(6)} ms  (${countModules()} modules loaded)`);
console.log(`  ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) → ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`);
