import { describe, expect, it } from 'vitest';
import { assembleRegionUsage, RESIDUAL_FIELDS, residualFields, splitBilledDuration, usageSeries, weightedHitRate } from '../../src/aws/assemble.js';
import { columns, type DailyValues, REPLICA_FIELDS, type ReplicaField } from '../../src/aws/metrics.js';
import { selectDistributions, selectFunctions, unconfiguredVersions } from '../../src/aws/selection.js';
import type { Distribution } from '../../src/model/inventory.js';

const fields = (entries: [ReplicaField, DailyValues][]) => new Map(entries);
const ID = { functionName: 'edge', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:edge', accountId: '123456789012', region: 'eu-west-1' };

describe('usageSeries (driven by REPLICA_METRICS)', () => {
  it('carries every field that was read, in the table order, and leaves out the others', () => {
    const all = fields(REPLICA_FIELDS.map((f, i) => [f, [i, i + 1]]));
    const series = usageSeries({ ...ID, version: '3' }, all);
    expect(Object.keys(series)).toEqual(['functionName', 'functionArn', 'version', 'accountId', 'region', ...REPLICA_FIELDS]);
    expect(series.concurrentExecutionsMax).toEqual([5, 6]);
    const partial = usageSeries(
      ID,
      fields([
        ['invocations', [1, 2]],
        ['durationSumMs', [10, 20]],
      ]),
    );
    expect(partial).toEqual({ ...ID, invocations: [1, 2], durationSumMs: [10, 20] });
  });
});

describe('residualFields', () => {
  it('subtracts the versions from the function-level total, bounds the maximum to the days the residual ran, and leaves concurrency out', () => {
    expect(RESIDUAL_FIELDS).toEqual(['durationSumMs', 'durationMaxMs', 'errors', 'throttles']);
    const total = fields([
      ['durationSumMs', [1_000, 500]],
      ['durationMaxMs', [90, 80]],
      ['errors', [5, 1]],
      ['throttles', [0, 2]],
    ]);
    const version = fields([
      ['durationSumMs', [600, 500]],
      ['errors', [2, 1]],
      ['throttles', [0, 2]],
    ]);
    const residual = residualFields([40, 0], total, [version]);
    expect(Object.fromEntries(residual)).toEqual({ invocations: [40, 0], durationSumMs: [400, 0], durationMaxMs: [90, 0], errors: [3, 0], throttles: [0, 0] });
  });
});

describe('assembleRegionUsage', () => {
  it('keeps associated versions, drops unassociated ones without values, and finds the residual of the guard', () => {
    const fn = { functionName: 'edge', unqualifiedArn: ID.functionArn, accountId: ID.accountId, qualifiers: new Set(['2']) };
    const targets = [
      { functionName: 'edge', version: '1', dimensions: [], fields: REPLICA_FIELDS },
      { functionName: 'edge', version: '2', dimensions: [], fields: REPLICA_FIELDS },
      { functionName: 'edge', dimensions: [], fields: ['invocations' as const], guard: true },
    ];
    const zero = fields(REPLICA_FIELDS.map((f) => [f, [0, 0]]));
    const v2 = fields(REPLICA_FIELDS.map((f) => [f, [10, 10]]));
    const guard = fields([['invocations', [25, 10]]]);
    const { usage, residuals } = assembleRegionUsage('eu-west-1', targets, [zero, v2, guard], new Map([['edge', fn]]));
    expect(usage.map((s) => s.version)).toEqual(['2']);
    expect(residuals).toHaveLength(1);
    expect(residuals[0]!.invocations).toEqual([15, 0]);
  });
});

describe('weightedHitRate', () => {
  const window = { start: '2026-10-01T00:00:00.000Z', end: '2026-10-04T00:00:00.000Z', days: 3 };
  const now = new Date('2026-11-01T00:00:00Z');
  const day = (d: number) => Date.parse(window.start) + d * 86_400_000;

  it('weights each day by its requests: (90 × 100 + 60 × 300) / 400 = 67.5', () => {
    expect(
      weightedHitRate(
        window,
        now,
        columns([
          { timestamp: day(0), value: 90 },
          { timestamp: day(1), value: 60 },
        ]),
        [100, 300, 0],
      ),
    ).toBe(67.5);
  });

  it('takes the plain mean without requests, and nothing without datapoints', () => {
    expect(
      weightedHitRate(
        window,
        now,
        columns([
          { timestamp: day(0), value: 90 },
          { timestamp: day(2), value: 70 },
        ]),
        [0, 0, 0],
      ),
    ).toBe(80);
    expect(weightedHitRate(window, now, columns([]), [1, 2, 3])).toBeUndefined();
  });
});

describe('splitBilledDuration', () => {
  it('splits by duration plus half the granularity per invocation: 600 ms over (5,000 + 50 × 2) and (5,000 + 50 × 6) with 100 ms', () => {
    const shares = splitBilledDuration(
      600,
      [
        { durationMs: 5_000, invocations: 2 },
        { durationMs: 5_000, invocations: 6 },
      ],
      100,
    );
    expect(shares[0]).toBeCloseTo((600 * 5_100) / 10_400, 12);
    expect(shares[1]).toBeCloseTo((600 * 5_300) / 10_400, 12);
  });

  it('gives a single series the whole total, and equal shares when every estimate is 0', () => {
    expect(splitBilledDuration(123.4, [{ durationMs: 1, invocations: 1 }], 1)).toEqual([123.4]);
    expect(
      splitBilledDuration(
        90,
        [
          { durationMs: 0, invocations: 0 },
          { durationMs: 0, invocations: 0 },
          { durationMs: 0, invocations: 0 },
        ],
        1,
      ),
    ).toEqual([30, 30, 30]);
  });
});

describe('selection', () => {
  const arn = (name: string, q: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}:${q}`;
  const distributions = (): Distribution[] => [
    {
      id: 'E1',
      behaviors: [
        {
          pathPattern: '*',
          lambdaAssociations: [
            { eventType: 'viewer-request', functionArn: arn('a', '1'), includeBody: false },
            { eventType: 'origin-request', functionArn: arn('b', '2'), includeBody: false },
          ],
          functionAssociations: [],
        },
      ],
    },
    { id: 'E2', behaviors: [{ pathPattern: '*', lambdaAssociations: [], functionAssociations: [] }] },
    { id: 'E3', behaviors: [{ pathPattern: '*', lambdaAssociations: [{ eventType: 'viewer-request', functionArn: 'not-an-arn', includeBody: false }], functionAssociations: [] }] },
  ];

  it('keeps distributions with edge code, narrows to --function, and warns about names that match nothing', () => {
    const warnings: string[] = [];
    expect(selectDistributions(distributions(), {}, warnings).map((d) => d.id)).toEqual(['E1', 'E3']);
    const narrowed = selectDistributions(distributions(), { functionNames: ['b', 'zzz'] }, warnings);
    expect(narrowed.map((d) => d.id)).toEqual(['E1']);
    expect(narrowed[0]!.behaviors[0]!.lambdaAssociations.map((a) => a.functionArn)).toEqual([arn('b', '2')]);
    expect(warnings).toEqual(['--function: 2 association(s) of other functions left out of the snapshot', 'function zzz is not associated with any selected distribution']);
    expect(selectDistributions(distributions(), { distributionIds: ['E2', 'E9'] }, warnings).map((d) => d.id)).toEqual(['E2']);
    expect(warnings.at(-1)).toBe('distribution E9 was not found in the account');
  });

  it('collects the functions and their versions; an association without a Lambda ARN is marked unresolved', () => {
    const warnings: string[] = [];
    const selected = distributions();
    const functions = selectFunctions(selected, warnings);
    expect(functions.map((f) => [f.functionName, [...f.qualifiers]])).toEqual([
      ['a', ['1']],
      ['b', ['2']],
    ]);
    expect(selected[2]!.behaviors[0]!.lambdaAssociations[0]!.unresolvedReason).toBe('not a Lambda function ARN: not-an-arn');
    const usage = [{ functionName: 'a', version: '4', region: 'eu-west-1', invocations: [3], durationSumMs: [1] }];
    expect(unconfiguredVersions(usage, functions, new Map()).map((w) => [w.functionName, [...w.qualifiers]])).toEqual([['a', ['4']]]);
  });
});
