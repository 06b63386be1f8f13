import { type Distribution, type EventBinding, type EventType, type FunctionConfig, type Inventory, isViewerEvent, listEventBindings } from '../model/inventory.js';
import type { Snapshot } from '../model/snapshot.js';
import { billedDurationPerInvocationMs, priceLambdaEdge } from '../pricing/engine.js';
import { Decimal, ZERO } from '../pricing/money.js';
import type { Pricing } from '../pricing/sheet.js';
import { formatCount, lowest, usageAssumptions } from '../recommend/common.js';
import { resolveHitRate } from '../recommend/hit-rate.js';
import type { Confidence, HitRate } from '../recommend/types.js';
import { type AssociationUsage, buildUsageModel, monthly, priceScaled, type UsageModel, type VersionUsage } from '../recommend/usage.js';
import type { LoadedTemplates } from '../sources/templates.js';
import { describeChanges } from './changes.js';
import { type MatchOptions, UsageMatcher } from './match.js';
import { relevantSnapshot } from './relevant.js';
import { DIFF_KIND, type DiffDocument, type DiffFunction, type DiffLintError, type DiffMatch } from './types.js';

/**
 * `edgecost diff`: the monthly cost of a template change, priced from measured usage with the
 * report's engine (src/pricing/engine.ts through recommend's usage model) and recommend's hit-rate
 * rules (src/recommend/hit-rate.ts), so diff and recommend agree to the cent on the same move.
 * Pure: templates, snapshot, prices and the clock are arguments.
 */

export interface DiffOptions extends MatchOptions {
  pricing: Pricing;
  now: Date;
  /** `--hit-rate` (0–1): where neither CloudFront nor origin-event functions give one. */
  hitRate?: number;
  /** `--duration-ms`: billed duration of one invocation of a function that does not run yet. */
  durationMs?: number;
  /** `--requests`: viewer requests a month of a distribution with no measured traffic. */
  requestsPerMonth?: number;
  /** Errors `lint` finds in the head templates (listed in the document). */
  lintErrors?: DiffLintError[];
  baseRef?: string;
}

/** A part of a function's projected cost: known (possibly a lower bound) or unknown. */
interface Priced {
  monthlyUsd: Decimal | null;
  lowerBound?: boolean;
  confidence: Confidence;
  assumptions: string[];
}

export interface Side {
  loaded: LoadedTemplates;
  /** Template distribution id → the deployed distribution it is (null: new). */
  deployed: Map<string, { distribution: Distribution; id: string | null; match: DiffMatch }>;
  bindingsByFunction: Map<string, EventBinding[]>;
}

const where = (pathPattern: string) => (pathPattern === '*' ? 'the default behavior (*)' : pathPattern);

