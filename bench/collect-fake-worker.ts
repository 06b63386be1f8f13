import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeAws } from '../test/fake-aws/index.js';
import type { Scenario } from '../test/fake-aws/scenario.js';

/**
 * The fake AWS of `bench/collect.ts`, in its own thread: the server's work (answering 500-query
 * GetMetricData calls) must not steal the collector's CPU, as a real AWS would not.
 * Messages: 'requests' → the request log; 'busy' → ms the thread spent answering; 'clear' → empties
 * the log and the busy time; 'close' → stops the server.
 */
const scenario = workerData as Scenario;
const fake = await startFakeAws({ ...scenario, now: new Date(scenario.now as string) });
parentPort?.postMessage({ url: fake.url });
let busySince = performance.eventLoopUtilization();
parentPort?.on('message', async (message: string) => {
  if (message === 'requests') parentPort?.postMessage({ requests: fake.requests });
  // How long the fake's thread was busy answering since the last 'clear' (or its start).
  if (message === 'busy') parentPort?.postMessage({ busyMs: performance.eventLoopUtilization(busySince).active });
  if (message === 'clear') {
    busySince = performance.eventLoopUtilization();
    fake.clearRequests();
    parentPort?.postMessage({ cleared: true });
  }
  if (message === 'close') {
    await fake.close();
    parentPort?.close();
  }
});
