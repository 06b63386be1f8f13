// Resource Groups Tagging API (AWS JSON 1.1, X-Amz-Target ResourceGroupsTaggingAPI_20170126.<Op>,
// SigV4 scope "tagging"): GetResources over the tags of the scenario's functions (`LambdaFunctionSpec.tags`,
// on the unqualified function ARN, us-east-1) and distributions (`DistributionSpec.tags`, CloudFront is
// global and answered in us-east-1). As AWS: untagged resources are not returned; ResourceARNList
// (1–100 ARNs) cannot be combined with ResourceTypeFilters, TagFilters or paging parameters
// (InvalidParameterException); ResourcesPerPage is 1–100; pages continue with PaginationToken
// (empty string on the last page).
import type { ScenarioIndex } from './data.js';
import { AwsError, jsonReply, type Reply } from './wire.js';

type Json = Record<string, unknown>;

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const DEFAULT_PAGE = 50;

interface Tagged {
  arn: string;
  type: string;
  tags: Record<string, string>;
}

function taggedResources(idx: ScenarioIndex, region: string): Tagged[] {
  const sc = idx.scenario;
  if (region !== 'us-east-1') return [];
  const out: Tagged[] = [];
  for (const fn of sc.functions) {
    if (fn.tags && Object.keys(fn.tags).length > 0) out.push({ arn: `arn:aws:lambda:us-east-1:${sc.accountId}:function:${fn.name}`, type: 'lambda:function', tags: fn.tags });
  }
  for (const d of sc.distributions) {
    if (d.tags && Object.keys(d.tags).length > 0) out.push({ arn: `arn:aws:cloudfront::${sc.accountId}:distribution/${d.id}`, type: 'cloudfront:distribution', tags: d.tags });
  }
  return out;
}

function invalid(message: string): AwsError {
  return new AwsError(400, 'InvalidParameterException', message);
}

function mapping(r: Tagged) {
  return { ResourceARN: r.arn, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) };
}

export function handleTagging(idx: ScenarioIndex, region: string, operation: string, body: Json): Reply {
  if (operation !== 'GetResources') throw new AwsError(400, 'UnknownOperationException', `fake-aws does not serve tagging operation ${operation}`);
  const resources = taggedResources(idx, region);
  const arnList = body.ResourceARNList;
  if (arnList !== undefined) {
    if (!Array.isArray(arnList) || arnList.length < 1 || arnList.length > 100) throw invalid('ResourceARNList must have 1 to 100 members');
    for (const param of ['ResourceTypeFilters', 'TagFilters', 'ResourcesPerPage', 'TagsPerPage', 'PaginationToken']) {
      if (body[param] !== undefined) throw invalid(`You can't specify both ResourceARNList and ${param} in the same request`);
    }
    const wanted = new Set(arnList.map(String));
    return jsonReply({ PaginationToken: '', ResourceTagMappingList: resources.filter((r) => wanted.has(r.arn)).map(mapping) }, CONTENT_TYPE);
  }
  const perPage = body.ResourcesPerPage === undefined ? DEFAULT_PAGE : Number(body.ResourcesPerPage);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw invalid('ResourcesPerPage must be between 1 and 100');
  const types = Array.isArray(body.ResourceTypeFilters) ? body.ResourceTypeFilters.map(String) : undefined;
  const filters = Array.isArray(body.TagFilters) ? (body.TagFilters as { Key?: string; Values?: string[] }[]) : [];
  const selected = resources.filter(
    (r) =>
      (!types || types.some((t) => r.type === t || r.type.startsWith(`${t}:`))) &&
      filters.every((f) => f.Key !== undefined && f.Key in r.tags && (!f.Values || f.Values.length === 0 || f.Values.includes(r.tags[f.Key]!))),
  );
  const start = typeof body.PaginationToken === 'string' && body.PaginationToken !== '' ? Number(body.PaginationToken) : 0;
  if (!Number.isInteger(start) || start < 0) throw new AwsError(400, 'PaginationTokenExpiredException', 'The pagination token is not valid');
  const page = selected.slice(start, start + perPage);
  const next = start + perPage < selected.length ? String(start + perPage) : '';
  return jsonReply({ PaginationToken: next, ResourceTagMappingList: page.map(mapping) }, CONTENT_TYPE);
}