export function buildDiff(base: LoadedTemplates, head: LoadedTemplates, snapshot: Snapshot, options: DiffOptions): DiffDocument {
  const matcher = new UsageMatcher(snapshot.inventory, options);
  const names = new Set<string>();
  const distributionIds = new Set<string>();
  for (const loaded of [base, head]) {
    for (const fn of loaded.inventory.functions) {
      const name = matcher.matchFunction(fn).functionName;
      if (name !== null) names.add(name);
    }
    for (const distribution of loaded.inventory.distributions) {
      const id = matcher.matchDistribution(distribution).distributionId;
      if (id !== null) distributionIds.add(id);
    }
  }
  const model = buildUsageModel(relevantSnapshot(snapshot, names, distributionIds), options.pricing, { now: options.now });
  const warnings: string[] = [];
  const side = (loaded: LoadedTemplates): Side => {
    const deployed = new Map<string, { distribution: Distribution; id: string | null; match: DiffMatch }>();
    for (const distribution of loaded.inventory.distributions) {
      const { distributionId, match } = matcher.matchDistribution(distribution);
      deployed.set(distribution.id, { distribution, id: distributionId, match });
    }
    const bindingsByFunction = new Map<string, EventBinding[]>();
    for (const binding of listEventBindings(loaded.inventory)) {
      if (binding.functionKey === undefined) continue;
      bindingsByFunction.set(binding.functionKey, [...(bindingsByFunction.get(binding.functionKey) ?? []), binding]);
    }
    return { loaded, deployed, bindingsByFunction };
  };
  const baseSide = side(base);
  const headSide = side(head);
  for (const [, d] of headSide.deployed) {
    if (d.id === null && d.distribution.behaviors.some((b) => b.lambdaAssociations.length > 0)) warnings.push(`${d.distribution.resource ?? d.distribution.id}: ${d.match.detail}`);
  }

  const pricer = new Pricer(model, options, baseSide, headSide);
  const functions: DiffFunction[] = [];
  for (const [baseFn, headFn] of pairFunctions(base.inventory, head.inventory)) {
    functions.push(pricer.priceFunction(baseFn, headFn, matcher));
  }

  let baseTotal = ZERO;
  let headTotal = ZERO;
  let unknownCount = 0;
  for (const fn of functions) {
    if (fn.baseMonthlyUsd === null || fn.headMonthlyUsd === null) {
      unknownCount++;
      continue;
    }
    baseTotal = baseTotal.plus(fn.baseMonthlyUsd);
    headTotal = headTotal.plus(fn.headMonthlyUsd);
  }
  const change = headTotal.minus(baseTotal);
  if (unknownCount > 0) warnings.push(`${unknownCount} function${unknownCount === 1 ? "'s" : "s'"} cost is unknown and left out of the totals`);
  for (const region of snapshot.regions.filter((r) => r.status === 'failed')) {
    warnings.push(`region ${region.region} failed${region.error ? ` (${region.error})` : ''}: its usage is unknown, so costs are lower bounds`);
  }
  return {
    schemaVersion: 1,
    kind: DIFF_KIND,
    generatedAt: options.now.toISOString(),
    window: snapshot.window,
    pricingId: options.pricing.sheet.id,
    base: { files: base.files, ...(options.baseRef ? { ref: options.baseRef } : {}) },
    head: { files: head.files },
    totals: {
      baseMonthlyUsd: baseTotal.toNumber(),
      headMonthlyUsd: headTotal.toNumber(),
      changeUsd: change.toNumber(),
      changePercent: baseTotal.isZero() ? null : change.div(baseTotal).times(100).toNumber(),
      unknownCount,
      lowerBoundCount: functions.filter((f) => f.lowerBound).length,
    },
    functions,
    lintErrors: options.lintErrors ?? [],
    warnings,
  };
}

/** Base and head functions of one resource (logical id or Terraform address), in head order then removed ones. */
export function pairFunctions(base: Inventory, head: Inventory): [FunctionConfig | undefined, FunctionConfig | undefined][] {
  const identity = (fn: FunctionConfig) => fn.resource ?? fn.key;
  const baseBy = new Map(base.functions.map((fn) => [identity(fn), fn]));
  const pairs: [FunctionConfig | undefined, FunctionConfig | undefined][] = [];
  const seen = new Set<string>();
  for (const fn of head.functions) {
    seen.add(identity(fn));
    pairs.push([baseBy.get(identity(fn)), fn]);
  }
  for (const fn of base.functions) if (!seen.has(identity(fn))) pairs.push([fn, undefined]);
  return pairs;
}

class Pricer {
  private readonly versionsByName = new Map<string, VersionUsage[]>();
  private readonly associationsByVersion = new Map<VersionUsage, AssociationUsage[]>();

  constructor(
    private readonly model: UsageModel,
    private readonly options: DiffOptions,
    private readonly base: Side,
    private readonly head: Side,
  ) {
    for (const version of model.versions.values()) {
      const name = version.config.functionName;
      this.versionsByName.set(name, [...(this.versionsByName.get(name) ?? []), version]);
    }
    for (const association of model.allAssociations) {
      if (!association.version) continue;
      this.associationsByVersion.set(association.version, [...(this.associationsByVersion.get(association.version) ?? []), association]);
    }
  }

