import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';

/**
 * Every JSON Schema the package ships is a valid draft-07 schema. edgecost compiles them at run time
 * without checking them against the meta-schema (src/sources/json-data.ts), so this test does.
 */
const SCHEMAS = ['schemas', 'pricing', 'quotas'].flatMap((folder) =>
  readdirSync(join(PROJECT_ROOT, folder))
    .filter((name) => name.endsWith('.schema.json'))
    .map((name) => `${folder}/${name}`),
);

describe('shipped JSON Schemas', () => {
  it('are all found', () => {
    expect(SCHEMAS).toEqual(expect.arrayContaining(['schemas/reconciliation.schema.json', 'schemas/report.schema.json', 'pricing/pricing.schema.json']));
  });

  it.each(SCHEMAS)('%s is valid against the JSON Schema meta-schema and compiles', (file) => {
    const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (
      options: object,
    ) => { validateSchema(schema: unknown): boolean; compile(schema: unknown): unknown; errors?: unknown };
    const ajv = new Ajv({ strict: false, validateFormats: false });
    const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, file), 'utf8'));
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });
});
