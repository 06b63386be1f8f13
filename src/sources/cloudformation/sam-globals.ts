/** SAM: the `Globals.Function` section and the defaults SAM fills in. */

import type { DocumentedDefault } from '../lambda-defaults.js';
import { isRecord } from '../parse/values.js';
import { intrinsicName } from './intrinsics.js';

/** SAM fills `MemorySize` and `Timeout` with the same defaults as CloudFormation (SAM resource page: Default: 128, Default: 3). */
export const SAM_FUNCTION_DEFAULTS = {
  memoryMB: {
    value: 128,
    source: 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html',
  },
  timeoutSec: {
    value: 3,
    source: 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html',
  },
} as const satisfies Record<string, DocumentedDefault<unknown>>;

/** The `Globals.Function` section of a SAM template, when there is one. */
export function samFunctionGlobals(root: Record<string, unknown>): Record<string, unknown> | undefined {
  return isRecord(root.Globals) && isRecord(root.Globals.Function) ? root.Globals.Function : undefined;
}

/** SAM Globals: scalars are replaced, maps merged (the resource wins), lists are the global items then the resource's. */
export function mergeGlobals(globals: unknown, local: unknown, depth = 0): unknown {
  if (local === undefined) return globals;
  if (globals === undefined || depth > 8) return local;
  if (isRecord(globals) && isRecord(local) && !intrinsicName(globals) && !intrinsicName(local)) {
    const merged: Record<string, unknown> = { ...globals };
    for (const [key, value] of Object.entries(local)) merged[key] = mergeGlobals(globals[key], value, depth + 1);
    return merged;
  }
  if (Array.isArray(globals) && Array.isArray(local)) return [...globals, ...local];
  return local;
}