  priceFunction(baseFn: FunctionConfig | undefined, headFn: FunctionConfig | undefined, matcher: UsageMatcher): DiffFunction {
    const shown = (headFn ?? baseFn)!;
    const baseMatch = baseFn ? matcher.matchFunction(baseFn) : undefined;
    const headMatch = headFn ? matcher.matchFunction(headFn) : undefined;
    const match = (headMatch ?? baseMatch)!;
    const changes = describeChanges(baseFn, headFn, this.base, this.head);
    const assumptions: string[] = [];
    if (match.match.by === 'none') assumptions.push(`matches no measured function: ${match.match.detail}`);
    if (baseMatch && headMatch && baseMatch.functionName !== headMatch.functionName) {
      assumptions.push(`the deployed name changes (${baseMatch.functionName ?? 'unmatched'} → ${headMatch.functionName ?? 'unmatched'}): the head is a new function`);
    }

    const baseCost: Priced = baseFn ? this.measuredCost(baseMatch!.functionName) : { monthlyUsd: ZERO, confidence: 'high', assumptions: [] };
    const headCost: Priced = headFn
      ? this.projectedCost(baseFn, headFn, headMatch!.functionName)
      : { monthlyUsd: ZERO, confidence: 'high', assumptions: ['removed: its cost goes to zero'] };
    assumptions.push(...baseCost.assumptions.map((a) => `base: ${a}`), ...headCost.assumptions);

    const change = baseCost.monthlyUsd && headCost.monthlyUsd ? headCost.monthlyUsd.minus(baseCost.monthlyUsd) : null;
    const status = !baseFn ? 'added' : !headFn ? 'removed' : changes.length > 0 ? 'changed' : 'unchanged';
    return {
      resource: shown.resource ?? shown.key,
      file: shown.source?.file ?? '',
      line: shown.source?.line ?? null,
      functionName: match.functionName,
      status,
      changes,
      baseMonthlyUsd: baseCost.monthlyUsd?.toNumber() ?? null,
      headMonthlyUsd: headCost.monthlyUsd?.toNumber() ?? null,
      changeUsd: change?.toNumber() ?? null,
      changePercent: change && baseCost.monthlyUsd && !baseCost.monthlyUsd.isZero() ? change.div(baseCost.monthlyUsd).times(100).toNumber() : null,
      lowerBound: headCost.lowerBound === true,
      confidence: lowest(baseCost.confidence, headCost.confidence, match.match.by === 'none' && headFn && baseFn ? 'low' : 'high'),
      match: match.match,
      assumptions: [...new Set(assumptions)],
    };
  }

  /** The measured run-rate of a deployed function (every version, every association): the report's figure. */
  private measuredCost(functionName: string | null): Priced {
    if (functionName === null) return { monthlyUsd: null, confidence: 'low', assumptions: ['not matched to measured usage: its current cost is unknown'] };
    const versions = this.versionsByName.get(functionName) ?? [];
    let total = ZERO;
    for (const version of versions) {
      if (version.config.memoryMB === undefined) {
        return { monthlyUsd: null, confidence: 'low', assumptions: [`the memory size of ${functionName} version ${version.config.version ?? '?'} is not in the data`] };
      }
      total = total.plus(monthly(priceScaled(version, 1, this.model.pricing).costUsd, this.model));
    }
    return { monthlyUsd: total, confidence: 'high', assumptions: [] };
  }

  private projectedCost(baseFn: FunctionConfig | undefined, headFn: FunctionConfig, functionName: string | null): Priced {
    const parts: Priced[] = [];
    const claimed = new Set<EventBinding>();
    const headBindings = this.head.bindingsByFunction.get(headFn.key) ?? [];
    const memoryChanged = baseFn?.memoryMB !== undefined && headFn.memoryMB !== undefined && baseFn.memoryMB !== headFn.memoryMB;
    const versions = functionName === null ? [] : (this.versionsByName.get(functionName) ?? []);
    const memoryOf = (version: VersionUsage): number | undefined => (memoryChanged ? headFn.memoryMB : version.config.memoryMB);
    if (memoryChanged) {
      parts.push({
        monthlyUsd: ZERO,
        confidence: 'high',
        assumptions: [
          `memory ${baseFn!.memoryMB} → ${headFn.memoryMB} MB: priced with the same billed duration at the new memory size (CPU-bound code often runs faster with more memory, so its real cost may be lower)`,
        ],
      });
    }

    for (const version of versions) {
      const memoryMB = memoryOf(version);
      if (memoryMB === undefined) {
        parts.push({ monthlyUsd: null, confidence: 'low', assumptions: [`the memory size of ${version.config.functionName} version ${version.config.version ?? '?'} is unknown`] });
        continue;
      }
      const associations = this.associationsByVersion.get(version) ?? [];
      if (associations.length === 0) {
        // A version that ran without an association now: its usage stays as it was measured.
        parts.push(this.scaled(version, 1, memoryMB, []));
        continue;
      }
      for (const association of associations) parts.push(this.projectAssociation(association, headBindings, claimed, memoryMB));
    }
    if (versions.length > 0) parts.push({ monthlyUsd: ZERO, confidence: 'high', assumptions: usageAssumptions(this.model, this.busiest(versions)!) });

    for (const binding of headBindings) {
      if (!claimed.has(binding)) parts.push(this.addedAssociation(binding, headFn, versions));
    }
    return combine(parts);
  }

