/**
 * A large Terraform root module for timing `edgecost lint FOLDER` (`npm run bench:lint`), the
 * counterpart of the CloudFormation template of lint-input.ts: one shared execution role, then
 * groups of four resources written the way Terraform users write them — a function (code in S3,
 * every third one over the viewer memory limit, some with environment variables, created through
 * the us_east_1 provider alias), an S3 bucket, an origin access control, and a distribution running
 * the function's `qualified_arn` on viewer-request and `"${arn}:${version}"` on an ordered
 * behavior. Spread over files of 25 groups, as a real folder would be. Deterministic.
 */

export interface TerraformFolderShape {
  functions: number;
  distributions: number;
  associations: number;
}

const GROUPS_PER_FILE = 25;

const groupsOf = (resources: number): number => Math.max(0, Math.floor((resources - 1) / 4));

export function terraformFolderShape(resources: number): TerraformFolderShape {
  const groups = groupsOf(resources);
  return { functions: groups, distributions: groups, associations: groups * 2 };
}

/** File name → content; exactly `resources` resource blocks. */
export function generateTerraformFolder(resources: number): Record<string, string> {
  const groups = groupsOf(resources);
  const files: Record<string, string> = {
    'main.tf': `# generated benchmark module with ${resources} resources
provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

variable "region" {
  default = "eu-west-1"
}

variable "stage" {
  default = "prod"
}

resource "aws_iam_role" "edge" {
  provider = aws.us_east_1
  name     = "\${var.stage}-edge"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] }
      Action    = "sts:AssumeRole"
    }]
  })
}
`,
  };
  for (let start = 0; start < groups; start += GROUPS_PER_FILE) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(groups, start + GROUPS_PER_FILE); i++) parts.push(group(i));
    files[`site-${String(start / GROUPS_PER_FILE).padStart(3, '0')}.tf`] = parts.join('');
  }
  const filler: string[] = [];
  for (let i = groups * 4 + 1; i < resources; i++) filler.push(`resource "aws_sqs_queue" "queue_${i}" {\n  name = "\${var.stage}-queue-${i}"\n}\n`);
  if (filler.length > 0) files['queues.tf'] = filler.join('\n');
  return files;
}

function group(i: number): string {
  const environment = i % 4 === 0 ? `\n  environment {\n    variables = {\n      STAGE = var.stage\n      GROUP = "${i}"\n    }\n  }\n` : '';
  return `
resource "aws_lambda_function" "edge_${i}" {
  provider      = aws.us_east_1
  function_name = "\${var.stage}-edge-${i}"
  role          = aws_iam_role.edge.arn
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  s3_bucket     = "edge-artifacts"
  s3_key        = "edge/${i}.zip"
  memory_size   = ${i % 3 === 0 ? 256 : 128}
  timeout       = ${i % 5 === 0 ? 10 : 5}
  publish       = true
${environment}}

resource "aws_s3_bucket" "site_${i}" {
  bucket = "\${var.stage}-site-${i}"
}

resource "aws_cloudfront_origin_access_control" "site_${i}" {
  name                              = "site-${i}"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "site_${i}" {
  enabled = true
  comment = "\${var.stage} site ${i}"

  origin {
    origin_id                = "bucket"
    domain_name              = aws_s3_bucket.site_${i}.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.site_${i}.id
  }

  default_cache_behavior {
    target_origin_id       = "bucket"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"

    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.edge_${i}.qualified_arn
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api/${i}/*"
    target_origin_id       = "bucket"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"

    lambda_function_association {
      event_type   = "origin-request"
      lambda_arn   = "\${aws_lambda_function.edge_${i}.arn}:\${aws_lambda_function.edge_${i}.version}"
      include_body = true
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`;
}
