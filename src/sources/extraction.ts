/**
 * What each input format (CloudFormation/SAM/CDK template, Terraform plan) yields before the
 * templates of one run are linked together: functions and associations still named by file and
 * logical id / address. `templates.ts` assigns the final keys, follows cross-stack references and
 * measures packages.
 */

import type { CloudFrontFunctionAssociation, FunctionConfig, LambdaAssociation, SourceLocation } from '../model/inventory.js';
import type { InputDefect } from '../quotas/types.js';
import type { ParsedDocument } from './parse/index.js';

export type { InputDefect } from '../quotas/types.js';

export type ArnQualifier = NonNullable<LambdaAssociation['arnQualifier']>;

export interface TemplateNote {
  severity: 'warning' | 'info';
  message: string;
  resource?: string;
  file: string;
  line?: number;
}

/** A function declared in a file: its logical id (templates) or resource address (plans). */
export interface FunctionTarget {
  kind: 'function';
  file: string;
  id: string;
}

/** A value read from an SSM parameter that another stack writes (CDK `EdgeFunction` across regions). */
export interface SsmTarget {
  kind: 'ssm-parameter';
  name: string;
  /** Region the parameter is read from. */
  region?: string;
  /** Logical id of the resource reading it. */
  reader: string;
}

/** A literal ARN: linked to a function of the inputs whose explicit name matches, else outside the inputs. */
export interface LiteralTarget {
  kind: 'literal-arn';
  arn: string;
  /** What the input is called in the "defined outside this …" reason. */
  scope: 'template' | 'plan';
}

/** An ARN imported (`Fn::ImportValue`) from another stack's export: linked to the template of the run that exports the name. */
export interface ExportTarget {
  kind: 'export';
  /** The export name, evaluated in the importing template. */
  name: string;
  /** The template that imports it. */
  importer: string;
  /** Region of the importing stack, when known (exports are regional). */
  region?: string;
  /** A qualifier written after the import (`!Join [":", [!ImportValue X, "3"]]`); absent when the export holds the whole ARN. */
  qualifier?: ArnQualifier;
}

export type AssociationTarget = FunctionTarget | SsmTarget | LiteralTarget | ExportTarget;

/** An `Outputs.*.Export.Name` of a template: what another stack of the run may import. */
export interface ExtractedExport {
  /** The name when every part of it is known. */
  name?: string;
  /**
   * The name with pseudo parameters known only at deploy (`${AWS::StackName}`) as wildcards: the
   * literal parts and the pseudo parameter of each hole, in order.
   */
  pattern?: { parts: string[]; holes: string[] };
  /** The name as written, for messages. */
  written: string;
  file: string;
  output: string;
  line?: number;
  region?: string;
  /** The function of this template the output's Value names (Ref/GetAtt of a function, version or alias). */
  target?: FunctionTarget;
  /** A literal ARN the Value holds instead. */
  literalArn?: string;
  qualifier: ArnQualifier;
  /** Why the Value does not lead to a function. */
  unresolvedReason?: string;
}

export interface ExtractedFunction {
  file: string;
  id: string;
  config: Omit<FunctionConfig, 'key'>;
  /** The function name when the input states it (not derived from the logical id). */
  explicitName?: string;
  /** Local code named by the input: absolute path, the property that named it, and the path as written there. */
  code?: { path: string; property: string; written: string; buildHint?: string };
  /** Inline code (ZipFile / InlineCode): its size is its byte length. */
  inlineCodeBytes?: number;
  /** Parts of the inline code known only at deploy (`${Bucket.Arn}`), counted by their length in the template. */
  inlineCodeUnknownParts?: string[];
  /** The S3 key of the code when the template states it (a CDK asset found through `*.assets.json`). */
  s3Key?: string;
  /** Why the package cannot be measured from the input (S3 object, image). */
  codeUnmeasurable?: string;
  /** Execution role trusts edgelambda.amazonaws.com: a Lambda@Edge function even without a distribution in the inputs. */
  edgeTrusted: boolean;
  /** Something other than CloudFront invokes it (custom resource provider, event source, schedule, API): why. */
  nonEdgeUse?: string;
  /** Notes about this function's properties, reported only when the function is a Lambda@Edge function. */
  notes: TemplateNote[];
  /** Values the deployment would reject (memory, timeout), reported only when it is a Lambda@Edge function. */
  defects: InputDefect[];
}

export interface ExtractedAssociation {
  association: Omit<LambdaAssociation, 'functionKey'>;
  target?: AssociationTarget;
}

export interface ExtractedBehavior {
  pathPattern: string;
  source?: SourceLocation;
  lambdaAssociations: ExtractedAssociation[];
  functionAssociations: CloudFrontFunctionAssociation[];
}

export interface ExtractedDistribution {
  file: string;
  id: string;
  comment?: string;
  enabled?: boolean;
  domainName?: string;
  accountId?: string;
  source?: SourceLocation;
  behaviors: ExtractedBehavior[];
}

/** An SSM parameter holding a function's ARN (CDK writes the EdgeFunction version ARN in one). */
export interface ExtractedSsmParameter {
  name: string;
  region?: string;
  file: string;
  target: FunctionTarget;
  arnQualifier: ArnQualifier;
}

/** An association CloudFront would reject, with the function it names when that can be followed. */
export interface ExtractedDefect {
  defect: InputDefect;
  target?: AssociationTarget;
}

export interface Extraction {
  functions: ExtractedFunction[];
  distributions: ExtractedDistribution[];
  ssmParameters: ExtractedSsmParameter[];
  /** Exported outputs (CloudFormation only: other inputs export nothing). */
  exports?: ExtractedExport[];
  notes: TemplateNote[];
  /** Associations the deployment would reject (the `invalid-association` rule reports them). */
  defects: ExtractedDefect[];
}

/** A malformed Lambda@Edge association found by a loader (CloudFront would reject the deployment). */
export function associationDefect(
  file: string,
  resource: string,
  pathPattern: string,
  source: SourceLocation,
  fields: Pick<InputDefect, 'message' | 'actual'> & Partial<InputDefect>,
): InputDefect {
  return {
    kind: 'association',
    resource,
    file,
    line: source.line,
    ...(source.column === undefined ? {} : { column: source.column }),
    pathPattern,
    restriction: 'associationShape',
    ...fields,
  };
}

/**
 * One `input` defect per key written twice in one YAML mapping. The linted value is the last one;
 * `consequence` says what the deploying tool does with the file (CloudFormation keeps the last
 * value; the Serverless Framework refuses the file).
 */
export function duplicateKeyDefects(file: string, doc: ParsedDocument, consequence: (key: string) => string): ExtractedDefect[] {
  return (doc.duplicateKeys ?? []).map((duplicate) => ({
    defect: {
      kind: 'input',
      resource: duplicate.key,
      file,
      line: duplicate.line,
      ...(duplicate.column === undefined ? {} : { column: duplicate.column }),
      message: `duplicate key "${duplicate.key}": ${consequence(duplicate.key)}; remove one of them`,
      actual: duplicate.key,
      expected: 'each key once per mapping',
    },
  }));
}
