// Regenerates the rule table of docs/rules/README.md from the rule registry (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { RULES } from '../dist/quotas/registry.js';
import { withRulesTable } from '../dist/quotas/rules-index.js';

const file = new URL('../docs/rules/README.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withRulesTable(before, RULES);
if (after !== before) writeFileSync(file, after);
console.log(after === before ? 'docs/rules/README.md is up to date' : 'docs/rules/README.md: rule table regenerated');
