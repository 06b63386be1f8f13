// CloudWatch Logs, AWS JSON 1.1: StartQuery, GetQueryResults, StopQuery, DescribeLogGroups.
//
// Logs Insights support is deliberately small: one `stats` command (other commands such as
// `filter`, `fields`, `sort`, `limit` are accepted and ignored) with aggregations
//   count(*) | count() | count(<field>)        → invocations
//   sum|avg(@billedDuration), sum|avg|max(@duration), max(@maxMemoryUsed),
//   max|min|avg(@memorySize)
// each optionally `as alias`, grouped by nothing, `bin(<n>d|<n>h multiple of 24h|<n>s multiple
// of 86400>)` (bins aligned to the epoch), `@log` and/or `@memorySize` (splits versions of
// different memory when the scenario has per-version rows). Anything else is a
// MalformedQueryException. A day counts when its UTC start is in [startTime, endTime).
// Rows come newest bin first. Numbers are strings, as Logs Insights returns them.
import { decodeToken, encodeToken } from './cloudwatch.js';
import type { ScenarioIndex } from './data.js';
import { DAY_SECONDS, type LogsInsightsDay } from './scenario.js';
import { AwsError, jsonReply, type Reply } from './wire.js';

const CT = 'application/x-amz-json-1.1';
type Json = Record<string, unknown>;

interface Agg {
  fn: 'count' | 'sum' | 'avg' | 'max' | 'min';
  field: string;
  name: string;
}

export interface ParsedQuery {
  aggs: Agg[];
  binSeconds?: number;
  binName?: string;
  byLog?: string;
  byMemorySize?: string;
}

interface QueryState {
  region: string;
  groups: string[];
  start: number;
  end: number;
  parsed: ParsedQuery;
  polls: number;
  status: 'Running' | 'Complete' | 'Cancelled';
  limit?: number;
}

export class LogsState {
  private counter = 0;
  readonly queries = new Map<string, QueryState>();
  nextId(): string {
    this.counter += 1;
    return `1f0a0000-0000-4000-8000-${this.counter.toString(16).padStart(12, '0')}`;
  }
}

export function handleLogs(idx: ScenarioIndex, state: LogsState, region: string, operation: string, body: Json): Reply {
  switch (operation) {
    case 'StartQuery':
      return startQuery(idx, state, region, body);
    case 'GetQueryResults':
      return getQueryResults(idx, state, region, body);
    case 'StopQuery': {
      const q = state.queries.get(`${region}|${String(body.queryId)}`);
      if (!q) throw new AwsError(400, 'ResourceNotFoundException', 'Query not found.');
      const success = q.status === 'Running';
      if (success) q.status = 'Cancelled';
      return jsonReply({ success }, CT);
    }
    case 'DescribeLogGroups':
      return describeLogGroups(idx, region, body);
    default:
      throw new AwsError(400, 'UnknownOperationException', `fake-aws: Logs operation ${operation} is not implemented`);
  }
}

function malformed(message: string): AwsError {
  return new AwsError(400, 'MalformedQueryException', message);
}

function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  let quote: string | undefined;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

const AGG_FIELDS: Record<string, ReadonlyArray<Agg['fn']>> = {
  '@billedDuration': ['sum', 'avg'],
  '@duration': ['sum', 'avg', 'max'],
  '@maxMemoryUsed': ['max'],
  '@memorySize': ['max', 'min', 'avg'],
};

export function parseInsightsQuery(query: string): ParsedQuery {
  const commands = splitTopLevel(query, '|');
  const stats = commands.filter((c) => /^stats\s/i.test(c));
  if (stats.length !== 1) throw malformed('fake-aws: the query needs exactly one stats command');
  const body = (stats[0] as string).replace(/^stats\s+/i, '');
  const byMatch = /^(.*?)\s+by\s+(.+)$/is.exec(body);
  const aggText = byMatch?.[1] ?? body;
  const groupText = byMatch?.[2];
  const aggs: Agg[] = splitTopLevel(aggText, ',').map((a) => {
    const m = /^(\w+)\s*\(\s*([^)]*?)\s*\)(?:\s+as\s+([\w@.]+))?$/i.exec(a);
    if (!m || m[1] === undefined) throw malformed(`fake-aws: cannot parse aggregation "${a}"`);
    const fn = m[1].toLowerCase() as Agg['fn'];
    const field = m[2] ?? '';
    const name = m[3] ?? a.replace(/\s+as\s+.*$/i, '').trim();
    if (fn === 'count') return { fn, field, name };
    if (!(AGG_FIELDS[field] ?? []).includes(fn)) throw malformed(`fake-aws: unsupported aggregation ${fn}(${field})`);
    return { fn, field, name };
  });
  const parsed: ParsedQuery = { aggs };
  for (const g of groupText ? splitTopLevel(groupText, ',') : []) {
    const bin = /^bin\s*\(\s*(\d+)\s*(d|h|s|m)\s*\)(?:\s+as\s+([\w@.]+))?$/i.exec(g);
    if (bin?.[1] !== undefined && bin[2] !== undefined) {
      const unit = bin[2].toLowerCase();
      const mult = unit === 'd' ? DAY_SECONDS : unit === 'h' ? 3600 : unit === 'm' ? 60 : 1;
      const seconds = Number(bin[1]) * mult;
      if (seconds <= 0 || seconds % DAY_SECONDS !== 0) {
        throw malformed(`fake-aws: bin(${bin[1]}${bin[2]}) is finer than the day data of the scenario`);
      }
      parsed.binSeconds = seconds;
      parsed.binName = bin[3] ?? g.replace(/\s+as\s+.*$/i, '').trim();
    } else if (/^@log(\s+as\s+[\w@.]+)?$/.test(g)) {
      parsed.byLog = /\s+as\s+([\w@.]+)$/.exec(g)?.[1] ?? '@log';
    } else if (/^@memorySize(\s+as\s+[\w@.]+)?$/.test(g)) {
      parsed.byMemorySize = /\s+as\s+([\w@.]+)$/.exec(g)?.[1] ?? '@memorySize';
    } else {
      throw malformed(`fake-aws: unsupported grouping "${g}"`);
    }
  }
  return parsed;
}

