import type { Distribution, FunctionConfig } from '../src/model/inventory.js';
import { REGIONAL_EDGE_CACHE_REGIONS } from '../src/model/regions.js';
import type { Snapshot, UsageSeries } from '../src/model/snapshot.js';
import { windowFromDates } from '../src/model/window.js';

export const BENCH_REGIONS = [...REGIONAL_EDGE_CACHE_REGIONS];

const EVENTS = ['viewer-request', 'viewer-response', 'origin-request', 'origin-response'] as const;
const MEMORY = [128, 128, 256, 512, 1024, 2048];

/** A large synthetic account: `functions` functions, 10 per distribution, daily series in every region. */
export function generateSnapshot(functions: number, regions: string[] = BENCH_REGIONS, days = 31): Snapshot {
  const window = windowFromDates(new Date(Date.UTC(2026, 9, 1)), new Date(Date.UTC(2026, 9, 1 + days)));
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const configs: FunctionConfig[] = [];
  const distributions: Distribution[] = [];
  const usage: UsageSeries[] = [];
  for (let i = 0; i < functions; i++) {
    const name = `fn-${i}`;
    const event = EVENTS[i % 4]!;
    const key = `arn:aws:lambda:us-east-1:123456789012:function:${name}:1`;
    const memoryMB = event.startsWith('viewer') ? 128 : MEMORY[i % MEMORY.length]!;
    configs.push({ key, functionName: name, functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, version: '1', memoryMB, timeoutSec: 5 });
    if (i % 10 === 0) distributions.push({ id: `EBENCH${i / 10}`, behaviors: [] });
    distributions.at(-1)!.behaviors.push({
      pathPattern: `/p${i}/*`,
      lambdaAssociations: [{ eventType: event, functionArn: key, functionKey: key, includeBody: false }],
      functionAssociations: [],
    });
    for (const region of regions) {
      const invocations = Array.from({ length: days }, () => Math.floor(random() * 100_000));
      usage.push({
        functionName: name,
        functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
        version: '1',
        region,
        invocations,
        durationSumMs: invocations.map((n) => Math.round(n * (1 + random() * 40) * 100) / 100),
        durationMaxMs: invocations.map(() => Math.round(random() * 5000) / 100),
      });
    }
  }
  return {
    schemaVersion: 1,
    kind: 'edgecost.snapshot',
    generatedAt: new Date(window.end).toISOString(),
    source: { type: 'generated' },
    window,
    inventory: { distributions, functions: configs },
    usage,
    distributionMetrics: [],
    regions: regions.map((region) => ({ region, status: 'ok' as const })),
  };
}
