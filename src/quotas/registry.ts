import { arm64Architecture } from './rules/arm64-architecture.js';
import { cloudfrontFunctionConflict } from './rules/cloudfront-function-conflict.js';
import { concurrencyHeadroom } from './rules/concurrency-headroom.js';
import { containerImage } from './rules/container-image.js';
import { deadLetterQueue } from './rules/dead-letter-queue.js';
import { duplicateEventAssociation } from './rules/duplicate-event-association.js';
import { environmentVariables } from './rules/environment-variables.js';
import { ephemeralStorage } from './rules/ephemeral-storage.js';
import { errorsBilled } from './rules/errors-billed.js';
import { functionRegion } from './rules/function-region.js';
import { includeBodyEvent } from './rules/include-body-event.js';
import { invalidAssociation } from './rules/invalid-association.js';
import { invalidInput } from './rules/invalid-input.js';
import { layers } from './rules/layers.js';
import { memoryLimit } from './rules/memory-limit.js';
import { nearTimeout } from './rules/near-timeout.js';
import { packageSizeLimit } from './rules/package-size-limit.js';
import { provisionedConcurrency } from './rules/provisioned-concurrency.js';
import { requestRateHeadroom } from './rules/request-rate-headroom.js';
import { runtimeDeprecated } from './rules/runtime-deprecated.js';
import { runtimeUnsupported } from './rules/runtime-unsupported.js';
import { throttles } from './rules/throttles.js';
import { timeoutLimit } from './rules/timeout-limit.js';
import { unresolvedFunction } from './rules/unresolved-function.js';
import { unversionedFunctionArn } from './rules/unversioned-function-arn.js';
import { vpc } from './rules/vpc.js';
import { xrayTracing } from './rules/xray-tracing.js';
import type { Rule } from './types.js';

/**
 * Every lint rule, explicitly listed and sorted by id (no discovery by file name: what runs is what
 * is written here). A meta-test checks ids, doc pages and test cases against this list.
 */
export const RULES: readonly Rule[] = [
  arm64Architecture,
  cloudfrontFunctionConflict,
  concurrencyHeadroom,
  containerImage,
  deadLetterQueue,
  duplicateEventAssociation,
  environmentVariables,
  ephemeralStorage,
  errorsBilled,
  functionRegion,
  includeBodyEvent,
  invalidAssociation,
  invalidInput,
  layers,
  memoryLimit,
  nearTimeout,
  packageSizeLimit,
  provisionedConcurrency,
  requestRateHeadroom,
  runtimeDeprecated,
  runtimeUnsupported,
  throttles,
  timeoutLimit,
  unresolvedFunction,
  unversionedFunctionArn,
  vpc,
  xrayTracing,
];

export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}
