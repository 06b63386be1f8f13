import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ListFunctionsResponse } from '@aws-sdk/client-lambda';
import { type FunctionConfig, parseLambdaArn } from '../model/inventory.js';
import { type ErrorData, errorFromData } from '../thread-errors.js';
import type { AwsClients } from './clients.js';
import { configKey, LAMBDA_PAGE_SIZE, toFunctionConfig } from './function-config.js';
import { paginate } from './paging.js';

/**
 * The account-wide listing of a region's function versions (ListFunctions, FunctionVersion=ALL,
 * 50 a page). Its pages follow each other's markers at Lambda's 15 requests/s, so for a large
 * account it is the longest chain of a collection; it starts with the collection, before the
 * distributions say which versions are wanted:
 * - it reads PAGES_AHEAD pages ahead, then waits for its plan (the wanted versions and a page
 *   budget); a listing that is not needed (few functions) stops there, its pages unused;
 * - it runs in a worker thread of its own when the collector is built (the CLI), so that the
 *   main thread's work on metric answers never holds up the next page; run from the sources
 *   (tests), it runs in the calling thread, the same code.
 * Its calls count in the caller's call statistics and Lambda request rate either way.
 */

/** What the listing looks for, once the distributions are known. */
export interface ListingPlan {
  /** Configuration keys (`<unqualified ARN>:<version>`) wanted. */
  wanted: string[];
  /** Pages at most, those read ahead included; the per-function reads find the rest. */
  pageBudget: number;
}

/** Pages read before the plan is known: about what the listing reads while ListDistributions answers. */
export const PAGES_AHEAD = 3;

export interface VersionListing {
  readonly region: string;
  /**
   * Gives the listing its plan (undefined: not needed, stop). Resolves with the wanted
   * configurations found, or rejects with the listing's error (an SDK error or PagingError, for
   * the caller to judge as if the calls were its own).
   */
  plan(plan: ListingPlan | undefined): Promise<Map<string, FunctionConfig>>;
  /** Stops the listing wherever it is (a run that ends or fails before its plan). */
  close(): void;
}

/**
 * Starts the listing of `region`'s versions: in a worker thread when `thread` is asked for and the
 * build has the worker's module (the CLI does both), else in this thread (library callers, whose
 * mocks and instrumentation of the SDK see every call; tests run from the sources).
 */
export function startVersionListing(aws: AwsClients, region: string, options: { thread?: boolean; workerModule?: URL } = {}): VersionListing {
  // `workerModule`: another worker (tests: one that cannot start)
  const worker = options.workerModule ?? new URL('./version-listing-worker.js', import.meta.url);
  return options.thread && existsSync(fileURLToPath(worker)) ? listInWorker(aws, region, worker) : listHere(aws, region);
}

/**
 * The listing itself: PAGES_AHEAD pages, or fewer when the plan comes sooner, then by the plan
 * until every wanted version is found, the budget is spent or the last page is read. Resolves
 * with the wanted configurations found (none when the plan is undefined).
 */
