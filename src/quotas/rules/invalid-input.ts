import { defineRule, type RuleFinding } from '../types.js';

/**
 * A problem in an input file that the loaders found without giving up on the run: a duplicate
 * mapping key (CloudFormation keeps the last value, as the linted template does), or a file of a
 * folder run that cannot be read at all (the other files are linted). The loaders record them as
 * `InputDefect`s of kind `input`.
 */
export const invalidInput = defineRule({
  id: 'invalid-input',
  title: 'Input files without duplicate keys or parse errors',
  kind: 'static',
  defaultSeverity: 'error',
  appliesTo: 'all',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const defect of ctx.defects) {
      if (defect.kind !== 'input') continue;
      findings.push({
        severity: ctx.severity,
        resource: defect.resource,
        file: defect.file,
        ...(defect.line === undefined ? {} : { line: defect.line }),
        ...(defect.column === undefined ? {} : { column: defect.column }),
        message: defect.message,
        actual: defect.actual,
        limit: defect.expected ?? 'a well-formed input file',
      });
    }
    return findings;
  },
});
