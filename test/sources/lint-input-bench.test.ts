import { describe, expect, it } from 'vitest';
import { generateLargeTemplate, largeTemplateShape } from '../../bench/lint-input.js';
import { listEventBindings } from '../../src/model/inventory.js';
import { loadTemplateSources } from '../../src/sources/templates.js';

describe('the generated 2,000-resource template (bench/lint-input.ts)', () => {
  it.each(['yaml', 'json'] as const)('%s: has exactly 2,000 resources and loads completely', async (format) => {
    const text = generateLargeTemplate(2000, format);
    const resourceCount =
      format === 'yaml'
        ? (text.split('\nResources:\n')[1]!.match(/^ {2}[A-Za-z0-9]+:$/gm) ?? []).length
        : Object.keys((JSON.parse(text) as { Resources: object }).Resources).length;
    expect(resourceCount).toBe(2000);
    const loaded = await loadTemplateSources([{ file: `large.${format}`, text }]);
    const shape = largeTemplateShape(2000);
    expect(loaded.inventory.functions).toHaveLength(shape.functions);
    expect(loaded.inventory.distributions).toHaveLength(shape.distributions);
    const bindings = listEventBindings(loaded.inventory);
    expect(bindings).toHaveLength(shape.associations);
    expect(bindings.every((b) => b.functionKey !== undefined && b.arnQualifier === 'version')).toBe(true);
    expect(loaded.inventory.functions.filter((f) => f.memoryMB === 256)).toHaveLength(Math.ceil(shape.functions / 3));
    // Speed is shown by `npm run bench:lint`, not asserted here: a timed test fails on a busy machine.
  });

  it('is deterministic', () => {
    expect(generateLargeTemplate(400)).toBe(generateLargeTemplate(400));
  });
});