export async function listVersions(aws: AwsClients, region: string, plan: ListingPlan | undefined | Promise<ListingPlan | undefined>): Promise<Map<string, FunctionConfig>> {
  const found = new Map<string, FunctionConfig>();
  const ahead: ListFunctionsResponse[] = [];
  let wanted: Set<string> | undefined;
  let budget = 0;
  let pages = 0;
  let decided = false;
  let stop = false;
  const take = (answer: ListFunctionsResponse) => {
    for (const configuration of answer.Functions ?? []) {
      const parsed = configuration.FunctionArn ? parseLambdaArn(configuration.FunctionArn) : undefined;
      if (!parsed || !configuration.Version) continue;
      const key = configKey(parsed.unqualifiedArn, configuration.Version);
      if (wanted?.delete(key)) found.set(key, toFunctionConfig(configuration, key));
    }
  };
  const goOn = () => wanted !== undefined && wanted.size > 0 && pages < budget;
  const apply = (decision: ListingPlan | undefined) => {
    decided = true;
    if (decision) {
      wanted = new Set(decision.wanted);
      budget = decision.pageBudget;
      for (const answer of ahead.splice(0)) take(answer);
    }
    stop = !goOn();
  };
  if (isPromise(plan)) plan.then(apply);
  else apply(plan);
  await paginate<ListFunctionsResponse | undefined>({
    action: 'lambda:ListFunctions',
    region,
    maxPages: Number.MAX_SAFE_INTEGER,
    fetch: async (marker) => {
      if (!decided && pages >= PAGES_AHEAD) await plan;
      if (stop) return undefined;
      return aws.call('lambda', region, 'ListFunctions', (client, sdk) =>
        client.send(new sdk.ListFunctionsCommand({ FunctionVersion: 'ALL', MaxItems: LAMBDA_PAGE_SIZE, Marker: marker })),
      );
    },
    next: (answer) => answer?.NextMarker,
    onPage: (answer) => {
      if (!answer) return false;
      pages++;
      if (!decided) {
        ahead.push(answer);
        return true;
      }
      take(answer);
      return goOn();
    },
  });
  // The whole listing fitted in the pages read ahead: the plan picks from them.
  if (!decided) await plan;
  return found;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

function deferredPlan(): { promise: Promise<ListingPlan | undefined>; decide: (plan: ListingPlan | undefined) => void } {
  let decide!: (plan: ListingPlan | undefined) => void;
  const promise = new Promise<ListingPlan | undefined>((resolve) => {
    decide = resolve;
  });
  return { promise, decide };
}

function listHere(aws: AwsClients, region: string): VersionListing {
  const { promise, decide } = deferredPlan();
  const running = listVersions(aws, region, promise);
  // An error before the plan is the plan's to tell, or nobody's when the listing is not needed.
  running.catch(() => undefined);
  return {
    region,
    plan: (plan) => {
      decide(plan);
      return running;
    },
    close: () => decide(undefined),
  };
}

/** What the worker thread sends: each call or attempt it makes, then its answer. */
export type ListingMessage = { record: { kind: 'call' | 'attempt'; action: string } } | { found: [string, FunctionConfig][] } | { error: ErrorData };

function listInWorker(aws: AwsClients, region: string, url: URL): VersionListing {
  const decided = deferredPlan();
  let settled = false;
  let closed = false;
  const worker = new Worker(url, { workerData: { region, clients: aws.threadOptions(region) } });
  worker.unref();
  const running = new Promise<Map<string, FunctionConfig>>((resolve, reject) => {
    const settle = () => {
      settled = true;
      worker.removeAllListeners();
      void worker.terminate();
    };
    worker.on('message', (message: ListingMessage) => {
      if ('record' in message) {
        if (message.record.kind === 'call') aws.stats.recordCall(message.record.action);
        else aws.stats.recordAttempt(message.record.action);
      } else if ('found' in message) {
        settle();
        resolve(new Map(message.found));
      } else {
        settle();
        reject(errorFromData(message.error));
      }
    });
    // A worker that cannot run (it failed to start, or ended without an answer) leaves the
    // listing to this thread, from its first page; a closed one ends with nothing found.
    const fallBack = () => {
      if (settled) return;
      settle();
      resolve(closed ? new Map() : listVersions(aws, region, decided.promise));
    };
    worker.once('error', fallBack);
    worker.once('exit', fallBack);
  });
  // An error before the plan is the plan's to tell, or nobody's when the listing is not needed.
  running.catch(() => undefined);
  return {
    region,
    plan: (plan) => {
      decided.decide(plan);
      if (!settled) worker.postMessage({ plan: plan ?? null });
      return running;
    },
    close: () => {
      closed = true;
      decided.decide(undefined);
      if (!settled) worker.postMessage({ plan: null });
      void worker.terminate();
    },
  };
}
