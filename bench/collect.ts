import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { AwsClients } from '../src/aws/clients.js';
import { collectSnapshot } from '../src/aws/collect.js';
import { mapWithConcurrency } from '../src/aws/pool.js';
import { RATE_LIMITS } from '../src/aws/rate-limits.js';
import { buildLargeScenario, callsByOperation, fakeAwsEnv, type RequestLogEntry } from '../test/fake-aws/index.js';

/**
 * `npm run bench:collect`: live collection of 600 functions × 60 distributions × 13 regions × 31
 * days against the fake AWS with 40 ms latency per call, AWS's page sizes, and Lambda's control
 * plane throttling above 15 requests/s (as AWS does). Prints wall time, calls per API, throttled
 * calls, mean queries per GetMetricData call, the request rates edgecost keeps to (with sources),
 * and the same for a naive one-call-per-metric collector (timed on a sample of single-query calls
 * and extrapolated; labelled so).
 * Targets: ≤ 3 s (issue 10); ≥ 400 queries per GetMetricData call where a region has ≥ 500
 * (issue 3); no call throttled. BENCH_TIMELINE=1 prints when each API was first and last called
 * (and every ListFunctions page: the Lambda listing at 15 requests/s is the floor, 36 pages ≈ 2.4 s).
 */
const FUNCTIONS = Number(process.env.BENCH_FUNCTIONS ?? 600);
const DISTRIBUTIONS = 60;
const LAMBDA_RATE_LIMIT = 15;
const TARGET_MS = 3_000;
const REGIONS = 13;
const DAYS = 31;
const LATENCY_MS = 40;
const CONCURRENCY = 4;
const NAIVE_SAMPLE = 200;

const scenario = buildLargeScenario({ functions: FUNCTIONS, distributions: DISTRIBUTIONS, regions: REGIONS, days: DAYS, withLogs: false });
scenario.latencyMs = LATENCY_MS;
// Lambda's control plane (us-east-1, where the functions live) throttles above 15 requests/s.
scenario.rateLimits = { lambda: LAMBDA_RATE_LIMIT };
// AWS's own page sizes (the fake defaults to tiny pages to exercise paging in tests)
scenario.pageSizes = {
  listDistributions: 100,
  listVersionsByFunction: 50,
  listFunctions: 50,
  listMetrics: 500,
  describeLogGroups: 50,
  getMetricDataDatapoints: 100_800,
  getMetricDataResults: 500,
};
const now = new Date(scenario.now as Date);
const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
const window = { start: new Date(end - DAYS * 86_400_000).toISOString(), end: new Date(end).toISOString(), days: DAYS };

/**
 * The fake runs in worker threads (see collect-fake-worker.ts); the scenario is plain data. CloudWatch
 * has a thread of its own (reached through AWS_ENDPOINT_URL_CLOUDWATCH, the SDK's per-service
 * endpoint variable), as it has its own servers at AWS: with one thread for every service, a Lambda
 * page waited behind a queue of 500-query GetMetricData answers, which no real account sees.
 */
function startFake() {
  const worker = new Worker(new URL('./collect-fake-worker.js', import.meta.url), { workerData: { ...scenario, now: now.toISOString() } });
  const ask = async <T>(message: string, key: string): Promise<T> => {
    worker.postMessage(message);
    for (;;) {
      const [answer] = (await once(worker, 'message')) as [Record<string, unknown>];
      if (key in answer) return answer[key] as T;
    }
  };
  return {
    url: once(worker, 'message').then(([message]) => (message as { url: string }).url),
    requests: () => ask<RequestLogEntry[]>('requests', 'requests'),
    busyMs: () => ask<number>('busy', 'busyMs'),
    clearRequests: () => ask<boolean>('clear', 'cleared'),
    close: async () => {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}
const fakes = [startFake(), startFake()] as const;
const [url, cloudwatchUrl] = await Promise.all(fakes.map((f) => f.url));
const fake = {
  requests: async () => (await Promise.all(fakes.map((f) => f.requests()))).flat().sort((a, b) => a.time - b.time),
  busyMs: async () => (await Promise.all(fakes.map((f) => f.busyMs()))).reduce((a, b) => a + b, 0),
  clearRequests: async () => (await Promise.all(fakes.map((f) => f.clearRequests()))).every(Boolean),
  close: async () => {
    await Promise.all(fakes.map((f) => f.close()));
  },
};
Object.assign(process.env, fakeAwsEnv(url!), { AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatchUrl! });

// --- edgecost's collector
const clients = new AwsClients({ retry: { baseDelayMs: 5, maxAttempts: 6 } });
const started = performance.now();
const busyBefore = performance.eventLoopUtilization();
const cpuBefore = process.cpuUsage();
// as the CLI runs it: the Lambda version listing on a thread of its own
const snapshot = await collectSnapshot({ window, now, homeRegion: 'us-east-1', concurrency: CONCURRENCY, exact: false, clients, listingThread: true });
const wallMs = performance.now() - started;
const busy = performance.eventLoopUtilization(busyBefore);
const cpu = process.cpuUsage(cpuBefore);
clients.destroy();

const log = await fake.requests();
const fakeBusyMs = await fake.busyMs();
const metricCalls = log.filter((r) => r.operation === 'GetMetricData');
const queriesPerCall = metricCalls.map((r) => r.queryCount ?? 0);
const totalQueries = queriesPerCall.reduce((a, b) => a + b, 0);
const byRegion = new Map<string, number[]>();
for (const call of metricCalls) byRegion.set(call.region, [...(byRegion.get(call.region) ?? []), call.queryCount ?? 0]);
const bigRegions = [...byRegion.values()].filter((counts) => counts.reduce((a, b) => a + b, 0) >= 500);
const worstMean = Math.min(...bigRegions.map((counts) => counts.reduce((a, b) => a + b, 0) / counts.length));
const invocations = snapshot.usage.reduce((a, s) => a + s.invocations.reduce<number>((x, v) => x + (v ?? 0), 0), 0);
const expectedInvocations = scenario.replicaUsage.reduce((a, u) => a + u.invocations, 0);

// --- naive: one GetMetricData call per metric query (and one GetFunctionConfiguration per version)
await fake.clearRequests();
const naiveClients = new AwsClients({ retry: { baseDelayMs: 5, maxAttempts: 6 } });
const sample = Array.from({ length: NAIVE_SAMPLE }, (_, i) => i);
const naiveStarted = performance.now();
// the same calls in flight as edgecost's collector (regions × 2), generous to the naive approach
await mapWithConcurrency(sample, CONCURRENCY * 2, async (i) => {
  const fn = `us-east-1.fn-${String((i % FUNCTIONS) + 1).padStart(5, '0')}`;
  await naiveClients.call('cloudwatch', 'us-east-1', 'GetMetricData', (client, sdk) =>
    client.send(
      new sdk.GetMetricDataCommand({
        MetricDataQueries: [
          {
            Id: 'q0',
            MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: fn }] }, Period: 86_400, Stat: 'Sum' },
            ReturnData: true,
          },
        ],
        StartTime: new Date(window.start),
        EndTime: new Date(window.end),
      }),
    ),
  );
});
const naiveSampleMs = performance.now() - naiveStarted;
naiveClients.destroy();
const naiveConfigCalls = snapshot.inventory.functions.length;
const naiveCalls = totalQueries + naiveConfigCalls + log.filter((r) => r.operation === 'ListDistributions').length;
const naiveMs = (naiveSampleMs / NAIVE_SAMPLE) * naiveCalls;
await fake.close();

