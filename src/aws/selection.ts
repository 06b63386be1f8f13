import { type Distribution, type FunctionConfig, parseLambdaArn } from '../model/inventory.js';
import { Selection } from '../model/selection.js';
import type { UsageSeries } from '../model/snapshot.js';
import { configKey } from './function-config.js';
import type { WantedFunction } from './lambda.js';
import { sumSeries } from './metrics.js';

/**
 * Pure selection of what a collection reads: the distributions kept, the functions they run, the
 * configuration each association points at, and versions that ran without being associated.
 */

/** A function the distributions run, with the versions they name. */
export interface SelectedFunction {
  functionName: string;
  unqualifiedArn: string;
  accountId: string;
  region: string;
  qualifiers: Set<string>;
}

export interface SelectionFilter {
  distributionIds?: readonly string[];
  functionNames?: readonly string[];
}

/**
 * Distributions kept in the snapshot: those named by --distribution, else those that run edge code
 * (Lambda@Edge or CloudFront Functions); with --function, only associations of those functions.
 */
export function selectDistributions(all: Distribution[], filter: SelectionFilter, warnings: string[]): Distribution[] {
  const selection = new Selection(filter);
  let selected = all;
  if (selection.distributionIds) {
    selected = all.filter((d) => selection.includesDistribution(d));
    for (const id of selection.unmatchedDistributions(all)) warnings.push(`distribution ${id} was not found in the account`);
  } else {
    selected = all.filter((d) => d.behaviors.some((b) => b.lambdaAssociations.length > 0 || b.functionAssociations.length > 0));
  }
  if (selection.functionNames) {
    let dropped = 0;
    selected = selected.flatMap((distribution) => {
      const behaviors = distribution.behaviors.map((behavior) => {
        const kept = behavior.lambdaAssociations.filter((a) => selection.includesFunction({ functionArn: a.functionArn }));
        dropped += behavior.lambdaAssociations.length - kept.length;
        return { ...behavior, lambdaAssociations: kept };
      });
      return behaviors.some((b) => b.lambdaAssociations.length > 0) ? [{ ...distribution, behaviors }] : [];
    });
    if (dropped > 0) warnings.push(`--function: ${dropped} association(s) of other functions left out of the snapshot`);
    const associated = selected.flatMap((d) => d.behaviors.flatMap((b) => b.lambdaAssociations.map((a) => ({ functionArn: a.functionArn }))));
    for (const name of selection.unmatchedFunctions(associated)) {
      warnings.push(`function ${name} is not associated with any selected distribution`);
    }
  }
  return selected;
}

/** The functions the distributions run, by name; associations without a Lambda ARN are marked unresolved. */
export function selectFunctions(distributions: Distribution[], warnings: string[]): SelectedFunction[] {
  const functions = new Map<string, SelectedFunction>();
  for (const distribution of distributions) {
    for (const behavior of distribution.behaviors) {
      for (const association of behavior.lambdaAssociations) {
        const parsed = association.functionArn ? parseLambdaArn(association.functionArn) : undefined;
        if (!parsed) {
          association.unresolvedReason = `not a Lambda function ARN: ${association.functionArn ?? '(none)'}`;
          warnings.push(`distribution ${distribution.id} (${behavior.pathPattern}, ${association.eventType}): ${association.unresolvedReason}`);
          continue;
        }
        let fn = functions.get(parsed.unqualifiedArn);
        if (!fn) {
          fn = { functionName: parsed.functionName, unqualifiedArn: parsed.unqualifiedArn, accountId: parsed.accountId, region: parsed.region, qualifiers: new Set() };
          functions.set(parsed.unqualifiedArn, fn);
        }
        fn.qualifiers.add(parsed.qualifier ?? '$LATEST');
      }
    }
  }
  return [...functions.values()].sort((a, b) => a.functionName.localeCompare(b.functionName, 'en'));
}

export function wantedFunctions(functions: readonly SelectedFunction[]): WantedFunction[] {
  return functions.map((fn) => ({ unqualifiedArn: fn.unqualifiedArn, functionName: fn.functionName, region: fn.region, qualifiers: fn.qualifiers }));
}

/** Points each association at the configuration it runs, or says why it could not be read. */
export function linkAssociations(distributions: readonly Distribution[], configs: ReadonlyMap<string, FunctionConfig>, unresolved: ReadonlyMap<string, string>): void {
  for (const distribution of distributions) {
    for (const behavior of distribution.behaviors) {
      for (const association of behavior.lambdaAssociations) {
        const parsed = association.functionArn ? parseLambdaArn(association.functionArn) : undefined;
        if (!parsed) continue;
        const key = configKey(parsed.unqualifiedArn, parsed.qualifier ?? '$LATEST');
        if (configs.has(key)) association.functionKey = key;
        else association.unresolvedReason = unresolved.get(key) ?? 'the function configuration was not read';
      }
    }
  }
}

/** Versions with usage whose configuration is not in the inventory yet. */
export function unconfiguredVersions(usage: readonly UsageSeries[], functions: readonly SelectedFunction[], configs: ReadonlyMap<string, FunctionConfig>): WantedFunction[] {
  const wanted = new Map<string, { fn: SelectedFunction; qualifiers: Set<string> }>();
  const byName = new Map<string, SelectedFunction>();
  for (const fn of functions) if (!byName.has(fn.functionName)) byName.set(fn.functionName, fn);
  for (const series of usage) {
    if (series.version === undefined || sumSeries(series.invocations) === 0) continue;
    const fn = byName.get(series.functionName);
    if (!fn || configs.has(configKey(fn.unqualifiedArn, series.version))) continue;
    const entry = wanted.get(fn.unqualifiedArn) ?? { fn, qualifiers: new Set<string>() };
    entry.qualifiers.add(series.version);
    wanted.set(fn.unqualifiedArn, entry);
  }
  return [...wanted.values()].map(({ fn, qualifiers }) => ({ unqualifiedArn: fn.unqualifiedArn, functionName: fn.functionName, region: fn.region, qualifiers }));
}
