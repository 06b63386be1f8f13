import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildDiff } from '../src/diff/build.js';
import { renderDiffMarkdown, renderDiffTable } from '../src/render/diff-text.js';
import { renderJson } from '../src/render/json.js';
import { loadPricing } from '../src/sources/data-files.js';
import { packagePath } from '../src/sources/package-root.js';
import { readSnapshot } from '../src/sources/snapshot.js';
import { loadTemplates } from '../src/sources/templates.js';
import { generateSnapshot } from './generate-snapshot.js';

/**
 * `npm run bench:diff`: `edgecost diff` of two CloudFormation templates of 2,000 resources each
 * (1,000 functions fn-0 … fn-999 and their versions, plus the distributions that run them) against
 * the 5,000-function snapshot of bench/report.ts. The head raises the memory of every third function,
 * moves every viewer-request function of every fifth behavior to origin-request, drops ten functions
 * and adds ten. Target (issue 12): under 2 s for reading both templates, pricing and rendering.
 */
const FUNCTIONS = Number(process.env.BENCH_FUNCTIONS ?? 5000);
const TEMPLATE_FUNCTIONS = 1000;
const EVENTS = ['viewer-request', 'viewer-response', 'origin-request', 'origin-response'] as const;

export function template(head: boolean): unknown {
  const resources: Record<string, unknown> = {};
  const behaviors = new Map<number, unknown[]>();
  for (let i = 0; i < TEMPLATE_FUNCTIONS + (head ? 10 : 0); i++) {
    const added = i >= TEMPLATE_FUNCTIONS;
    if (head && i < 10) continue; // removed in the head
    const event = EVENTS[i % 4]!;
    const memory = event.startsWith('viewer') ? 128 : [128, 128, 256, 512, 1024, 2048][i % 6]!;
    resources[`Fn${i}`] = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: added ? `new-fn-${i}` : `fn-${i}`,
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::123456789012:role/edge',
        MemorySize: head && !event.startsWith('viewer') && i % 3 === 0 ? memory * 2 : memory,
        Timeout: 5,
        Code: { ZipFile: 'exports.handler = async (e) => e.Records[0].cf.request;' },
      },
    };
    resources[`Fn${i}Version`] = { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: `Fn${i}` } } };
    const moved = head && event === 'viewer-request' && i % 5 === 0;
    const distribution = Math.floor((added ? i - TEMPLATE_FUNCTIONS : i) / 10);
    const list = behaviors.get(distribution) ?? [];
    list.push({
      PathPattern: added ? `/new${i}/*` : `/p${i}/*`,
      TargetOriginId: 'o',
      ViewerProtocolPolicy: 'allow-all',
      LambdaFunctionAssociations: [{ EventType: moved ? 'origin-request' : event, LambdaFunctionARN: { Ref: `Fn${i}Version` } }],
    });
    behaviors.set(distribution, list);
  }
  for (const [n, cacheBehaviors] of behaviors) {
    resources[`Dist${n}`] = {
      Type: 'AWS::CloudFront::Distribution',
      Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: 'allow-all' }, CacheBehaviors: cacheBehaviors } },
    };
  }
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources };
}

async function measure(dir: string): Promise<void> {
  const pricing = loadPricing();
  const now = new Date('2026-11-28T00:00:00Z');
  const tRead = performance.now();
  const snapshot = await readSnapshot(join(dir, 'snapshot.json'));
  const t0 = performance.now();
  const [base, head] = await Promise.all([loadTemplates([join(dir, 'base.json')]), loadTemplates([join(dir, 'head.json')])]);
  const t1 = performance.now();
  const doc = buildDiff(base, head, snapshot, { pricing, now, map: new Map(), stackName: 'bench', hitRate: 0.8 });
  const t2 = performance.now();
  const output = renderJson(doc).length + renderDiffTable(doc, { color: false }).length + renderDiffMarkdown(doc).length;
  const t3 = performance.now();
  const resources = (n: string) => Object.keys((template(n === 'head') as { Resources: object }).Resources).length;
  const line = (label: string, ms: number, extra = '') => console.log(`  ${label.padEnd(38)}${ms.toFixed(0).padStart(6)} ms${extra}`);
  console.log(
    `edgecost bench:diff: templates of ${resources('base')} and ${resources('head')} resources against ${FUNCTIONS} functions × 13 regions × ${snapshot.window.days} days`,
  );
  line('read + validate the snapshot (as report)', t0 - tRead, ` (${(statSync(join(dir, 'snapshot.json')).size / 1e6).toFixed(0)} MB of JSON, measured by npm run bench)`);
  line('read both templates', t1 - t0);
  line('match and price (buildDiff)', t2 - t1, `   → ${doc.functions.length} functions, change $${doc.totals.changeUsd.toFixed(2)} / month, ${doc.totals.unknownCount} unknown`);
  line('render json + table + markdown', t3 - t2, ` (${(output / 1e6).toFixed(1)} MB)`);
  line('whole diff: read, price, render', t3 - t0);
  console.log(`  target: the diff (templates, pricing, rendering) under 2,000 ms → ${t3 - t0 < 2000 ? 'met' : 'NOT met'}; with the snapshot read ${(t3 - tRead).toFixed(0)} ms`);
}

if (process.argv[2] === '--measure') {
  await measure(process.argv[3]!);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'edgecost-bench-diff-'));
  const snapshot = generateSnapshot(FUNCTIONS);
  // the bench account's distributions, deployed from the template's Dist<n> by stack "bench"
  snapshot.inventory.distributions.forEach((d, n) => {
    d.tags = { 'aws:cloudformation:stack-name': 'bench', 'aws:cloudformation:logical-id': `Dist${n}` };
  });
  writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(snapshot));
  writeFileSync(join(dir, 'base.json'), JSON.stringify(template(false)));
  writeFileSync(join(dir, 'head.json'), JSON.stringify(template(true)));
  // BENCH_NODE_ARGS=--cpu-prof profiles the measured run
  const child = spawnSync(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), fileURLToPath(import.meta.url), '--measure', dir], {
    stdio: 'inherit',
  });
  // what a user waits for: the whole `edgecost diff` process, from node's start to its exit (median of 3)
  const cli = packagePath('bin/edgecost.js');
  const args = ['diff', '--input', join(dir, 'snapshot.json'), '--base', join(dir, 'base.json'), '--head', join(dir, 'head.json'), '--stack', 'bench', '--hit-rate', '80%'];
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const run = spawnSync(process.execPath, [cli, ...args, '--output', 'json', '--out', join(dir, 'diff.json'), '--quiet'], { encoding: 'utf8' });
    runs.push(performance.now() - t);
    if (run.status !== 0) throw new Error(`edgecost diff exited ${run.status}: ${run.stderr}`);
  }
  const median = runs.sort((a, b) => a - b)[1]!;
  console.log(`  edgecost diff --input … --output json, the whole process: ${median.toFixed(0)} ms (median of 3) → ${median < 2000 ? 'met' : 'NOT met'}`);
  if (process.env.BENCH_KEEP) console.log(`  files kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  process.exitCode = child.status ?? 1;
}
