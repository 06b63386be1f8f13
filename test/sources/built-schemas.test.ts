import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/sources/json-data.js';

/**
 * `npm run build` compiles every shipped schema into dist/sources/schemas.compiled.cjs
 * (scripts/compile-schemas.mjs), which the CLI uses instead of compiling at run time. Here, from
 * src, the schemas are compiled at run time: both must give every document the same verdict and
 * the same first error.
 */
const root = join(import.meta.dirname, '../..');
const builtFile = join(root, 'dist/sources/schemas.compiled.cjs');
type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: unknown }[] | null };

const shipped = ['schemas', 'pricing', 'quotas'].flatMap((folder) =>
  readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.schema.json'))
    .map((name) => `${folder}/${name}`),
);
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as unknown;

/** Documents for each schema: valid ones, and the same broken in ways a user's file is. */
function documents(schema: string): unknown[] {
  const valid: Record<string, string[]> = {
    'schemas/snapshot.schema.json': [
      'test/fixtures/snapshots/small.json',
      ...readdirSync(join(root, 'test/fixtures/snapshots/invalid'))
        .filter((f) => f.endsWith('.json'))
        .map((f) => `test/fixtures/snapshots/invalid/${f}`),
    ],
    'pricing/pricing.schema.json': ['pricing/aws-public.json'],
    'quotas/lambda-edge.schema.json': ['quotas/lambda-edge.json'],
    'quotas/runtimes.schema.json': ['quotas/runtimes.json'],
    'quotas/recommend.schema.json': ['quotas/recommend.json'],
  };
  for (const path of valid[schema] ?? []) expect(existsSync(join(root, path)), path).toBe(true);
  const docs = (valid[schema] ?? []).map(json);
  const broken = docs.flatMap((doc) => {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [];
    const keys = Object.keys(doc);
    return [
      ...keys.map((key) => Object.fromEntries(Object.entries(doc).filter(([k]) => k !== key))),
      ...keys.map((key) => ({ ...doc, [key]: 'a string' })),
      ...keys.map((key) => ({ ...doc, [key]: 1e308 })),
      { ...doc, unknownField: true },
    ];
  });
  return [...docs, ...broken, {}, [], null, 'text', 42];
}

describe('the validators compiled by npm run build', () => {
  it('exist for every shipped schema (npm test builds first)', () => {
    expect(existsSync(builtFile), `${builtFile} is missing: run npm run build`).toBe(true);
    const { byPath } = createRequire(import.meta.url)(builtFile) as { byPath: Record<string, Validate> };
    expect(Object.keys(byPath).sort()).toEqual([...shipped].sort());
  });

  it.each(shipped)('%s: same verdict and first error as the schema compiled at run time', (schema) => {
    const { byPath } = createRequire(import.meta.url)(builtFile) as { byPath: Record<string, Validate> };
    const built = byPath[schema]!;
    const atRunTime = compileSchema(schema);
    const cases = documents(schema);
    expect(cases.length).toBeGreaterThan(4);
    let invalid = 0;
    for (const doc of cases) {
      const ok = built(doc);
      const issue = atRunTime(doc);
      expect(ok).toBe(issue === undefined);
      if (ok) continue;
      invalid++;
      const first = built.errors?.[0];
      expect(first?.instancePath || '/').toBe(issue!.path);
      expect(issue!.message.startsWith(first?.message ?? 'is invalid')).toBe(true);
    }
    expect(invalid).toBeGreaterThan(0);
  });
});
