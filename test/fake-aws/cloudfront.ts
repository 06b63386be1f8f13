// CloudFront, REST-XML: ListDistributions, GetMonitoringSubscription.
import type { ScenarioIndex } from './data.js';
import type { CacheBehaviorSpec, DefaultCacheBehaviorSpec, DistributionSpec } from './scenario.js';
import { AwsError, el, type Reply, text, xmlList, xmlReply } from './wire.js';

const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

export interface CloudFrontRoute {
  operation: string;
  distributionId?: string;
}

export function cloudfrontRoute(method: string, pathname: string): CloudFrontRoute {
  if (method === 'GET' && /^\/2020-05-31\/distribution\/?$/.test(pathname)) return { operation: 'ListDistributions' };
  const m = /^\/2020-05-31\/distributions\/([^/]+)\/monitoring-subscription\/?$/.exec(pathname);
  if (method === 'GET' && m?.[1] !== undefined) {
    return { operation: 'GetMonitoringSubscription', distributionId: decodeURIComponent(m[1]) };
  }
  const g = /^\/2020-05-31\/distribution\/([^/]+)(\/config)?\/?$/.exec(pathname);
  if (method === 'GET' && g) return { operation: g[2] ? 'GetDistributionConfig' : 'GetDistribution' };
  return { operation: `${method} ${pathname}` };
}

export function handleCloudFront(idx: ScenarioIndex, route: CloudFrontRoute, query: URLSearchParams): Reply {
  switch (route.operation) {
    case 'ListDistributions':
      return listDistributions(idx, query);
    case 'GetMonitoringSubscription':
      return getMonitoringSubscription(idx, route.distributionId ?? '');
    default:
      throw new AwsError(400, 'InvalidAction', `fake-aws: CloudFront operation ${route.operation} is not implemented`);
  }
}

function listDistributions(idx: ScenarioIndex, query: URLSearchParams): Reply {
  const all = idx.scenario.distributions;
  const maxRaw = query.get('MaxItems');
  let maxItems = 100;
  if (maxRaw !== null && maxRaw !== '') {
    maxItems = Number(maxRaw);
    if (!Number.isInteger(maxItems) || maxItems < 1) {
      throw new AwsError(400, 'InvalidArgument', `MaxItems ${maxRaw} is invalid.`);
    }
  }
  const marker = query.get('Marker') ?? '';
  let start = 0;
  if (marker !== '') {
    const i = all.findIndex((d) => d.id === marker);
    if (i < 0) throw new AwsError(400, 'InvalidArgument', `The Marker ${marker} is invalid.`);
    start = i + 1;
  }
  const size = Math.min(maxItems, Math.max(1, idx.pageSizes.listDistributions));
  const page = all.slice(start, start + size);
  const truncated = start + size < all.length;
  const last = page[page.length - 1];
  const body =
    text('Marker', marker) +
    (truncated && last ? text('NextMarker', last.id) : '') +
    el('MaxItems', maxItems) +
    el('IsTruncated', truncated) +
    el('Quantity', page.length) +
    (page.length > 0 ? el('Items', page.map((d) => summaryXml(idx, d)).join('')) : '');
  return xmlReply(`<DistributionList xmlns="${NS}">${body}</DistributionList>`);
}

