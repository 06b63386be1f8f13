import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';

/** `edgecost … > /dev/full`: the output cannot be written. One line and exit 2, no stack trace. */
function runToFullDevice(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const full = openSync('/dev/full', 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${PROJECT_ROOT}bin/edgecost.js`, ...args], { stdio: ['ignore', full, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(full);
      resolve({ code, stderr });
    });
  });
}

describe.runIf(existsSync('/dev/full'))('stdout on a full device', () => {
  it.each([[['report', '--demo']], [['report', '--demo', '--output', 'json']], [['pricing']]])('%j exits 2 with one line', async (args) => {
    const run = await runToFullDevice(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('edgecost: cannot write the output to standard output (no space left on the device)\n');
  });
});
