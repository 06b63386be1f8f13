import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';

/** docs/iam-policy.json must list exactly the actions src/aws calls: no more (least privilege), no fewer. */
function policyActions(): string[] {
  const policy = JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs/iam-policy.json'), 'utf8')) as { Statement: { Effect: string; Action: string[] }[] };
  return policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action).sort();
}

function actionsCalledInSource(): string[] {
  const dir = join(PROJECT_ROOT, 'src/aws');
  const actions = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/aws\.call\('(cloudfront|lambda|cloudwatch|logs|tag)', [^,]+, '(\w+)'/g)) actions.add(`${m[1]}:${m[2]}`);
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
});
