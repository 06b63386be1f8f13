/** One CloudFormation template as read: its resources, the intrinsic evaluator, and the notes and defects found so far. */

import { InputError } from '../../errors.js';
import type { SourceLocation } from '../../model/inventory.js';
import type { ExtractedDefect, TemplateNote } from '../extraction.js';
import type { ParsedDocument } from '../parse/index.js';
import { isRecord } from '../parse/values.js';
import { Evaluator } from './intrinsics.js';
import { samFunctionGlobals } from './sam-globals.js';

/** What the surroundings tell about a template: a CDK manifest knows the stack's account and region. */
export interface CloudFormationContext {
  region?: string;
  accountId?: string;
  stackName?: string;
}

export const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);

export interface Resource {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  condition?: string;
  metadata: Record<string, unknown>;
  source: SourceLocation;
}

export class Template {
  readonly resources = new Map<string, Resource>();
  readonly evaluator: Evaluator;
  readonly notes: TemplateNote[] = [];
  readonly defects: ExtractedDefect[] = [];
  /** SAM `Globals.Function`. */
  readonly globals: Record<string, unknown> | undefined;
  readonly region?: string;

  constructor(
    readonly file: string,
    readonly doc: ParsedDocument,
    readonly context: CloudFormationContext,
  ) {
    const root = doc.root;
    if (!isRecord(root)) throw new InputError(file, 'not a CloudFormation template: the document is not a mapping', { line: 1 });
    const resources = root.Resources;
    if (!isRecord(resources)) {
      const what = resources === undefined ? 'it has no "Resources" section' : '"Resources" is not a mapping of logical ids to resources';
      throw new InputError(file, `not a CloudFormation template: ${what}`, {
        line: doc.keyPosition(root, 'Resources')?.line ?? 1,
      });
    }
    for (const [id, value] of Object.entries(resources)) {
      const position = doc.keyPosition(resources, id);
      const where = { line: position?.line, column: position?.column };
      if (!isRecord(value)) throw new InputError(file, `resource ${id} is not a mapping`, where);
      if (typeof value.Type !== 'string' || value.Type === '') throw new InputError(file, `resource ${id} has no Type`, where);
      if (value.Properties !== undefined && value.Properties !== null && !isRecord(value.Properties)) {
        throw new InputError(file, `resource ${id}: Properties is not a mapping`, { line: doc.keyPosition(value, 'Properties')?.line ?? where.line });
      }
      this.resources.set(id, {
        id,
        type: value.Type,
        properties: isRecord(value.Properties) ? value.Properties : {},
        condition: typeof value.Condition === 'string' ? value.Condition : undefined,
        metadata: isRecord(value.Metadata) ? value.Metadata : {},
        source: { file, line: position?.line, column: position?.column },
      });
    }
    const parameters = new Map<string, { default?: unknown }>();
    if (isRecord(root.Parameters)) {
      for (const [name, parameter] of Object.entries(root.Parameters)) {
        parameters.set(name, { default: isRecord(parameter) ? parameter.Default : undefined });
      }
    }
    this.globals = samFunctionGlobals(root);
    const metadata = isRecord(root.Metadata) ? root.Metadata : {};
    const hint = isRecord(metadata.edgecost) && typeof metadata.edgecost.region === 'string' ? metadata.edgecost.region : undefined;
    this.region = context.region ?? hint;
    this.evaluator = new Evaluator({
      parameters,
      mappings: isRecord(root.Mappings) ? root.Mappings : {},
      pseudo: { region: this.region, accountId: context.accountId, stackName: context.stackName },
      resourceTypes: new Map([...this.resources.values()].map((r) => [r.id, r.type])),
      conditions: isRecord(root.Conditions) ? root.Conditions : {},
    });
  }

  note(severity: TemplateNote['severity'], message: string, resource?: string, line?: number): TemplateNote {
    return { severity, message, resource, file: this.file, line };
  }

  lineOf(value: unknown): number | undefined {
    return this.doc.positionOf(value)?.line;
  }

  locate(value: unknown, fallback: SourceLocation): SourceLocation {
    const position = this.doc.positionOf(value);
    return position ? { file: this.file, line: position.line, column: position.column } : fallback;
  }

  numberOf(expr: unknown): number | undefined {
    const result = this.evaluator.single(expr);
    if (!('value' in result)) return undefined;
    const n = Number(result.value);
    return Number.isFinite(n) && result.value !== null && result.value !== '' ? n : undefined;
  }

  evaluatedOrSelf(expr: unknown): unknown {
    const result = this.evaluator.single(expr);
    return 'value' in result && typeof result.value === 'string' ? result.value : expr;
  }

  /** The function resource of this template whose literal `FunctionName` is `name`. */
  functionNamed(name: unknown): Resource | undefined {
    for (const resource of this.resources.values()) {
      if (FUNCTION_TYPES.has(resource.type) && resource.properties.FunctionName === name) return resource;
    }
    return undefined;
  }
}
