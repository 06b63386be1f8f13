/**
 * Regions where Lambda@Edge replicas are read.
 *
 * Replicas run in the regions of CloudFront's regional edge caches; the console's Lambda@Edge
 * monitoring page reads these 13 (as copied by third parties; shared/reference/lambda-edge.md §4).
 */
export const REGIONAL_EDGE_CACHE_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'sa-east-1',
];