function behaviorXml(b: DefaultCacheBehaviorSpec | CacheBehaviorSpec, pathPattern: string | undefined): string {
  const lambdas = (b.lambdaFunctionAssociations ?? []).map((a) =>
    el('LambdaFunctionAssociation', text('LambdaFunctionARN', a.functionArn) + text('EventType', a.eventType) + el('IncludeBody', a.includeBody ?? false)),
  );
  const functions = (b.functionAssociations ?? []).map((a) => el('FunctionAssociation', text('FunctionARN', a.functionArn) + text('EventType', a.eventType)));
  const methods = '<Method>HEAD</Method><Method>GET</Method>';
  return (
    (pathPattern !== undefined ? text('PathPattern', pathPattern) : '') +
    text('TargetOriginId', b.targetOriginId ?? 'origin-1') +
    el('TrustedSigners', el('Enabled', false) + el('Quantity', 0)) +
    el('TrustedKeyGroups', el('Enabled', false) + el('Quantity', 0)) +
    text('ViewerProtocolPolicy', 'redirect-to-https') +
    el('AllowedMethods', el('Quantity', 2) + el('Items', methods) + el('CachedMethods', el('Quantity', 2) + el('Items', methods))) +
    el('SmoothStreaming', false) +
    el('Compress', true) +
    xmlList('LambdaFunctionAssociations', lambdas) +
    xmlList('FunctionAssociations', functions) +
    text('FieldLevelEncryptionId', '') +
    text('CachePolicyId', CACHING_OPTIMIZED)
  );
}

function summaryXml(idx: ScenarioIndex, d: DistributionSpec): string {
  const origin = el(
    'Origin',
    text('Id', 'origin-1') +
      text('DomainName', d.originDomainName ?? 'origin.example.com') +
      text('OriginPath', '') +
      el('CustomHeaders', el('Quantity', 0)) +
      el('S3OriginConfig', text('OriginAccessIdentity', '')) +
      el('ConnectionAttempts', 3) +
      el('ConnectionTimeout', 10) +
      el('OriginShield', el('Enabled', false)) +
      text('OriginAccessControlId', ''),
  );
  const behaviors = (d.cacheBehaviors ?? []).map((b) => el('CacheBehavior', behaviorXml(b, b.pathPattern)));
  return el(
    'DistributionSummary',
    text('Id', d.id) +
      text('ARN', `arn:aws:cloudfront::${idx.scenario.accountId}:distribution/${d.id}`) +
      text('Status', d.status ?? 'Deployed') +
      text('LastModifiedTime', new Date(d.lastModified ?? '2026-01-01T00:00:00Z').toISOString()) +
      text('DomainName', d.domainName ?? `${d.id.toLowerCase()}.cloudfront.net`) +
      xmlList(
        'Aliases',
        (d.aliases ?? []).map((a) => text('CNAME', a)),
      ) +
      xmlList('Origins', [origin]) +
      el('OriginGroups', el('Quantity', 0)) +
      el('DefaultCacheBehavior', behaviorXml(d.defaultCacheBehavior, undefined)) +
      xmlList('CacheBehaviors', behaviors) +
      el('CustomErrorResponses', el('Quantity', 0)) +
      text('Comment', d.comment ?? '') +
      text('PriceClass', 'PriceClass_All') +
      el('Enabled', d.enabled ?? true) +
      el(
        'ViewerCertificate',
        el('CloudFrontDefaultCertificate', true) + text('SSLSupportMethod', 'vip') + text('MinimumProtocolVersion', 'TLSv1') + text('CertificateSource', 'cloudfront'),
      ) +
      el('Restrictions', el('GeoRestriction', text('RestrictionType', 'none') + el('Quantity', 0))) +
      text('WebACLId', '') +
      text('HttpVersion', 'HTTP2') +
      el('IsIPV6Enabled', true) +
      el('Staging', false),
  );
}

function getMonitoringSubscription(idx: ScenarioIndex, id: string): Reply {
  const d = idx.scenario.distributions.find((x) => x.id === id);
  if (!d) throw new AwsError(404, 'NoSuchDistribution', 'The specified distribution does not exist.');
  const sub = d.monitoringSubscription;
  if (sub !== true && sub !== 'disabled') {
    throw new AwsError(404, 'NoSuchMonitoringSubscription', 'A monitoring subscription does not exist for the specified distribution.');
  }
  const status = sub === true ? 'Enabled' : 'Disabled';
  return xmlReply(
    `<MonitoringSubscription xmlns="${NS}">` + el('RealtimeMetricsSubscriptionConfig', text('RealtimeMetricsSubscriptionStatus', status)) + '</MonitoringSubscription>',
  );
}