function groupNamesOf(idx: ScenarioIndex, region: string, body: Json): string[] {
  const given = [body.logGroupName, body.logGroupNames, body.logGroupIdentifiers].filter((x) => x !== undefined);
  if (given.length !== 1) {
    throw new AwsError(400, 'InvalidParameterException', 'Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified.');
  }
  const raw = typeof body.logGroupName === 'string' ? [body.logGroupName] : ((given[0] as unknown[]) ?? []).map(String);
  const names = raw.map((n) => {
    const arn = /^arn:aws[a-z-]*:logs:[^:]*:\d{12}:log-group:([^:]+)(:\*)?$/.exec(n);
    return arn?.[1] ?? n;
  });
  const existing = idx.logGroups.get(region);
  for (const n of names) {
    if (!existing?.has(n)) {
      throw new AwsError(400, 'ResourceNotFoundException', `Log group '${n}' does not exist for account ID '${idx.scenario.accountId}'`);
    }
  }
  return names;
}

function startQuery(idx: ScenarioIndex, state: LogsState, region: string, body: Json): Reply {
  if (typeof body.queryString !== 'string') {
    throw new AwsError(400, 'InvalidParameterException', 'queryString is required.');
  }
  const start = body.startTime;
  const end = body.endTime;
  if (typeof start !== 'number' || typeof end !== 'number') {
    throw new AwsError(400, 'InvalidParameterException', 'startTime and endTime are required.');
  }
  if (end < start) throw new AwsError(400, 'InvalidParameterException', 'endTime must be greater than startTime.');
  const groups = groupNamesOf(idx, region, body);
  const parsed = parseInsightsQuery(body.queryString);
  const id = state.nextId();
  state.queries.set(`${region}|${id}`, {
    region,
    groups,
    start,
    end,
    parsed,
    polls: 0,
    status: 'Running',
    limit: typeof body.limit === 'number' ? body.limit : undefined,
  });
  return jsonReply({ queryId: id }, CT);
}

interface Bucket {
  bin: number | undefined;
  log: string | undefined;
  mem: number | undefined;
  row: LogsInsightsDay;
}

function mergeRows(a: LogsInsightsDay, b: LogsInsightsDay): LogsInsightsDay {
  return {
    ...a,
    invocations: a.invocations + b.invocations,
    billedDurationMs: a.billedDurationMs + b.billedDurationMs,
    durationMs: (a.durationMs ?? 0) + (b.durationMs ?? 0),
    maxDurationMs: a.maxDurationMs !== undefined && b.maxDurationMs !== undefined ? Math.max(a.maxDurationMs, b.maxDurationMs) : undefined,
    maxMemoryUsedBytes: Math.max(a.maxMemoryUsedBytes, b.maxMemoryUsedBytes),
    memorySizeBytes: a.memorySizeBytes !== undefined && b.memorySizeBytes !== undefined ? Math.max(a.memorySizeBytes, b.memorySizeBytes) : (a.memorySizeBytes ?? b.memorySizeBytes),
  };
}

function fmtNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6)));
}

function fmtBin(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace('Z', '');
}

function aggValue(a: Agg, r: LogsInsightsDay): string {
  const inv = r.invocations;
  switch (`${a.fn}(${a.field})`) {
    case 'sum(@billedDuration)':
      return fmtNumber(r.billedDurationMs);
    case 'avg(@billedDuration)':
      return fmtNumber(inv > 0 ? r.billedDurationMs / inv : 0);
    case 'sum(@duration)':
      return fmtNumber(r.durationMs ?? r.billedDurationMs);
    case 'avg(@duration)':
      return fmtNumber(inv > 0 ? (r.durationMs ?? r.billedDurationMs) / inv : 0);
    case 'max(@duration)':
      if (r.maxDurationMs === undefined) {
        throw new AwsError(400, 'InvalidParameterException', 'fake-aws: the scenario has no maxDurationMs for max(@duration)');
      }
      return fmtNumber(r.maxDurationMs);
    case 'max(@maxMemoryUsed)':
      return fmtNumber(r.maxMemoryUsedBytes);
    case 'max(@memorySize)':
    case 'min(@memorySize)':
    case 'avg(@memorySize)':
      if (r.memorySizeBytes === undefined) {
        throw new AwsError(400, 'InvalidParameterException', 'fake-aws: the scenario has no memorySizeBytes');
      }
      return fmtNumber(r.memorySizeBytes);
    default:
      return fmtNumber(inv); // count(...)
  }
}