const calls = callsByOperation(log);
if (process.env.BENCH_TIMELINE) {
  const t0 = Math.min(...log.map((r) => r.time));
  const sinceStart = (epochMs: number) => (epochMs - (performance.timeOrigin + started)).toFixed(0);
  console.log(`timeline: first call ${sinceStart(t0)} ms after the start, last ${sinceStart(Math.max(...log.map((r) => r.time)))} ms; done at ${wallMs.toFixed(0)} ms`);
  const ops = new Map<string, number[]>();
  for (const r of log) ops.set(r.operation, [...(ops.get(r.operation) ?? []), r.time - t0]);
  for (const [op, times] of ops) console.log(`timeline ${op}: first ${Math.min(...times)} ms, last ${Math.max(...times)} ms, n ${times.length}`);
  console.log(`ListFunctions at: ${ops.get('ListFunctions')?.join(' ')}`);
}
const throttled = log.filter((r) => r.fault === 'throttle').length;
const line = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
console.log(
  `edgecost collect bench: ${FUNCTIONS} functions × ${DISTRIBUTIONS} distributions × ${REGIONS} regions × ${DAYS} days, ${LATENCY_MS} ms per call, Lambda at ${LAMBDA_RATE_LIMIT} requests/s, --concurrency ${CONCURRENCY}\n`,
);
line('wall time', `${(wallMs / 1000).toFixed(2)} s (target: ≤ ${TARGET_MS / 1000} s)`);
line('  collector busy (main thread CPU)', `${(busy.active / 1000).toFixed(2)} s; the rest is waiting for answers and rate limits`);
line('  CPU time of the process (collector + fake)', `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (not inflated by other processes: compare runs on a busy machine by this)`);
line('  fake AWS busy (its own threads)', `${(fakeBusyMs / 1000).toFixed(2)} s answering (a real AWS answers on its own machines)`);
line('calls (HTTP requests, retries included)', String(log.length));
line('  throttled by the fake (target 0)', String(throttled));
for (const [api, count] of Object.entries(calls).sort(([a], [b]) => a.localeCompare(b))) line(`  ${api}`, String(count));
line('metric queries', String(totalQueries));
line('mean queries per GetMetricData call', `${(totalQueries / metricCalls.length).toFixed(1)} (lowest regional mean where ≥ 500 queries: ${worstMean.toFixed(1)}; target ≥ 400)`);
line('invocations read / in the scenario', `${invocations} / ${expectedInvocations}`);
console.log('');
line('naive: one call per metric (extrapolated)', `${naiveCalls} calls, ~${(naiveMs / 1000).toFixed(1)} s`);
line('  measured sample', `${NAIVE_SAMPLE} single-query GetMetricData calls in ${(naiveSampleMs / 1000).toFixed(2)} s, ${CONCURRENCY * 2} in flight`);
line('  queries per GetMetricData call', '1.0');
line('  speed-up of edgecost', `${(naiveMs / wallMs).toFixed(1)}× faster, ${(naiveCalls / log.length).toFixed(1)}× fewer calls`);
console.log('\nrequest rates edgecost keeps to (per account and region; src/aws/rate-limits.ts):');
for (const [name, limit] of Object.entries(RATE_LIMITS)) {
  line(`  ${name}`, `${limit.requestsPerSecond.toLocaleString('en')}/s, burst ${limit.burst.toLocaleString('en')} — ${limit.source}`);
}

if (invocations !== expectedInvocations || worstMean < 400 || wallMs > TARGET_MS || throttled > 0) {
  console.error('\nbench: FAILED a target');
  process.exitCode = 1;
}
