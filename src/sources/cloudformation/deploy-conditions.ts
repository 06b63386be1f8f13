/**
 * Conditions the deploy facts decide. Without them a linter must consider both branches of every
 * `Fn::If` (a default may be overridden at deploy); with the user's parameter values (and a known
 * region) a condition that reads only those is true or false, so the branch CloudFormation will not
 * take, and a resource whose `Condition` is false, are not deployed and not linted.
 */

import type { TemplateNote } from '../extraction.js';
import { isRecord } from '../parse/values.js';
import { Evaluator, type IntrinsicScope, ifBranches } from './intrinsics.js';

/** Sections that hold no `Fn::If` to choose (or are read by the evaluator itself). */
const NOT_PRUNED = new Set(['Parameters', 'Conditions', 'Mappings', 'Rules', 'AWSTemplateFormatVersion', 'Transform', 'Description']);
const MAX_NESTED_IF = 32;

export class DeployConditions {
  private readonly decided = new Map<string, boolean | undefined>();
  private readonly evaluator: Evaluator;

  /**
   * `scope` with only the facts of the deploy: parameters the user gave (the others have no value
   * here, so a condition on them stays undecided — a default never decides) and the known region.
   */
  constructor(scope: IntrinsicScope) {
    const facts = new Map([...scope.parameters].map(([name, parameter]) => [name, parameter.given && parameter.deployOnly === undefined ? { given: parameter.given } : {}]));
    this.evaluator = new Evaluator({ ...scope, parameters: facts });
  }

  /** true/false when the deploy facts decide the named condition; undefined otherwise. */
  holds(condition: string): boolean | undefined {
    if (this.decided.has(condition)) return this.decided.get(condition);
    this.decided.set(condition, undefined);
    const expr = this.evaluator.scope.conditions?.[condition];
    const holds = expr === undefined ? undefined : this.evaluator.fresh().conditionHolds(expr, 0);
    this.decided.set(condition, holds);
    return holds;
  }

  /**
   * Replaces, in place, each `Fn::If` whose condition is decided by its taken branch, in every
   * section of the template that resources are read from. Mutating keeps each kept node the same
   * object, so the document's positions (kept by identity) still name its line.
   */
  prune(root: Record<string, unknown>): void {
    // A template without Conditions has no Fn::If that anything decides.
    if (Object.keys(this.evaluator.scope.conditions ?? {}).length === 0) return;
    const visited = new Set<object>();
    const choose = (value: unknown): unknown => {
      let current = value;
      for (let i = 0; i < MAX_NESTED_IF; i++) {
        const split = ifBranches(current);
        if (!split || typeof split.condition !== 'string') break;
        const holds = this.holds(split.condition);
        if (holds === undefined) break;
        current = split.branches[holds ? 0 : 1];
      }
      walk(current);
      return current;
    };
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null || visited.has(node)) return;
      visited.add(node);
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const chosen = choose(node[i]);
          if (chosen !== node[i]) node[i] = chosen;
        }
      } else if (isRecord(node)) {
        for (const key of Object.keys(node)) {
          const chosen = choose(node[key]);
          if (chosen !== node[key]) node[key] = chosen;
        }
      }
    };
    for (const key of Object.keys(root)) if (!NOT_PRUNED.has(key)) root[key] = choose(root[key]);
  }

  /** One note per condition the deploy facts decided (each chose a branch or dropped a resource), saying which branches are linted. */
  notes(file: string, line: (condition: string) => number | undefined): TemplateNote[] {
    const decided = [...this.decided].filter((entry): entry is [string, boolean] => entry[1] !== undefined);
    return decided.map(([condition, holds]) => ({
      severity: 'info' as const,
      message: `condition ${condition} is ${holds} with the deploy values given: only what it deploys is linted (its ${holds ? 'false' : 'true'} branches and the resources it does not create are left out)`,
      file,
      line: line(condition),
    }));
  }
}
