import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string | string[];
}

function statements(): Statement[] {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs/iam-policy.json'), 'utf8')) as { Statement: Statement[] }).Statement;
}

/**
 * docs/iam-policy.json must list exactly the actions src/aws calls: no more (least privilege), no
 * fewer. Statements whose Sid has "OnBehalf" are what Athena itself does for `reconcile
 * --athena-table` (read the CUR table, write the query result): not calls of edgecost.
 */
function policyActions(): string[] {
  return statements()
    .filter((s) => s.Effect === 'Allow' && !s.Sid.includes('OnBehalf'))
    .flatMap((s) => s.Action)
    .sort();
}

function actionsCalledInSource(): string[] {
  const dir = join(PROJECT_ROOT, 'src/aws');
  const actions = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/aws\.call\('(cloudfront|lambda|cloudwatch|logs|ce|athena|tag)', [^,]+, '(\w+)'/g)) actions.add(`${m[1]}:${m[2]}`);
    for (const m of text.matchAll(/recordCall\('(\w+:\w+)'\)/g)) actions.add(m[1]!);
  }
  return [...actions].sort();
}

describe('docs/iam-policy.json', () => {
  it('allows exactly the actions the collector calls, all of them reads', () => {
    const actions = policyActions();
    expect(actions).toEqual(actionsCalledInSource());
    for (const action of actions) expect(action.split(':')[1]).toMatch(/^(Get|List|Describe|StartQuery)/);
  });

  it('keeps reconcile optional and its only write on the Athena result location', () => {
    const reconcile = statements().filter((s) => s.Sid.startsWith('EdgecostReconcile'));
    expect(reconcile.map((s) => s.Sid)).toEqual([
      'EdgecostReconcileCostExplorer',
      'EdgecostReconcileAthena',
      'EdgecostReconcileAthenaOnBehalfCurTable',
      'EdgecostReconcileAthenaOnBehalfResults',
    ]);
    const writes = statements()
      .flatMap((s) => s.Action.map((action) => ({ action, resource: s.Resource, sid: s.Sid })))
      .filter((a) => !/^\w+:(Get|List|Describe|StartQuery)/.test(a.action));
    expect(writes).toEqual([{ action: 's3:PutObject', resource: 'arn:aws:s3:::YOUR_ATHENA_RESULTS_BUCKET/YOUR_PREFIX/*', sid: 'EdgecostReconcileAthenaOnBehalfResults' }]);
    expect(
      statements()
        .find((s) => s.Sid === 'EdgecostReconcileCostExplorer')
        ?.Action.sort(),
    ).toEqual(['ce:GetCostAndUsage', 'ce:GetDimensionValues']);
  });
});
