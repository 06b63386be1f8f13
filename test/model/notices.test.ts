import { describe, expect, it } from 'vitest';
import { isIncomplete, NOTICE_CODES, type Notice, noticeText, regionNotice } from '../../src/model/notices.js';

const examples: Record<(typeof NOTICE_CODES)[number], [Notice, string]> = {
  'snapshot-warning': [{ code: 'snapshot-warning', detail: 'written by collect' }, 'written by collect'],
  'function-not-found': [{ code: 'function-not-found', functionName: 'fn-x', detail: '' }, '--function fn-x: no usage of a function with that name in the data'],
  'distribution-not-found': [{ code: 'distribution-not-found', distributionId: 'E9', detail: '' }, '--distribution E9: no such distribution in the data'],
  'shared-version-split': [
    { code: 'shared-version-split', count: 2, detail: '' },
    "2 function versions run on several associations: the event-type and distribution views split their cost by each distribution's requests (equally where requests are unknown)",
  ],
  'newest-version-memory': [
    { code: 'newest-version-memory', functionName: 'fn-a', detail: '' },
    "fn-a: CloudWatch has no per-version metrics for it and its versions differ in memory size; its usage is priced at the newest version's memory",
  ],
  'estimated-durations': [
    { code: 'estimated-durations', count: 3, detail: '' },
    '3 usage series had no exact billed durations (no REPORT lines found): their duration is estimated from CloudWatch sums',
  ],
  'unknown-days': [{ code: 'unknown-days', count: 1, detail: '' }, '1 usage series have days with no data: those days are unknown and not counted'],
  'unknown-memory': [
    { code: 'unknown-memory', functionName: 'fn-b', count: 12345, regions: ['eu-west-1', 'us-east-1'], detail: '' },
    'no memory size known for fn-b (12,345 invocations in eu-west-1, us-east-1): its cost is unknown and left out of the totals',
  ],
  'region-failed': [
    regionNotice('region-failed', { region: 'eu-west-1', accountId: '123456789012', error: 'AccessDenied' }),
    'region eu-west-1 (account 123456789012) failed (AccessDenied): its cost is unknown, not zero, and the totals leave it out',
  ],
  'no-covered-days': [
    { code: 'no-covered-days', detail: '2027-01-01T00:00:00.000Z to 2027-02-01T00:00:00.000Z' },
    "the window 2027-01-01T00:00:00.000Z to 2027-02-01T00:00:00.000Z has not begun at this report's clock: no day of it is covered, so its cost is unknown, not zero",
  ],
  'no-regions-read': [{ code: 'no-regions-read', count: 2, detail: '' }, 'the data lists 2 edge functions but no region was read for usage: the cost is unknown, not zero'],
  'input-region-failed': [regionNotice('input-region-failed', { region: 'eu-west-1' }), 'region eu-west-1 failed: unknown error; its usage is unknown, not zero'],
  'recommend-region-failed': [
    regionNotice('recommend-region-failed', { region: 'eu-west-1', error: 'Throttled' }),
    'region eu-west-1 failed (Throttled): its usage is unknown, so costs and savings are lower bounds',
  ],
  'unresolved-associations': [
    { code: 'unresolved-associations', count: 1, detail: '' },
    '1 association name a function version whose configuration is not in the data: no recommendation for it',
  ],
  'baseline-other-prices': [
    { code: 'baseline-other-prices', pricingIds: { baseline: 'old', current: 'new' }, detail: '' },
    'the baseline was priced with old, this report with new: part of the change is prices (shown as a separate driver)',
  ],
  'baseline-region-failed': [
    regionNotice('baseline-region-failed', { region: 'ap-south-1' }),
    'baseline region ap-south-1 failed: its cost was unknown, so the baseline is a lower bound',
  ],
  'reconciliation-other-window': [
    { code: 'reconciliation-other-window', windows: { other: '2026-10-01 to 2026-10-31 (31 days)', current: '2026-11-01 to 2026-11-30 (30 days)' }, detail: '' },
    "the reconciliation covers 2026-10-01 to 2026-10-31 (31 days), this report 2026-11-01 to 2026-11-30 (30 days): its figures are not this report's (run edgecost reconcile for the report's window)",
  ],
  'reconciliation-other-prices': [
    { code: 'reconciliation-other-prices', pricingIds: { baseline: 'learned', current: 'aws-public' }, detail: '' },
    "the reconciliation priced edgecost's estimate with learned, this report with aws-public: its edgecost columns are not this report's figures",
  ],
};

describe('notices: structured warnings, worded in one place', () => {
  it.each(NOTICE_CODES.map((code) => [code]))('%s has its wording', (code) => {
    const [notice, text] = examples[code];
    expect(notice.code).toBe(code);
    expect(noticeText(notice)).toBe(text);
  });

  it('only missing data makes a report incomplete', () => {
    expect(NOTICE_CODES.filter((code) => isIncomplete({ code }))).toEqual(['unknown-days', 'unknown-memory', 'region-failed', 'no-covered-days', 'no-regions-read']);
  });
});
