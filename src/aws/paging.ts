/**
 * One loop for every paginated AWS call: follows the page token, and stops with an error when a
 * token comes back a second time (a loop) or the pages exceed a cap (a listing that never ends),
 * instead of calling AWS forever.
 */

/** A paginated answer that cannot be followed to its end: a repeated token or too many pages. */
export class PagingError extends Error {
  constructor(
    readonly action: string,
    readonly region: string,
    /** What went wrong, without the action and region. */
    readonly detail: string,
  ) {
    super(`${action} in ${region}: ${detail}`);
    this.name = 'PagingError';
  }
}

export interface PageLoop<P> {
  /** IAM-style action name, e.g. `cloudfront:ListDistributions`. */
  action: string;
  region: string;
  /** Pages at most; more is an error (a server that never stops). */
  maxPages: number;
  fetch: (token: string | undefined) => Promise<P>;
  /** The token of the next page, if any. */
  next: (page: P) => string | undefined;
  /** Handles a page; returning false stops early (nothing more is needed). */
  onPage: (page: P) => unknown;
}

/** Runs the loop; resolves when the last page was handled or `onPage` stopped it. */
export async function paginate<P>(loop: PageLoop<P>): Promise<void> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < loop.maxPages; page++) {
    const answer = await loop.fetch(token);
    if (loop.onPage(answer) === false) return;
    token = loop.next(answer);
    if (token === undefined || token === '') return;
    if (seen.has(token)) throw new PagingError(loop.action, loop.region, `the same page token came back twice (after ${page + 1} pages): the listing would never end`);
    seen.add(token);
  }
  throw new PagingError(loop.action, loop.region, `did not finish after ${loop.maxPages} pages`);
}
