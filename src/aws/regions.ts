export { REGIONAL_EDGE_CACHE_REGIONS } from '../model/regions.js';

/**
 * Commercial-partition regions probed by `--regions all` (Lambda `ListFunctions` with
 * `MasterRegion=us-east-1` in each). Regions not enabled for the account answer
 * UnrecognizedClientException and are reported as skipped.
 * Source: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 * (retrieved 2026-11; no SDK in this project lists regions: EC2 DescribeRegions / Account
 * ListRegions would need clients the tool does not ship).
 */
export const COMMERCIAL_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
];

/** Lambda@Edge functions live in us-east-1; CloudFront metrics are published there too. */
export const EDGE_HOME_REGION = 'us-east-1';

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function isRegionName(value: string): boolean {
  return REGION_NAME.test(value);
}
