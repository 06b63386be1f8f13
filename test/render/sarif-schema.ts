import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';

/**
 * A validator for the trimmed official SARIF 2.1.0 schema (test/fixtures/lint/SOURCE.md). Ajv has no
 * built-in formats: `uri`, `uri-reference` and `date-time` are checked with simple patterns.
 */
export function sarifValidator() {
  const Ajv = (AjvModule as unknown as { default?: unknown }).default ?? AjvModule;
  const ajv = new (
    Ajv as new (
      options: object,
    ) => {
      addFormat(name: string, format: RegExp): void;
      compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown };
    }
  )({ allErrors: true, strict: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const schema = readFileSync(new URL('../fixtures/lint/sarif-schema-2.1.0.trimmed.json', import.meta.url), 'utf8');
  return ajv.compile(JSON.parse(schema));
}
