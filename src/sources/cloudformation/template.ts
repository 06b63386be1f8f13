/** One CloudFormation template as read: its resources, the intrinsic evaluator, and the notes and defects found so far. */

import { InputError } from '../../errors.js';
import type { SourceLocation } from '../../model/inventory.js';
import type { DeployValues } from '../deploy-parameters.js';
import type { ExtractedDefect, TemplateNote } from '../extraction.js';
import type { ParsedDocument } from '../parse/index.js';
import { isRecord } from '../parse/values.js';
import { DeployConditions } from './deploy-conditions.js';
import { Evaluator, type IntrinsicScope, type ScopeParameter } from './intrinsics.js';
import { samFunctionGlobals } from './sam-globals.js';

/**
 * What the surroundings tell about a template: a CDK manifest knows the stack's account and region;
 * the user may say the parameter values and the region of the deploy (`lint --parameter/--region`).
 */
export interface CloudFormationContext {
  region?: string;
  accountId?: string;
  stackName?: string;
  deploy?: DeployValues;
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
    const metadata = isRecord(root.Metadata) ? root.Metadata : {};
    const hint = isRecord(metadata.edgecost) && typeof metadata.edgecost.region === 'string' ? metadata.edgecost.region : undefined;
    this.region = this.deployRegion(context, hint);
    const scope: IntrinsicScope = {
      parameters: this.readParameters(root.Parameters, context.deploy),
      mappings: isRecord(root.Mappings) ? root.Mappings : {},
      pseudo: { region: this.region, accountId: context.accountId, stackName: context.stackName },
      resourceTypes: new Map(),
      conditions: isRecord(root.Conditions) ? root.Conditions : {},
    };
    // What the deploy facts decide is not deployed is not read at all (nothing when none are given).
    const decisions = new DeployConditions(scope);
    decisions.prune(root);
    for (const [id, value] of Object.entries(resources)) {
      const position = doc.keyPosition(resources, id);
      const where = { line: position?.line, column: position?.column };
      if (!isRecord(value)) throw new InputError(file, `resource ${id} is not a mapping`, where);
      if (typeof value.Type !== 'string' || value.Type === '') throw new InputError(file, `resource ${id} has no Type`, where);
      if (value.Properties !== undefined && value.Properties !== null && !isRecord(value.Properties)) {
        throw new InputError(file, `resource ${id}: Properties is not a mapping`, { line: doc.keyPosition(value, 'Properties')?.line ?? where.line });
      }
      const condition = typeof value.Condition === 'string' ? value.Condition : undefined;
      const created = condition === undefined ? undefined : decisions.holds(condition);
      if (created === false) continue;
      this.resources.set(id, {
        id,
        type: value.Type,
        properties: isRecord(value.Properties) ? value.Properties : {},
        condition: created === true ? undefined : condition,
        metadata: isRecord(value.Metadata) ? value.Metadata : {},
        source: { file, line: position?.line, column: position?.column },
      });
    }
    this.notes.push(...decisions.notes(file, (condition) => doc.keyPosition(scope.conditions, condition)?.line));
    this.globals = samFunctionGlobals(root);
    this.evaluator = new Evaluator({ ...scope, resourceTypes: new Map([...this.resources.values()].map((r) => [r.id, r.type])) });
  }

  /** The stack's region: the template's own (CDK environment, `Metadata.edgecost.region`) wins over the user's `--region`. */
  private deployRegion(context: CloudFormationContext, hint: string | undefined): string | undefined {
    const own = context.region ?? hint;
    const given = context.deploy?.region;
    if (given === undefined) return own;
    if (own === undefined) {
      this.notes.push(this.note('info', `the template names no region: it deploys to ${given.name} (${given.from})`));
      return given.name;
    }
    if (own !== given.name) {
      const whose = context.region !== undefined ? 'its CDK environment' : 'its Metadata.edgecost.region';
      this.notes.push(this.note('warning', `the template deploys to ${own} (${whose}), not ${given.name} (${given.from}): using ${own}`));
    }
    return own;
  }

  /** The template's `Parameters`, with the values the user gave in place of their defaults. */
  private readParameters(declared: unknown, deploy: DeployValues | undefined): Map<string, ScopeParameter> {
    const parameters = new Map<string, ScopeParameter>();
    if (!isRecord(declared)) return parameters;
    for (const [name, parameter] of Object.entries(declared)) {
      const entry: ScopeParameter = { default: isRecord(parameter) ? parameter.Default : undefined };
      const given = deploy?.parameters.get(name);
      if (given) entry.given = given;
      const type = isRecord(parameter) && typeof parameter.Type === 'string' ? parameter.Type : '';
      if (type.startsWith('AWS::SSM::Parameter::Value<')) {
        entry.deployOnly = `parameter ${name} is read from SSM parameter ${JSON.stringify(given?.value ?? entry.default ?? '?')} at deploy`;
      }
      const allowed = isRecord(parameter) && Array.isArray(parameter.AllowedValues) ? parameter.AllowedValues.map(String) : undefined;
      if (given && allowed && !allowed.includes(given.value)) {
        // A NoEcho parameter's value (a secret) is never repeated in the output.
        const shown = isRecord(parameter) && (parameter.NoEcho === true || parameter.NoEcho === 'true') ? '' : ` = "${given.value}"`;
        this.notes.push(
          this.note(
            'warning',
            `parameter ${name}${shown} (${given.from}) is not one of its AllowedValues (${allowed.join(', ')}): CloudFormation would refuse this deploy`,
            undefined,
            this.doc.keyPosition(declared, name)?.line,
          ),
        );
      }
      parameters.set(name, entry);
    }
    return parameters;
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
