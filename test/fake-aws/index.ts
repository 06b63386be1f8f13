// Fake AWS for edgecost tests: see README.md in this folder.
export { startFakeAws, type FakeAws, type FakeAwsOptions } from './server.js';
export * from './scenario.js';
export {
  ACCOUNT_ID,
  DEFAULT_EDGE_REGIONS,
  basicScenario,
  buildLargeScenario,
  deriveLogsInsights,
  functionArn,
  mulberry32,
  replicaName,
  usageTotals,
  type LargeScenarioSpec,
} from './scenarios.js';
export { parseInsightsQuery, type ParsedQuery } from './logs.js';
export { cliEnv, fakeAwsEnv } from './env.js';
export { billFromUsage, reconcileScenario, writeCurParquet, writeParquetOf, type BillOptions } from './bill.js';
export { generateCurFixture } from './generate-cur-fixture.js';
