export type { Finding } from '../../src/quotas/types.js';

import type { Finding } from '../../src/quotas/types.js';
import { type CliResult, runCli } from './cli.js';

/** `edgecost lint … --output json` as the end-to-end tests read it, with the clock pinned. */
export function lintJson(args: string[], now: string): Promise<CliResult> {
  return runCli(['lint', ...args, '--output', 'json'], { env: { EDGECOST_NOW: now } });
}

/** The findings of a lint JSON document. */
export function findingsOf(stdout: string): Finding[] {
  return (JSON.parse(stdout) as { findings: Finding[] }).findings;
}
