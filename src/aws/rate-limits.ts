/**
 * The request rates edgecost keeps to, per account and region, so a collection never provokes
 * throttling by itself. Each figure is AWS's documented default quota (or below it), with its
 * source; `bench:collect` prints this table.
 */
export interface RateLimit {
  /** Calls started per second, at most (a token bucket of this rate and `burst` tokens). */
  requestsPerSecond: number;
  /** Calls that may start at once before the rate applies. */
  burst: number;
  /** What the quota covers, as AWS words it. */
  scope: string;
  source: string;
}

/** Lambda: one budget for every control-plane call edgecost makes (ListFunctions, ListVersionsByFunction, GetFunctionConfiguration). */
export const LAMBDA_CONTROL_PLANE: RateLimit = {
  requestsPerSecond: 15,
  burst: 1,
  scope: 'control-plane API requests per account and region, all APIs together (excludes Invoke, GetFunction, GetPolicy)',
  source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html ("API requests": 15 requests per second, not adjustable)',
};

/** CloudWatch GetMetricData calls. The quotas page gives 500/s today; 50/s was the long-standing default, kept here as the floor. */
export const CLOUDWATCH_GET_METRIC_DATA: RateLimit = {
  requestsPerSecond: 50,
  burst: 10,
  scope: 'GetMetricData requests per account and region',
  source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html ("Rate of GetMetricData requests": 500 per second; 50 TPS in earlier editions)',
};

/**
 * GetMetricData datapoints per second and region: 180,000 for a StartTime within the last three
 * hours, 396,000 for older StartTimes. edgecost budgets the lower figure whatever the window.
 */
export const CLOUDWATCH_DATAPOINTS_PER_SECOND: RateLimit = {
  requestsPerSecond: 180_000,
  burst: 180_000,
  scope: 'GetMetricData datapoints fetched per second, per account and region (StartTime within 3 hours: 180,000; older: 396,000)',
  source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html ("Rate of GetMetricData datapoints …")',
};

export const CLOUDWATCH_LIST_METRICS: RateLimit = {
  requestsPerSecond: 25,
  burst: 1,
  scope: 'ListMetrics requests per account and region',
  source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html ("Rate of ListMetrics requests": 25 per second)',
};

/**
 * CloudFront publishes no request-rate quota for its read APIs (its quotas page lists none), and
 * users report `Throttling: Rate exceeded` when firing ~60 calls at once. edgecost assumes a
 * modest 25 calls/s with 5 at once for GetMonitoringSubscription and ListDistributions, and the
 * SDK's adaptive retry backs off further when CloudFront answers Throttling.
 */
export const CLOUDFRONT_READS: RateLimit = {
  requestsPerSecond: 25,
  burst: 5,
  scope: 'CloudFront control-plane reads per account (no documented quota: an assumption)',
  source: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html (lists no API request rate)',
};

export const RATE_LIMITS = {
  'lambda (control plane)': LAMBDA_CONTROL_PLANE,
  'cloudwatch:GetMetricData': CLOUDWATCH_GET_METRIC_DATA,
  'cloudwatch:GetMetricData datapoints': CLOUDWATCH_DATAPOINTS_PER_SECOND,
  'cloudwatch:ListMetrics': CLOUDWATCH_LIST_METRICS,
  'cloudfront (reads)': CLOUDFRONT_READS,
} as const;

/** The clock of every bucket by default: ms since the epoch, the same in every thread of the process. */
const epochNow = () => performance.timeOrigin + performance.now();

/**
 * A token bucket: `take(n)` resolves when n tokens are available, tokens refill at
 * `requestsPerSecond` up to `burst`. Waiters are served in order. `n` above the burst waits for a
 * full bucket and takes it (a single call may be larger than the burst, never faster).
 *
 * Its state (tokens, and when they were counted) may live in a SharedArrayBuffer
 * (`TokenBucket.sharedState()`): buckets of several threads over the same state are one budget,
 * each take a short critical section under a lock.
 */
export class TokenBucket {
  /** Bytes of a bucket's state: a lock and an "initialized" flag (Int32), then tokens and time (Float64). */
  static readonly STATE_BYTES = 24;

  static sharedState(): SharedArrayBuffer {
    return new SharedArrayBuffer(TokenBucket.STATE_BYTES);
  }

  /** The state's buffer: shared with another thread's bucket when it is a SharedArrayBuffer. */
  readonly state: SharedArrayBuffer | ArrayBuffer;
  private readonly words: Int32Array;
  private readonly counts: Float64Array;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: Pick<RateLimit, 'requestsPerSecond' | 'burst'>,
    private readonly clock: () => number = epochNow,
    shared?: SharedArrayBuffer,
  ) {
    this.state = shared ?? new ArrayBuffer(TokenBucket.STATE_BYTES);
    this.words = new Int32Array(this.state, 0, 2);
    this.counts = new Float64Array(this.state, 8, 2);
    this.locked(() => {
      if (this.words[1] === 1) return;
      this.counts[0] = limit.burst;
      this.counts[1] = clock();
      this.words[1] = 1;
    });
  }

  take(n = 1): Promise<void> {
    const turn = this.queue.then(() => this.wait(Math.min(n, this.limit.burst)));
    this.queue = turn;
    return turn;
  }

  private locked<T>(run: () => T): T {
    // Another thread holds it for a few arithmetic operations at most.
    while (Atomics.compareExchange(this.words, 0, 0, 1) !== 0);
    try {
      return run();
    } finally {
      Atomics.store(this.words, 0, 0);
    }
  }

  /** Takes n tokens if there are that many: 0; otherwise the ms until there will be. */
  private tryTake(n: number): number {
    return this.locked(() => {
      const { requestsPerSecond, burst } = this.limit;
      const now = Math.max(this.clock(), this.counts[1]!);
      const tokens = Math.min(burst, this.counts[0]! + ((now - this.counts[1]!) / 1000) * requestsPerSecond);
      this.counts[1] = now;
      if (tokens >= n - 1e-9) {
        this.counts[0] = tokens - n;
        return 0;
      }
      this.counts[0] = tokens;
      return ((n - tokens) / requestsPerSecond) * 1000;
    });
  }

  private async wait(n: number): Promise<void> {
    for (;;) {
      const ms = this.tryTake(n);
      if (ms === 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms))));
    }
  }
}