  private projectAssociation(association: AssociationUsage, headBindings: EventBinding[], claimed: Set<EventBinding>, memoryMB: number): Priced {
    const version = association.version!;
    const { binding } = association;
    const label = `${binding.eventType} on ${binding.distributionId} ${where(binding.pathPattern)}`;
    const templateIds = (side: Side) => [...side.deployed.entries()].filter(([, d]) => d.id === binding.distributionId).map(([id]) => id);
    const inHead = templateIds(this.head);
    if (inHead.length === 0) {
      if (templateIds(this.base).length > 0)
        return { monthlyUsd: ZERO, confidence: 'high', assumptions: [`${label}: the distribution is not in the head templates, so the association goes (cost → 0)`] };
      return this.scaled(version, association.share, memoryMB, [`${label}: the distribution is not in the templates; the association stays as measured`]);
    }
    const onBehavior = headBindings.filter((b) => inHead.includes(b.distributionId) && b.pathPattern === binding.pathPattern);
    const kept = onBehavior.find((b) => b.eventType === binding.eventType);
    const attribution = association.attribution ? [`${label}: ${association.attribution}`] : [];
    if (kept) {
      claimed.add(kept);
      return this.scaled(version, association.share, memoryMB, attribution);
    }
    const measuredEvents = new Set(
      (this.associationsByVersion.get(version) ?? [])
        .filter((a) => a.binding.distributionId === binding.distributionId && a.binding.pathPattern === binding.pathPattern)
        .map((a) => a.binding.eventType),
    );
    const moved = onBehavior.find((b) => !claimed.has(b) && !measuredEvents.has(b.eventType));
    if (!moved) return { monthlyUsd: ZERO, confidence: 'high', assumptions: [`${label}: removed from the head templates (cost → 0)`] };
    claimed.add(moved);
    const priced = this.priceMove(association, moved.eventType, memoryMB);
    return { ...priced, assumptions: [...priced.assumptions, ...attribution] };
  }

  /** An association that moves to another event of the same cache behavior. */
  private priceMove(association: AssociationUsage, target: EventType, memoryMB: number): Priced {
    const version = association.version!;
    const { binding } = association;
    const move = `${binding.eventType} → ${target} on ${binding.distributionId} ${where(binding.pathPattern)}`;
    const invocations = version.invocations * association.share;
    if (isViewerEvent(binding.eventType) && !isViewerEvent(target)) {
      // recommend's move-to-origin-event arithmetic (src/recommend/move-to-origin-event.ts), same hit-rate rules.
      const { hitRate, notDerived } = resolveHitRate(this.model, association, this.options.hitRate);
      if (!hitRate) {
        return {
          monthlyUsd: null,
          confidence: 'low',
          assumptions: [`${move}: needs a cache-hit rate (${notDerived.join('; ')}); pass --hit-rate RATE or turn on the CloudFront additional metrics`],
        };
      }
      // 1 − rate in decimal, as recommend computes it
      const missRate = new Decimal(1).minus(hitRate.rate).toNumber();
      return this.scaled(
        version,
        association.share * missRate,
        memoryMB,
        [
          `${move}: invocations shrink by the cache-hit rate ${(hitRate.rate * 100).toFixed(1)}% (${hitRate.explanation}): ${formatCount(invocations)} → ${formatCount(invocations * missRate)} in the window, each with its measured duration`,
          'valid only when the logic does not depend on per-viewer data outside the cache key: on an origin event it no longer runs on cache hits',
        ],
        hitRateConfidence(hitRate),
      );
    }
    if (!isViewerEvent(binding.eventType) && isViewerEvent(target)) {
      const requests = this.behaviorRequests(binding.distributionId, binding.pathPattern, version);
      if (requests.requests === null || version.invocations <= 0) {
        return { monthlyUsd: null, confidence: 'low', assumptions: [`${move}: the viewer requests of the cache behavior are unknown (${requests.note})`] };
      }
      return this.scaled(
        version,
        requests.requests / version.invocations,
        memoryMB,
        [
          `${move}: runs on every viewer request: ${formatCount(invocations)} → ${formatCount(requests.requests)} invocations in the window (${requests.note}), each with its measured duration`,
        ],
        requests.confidence,
      );
    }
    return this.scaled(version, association.share, memoryMB, [`${move}: as many invocations as before (the same side of the cache), each with its measured duration`], 'medium');
  }

