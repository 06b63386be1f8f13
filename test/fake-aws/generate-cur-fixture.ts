// Writes the CUR 2.0 Parquet export of reconcileScenario() (see bill.ts) into a folder laid out as
// Data Exports lays it out (data/BILLING_PERIOD=YYYY-MM/<name>.parquet):
//   npx tsc -p tsconfig.bench.json && node .bench-dist/test/fake-aws/generate-cur-fixture.js OUT_DIR
// (`npm run fixture:cur -- OUT_DIR`). Tests call generateCurFixture() into a temporary folder, so
// the export always matches the scenario the fake Cost Explorer and Athena serve.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reconcileScenario, writeCurParquet } from './bill.js';

export async function generateCurFixture(dir: string, options: { resourceIds?: boolean; netCost?: boolean } = {}): Promise<string> {
  const scenario = reconcileScenario({ resourceIds: options.resourceIds });
  const folder = join(dir, 'data', 'BILLING_PERIOD=2026-10');
  mkdirSync(folder, { recursive: true });
  // September's trap row lives in its own billing period, as in a real export.
  const items = scenario.bill?.lineItems ?? [];
  const september = items.filter((i) => i.usageStartDate.startsWith('2026-09'));
  await writeCurParquet(
    items.filter((i) => !i.usageStartDate.startsWith('2026-09')),
    join(folder, 'edgecost-fixture-00001.snappy.parquet'),
    { withNetCost: options.netCost, withResourceIds: options.resourceIds },
  );
  if (september.length > 0) {
    const previous = join(dir, 'data', 'BILLING_PERIOD=2026-09');
    mkdirSync(previous, { recursive: true });
    await writeCurParquet(september, join(previous, 'edgecost-fixture-00001.snappy.parquet'), { withNetCost: options.netCost, withResourceIds: options.resourceIds });
  }
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: generate-cur-fixture OUT_DIR\n');
    process.exitCode = 2;
  } else {
    await generateCurFixture(out);
    process.stdout.write(`wrote the CUR 2.0 export of reconcileScenario() to ${out}\n`);
  }
}
