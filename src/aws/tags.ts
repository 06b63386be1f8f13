import type { Distribution, FunctionConfig } from '../model/inventory.js';
import type { AwsClients } from './clients.js';
import { describeAwsError } from './failures.js';
import { mapWithConcurrency } from './pool.js';
import { EDGE_HOME_REGION } from './regions.js';

/**
 * The tags CloudFormation puts on what it deploys (`aws:cloudformation:logical-id`, `…:stack-name`,
 * `…:stack-id`), for the functions and distributions of a snapshot: `edgecost diff` matches template
 * resources to deployed ones by them when a template does not name its function.
 *
 * Read with the Resource Groups Tagging API `GetResources` and a `ResourceARNList` of at most 100 ARNs
 * a call (the limit of ResourceARNListForGet; ResourcesPerPage is likewise at most 100), in us-east-1
 * where Lambda@Edge functions live and CloudFront (global) answers: 5,000 functions take 50 calls,
 * where Lambda `ListTags` would take 5,000 (one per function). An ARN list cannot be combined with
 * paging, so one call answers one batch whole. Only the `aws:cloudformation:` tags are kept: other
 * tags are not needed, and may say more than a cost snapshot should.
 */

export const CLOUDFORMATION_TAG_PREFIX = 'aws:cloudformation:';
/** GetResources ResourceARNList: 1–100 ARNs (API reference, ResourceARNListForGet). */
export const ARNS_PER_GET_RESOURCES = 100;
const CONCURRENT_CALLS = 2;

export function distributionArn(distribution: Distribution): string | undefined {
  return distribution.accountId ? `arn:aws:cloudfront::${distribution.accountId}:distribution/${distribution.id}` : undefined;
}

/** Tags of each ARN (only ARNs with CloudFormation tags are in the map). */
export async function readCloudFormationTags(aws: AwsClients, arns: readonly string[]): Promise<Map<string, Record<string, string>>> {
  const unique = [...new Set(arns)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += ARNS_PER_GET_RESOURCES) batches.push(unique.slice(i, i + ARNS_PER_GET_RESOURCES));
  const found = new Map<string, Record<string, string>>();
  await mapWithConcurrency(batches, CONCURRENT_CALLS, async (batch) => {
    const answer = await aws.call('tag', EDGE_HOME_REGION, 'GetResources', (client, sdk) => client.send(new sdk.GetResourcesCommand({ ResourceARNList: batch })));
    for (const mapping of answer.ResourceTagMappingList ?? []) {
      if (!mapping.ResourceARN) continue;
      const tags: Record<string, string> = {};
      for (const tag of mapping.Tags ?? []) if (tag.Key?.startsWith(CLOUDFORMATION_TAG_PREFIX) && tag.Value !== undefined) tags[tag.Key] = tag.Value;
      if (Object.keys(tags).length > 0) found.set(mapping.ResourceARN, tags);
    }
  });
  return found;
}

/** Tags read ahead (see collect.ts), or why they could not be read. */
export type TagRead = { tags: Map<string, Record<string, string>>; arns: ReadonlySet<string> } | { error: unknown };

function functionAndDistributionArns(functionArns: readonly (string | undefined)[], distributions: readonly Distribution[]): string[] {
  return [...functionArns, ...distributions.map(distributionArn)].filter((arn): arn is string => arn !== undefined);
}

/**
 * Starts reading the tags of the functions the distributions run and of the distributions, so the
 * read runs beside the metric reads instead of after them. Never rejects.
 */
export async function readTagsAhead(aws: AwsClients, functionArns: readonly string[], distributions: readonly Distribution[]): Promise<TagRead> {
  const arns = functionAndDistributionArns(functionArns, distributions);
  try {
    return { tags: arns.length === 0 ? new Map() : await readCloudFormationTags(aws, arns), arns: new Set(arns) };
  } catch (error) {
    return { error };
  }
}

/**
 * Records the CloudFormation tags on the inventory (`FunctionConfig.tags`, `Distribution.tags`),
 * from tags read ahead where given (only ARNs not read then are read now).
 * Tags only help match templates: when they cannot be read, the snapshot is still whole, and a warning says so.
 */
export async function attachCloudFormationTags(aws: AwsClients, functions: FunctionConfig[], distributions: Distribution[], ahead?: Promise<TagRead>): Promise<string[]> {
  const arns = functionAndDistributionArns(
    functions.map((fn) => fn.functionArn),
    distributions,
  );
  if (arns.length === 0) return [];
  let tags: Map<string, Record<string, string>>;
  try {
    const read = await ahead;
    if (read && 'error' in read) throw read.error;
    const missing = read ? arns.filter((arn) => !read.arns.has(arn)) : arns;
    tags = new Map(read?.tags);
    if (missing.length > 0) for (const [arn, found] of await readCloudFormationTags(aws, missing)) tags.set(arn, found);
  } catch (error) {
    return [
      `tag:GetResources failed (${describeAwsError(error)}): CloudFormation tags are not recorded, so \`edgecost diff\` can match templates to this snapshot only by function name or --map`,
    ];
  }
  for (const fn of functions) {
    const found = fn.functionArn ? tags.get(fn.functionArn) : undefined;
    if (found) fn.tags = found;
  }
  for (const distribution of distributions) {
    const arn = distributionArn(distribution);
    const found = arn ? tags.get(arn) : undefined;
    if (found) distribution.tags = found;
  }
  return [];
}
