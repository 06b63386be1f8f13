// Wire helpers: replies and the error formats of the four AWS protocols.
import type { ServiceName } from './scenario.js';

export interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** An AWS error; `code` is the code the SDK sees (for CloudWatch: the awsQuery code). */
export class AwsError extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Record<string, unknown>;
  constructor(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

export function jsonReply(body: unknown, contentType = 'application/json', status = 200): Reply {
  return { status, contentType, body: JSON.stringify(body) };
}

export function xmlReply(xml: string, status = 200): Reply {
  return { status, contentType: 'text/xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}` };
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** <name>content</name>; `content` is raw XML, use `text()` for strings. */
export function el(name: string, content: string | number | boolean): string {
  return `<${name}>${typeof content === 'string' ? content : String(content)}</${name}>`;
}

export function text(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

/** CloudFront wrapped list: <Name><Quantity>n</Quantity><Items><Member>…</Member></Items></Name>;
 *  Quantity 0 has no Items element (the SDK then yields Items: undefined). */
export function xmlList(name: string, members: string[], extra = ''): string {
  const items = members.length > 0 ? el('Items', members.join('')) : '';
  return el(name, `${extra}${el('Quantity', members.length)}${items}`);
}

// CloudWatch (awsJson1_0 with awsQueryCompatible): the SDK takes the error code from the
// `x-amzn-query-error: Code;Sender` header first, then `__type`.
const CLOUDWATCH_ERROR_TYPES: Record<string, string> = {
  InvalidParameterValue: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
  InvalidParameterCombination: 'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
  MissingParameter: 'com.amazonaws.cloudwatch#MissingRequiredParameterException',
  InvalidNextToken: 'com.amazonaws.cloudwatch#InvalidNextToken',
  ValidationError: 'com.amazonaws.cloudwatch#ValidationException',
  Throttling: 'com.amazon.coral.availability#ThrottlingException',
  AccessDenied: 'com.amazon.coral.service#AccessDeniedException',
  InvalidClientTokenId: 'com.amazon.coral.service#UnrecognizedClientException',
  UnknownOperation: 'com.amazon.coral.service#UnknownOperationException',
  MissingAuthenticationToken: 'com.amazon.coral.service#MissingAuthenticationTokenException',
  SerializationException: 'com.amazon.coral.service#SerializationException',
};

let requestCounter = 0;
export function requestId(): string {
  requestCounter += 1;
  const hex = requestCounter.toString(16).padStart(12, '0');
  return `fa4e0000-0000-4000-8000-${hex}`;
}

export function errorReply(service: ServiceName | 'unknown', err: AwsError): Reply {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  switch (service) {
    case 'monitoring': {
      const jsonType = CLOUDWATCH_ERROR_TYPES[err.code] ?? `com.amazonaws.cloudwatch#${err.code}`;
      const shortType = jsonType.split('#')[1] ?? err.code;
      return {
        status: err.status,
        contentType: 'application/x-amz-json-1.0',
        headers: { 'x-amzn-query-error': `${err.code};${type}`, 'x-amzn-errortype': shortType },
        body: JSON.stringify({ __type: jsonType, message: err.message, ...err.extra }),
      };
    }
    case 'logs':
    case 'ce':
    case 'athena':
    case 'tagging':
      return {
        status: err.status,
        contentType: 'application/x-amz-json-1.1',
        headers: { 'x-amzn-errortype': err.code },
        body: JSON.stringify({ __type: err.code, message: err.message, ...err.extra }),
      };
    case 'lambda': {
      // Lambda's modelled errors carry Type + message (ResourceNotFound/Service/AccessDenied: Message)
      const key = /^(ResourceNotFoundException|ServiceException|AccessDeniedException)$/.test(err.code) ? 'Message' : 'message';
      const body: Record<string, unknown> = { Type: type === 'Sender' ? 'User' : 'Service', [key]: err.message };
      return {
        status: err.status,
        contentType: 'application/json',
        headers: { 'x-amzn-errortype': `${err.code}:http://internal.amazon.com/coral/com.amazonaws.awslambda/` },
        body: JSON.stringify({ ...body, ...err.extra }),
      };
    }
    default: {
      // CloudFront REST-XML (also used for requests whose service is unknown)
      const xml =
        '<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">' +
        el('Error', text('Type', type) + text('Code', err.code) + text('Message', err.message)) +
        text('RequestId', requestId()) +
        '</ErrorResponse>';
      return xmlReply(xml, err.status);
    }
  }
}

/** Region and service from `Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, …` */
export function parseCredentialScope(authorization: string | undefined): { region: string; service: string } | undefined {
  if (!authorization) return undefined;
  const m = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization);
  if (!m || m[3] === undefined || m[4] === undefined) return undefined;
  return { region: m[3], service: m[4] };
}
