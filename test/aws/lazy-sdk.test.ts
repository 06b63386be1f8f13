import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';

/**
 * The AWS SDK costs ~0.5 s and ~55 MB to import: only commands that call AWS may load it. A resolve
 * hook preloaded into the spawned CLI logs every @aws-sdk/* or @smithy/* module resolved.
 */
const HOOK = pathToFileURL(join(PROJECT_ROOT, 'test/fixtures/aws/sdk-import-log.mjs')).href;
const dir = mkdtempSync(join(tmpdir(), 'edgecost-lazy-sdk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sdkModulesLoadedBy(args: string[]): Promise<{ code: number | null; modules: string[] }> {
  const log = join(dir, `${args.join('_').replace(/[^a-z0-9_-]/gi, '')}.log`);
  const result = await runCli(args, { env: { NODE_OPTIONS: `--import=${HOOK}`, EDGECOST_SDK_IMPORT_LOG: log, EDGECOST_RETRY_BASE_DELAY_MS: '0', AWS_MAX_ATTEMPTS: '1' } });
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    // no module logged: the file was never created
  }
  return { code: result.code, modules: text.split('\n').filter(Boolean) };
}

describe('the AWS SDK is loaded only by commands that call AWS', () => {
  it.each([
    { args: ['--help'], code: 0 },
    { args: ['collect', '--help'], code: 0 },
    { args: ['estimate', '--requests', '10000000', '--duration-ms', '10', '--memory-mb', '128', '--event', 'viewer-request', '--output', 'json'], code: 0 },
    { args: ['report', '--demo', '--output', 'json'], code: 0 },
  ])('edgecost $args.0 $args.1 loads no @aws-sdk module', async ({ args, code }) => {
    const run = await sdkModulesLoadedBy(args);
    expect(run.code).toBe(code);
    expect(run.modules).toEqual([]);
  });

  it('(control) collect does load it, so the hook sees SDK imports', async () => {
    // the endpoint of the hermetic environment refuses connections: collect fails with exit 3
    const run = await sdkModulesLoadedBy(['collect', '--days', '3', '--regions', 'us-east-1']);
    expect(run.code).toBe(3);
    expect(run.modules).toContain('@aws-sdk/client-cloudfront');
  });
});
