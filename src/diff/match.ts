import { UsageError } from '../errors.js';
import type { Distribution, FunctionConfig, Inventory } from '../model/inventory.js';
import type { DiffMatch } from './types.js';

/**
 * Which deployed function (or distribution) a template resource is. In order:
 *   1. `--map RESOURCE=NAME` (the escape hatch);
 *   2. the name the template gives the function (`FunctionName`, `function_name`), or the
 *      distribution's id when the template names one that exists;
 *   3. the tags CloudFormation puts on what it deploys (`aws:cloudformation:logical-id`, with
 *      `aws:cloudformation:stack-name` when `--stack` names the stack), which `collect` records.
 * A resource that matches nothing is new: its cost is computed from its associations, or unknown.
 */

export const CFN_LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';
export const CFN_STACK_NAME_TAG = 'aws:cloudformation:stack-name';

export interface MatchOptions {
  /** `--map RESOURCE=NAME`: template resource → deployed function name or distribution id. */
  map: ReadonlyMap<string, string>;
  /** `--stack NAME`: the stack the templates are deployed as (tells apart equal logical ids of several stacks). */
  stackName?: string;
}

export interface FunctionMatch {
  functionName: string | null;
  match: DiffMatch;
}

export interface DistributionMatch {
  distributionId: string | null;
  match: DiffMatch;
}

/** `--map A=B` flags into a map; a malformed flag is a usage error. */
export function parseMapFlags(values: readonly string[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    const resource = value.slice(0, at).trim();
    const target = value.slice(at + 1).trim();
    if (at <= 0 || resource === '' || target === '') throw new UsageError(`--map expects RESOURCE=FUNCTION-NAME (or RESOURCE=DISTRIBUTION-ID), got "${value}"`);
    if (map.has(resource) && map.get(resource) !== target) throw new UsageError(`--map names ${resource} twice (${map.get(resource)} and ${target})`);
    map.set(resource, target);
  }
  return map;
}

function resourceOf(item: { resource?: string; key?: string; id?: string }): string {
  return item.resource ?? item.key ?? item.id ?? '';
}

export class UsageMatcher {
  private readonly functionNames = new Set<string>();
  private readonly functionsByLogicalId = new Map<string, { functionName: string; stack?: string }[]>();
  private readonly distributionIds = new Set<string>();
  private readonly distributionsByLogicalId = new Map<string, { id: string; stack?: string }[]>();

  constructor(
    measured: Inventory,
    private readonly options: MatchOptions,
  ) {
    for (const fn of measured.functions) {
      this.functionNames.add(fn.functionName);
      const logicalId = fn.tags?.[CFN_LOGICAL_ID_TAG];
      if (logicalId === undefined) continue;
      const list = this.functionsByLogicalId.get(logicalId) ?? [];
      if (!list.some((f) => f.functionName === fn.functionName)) list.push({ functionName: fn.functionName, stack: fn.tags?.[CFN_STACK_NAME_TAG] });
      this.functionsByLogicalId.set(logicalId, list);
    }
    for (const distribution of measured.distributions) {
      this.distributionIds.add(distribution.id);
      const logicalId = distribution.tags?.[CFN_LOGICAL_ID_TAG];
      if (logicalId === undefined) continue;
      this.distributionsByLogicalId.set(logicalId, [
        ...(this.distributionsByLogicalId.get(logicalId) ?? []),
        { id: distribution.id, stack: distribution.tags?.[CFN_STACK_NAME_TAG] },
      ]);
    }
  }

  /** Whether any measured resource carries CloudFormation tags (old snapshots have none). */
  get hasTags(): boolean {
    return this.functionsByLogicalId.size > 0 || this.distributionsByLogicalId.size > 0;
  }

  matchFunction(fn: FunctionConfig): FunctionMatch {
    const resource = resourceOf(fn);
    const mapped = this.options.map.get(resource);
    if (mapped !== undefined) {
      if (!this.functionNames.has(mapped)) return { functionName: null, match: { by: 'none', detail: `--map ${resource}=${mapped}: no measured function is named ${mapped}` } };
      return { functionName: mapped, match: { by: 'map', detail: `--map ${resource}=${mapped}` } };
    }
    // Templates without FunctionName get the logical id as their name: only a stated name is a name.
    const stated = fn.functionName !== resource && fn.functionName !== '';
    if (stated && this.functionNames.has(fn.functionName)) {
      return { functionName: fn.functionName, match: { by: 'function-name', detail: `function name ${fn.functionName}` } };
    }
    const tagged = this.byTags(this.functionsByLogicalId.get(resource) ?? []);
    if (tagged.found) {
      const { functionName, stack } = tagged.found;
      return { functionName, match: { by: 'cloudformation-tags', detail: `tags ${CFN_LOGICAL_ID_TAG}=${resource}${stack ? `, ${CFN_STACK_NAME_TAG}=${stack}` : ''}` } };
    }
    const why = tagged.ambiguous
      ? `logical id ${resource} is tagged on ${tagged.ambiguous.length} deployed functions (${tagged.ambiguous.map((f) => `${f.functionName} in stack ${f.stack ?? '?'}`).join(', ')}): name the stack with --stack, or use --map`
      : stated
        ? `no measured function is named ${fn.functionName} or tagged with logical id ${resource}`
        : `no FunctionName, and no measured function is tagged with logical id ${resource}${this.hasTags ? '' : ' (the usage data has no CloudFormation tags: collect it again with this edgecost, or use --map)'}`;
    return { functionName: null, match: { by: 'none', detail: why } };
  }

  matchDistribution(distribution: Distribution): DistributionMatch {
    const resource = resourceOf(distribution);
    const mapped = this.options.map.get(resource);
    if (mapped !== undefined) {
      if (!this.distributionIds.has(mapped))
        return { distributionId: null, match: { by: 'none', detail: `--map ${resource}=${mapped}: no measured distribution has the id ${mapped}` } };
      return { distributionId: mapped, match: { by: 'map', detail: `--map ${resource}=${mapped}` } };
    }
    if (this.distributionIds.has(distribution.id)) return { distributionId: distribution.id, match: { by: 'distribution-id', detail: `distribution id ${distribution.id}` } };
    const tagged = this.byTags(this.distributionsByLogicalId.get(resource) ?? []);
    if (tagged.found) {
      return {
        distributionId: tagged.found.id,
        match: { by: 'cloudformation-tags', detail: `tags ${CFN_LOGICAL_ID_TAG}=${resource}${tagged.found.stack ? `, ${CFN_STACK_NAME_TAG}=${tagged.found.stack}` : ''}` },
      };
    }
    return {
      distributionId: null,
      match: {
        by: 'none',
        detail: tagged.ambiguous
          ? `logical id ${resource} is tagged on ${tagged.ambiguous.length} deployed distributions: name the stack with --stack, or use --map ${resource}=ID`
          : `no measured distribution has the id ${distribution.id} or the logical id ${resource}: a new distribution`,
      },
    };
  }

  private byTags<T extends { stack?: string }>(candidates: T[]): { found?: T; ambiguous?: T[] } {
    const inStack = this.options.stackName === undefined ? candidates : candidates.filter((c) => c.stack === this.options.stackName);
    if (inStack.length === 1) return { found: inStack[0] };
    return inStack.length > 1 ? { ambiguous: inStack } : {};
  }
}
