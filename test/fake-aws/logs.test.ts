import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  paginateDescribeLogGroups,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { logs, rejection } from './helpers.js';
import { basicScenario, type FakeAws, parseInsightsQuery, startFakeAws } from './index.js';

const OCT1 = Date.UTC(2026, 9, 1) / 1000;
const NOV1 = Date.UTC(2026, 10, 1) / 1000;
const QUERY = 'filter @type = "REPORT" | stats sum(@billedDuration) as billedMs, max(@maxMemoryUsed) as maxMem, count(*) as n by bin(1d)';

async function run(client: CloudWatchLogsClient, input: ConstructorParameters<typeof StartQueryCommand>[0]) {
  const { queryId } = await client.send(new StartQueryCommand(input));
  const statuses: string[] = [];
  let out: GetQueryResultsCommandOutput;
  do {
    out = await client.send(new GetQueryResultsCommand({ queryId }));
    statuses.push(out.status ?? '');
  } while (out.status === 'Running' || out.status === 'Scheduled');
  return { out, statuses };
}

const rows = (out: GetQueryResultsCommandOutput) => (out.results ?? []).map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])));

describe('CloudWatch Logs Insights on basicScenario', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws(basicScenario());
  });
  afterAll(async () => {
    await fake.close();
  });

  test('StartQuery + GetQueryResults: Running once, then Complete with [[{field,value}]] per day', async () => {
    const { out, statuses } = await run(logs(fake.url, 'eu-west-1'), {
      logGroupName: '/aws/lambda/us-east-1.auth-viewer',
      startTime: OCT1,
      endTime: NOV1,
      queryString: QUERY,
    });
    expect(statuses).toEqual(['Running', 'Complete']);
    expect(rows(out)).toEqual(
      ['2026-10-31', '2026-10-30', '2026-10-29'].map((d) => ({
        'bin(1d)': `${d} 00:00:00.000`,
        billedMs: '1125000', // 1,000,000 ms + 0.25 ms × 500,000
        maxMem: String(50 * 1024 * 1024),
        n: '500000',
      })),
    );
    expect(out.statistics?.recordsMatched).toBe(1_500_000);
  });

  test('unaliased field names, grouping by @log over several groups, by @memorySize, and the time window', async () => {
    const client = logs(fake.url, 'us-east-1');
    const { out } = await run(client, {
      logGroupNames: ['/aws/lambda/us-east-1.origin-router', '/aws/lambda/us-east-1.image-resize'],
      startTime: Date.UTC(2026, 9, 31) / 1000,
      endTime: NOV1,
      queryString: 'stats sum(@billedDuration), max(@maxMemoryUsed) by @log',
    });
    expect(rows(out)).toEqual([
      {
        '@log': '123456789012:/aws/lambda/us-east-1.image-resize',
        'sum(@billedDuration)': '2002500',
        'max(@maxMemoryUsed)': String(700 * 1024 * 1024),
      },
      {
        '@log': '123456789012:/aws/lambda/us-east-1.origin-router',
        'sum(@billedDuration)': '6030000', // v7 5,025,000 + v8 1,005,000
        'max(@maxMemoryUsed)': String(100 * 1024 * 1024),
      },
    ]);
    const { out: byMem } = await run(client, {
      logGroupIdentifiers: ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/us-east-1.origin-router:*'],
      startTime: OCT1,
      endTime: NOV1,
      queryString: 'stats sum(@billedDuration) as billed, count(*) as n by @memorySize',
    });
    expect(rows(byMem)).toEqual([
      { '@memorySize': String(256 * 1024 * 1024), billed: '3015000', n: '60000' },
      { '@memorySize': String(512 * 1024 * 1024), billed: '15075000', n: '300000' },
    ]);
  });

  test('errors: unknown log group, malformed query, unknown query id; StopQuery', async () => {
    const client = logs(fake.url, 'eu-central-1');
    const nf = await rejection(client.send(new StartQueryCommand({ logGroupName: '/aws/lambda/us-east-1.auth-viewer', startTime: OCT1, endTime: NOV1, queryString: QUERY })));
    expect(nf.name).toBe('ResourceNotFoundException');
    const bad = await rejection(
      logs(fake.url).send(
        new StartQueryCommand({
          logGroupName: '/aws/lambda/us-east-1.auth-viewer',
          startTime: OCT1,
          endTime: NOV1,
          queryString: 'stats pct(@duration, 99) by bin(1h)',
        }),
      ),
    );
    expect(bad.name).toBe('MalformedQueryException');
    await expect(logs(fake.url).send(new GetQueryResultsCommand({ queryId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const { queryId } = await logs(fake.url).send(new StartQueryCommand({ logGroupName: '/aws/lambda/us-east-1.auth-viewer', startTime: OCT1, endTime: NOV1, queryString: QUERY }));
    expect((await logs(fake.url).send(new StopQueryCommand({ queryId }))).success).toBe(true);
    expect((await logs(fake.url).send(new GetQueryResultsCommand({ queryId }))).status).toBe('Cancelled');
  });

  test('DescribeLogGroups pages with nextToken and filters by prefix', async () => {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeLogGroups({ client: logs(fake.url, 'us-east-1') }, { logGroupNamePrefix: '/aws/lambda/us-east-1.' })) {
      pages += 1;
      names.push(...(page.logGroups ?? []).map((g) => g.logGroupName ?? ''));
    }
    expect(names).toEqual([
      '/aws/lambda/us-east-1.auth-viewer',
      '/aws/lambda/us-east-1.headers-response',
      '/aws/lambda/us-east-1.image-resize',
      '/aws/lambda/us-east-1.origin-router',
    ]);
    expect(pages).toBe(2);
  });
});

test('parseInsightsQuery', () => {
  expect(parseInsightsQuery('fields @x | stats sum(@billedDuration) as b, count() by bin(24h) as day, @log | sort day')).toEqual({
    aggs: [
      { fn: 'sum', field: '@billedDuration', name: 'b' },
      { fn: 'count', field: '', name: 'count()' },
    ],
    binSeconds: 86_400,
    binName: 'day',
    byLog: '@log',
  });
  expect(() => parseInsightsQuery('fields @message')).toThrow(/stats/);
});
