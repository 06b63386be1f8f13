import { checkFeature, listWords } from '../rule-kit.js';
import { defineRule } from '../types.js';

/** Lambda@Edge functions cannot have environment variables (names only are read; values never). */
export const environmentVariables = defineRule({
  id: 'environment-variables',
  title: 'No environment variables',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  restriction: ['environmentVariables'],
  check: (ctx) =>
    checkFeature(
      ctx,
      'environmentVariables',
      (fn) => {
        const names = fn.environmentVariableNames ?? [];
        if (names.length === 0) return undefined;
        return {
          message: `environment variable${names.length === 1 ? '' : 's'} ${listWords(names)} set, but Lambda@Edge does not support environment variables; embed the values in the code at build time or read them from a parameter store`,
          actual: names.length,
        };
      },
      'environmentVariableNames',
    ),
});
