/**
 * The inventory: which Lambda@Edge functions exist, how they are configured, and which CloudFront
 * cache behaviors run them on which event. Every source (live AWS, snapshot, CloudFormation/SAM/CDK
 * template, Terraform plan) produces this same shape, so rules and pricing never care where it came from.
 */

export const EVENT_TYPES = ['viewer-request', 'viewer-response', 'origin-request', 'origin-response'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const VIEWER_EVENTS: readonly EventType[] = ['viewer-request', 'viewer-response'];
export const ORIGIN_EVENTS: readonly EventType[] = ['origin-request', 'origin-response'];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

export function isViewerEvent(eventType: EventType): boolean {
  return eventType === 'viewer-request' || eventType === 'viewer-response';
}

/** Where a thing was declared in an input file (1-based line and column). */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** The properties of a function a rule reads, for `FunctionConfig.propertySources`. */
export type FunctionProperty =
  | 'memoryMB'
  | 'timeoutSec'
  | 'runtime'
  | 'architectures'
  | 'packageType'
  | 'environmentVariableNames'
  | 'layerArns'
  | 'vpcConfigured'
  | 'tracingMode'
  | 'deadLetterTargetArn'
  | 'ephemeralStorageMB'
  | 'provisionedConcurrency';

/**
 * One deployable function version (or, for templates, one function resource).
 * Fields are optional because templates and partial reads may not know them: a missing field means
 * "unknown", never "default" — rules must report unknowns rather than pass them.
 */
export interface FunctionConfig {
  /** Unique within an inventory: the versioned ARN for live accounts, the resource id for templates. */
  key: string;
  /** Function name without the `us-east-1.` replica prefix. */
  functionName: string;
  /** Unqualified ARN (`arn:aws:lambda:us-east-1:ACCT:function:NAME`) when known. */
  functionArn?: string;
  /** Numbered version, `$LATEST`, or an alias name when that is what the association names. */
  version?: string;
  accountId?: string;
  /** Region the function is defined in (must be us-east-1 for Lambda@Edge). */
  region?: string;
  memoryMB?: number;
  timeoutSec?: number;
  /** Compressed deployment package size (Lambda `CodeSize`). */
  codeSizeBytes?: number;
  unzippedSizeBytes?: number;
  runtime?: string;
  architectures?: string[];
  packageType?: 'Zip' | 'Image';
  /** Names only: values may be secrets and are never read or stored. */
  environmentVariableNames?: string[];
  layerArns?: string[];
  vpcConfigured?: boolean;
  tracingMode?: string;
  deadLetterTargetArn?: string;
  ephemeralStorageMB?: number;
  provisionedConcurrency?: number;
  /** Values that hold only under a template condition (the branch of `Fn::If` that gives them). */
  valueConditions?: { provisionedConcurrency?: string; memoryMB?: string; timeoutSec?: string };
  reservedConcurrency?: number;
  /** CloudFormation logical id, Terraform address, or function ARN for a live account. */
  resource?: string;
  source?: SourceLocation;
  /**
   * Where a property was written, when the input says (Terraform plan JSON): a finding about the
   * timeout points at the timeout. Without an entry, findings point at `source`.
   */
  propertySources?: Partial<Record<FunctionProperty, SourceLocation>>;
  /** Where the package can be measured (zip file or folder), when an input names it. */
  artifactPath?: string;
  /**
   * The measured size is only a lower bound: the code folder is not built (its dependencies are
   * not installed in it), so what deploys is larger. `reason` says why; `hint` how to measure the build.
   */
  packageLowerBound?: { reason: string; hint: string };
  /** Live accounts: the `aws:cloudformation:*` tags of the function (collect records them; `diff` matches templates by them). */
  tags?: Record<string, string>;
}

/** A Lambda@Edge association on one cache behavior. */
export interface LambdaAssociation {
  eventType: EventType;
  /** The ARN as written in the distribution (versioned ARN for live accounts). */
  functionArn?: string;
  /** `FunctionConfig.key` of the function this association runs; absent when it cannot be resolved. */
  functionKey?: string;
  /** Why `functionKey` is absent (e.g. "Fn::GetAtt CheckAuthHandlerCodeUpdate.FunctionArn is a custom resource output"). */
  unresolvedReason?: string;
  /**
   * Templates and plans only (the ARN is not known before deploy): what the ARN expression names —
   * `version` a published numbered version, `alias`, `latest` ($LATEST), `unqualified` the bare
   * function ARN, `unknown` the input does not tell (e.g. a custom resource output). Absent for live
   * inventories: read the qualifier of `functionArn`.
   */
  arnQualifier?: 'version' | 'alias' | 'latest' | 'unqualified' | 'unknown';
  includeBody: boolean;
  source?: SourceLocation;
}

/** A CloudFront Functions association (viewer events only). */
export interface CloudFrontFunctionAssociation {
  eventType: EventType;
  functionArn: string;
  source?: SourceLocation;
}

export interface CacheBehavior {
  /** `*` for the default cache behavior. */
  pathPattern: string;
  lambdaAssociations: LambdaAssociation[];
  functionAssociations: CloudFrontFunctionAssociation[];
  source?: SourceLocation;
}

export interface Distribution {
  id: string;
  accountId?: string;
  domainName?: string;
  comment?: string;
  enabled?: boolean;
  behaviors: CacheBehavior[];
  /** CloudFormation logical id or Terraform address for templates. */
  resource?: string;
  source?: SourceLocation;
  /** Live accounts: the `aws:cloudformation:*` tags of the distribution (see FunctionConfig.tags). */
  tags?: Record<string, string>;
}

export interface Inventory {
  distributions: Distribution[];
  functions: FunctionConfig[];
}

/** An association flattened with its distribution and behavior, as reports and rules need it. */
export interface EventBinding {
  distributionId: string;
  pathPattern: string;
  eventType: EventType;
  includeBody: boolean;
  functionKey?: string;
  functionArn?: string;
  unresolvedReason?: string;
  arnQualifier?: LambdaAssociation['arnQualifier'];
  source?: SourceLocation;
}

export function listEventBindings(inventory: Inventory): EventBinding[] {
  const bindings: EventBinding[] = [];
  for (const distribution of inventory.distributions) {
    for (const behavior of distribution.behaviors) {
      for (const association of behavior.lambdaAssociations) {
        bindings.push({
          distributionId: distribution.id,
          pathPattern: behavior.pathPattern,
          eventType: association.eventType,
          includeBody: association.includeBody,
          functionKey: association.functionKey,
          functionArn: association.functionArn,
          unresolvedReason: association.unresolvedReason,
          arnQualifier: association.arnQualifier,
          source: association.source,
        });
      }
    }
  }
  return bindings;
}

const LAMBDA_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/;

export interface ParsedLambdaArn {
  partition: string;
  region: string;
  accountId: string;
  functionName: string;
  /** Version number, `$LATEST` or alias; absent for an unqualified ARN. */
  qualifier?: string;
  unqualifiedArn: string;
}

export function parseLambdaArn(arn: string): ParsedLambdaArn | undefined {
  const match = LAMBDA_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, functionName, qualifier] = match;
  return {
    partition: partition!,
    region: region!,
    accountId: accountId!,
    functionName: functionName!,
    qualifier,
    unqualifiedArn: `arn:${partition}:lambda:${region}:${accountId}:function:${functionName}`,
  };
}

/** Replica metrics and log groups carry the home region as a name prefix in every region. */
export const REPLICA_PREFIX = 'us-east-1.';

export function replicaName(functionName: string): string {
  return `${REPLICA_PREFIX}${functionName}`;
}
