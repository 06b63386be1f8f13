import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${PROJECT_ROOT}bin/edgecost.js`;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns the built CLI (`npm test` builds dist/ first) as a user would, with a hermetic AWS
 * environment: fake credentials, no profile files, and an endpoint that refuses connections unless
 * the test points it at the fake AWS.
 */
export function runCli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; input?: string; bin?: string } = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_') && !name.startsWith('GITHUB_') && name !== 'CI') env[name] = value;
  }
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: 'AKIDEDGECOSTTEST',
    AWS_SECRET_ACCESS_KEY: 'edgecost-test-secret',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/edgecost/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/edgecost/aws-credentials',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    NO_COLOR: '1',
    ...options.env,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