function getQueryResults(idx: ScenarioIndex, state: LogsState, region: string, body: Json): Reply {
  const q = state.queries.get(`${region}|${String(body.queryId)}`);
  if (!q) throw new AwsError(400, 'ResourceNotFoundException', 'Query not found.');
  if (q.status === 'Cancelled') return jsonReply({ status: 'Cancelled', results: [] }, CT);
  q.polls += 1;
  if (q.polls <= idx.options.logsRunningPolls) {
    return jsonReply({ status: 'Running', results: [], statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } }, CT);
  }
  q.status = 'Complete';
  const buckets = new Map<string, Bucket>();
  for (const g of q.groups) {
    const days = idx.logs.get(`${region}|${g}`);
    if (!days) continue;
    for (const [day, rows] of days) {
      if (day < q.start || day >= q.end) continue;
      for (const row of rows) {
        const bin = q.parsed.binSeconds !== undefined ? day - (day % q.parsed.binSeconds) : undefined;
        const log = q.parsed.byLog !== undefined ? `${idx.scenario.accountId}:${g}` : undefined;
        const mem = q.parsed.byMemorySize !== undefined ? (row.memorySizeBytes ?? 0) : undefined;
        const key = `${bin ?? ''}|${log ?? ''}|${mem ?? ''}`;
        const prev = buckets.get(key);
        buckets.set(key, { bin, log, mem, row: prev ? mergeRows(prev.row, row) : row });
      }
    }
  }
  const sorted = [...buckets.values()].sort((a, b) => (b.bin ?? 0) - (a.bin ?? 0) || (a.log ?? '').localeCompare(b.log ?? '') || (a.mem ?? 0) - (b.mem ?? 0));
  let matched = 0;
  const results = sorted.map((b) => {
    matched += b.row.invocations;
    const fields: Array<{ field: string; value: string }> = [];
    if (b.bin !== undefined && q.parsed.binName !== undefined) fields.push({ field: q.parsed.binName, value: fmtBin(b.bin) });
    if (b.log !== undefined && q.parsed.byLog !== undefined) fields.push({ field: q.parsed.byLog, value: b.log });
    if (b.mem !== undefined && q.parsed.byMemorySize !== undefined) {
      fields.push({ field: q.parsed.byMemorySize, value: fmtNumber(b.mem) });
    }
    for (const a of q.parsed.aggs) fields.push({ field: a.name, value: aggValue(a, b.row) });
    return fields;
  });
  const limited = q.limit !== undefined ? results.slice(0, q.limit) : results;
  return jsonReply(
    {
      status: 'Complete',
      results: limited,
      statistics: { recordsMatched: matched, recordsScanned: matched * 4, bytesScanned: matched * 400 },
    },
    CT,
  );
}

function describeLogGroups(idx: ScenarioIndex, region: string, body: Json): Reply {
  const prefix = typeof body.logGroupNamePrefix === 'string' ? body.logGroupNamePrefix : undefined;
  const pattern = typeof body.logGroupNamePattern === 'string' ? body.logGroupNamePattern : undefined;
  if (prefix !== undefined && pattern !== undefined) {
    throw new AwsError(400, 'InvalidParameterException', 'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  }
  const limit = body.limit;
  if (limit !== undefined && (typeof limit !== 'number' || limit < 1 || limit > 50)) {
    throw new AwsError(
      400,
      'InvalidParameterException',
      "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  }
  const all = [...(idx.logGroups.get(region)?.values() ?? [])]
    .filter((g) => (prefix === undefined || g.name.startsWith(prefix)) && (pattern === undefined || g.name.includes(pattern)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const hash = `lg:${region}:${prefix ?? ''}:${pattern ?? ''}`;
  const offset = typeof body.nextToken === 'string' && body.nextToken !== '' ? (decodeToken(body.nextToken, hash, 'InvalidParameterException').o ?? 0) : 0;
  const size = Math.min(typeof limit === 'number' ? limit : 50, Math.max(1, idx.pageSizes.describeLogGroups));
  const acct = idx.scenario.accountId;
  const out: Json = {
    logGroups: all.slice(offset, offset + size).map((g) => ({
      logGroupName: g.name,
      creationTime: g.creationTimeMs,
      metricFilterCount: 0,
      arn: `arn:aws:logs:${region}:${acct}:log-group:${g.name}:*`,
      logGroupArn: `arn:aws:logs:${region}:${acct}:log-group:${g.name}`,
      storedBytes: g.storedBytes,
      logGroupClass: 'STANDARD',
    })),
  };
  if (offset + size < all.length) out.nextToken = encodeToken({ o: offset + size, h: hash });
  return jsonReply(out, CT);
}
