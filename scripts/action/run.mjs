#!/usr/bin/env node
// The edgecost GitHub Action (action.yml): lint the head templates (SARIF), price the change with
// `edgecost diff` (pull-request comment + notice annotations), gate it, and exit with the gate's
// code. Inputs arrive as EDGECOST_* variables; GitHub's own variables say where to comment.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { upsertComment } from './comment.mjs';

const env = process.env;
const bin = env.EDGECOST_BIN ?? new URL('../../bin/edgecost.js', import.meta.url).pathname;
const words = (value) => (value ?? '').split(/\s+/).filter(Boolean);
const on = (value, fallback) => (value === undefined || value === '' ? fallback : value === 'true');

function edgecost(args) {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  if (run.stderr) process.stderr.write(run.stderr);
  return { code: run.status ?? 70, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

function output(name, value) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${String(value).replace(/\r?\n/g, ' ')}\n`);
}

function pullRequestNumber() {
  if (env.EDGECOST_PR_NUMBER) return Number(env.EDGECOST_PR_NUMBER);
  if (!env.GITHUB_EVENT_PATH) return undefined;
  const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  return event.pull_request?.number ?? event.issue?.number;
}

/** A shallow checkout lacks the base commit: fetch just it. */
function ensureCommit(ref) {
  if (spawnSync('git', ['cat-file', '-e', `${ref}^{commit}`]).status === 0) return;
  spawnSync('git', ['fetch', '--no-tags', '--depth=1', 'origin', ref], { stdio: 'inherit' });
}

const templates = words(env.EDGECOST_TEMPLATES);
if (templates.length === 0) {
  console.error('edgecost action: the `templates` input is empty (paths of the templates, cdk.out or plan JSON)');
  process.exit(2);
}
let usage;
if (on(env.EDGECOST_DEMO, false)) usage = ['--demo'];
else if (words(env.EDGECOST_SNAPSHOT).length > 0) usage = words(env.EDGECOST_SNAPSHOT).flatMap((file) => ['--input', file]);
else {
  // Read AWS once; diff (three views) and gate then price the same snapshot.
  const file = env.EDGECOST_COLLECTED || 'edgecost-snapshot.json';
  const collected = edgecost(['collect', '--days', env.EDGECOST_DAYS || '30', '--quiet', '-o', file]);
  if (collected.code !== 0) process.exit(collected.code);
  usage = ['--input', file];
}
let base;
if (words(env.EDGECOST_BASE).length > 0) base = words(env.EDGECOST_BASE).flatMap((path) => ['--base', path]);
else if (env.EDGECOST_BASE_REF) {
  ensureCommit(env.EDGECOST_BASE_REF);
  base = ['--base-ref', env.EDGECOST_BASE_REF];
} else {
  console.error('edgecost action: give `base-ref` (default: the pull request base commit) or `base`');
  process.exit(2);
}
const diffArgs = ['diff', ...usage, ...base, ...templates.flatMap((path) => ['--head', path]), ...words(env.EDGECOST_ARGS), '--quiet'];

let lintCode = 0;
if (on(env.EDGECOST_LINT, true)) {
  lintCode = edgecost(['lint', ...templates, '--output', 'sarif', '-o', env.EDGECOST_SARIF || 'edgecost.sarif', '--quiet']).code;
  output('lint-exit-code', lintCode);
}

const markdown = edgecost([...diffArgs, '--output', 'markdown']);
if (markdown.code !== 0) {
  output('diff-exit-code', markdown.code);
  process.exit(markdown.code);
}
// Notice annotations on the changed lines: GitHub reads workflow commands from stdout.
process.stdout.write(edgecost([...diffArgs, '--output', 'github']).stdout);
const doc = JSON.parse(edgecost([...diffArgs, '--output', 'json']).stdout);
output('change-usd', doc.totals.changeUsd);
output('head-monthly-usd', doc.totals.headMonthlyUsd);

let gateCode = 0;
let verdict = '';
const limits = [...(env.EDGECOST_BUDGET ? ['--budget', env.EDGECOST_BUDGET] : []), ...(env.EDGECOST_MAX_INCREASE ? ['--max-increase', env.EDGECOST_MAX_INCREASE] : [])];
if (limits.length > 0) {
  const gate = edgecost(['gate', ...diffArgs.slice(1), ...limits, ...(on(env.EDGECOST_ALLOW_PARTIAL, false) ? ['--allow-partial'] : []), '--output', 'json']);
  gateCode = gate.code;
  output('gate-exit-code', gateCode);
  if (gateCode === 0 || gateCode === 1) {
    const result = JSON.parse(gate.stdout);
    const checks = result.checks.map((c) => `${c.passed ? '✅' : '❌'} ${c.name}: ${c.detail}`).join('<br>');
    verdict = `**Gate ${gateCode === 0 ? 'passed' : 'FAILED'}**${result.complete ? '' : ' (on the known part: --allow-partial)'}<br>${checks}`;
  } else {
    verdict = `**Gate did not decide** (exit ${gateCode}): ${gate.stderr.split('\n')[0].replace(/^edgecost: /, '').replace(/[<>@]/g, ' ')}`;
  }
}

if (on(env.EDGECOST_COMMENT, true)) {
  const issueNumber = pullRequestNumber();
  if (issueNumber === undefined) console.error('edgecost action: not a pull request event: no comment posted');
  else {
    const { id, action } = await upsertComment({
      apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
      repository: env.GITHUB_REPOSITORY,
      issueNumber,
      token: env.GITHUB_TOKEN,
      markdown: `${markdown.stdout}${verdict ? `\n${verdict}\n` : ''}`,
    });
    console.error(`edgecost action: pull-request comment ${id} ${action}`);
    output('comment-id', id);
  }
}
if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown.stdout}\n`);
process.exit(gateCode !== 0 ? gateCode : on(env.EDGECOST_FAIL_ON_LINT, true) ? lintCode : 0);
