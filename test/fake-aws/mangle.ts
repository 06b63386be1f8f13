// Wire faults of the fake AWS: answers that are not what AWS sends (a proxy's HTML page, an empty
// or cut body, a page token that never ends, a body dripped a byte at a time, a huge body) and a
// request-rate limit that throttles like AWS. See README.md ("Mangled answers", "Rate limits").
import type { ServerResponse } from 'node:http';
import type { ServiceName } from './scenario.js';
import { type Reply, requestId } from './wire.js';

/**
 * How an answer is mangled:
 * - `html`: HTTP 200 with an HTML page (`body` to give your own), as a captive portal or a proxy's error page;
 * - `empty`: HTTP 200 with an empty body;
 * - `truncate`: HTTP 200 with the first half of the real body (content-length matching the cut body);
 * - `repeat-token`: the page token of a paginated answer is always the same, and the request's
 *   token is ignored (so the same page comes back forever);
 * - `drop-results`: GetMetricData answers `{"MetricDataResults": [], "Messages": []}`;
 * - `slow-drip`: the real answer, one byte every `intervalMs` (default 200);
 * - `oversize`: HTTP 200 with `bytes` of XML/JSON-looking filler (streamed; `declareLength`
 *   sends its content-length up front, else chunked).
 */
export type Mangle =
  | { kind: 'html'; body?: string }
  | { kind: 'empty' }
  | { kind: 'truncate' }
  | { kind: 'repeat-token' }
  | { kind: 'drop-results' }
  | { kind: 'slow-drip'; intervalMs?: number }
  | { kind: 'oversize'; bytes: number; declareLength?: boolean };

export const LOOP_TOKEN = 'fake-aws-loop-token';

/** Removes the page token from a request (for `repeat-token`): the first page is answered again. */
export function dropRequestToken(service: ServiceName, body: Record<string, unknown>, url: URL): void {
  if (service === 'monitoring') delete body.NextToken;
  if (service === 'logs') delete body.nextToken;
  if (service === 'ce') delete body.NextPageToken;
  if (service === 'athena') delete body.NextToken;
  url.searchParams.delete('Marker');
}

/** Sets the page token of a 200 answer to LOOP_TOKEN (for `repeat-token`). */
export function loopToken(service: ServiceName, operation: string, reply: Reply): Reply {
  if (reply.status !== 200) return reply;
  if (service === 'cloudfront') {
    let xml = reply.body.replace(/<IsTruncated>false<\/IsTruncated>/, '<IsTruncated>true</IsTruncated>');
    xml = /<NextMarker>/.test(xml)
      ? xml.replace(/<NextMarker>[^<]*<\/NextMarker>/, `<NextMarker>${LOOP_TOKEN}</NextMarker>`)
      : xml.replace(/<IsTruncated>/, `<NextMarker>${LOOP_TOKEN}</NextMarker><IsTruncated>`);
    return { ...reply, body: xml };
  }
  const json = JSON.parse(reply.body) as Record<string, unknown>;
  const field = service === 'logs' ? 'nextToken' : service === 'lambda' ? 'NextMarker' : service === 'ce' ? 'NextPageToken' : 'NextToken';
  if (service === 'monitoring' && operation !== 'GetMetricData' && operation !== 'ListMetrics') return reply;
  json[field] = LOOP_TOKEN;
  return { ...reply, body: JSON.stringify(json) };
}

const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>\n';

/** Sends a mangled answer; `real` is what the fake would have answered. */
export async function sendMangled(res: ServerResponse, mangle: Mangle, real: Reply, send: (res: ServerResponse, reply: Reply) => void): Promise<number> {
  switch (mangle.kind) {
    case 'html':
      send(res, { status: 200, contentType: 'text/html', body: mangle.body ?? HTML_PAGE });
      return 200;
    case 'empty':
      send(res, { ...real, status: 200, body: '' });
      return 200;
    case 'truncate':
      send(res, { ...real, status: 200, body: real.body.slice(0, Math.floor(real.body.length / 2)) });
      return 200;
    case 'drop-results':
      send(res, { ...real, status: 200, body: JSON.stringify({ MetricDataResults: [], Messages: [] }) });
      return 200;
    case 'slow-drip': {
      const body = Buffer.from(real.body, 'utf8');
      res.writeHead(real.status, { 'content-type': real.contentType, 'content-length': String(body.length), 'x-amzn-requestid': requestId(), ...real.headers });
      for (let i = 0; i < body.length && !res.destroyed; i++) {
        res.write(body.subarray(i, i + 1));
        await new Promise((resolve) => setTimeout(resolve, mangle.intervalMs ?? 200));
      }
      res.end();
      return real.status;
    }
    case 'oversize': {
      res.writeHead(200, {
        'content-type': real.contentType,
        'x-amzn-requestid': requestId(),
        ...(mangle.declareLength ? { 'content-length': String(mangle.bytes) } : {}),
      });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      res.write('<DistributionList>');
      sent += 18;
      while (sent < mangle.bytes && !res.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, mangle.bytes - sent));
        sent += piece.length;
        if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
      }
      res.end();
      return 200;
    }
    default:
      send(res, real);
      return real.status;
  }
}

/**
 * A request-rate limit like AWS's: a token bucket of `perSecond` tokens per second holding at most
 * `perSecond` (a second's worth). A request that finds it empty is throttled.
 */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }

  admit(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