  /** An association of the head that no measured association becomes: its distribution's requests, or unknown. */
  private addedAssociation(binding: EventBinding, headFn: FunctionConfig, versions: VersionUsage[]): Priced {
    const deployed = this.head.deployed.get(binding.distributionId);
    const name = deployed?.distribution.resource ?? binding.distributionId;
    const label = `added ${binding.eventType} on ${name} ${where(binding.pathPattern)}`;
    const origin = !isViewerEvent(binding.eventType);
    let invocations: number;
    let monthlyCount = false;
    let confidence: Confidence = 'high';
    const notes: string[] = [];
    if (deployed?.id) {
      const requests = this.behaviorRequests(deployed.id, binding.pathPattern);
      if (requests.requests === null) return { monthlyUsd: null, confidence: 'low', assumptions: [`${label}: the requests of ${deployed.id} are unknown (${requests.note})`] };
      invocations = requests.requests;
      confidence = requests.confidence;
      notes.push(`${formatCount(requests.requests)} viewer requests in the window (${requests.note})`);
      if (origin) {
        const viewer = this.model.allAssociations.find(
          (a) => a.binding.distributionId === deployed.id && a.binding.pathPattern === binding.pathPattern && isViewerEvent(a.binding.eventType),
        );
        const probe: AssociationUsage = viewer ?? {
          binding: { distributionId: deployed.id, pathPattern: binding.pathPattern, eventType: 'viewer-request', includeBody: false },
          share: 1,
        };
        const { hitRate, notDerived } = resolveHitRate(this.model, probe, this.options.hitRate);
        if (!hitRate)
          return { monthlyUsd: null, confidence: 'low', assumptions: [`${label}: an origin event needs a cache-hit rate (${notDerived.join('; ')}); pass --hit-rate RATE`] };
        const missRate = new Decimal(1).minus(hitRate.rate).toNumber();
        invocations *= missRate;
        confidence = lowest(confidence, hitRateConfidence(hitRate));
        notes.push(`× the miss rate ${(missRate * 100).toFixed(1)}% (${hitRate.explanation})`);
      }
    } else if (this.options.requestsPerMonth !== undefined) {
      monthlyCount = true;
      invocations = this.options.requestsPerMonth;
      notes.push(`${formatCount(invocations)} viewer requests a month (--requests)`);
      if (origin) {
        if (this.options.hitRate === undefined)
          return { monthlyUsd: null, confidence: 'low', assumptions: [`${label}: a new distribution on an origin event needs --hit-rate with --requests`] };
        invocations *= new Decimal(1).minus(this.options.hitRate).toNumber();
        notes.push(`× the miss rate from --hit-rate ${this.options.hitRate}`);
      }
      confidence = 'low';
    } else {
      return {
        monthlyUsd: null,
        confidence: 'low',
        assumptions: [`${label}: ${deployed?.match.detail ?? 'not measured'}; its cost is unknown (give --requests N, viewer requests a month)`],
      };
    }

    const memoryMB = headFn.memoryMB;
    const reference = this.busiest(versions);
    const toMonthly = (cost: Decimal) => (monthlyCount ? cost : monthly(cost, this.model));
    const what = `${label}: ${formatCount(invocations)} invocations${monthlyCount ? ' a month' : ' in the window'} = ${notes.join(' ')}`;
    if (memoryMB === undefined) {
      return { monthlyUsd: null, confidence: 'low', assumptions: [`${what}; the memory size is unknown`] };
    }
    if (reference && reference.invocations > 0) {
      const cost = priceScaled(reference, invocations / reference.invocations, this.model.pricing, memoryMB).costUsd;
      return {
        monthlyUsd: toMonthly(cost),
        confidence,
        assumptions: [`${what}; duration: the function's measured mean (${(reference.durationSumMs / reference.invocations).toFixed(2)} ms), at ${memoryMB} MB`],
      };
    }
    const rates = this.model.pricing.rates;
    if (this.options.durationMs !== undefined) {
      const billedMs = billedDurationPerInvocationMs(this.options.durationMs, rates);
      const cost = priceLambdaEdge({ invocations, durationSumMs: 0, billedDurationSumMs: invocations * billedMs, memoryMB }, rates).costUsd;
      return { monthlyUsd: toMonthly(cost), confidence: 'low', assumptions: [`${what}; duration ${billedMs} ms billed per invocation (--duration-ms), at ${memoryMB} MB`] };
    }
    const requestOnly = new Decimal(invocations).times(rates.lambdaEdgeRequestUsd);
    return {
      monthlyUsd: toMonthly(requestOnly),
      lowerBound: true,
      confidence: 'low',
      assumptions: [`${what}; the function does not run yet and no --duration-ms was given: a request-only lower bound (the duration charge is unknown)`],
    };
  }

