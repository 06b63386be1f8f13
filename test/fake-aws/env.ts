// Environment for spawning the edgecost CLI (or any AWS SDK v3 program) against the fake AWS.

/** The variables that point the real SDK at the fake, hermetically (retries left as the SDK's default). */
export function fakeAwsEnv(url: string, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'AKIDEDGECOSTFAKE',
    AWS_SECRET_ACCESS_KEY: 'edgecost-fake-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/edgecost-fake/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/edgecost-fake/aws-credentials',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/**
 * A full environment for child_process.spawn/execFile: `base` (default process.env) without any
 * AWS_* variable (profiles, session tokens, AWS_ENDPOINT_URL_<SERVICE> overrides…), plus
 * fakeAwsEnv(url) and `extra`.
 */
export function cliEnv(url: string, extra: Record<string, string> = {}, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
  }
  return { ...env, ...fakeAwsEnv(url), ...extra };
}
