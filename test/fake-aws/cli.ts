// Run the fake AWS standalone for manual testing. Node 20 cannot run .ts files, so compile first
// (the fake uses only node: built-ins, so the output runs from anywhere):
//   npx tsc test/fake-aws/cli.ts --outDir /tmp/fake-aws --module nodenext --moduleResolution nodenext \
//     --target es2022 --skipLibCheck --types node
//   node /tmp/fake-aws/cli.js [--scenario basic|large] [--port 4566] [--file scenario.json]
//                             [--functions 50 --regions 13 --days 30 --seed 42] [--quiet]
// It prints the URL and the `export AWS_…` lines to paste into another shell, then logs each
// request on stderr until Ctrl-C.
import { readFileSync } from 'node:fs';
import { fakeAwsEnv } from './env.js';
import type { Scenario } from './scenario.js';
import { basicScenario, buildLargeScenario } from './scenarios.js';
import { startFakeAws } from './server.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const file = arg('file');
  let scenario: Scenario;
  if (file) {
    scenario = JSON.parse(readFileSync(file, 'utf8')) as Scenario;
  } else if (arg('scenario') === 'large') {
    scenario = buildLargeScenario({
      functions: Number(arg('functions') ?? 50),
      regions: Number(arg('regions') ?? 13),
      days: Number(arg('days') ?? 30),
      seed: Number(arg('seed') ?? 42),
    });
  } else {
    scenario = basicScenario();
  }
  const fake = await startFakeAws(scenario, { port: Number(arg('port') ?? 0) });
  process.stdout.write(`fake AWS listening on ${fake.url}\n`);
  for (const [k, v] of Object.entries(fakeAwsEnv(fake.url))) process.stdout.write(`export ${k}=${v}\n`);
  const quiet = process.argv.includes('--quiet');
  let seen = 0;
  const timer = setInterval(() => {
    for (; seen < fake.requests.length; seen++) {
      const r = fake.requests[seen];
      if (r && !quiet) {
        process.stderr.write(`${r.service} ${r.region} ${r.operation} → ${r.status}${r.errorCode ? ` ${r.errorCode}` : ''}\n`);
      }
    }
  }, 200);
  const stop = () => {
    clearInterval(timer);
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
