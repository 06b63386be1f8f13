// Compiles every JSON Schema the package ships into one CommonJS module of validators
// (dist/sources/schemas.compiled.cjs), run by `npm run build` after tsc: a run then neither loads
// Ajv's compiler nor compiles a schema (about 0.2 s of each `report`, `lint` or `diff` before).
// The options are those of src/sources/json-data.ts (`sharedAjv`), which compiles at run time when
// this module is absent (the tests, run from src). Nothing here is edited by hand.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const paths = ['schemas', 'pricing', 'quotas'].flatMap((folder) =>
  readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.schema.json'))
    .sort()
    .map((name) => `${folder}/${name}`),
);
const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: false, validateSchema: false, code: { source: true } });
const exports = {};
paths.forEach((path, index) => {
  const schema = JSON.parse(readFileSync(join(root, path), 'utf8'));
  const key = schema.$id ?? path;
  ajv.addSchema(schema, schema.$id ? undefined : path);
  exports[`v${index}`] = key;
});
const code = standaloneCode(ajv, exports);
const byPath = paths.map((path, index) => `  ${JSON.stringify(path)}: exports.v${index},`).join('\n');
writeFileSync(join(root, 'dist/sources/schemas.compiled.cjs'), `${code}\nexports.byPath = {\n${byPath}\n};\n`);
console.log(`compiled ${paths.length} schemas into dist/sources/schemas.compiled.cjs`);
