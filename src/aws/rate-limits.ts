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

/**
 * A token bucket: `take(n)` resolves when n tokens are available, tokens refill at
 * `requestsPerSecond` up to `burst`. Waiters are served in order. `n` above the burst waits for a
 * full bucket and takes it (a single call may be larger than the burst, never faster).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: Pick<RateLimit, 'requestsPerSecond' | 'burst'>,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = limit.burst;
    this.last = clock();
  }

  take(n = 1): Promise<void> {
    const turn = this.queue.then(() => this.wait(Math.min(n, this.limit.burst)));
    this.queue = turn;
    return turn;
  }

  /** A call made elsewhere at `time` (on this bucket's clock) took a token: no more tokens now than it left. */
  spentAt(time: number): void {
    this.refill();
    const since = Math.max(0, this.clock() - time);
    this.tokens = Math.max(0, Math.min(this.tokens, this.limit.burst - 1 + (since / 1000) * this.limit.requestsPerSecond));
  }

  private refill(): void {
    const now = this.clock();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.requestsPerSecond);
    this.last = now;
  }

  private async wait(n: number): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= n - 1e-9) {
        this.tokens -= n;
        return;
      }
      const ms = ((n - this.tokens) / this.limit.requestsPerSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms))));
    }
  }
}
