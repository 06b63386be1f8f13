import type { TimeWindow } from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import type { LogsPolling } from './logs.js';
import type { SelectedFunction } from './selection.js';

/** Counts a collection reports while it runs (the CLI draws them; no timer here). */
export interface CollectProgress {
  regionsDone: number;
  regionsTotal: number;
  calls: number;
}

/** What the reading parts of a collection share. */
export interface CollectContext {
  window: TimeWindow;
  now: Date;
  homeRegion: string;
  concurrency: number;
  exact: boolean;
  aws: AwsClients;
  periodSeconds: number;
  functions: SelectedFunction[];
  logsPolling: LogsPolling;
  /** Billing granularity of the price sheet in use (ms); needed to split exact durations between versions. */
  billingGranularityMs?: number;
  progress: ProgressCounter;
}

/** Region and call counts, passed to the caller's callback on every change. */
export class ProgressCounter {
  private regionsDone = 0;
  private regionsTotal = 0;

  constructor(
    private readonly emit: ((progress: CollectProgress) => void) | undefined,
    private readonly calls: () => number,
  ) {}

  setRegions(total: number): void {
    this.regionsTotal = total;
    this.report();
  }

  regionDone(): void {
    this.regionsDone++;
    this.report();
  }

  report(): void {
    this.emit?.({ regionsDone: this.regionsDone, regionsTotal: this.regionsTotal, calls: this.calls() });
  }
}