  /**
   * Viewer requests of one cache behavior in the window: the invocations of a viewer function on it
   * (one per request); else the distribution's CloudFront Requests when it has a single behavior; else
   * the distribution's requests as an upper bound.
   */
  private behaviorRequests(distributionId: string, pathPattern: string, except?: VersionUsage): { requests: number | null; note: string; confidence: Confidence } {
    const viewer = this.model.allAssociations.find(
      (a) => a.binding.distributionId === distributionId && a.binding.pathPattern === pathPattern && a.binding.eventType === 'viewer-request' && a.version && a.version !== except,
    );
    if (viewer?.version) {
      return {
        requests: viewer.version.invocations * viewer.share,
        note: `the viewer-request function ${viewer.version.config.functionName} on ${where(pathPattern)} runs once per viewer request`,
        confidence: viewer.share === 1 ? 'high' : 'medium',
      };
    }
    const requests = this.model.requestsByDistribution.get(distributionId);
    if (requests === undefined) return { requests: null, note: `the CloudFront Requests of ${distributionId} are not in the data`, confidence: 'low' };
    const behaviors = this.model.snapshot.inventory.distributions.find((d) => d.id === distributionId)?.behaviors.length ?? 1;
    if (behaviors <= 1) return { requests, note: `the CloudFront Requests of ${distributionId}, which has one cache behavior`, confidence: 'high' };
    return {
      requests,
      note: `the CloudFront Requests of all ${behaviors} cache behaviors of ${distributionId}: an upper bound, as the share of ${where(pathPattern)} is not measured`,
      confidence: 'low',
    };
  }

  private scaled(version: VersionUsage, factor: number, memoryMB: number, assumptions: string[], confidence: Confidence = 'high'): Priced {
    return { monthlyUsd: monthly(priceScaled(version, factor, this.model.pricing, memoryMB).costUsd, this.model), confidence, assumptions };
  }

  private busiest(versions: VersionUsage[]): VersionUsage | undefined {
    return [...versions].sort((a, b) => b.invocations - a.invocations)[0];
  }
}

function hitRateConfidence(hitRate: HitRate): Confidence {
  return hitRate.source === 'cloudfront-cache-hit-rate' ? 'high' : hitRate.source === 'hit-rate-flag' ? 'low' : 'medium';
}

function combine(parts: Priced[]): Priced {
  let total: Decimal | null = ZERO;
  for (const part of parts) total = total === null || part.monthlyUsd === null ? null : total.plus(part.monthlyUsd);
  return {
    monthlyUsd: total,
    lowerBound: parts.some((p) => p.lowerBound),
    confidence: lowest(...parts.map((p) => p.confidence)),
    assumptions: parts.flatMap((p) => p.assumptions),
  };
}
