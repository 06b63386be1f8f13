import { formatCount } from './count.js';

/**
 * Notices: what a document says about its own data (a failed region, an unknown memory size, a
 * filter that matched nothing), as data. Code decides on `code` and the named fields, never on the
 * wording; the wording of every notice is written once, here, in `noticeText`. The JSON contracts
 * keep `warnings` / `incomplete` as the texts and may add the notices themselves.
 */

export const NOTICE_CODES = [
  /** A warning carried in from the snapshot (written by `collect`): `detail` is its text. */
  'snapshot-warning',
  /** `--function NAME` matched no usage in the data. */
  'function-not-found',
  /** `--distribution ID` matched no distribution in the data. */
  'distribution-not-found',
  /** `count` function versions run on several associations: views split their cost. */
  'shared-version-split',
  /** A function without per-version metrics whose versions differ in memory: priced at the newest. */
  'newest-version-memory',
  /** `count` usage series had no exact billed durations in an exact snapshot. */
  'estimated-durations',
  /** Incomplete: `count` usage series have begun days with no data. */
  'unknown-days',
  /** Incomplete: a function ran (`count` invocations in `regions`) with no memory size known. */
  'unknown-memory',
  /** Incomplete: a region failed (`detail`: its error), its cost is left out of the totals. */
  'region-failed',
  /** Incomplete: the window has not begun at the report's clock, so no day of it is covered. */
  'no-covered-days',
  /** Incomplete: the data lists edge functions but no region was read for their usage. */
  'no-regions-read',
  /** A region of the input failed, said on stderr by every command that reads usage. */
  'input-region-failed',
  /** A region failed: recommendations' costs and savings are lower bounds. */
  'recommend-region-failed',
  /** `count` associations name a version whose configuration is not in the data. */
  'unresolved-associations',
  /** The baseline was priced with other prices (`pricingIds`). */
  'baseline-other-prices',
  /** A region of the baseline failed: the baseline is a lower bound. */
  'baseline-region-failed',
  /** `report --reconciliation FILE` covers another window than the report (`detail`: both windows). */
  'reconciliation-other-window',
  /** The reconciliation priced edgecost's side with other prices (`pricingIds`: `baseline` is the reconciliation's). */
  'reconciliation-other-prices',
] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];

export interface Notice {
  code: NoticeCode;
  region?: string;
  accountId?: string;
  functionName?: string;
  distributionId?: string;
  /** Two windows told apart (`reconciliation-other-window`), as `YYYY-MM-DD to YYYY-MM-DD (N days)`. */
  windows?: { other: string; current: string };
  /** The number the notice is about (series, versions, invocations, associations). */
  count?: number;
  regions?: string[];
  pricingIds?: { baseline: string; current: string };
  /** The notice's own data in words: an error message, a snapshot warning; empty when none. */
  detail: string;
}

/** Notices that make totals less than the whole bill: a gate does not decide on them. */
const INCOMPLETE_CODES: ReadonlySet<NoticeCode> = new Set(['unknown-days', 'unknown-memory', 'region-failed', 'no-covered-days', 'no-regions-read']);

export function isIncomplete(notice: Pick<Notice, 'code'>): boolean {
  return INCOMPLETE_CODES.has(notice.code);
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

function regionName(notice: Pick<Notice, 'region' | 'accountId'>): string {
  return `region ${notice.region ?? 'unknown'}${notice.accountId ? ` (account ${notice.accountId})` : ''}`;
}

function parenthesised(detail: string): string {
  return detail ? ` (${detail})` : '';
}

/** The one place a notice becomes words. */
export function noticeText(notice: Notice): string {
  const count = notice.count ?? 0;
  switch (notice.code) {
    case 'snapshot-warning':
      return notice.detail;
    case 'function-not-found':
      return `--function ${notice.functionName}: no usage of a function with that name in the data`;
    case 'distribution-not-found':
      return `--distribution ${notice.distributionId}: no such distribution in the data`;
    case 'shared-version-split':
      return `${count} function version${plural(count, ' runs', 's run')} on several associations: the event-type and distribution views split ${plural(count, 'its', 'their')} cost by each distribution's requests (equally where requests are unknown)`;
    case 'newest-version-memory':
      return `${notice.functionName}: CloudWatch has no per-version metrics for it and its versions differ in memory size; its usage is priced at the newest version's memory`;
    case 'estimated-durations':
      return `${count} usage series had no exact billed durations (no REPORT lines found): their duration is estimated from CloudWatch sums`;
    case 'unknown-days':
      return `${count} usage series have days with no data: those days are unknown and not counted`;
    case 'unknown-memory':
      return `no memory size known for ${notice.functionName} (${formatCount(count)} invocations in ${(notice.regions ?? []).join(', ')}): its cost is unknown and left out of the totals`;
    case 'region-failed':
      return `${regionName(notice)} failed${parenthesised(notice.detail)}: its cost is unknown, not zero, and the totals leave it out`;
    case 'no-covered-days':
      return `the window ${notice.detail} has not begun at this report's clock: no day of it is covered, so its cost is unknown, not zero`;
    case 'no-regions-read':
      return `the data lists ${count} edge function${plural(count, '', 's')} but no region was read for usage: the cost is unknown, not zero`;
    case 'input-region-failed':
      return `${regionName(notice)} failed: ${notice.detail || 'unknown error'}; its usage is unknown, not zero`;
    case 'recommend-region-failed':
      return `region ${notice.region} failed${parenthesised(notice.detail)}: its usage is unknown, so costs and savings are lower bounds`;
    case 'unresolved-associations':
      return `${count} association${plural(count, '', 's')} name a function version whose configuration is not in the data: no recommendation for ${plural(count, 'it', 'them')}`;
    case 'baseline-other-prices':
      return `the baseline was priced with ${notice.pricingIds?.baseline}, this report with ${notice.pricingIds?.current}: part of the change is prices (shown as a separate driver)`;
    case 'baseline-region-failed':
      return `baseline region ${notice.region} failed${parenthesised(notice.detail)}: its cost was unknown, so the baseline is a lower bound`;
    case 'reconciliation-other-window':
      return `the reconciliation covers ${notice.windows?.other}, this report ${notice.windows?.current}: its figures are not this report's (run edgecost reconcile for the report's window)`;
    case 'reconciliation-other-prices':
      return `the reconciliation priced edgecost's estimate with ${notice.pricingIds?.baseline}, this report with ${notice.pricingIds?.current}: its edgecost columns are not this report's figures`;
  }
}

/** A failed region as a notice of `code`, with its account and error. */
export function regionNotice(
  code: 'region-failed' | 'input-region-failed' | 'recommend-region-failed' | 'baseline-region-failed',
  region: { region: string; accountId?: string; error?: string },
): Notice {
  return { code, region: region.region, ...(region.accountId ? { accountId: region.accountId } : {}), detail: region.error ?? '' };
}

/** The snapshot's own warnings (strings written by `collect`) as notices. */
export function snapshotNotices(warnings: readonly string[] | undefined): Notice[] {
  return (warnings ?? []).map((detail) => ({ code: 'snapshot-warning', detail }));
}
