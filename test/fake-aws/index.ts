// Fake AWS for edgecost tests: see README.md in this folder.

export { type BillOptions, billFromUsage, reconcileScenario, writeCurParquet, writeParquetOf } from './bill.js';
export { cliEnv, fakeAwsEnv } from './env.js';
export { generateCurFixture } from './generate-cur-fixture.js';
export { type ParsedQuery, parseInsightsQuery } from './logs.js';
export { LOOP_TOKEN, type Mangle } from './mangle.js';
export * from './scenario.js';
export {
  ACCOUNT_ID,
  basicScenario,
  buildLargeScenario,
  DEFAULT_EDGE_REGIONS,
  deriveLogsInsights,
  functionArn,
  type LargeScenarioSpec,
  mulberry32,
  replicaName,
  usageTotals,
} from './scenarios.js';
export { type FakeAws, type FakeAwsOptions, startFakeAws } from './server.js';
