// Hermetic by default: no test may reach a real AWS account or profile.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('AWS_')) delete process.env[name];
}
process.env.AWS_ACCESS_KEY_ID = 'AKIDEDGECOSTTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'edgecost-test-secret';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_CONFIG_FILE = '/nonexistent/edgecost/aws-config';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/edgecost/aws-credentials';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Unreachable endpoint: a test that forgets to start the fake AWS fails instead of calling AWS.
process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
