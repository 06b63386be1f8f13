import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../helpers/cli.js';

/**
 * The GitHub Action's scripts (action.yml → scripts/action/run.mjs) run locally on the demo account,
 * against a local stand-in for the GitHub REST API (issue comments: list with pages, create, edit).
 * No network, no GitHub.
 */

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

const TOKEN = 'ghs_test_token';
const MARKER = '<!-- edgecost-diff: this comment is edited on each push -->';
const comments: Comment[] = [];
const calls: { method: string; path: string; authorized: boolean }[] = [];
let server: Server;
let apiUrl: string;
let nextId = 1000;
const dir = mkdtempSync(join(tmpdir(), 'edgecost-action-'));

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    calls.push({ method: req.method ?? '', path: url.pathname, authorized: req.headers.authorization === `Bearer ${TOKEN}` });
    const reply = (status: number, data: unknown) => {
      const text = JSON.stringify(data);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { message: 'Bad credentials' });
    if (req.method === 'GET' && url.pathname === '/repos/acme/shop/issues/7/comments') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return reply(200, comments.slice((page - 1) * perPage, page * perPage));
    }
    if (req.method === 'POST' && url.pathname === '/repos/acme/shop/issues/7/comments') {
      const comment = { id: nextId++, body: String((await body(req)).body), user: { login: 'github-actions[bot]', type: 'Bot' } };
      comments.push(comment);
      return reply(201, comment);
    }
    const edit = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PATCH' && edit) {
      const comment = comments.find((c) => c.id === Number(edit[1]));
      if (!comment) return reply(404, { message: 'Not Found' });
      comment.body = String((await body(req)).body);
      return reply(200, comment);
    }
    reply(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function runAction(extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; outputs: Record<string, string> }> {
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ pull_request: { number: 7 } }));
  const outputFile = join(dir, `output-${Date.now()}`);
  writeFileSync(outputFile, '');
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith('AWS_') && !name.startsWith('GITHUB_')) env[name] = value;
  Object.assign(env, {
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    NO_COLOR: '1',
    EDGECOST_TEMPLATES: 'examples/shop-v2.yaml',
    EDGECOST_BASE: 'examples/shop-v1.yaml',
    EDGECOST_DEMO: 'true',
    EDGECOST_MAX_INCREASE: '10',
    EDGECOST_SARIF: join(dir, 'edgecost.sarif'),
    GITHUB_API_URL: apiUrl,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_EVENT_PATH: event,
    GITHUB_OUTPUT: outputFile,
    GITHUB_TOKEN: TOKEN,
    ...extra,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/action/run.mjs'], { cwd: PROJECT_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const outputs = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      resolve({ code, stdout, stderr, outputs });
    });
  });
}

describe('the GitHub Action (scripts/action/run.mjs)', () => {
  it('action.yml is a composite action that installs edgecost from its own checkout and runs the script', () => {
    const action = parse(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8'));
    expect(action.runs.using).toBe('composite');
    const runs = action.runs.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('scripts/action/run.mjs');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['templates', 'base-ref', 'budget', 'max-increase', 'allow-partial', 'github-token']));
  });

  it('first push: lint writes SARIF, annotations go to stdout, one comment is created, the gate passes', async () => {
    const run = await runAction();
    expect(run.stderr).toMatch(/pull-request comment \d+ created/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::notice file=examples\/shop-v2\.yaml,line=\d+/m);
    expect(JSON.parse(readFileSync(join(dir, 'edgecost.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(MARKER)).toBe(true);
    expect(comments[0]!.body).toMatch(/Lambda@Edge cost of this change: \*\*-\$\d+\.\d\d \/ month/);
    expect(comments[0]!.body).toContain('**Gate passed**');
    expect(Number(run.outputs['change-usd'])).toBeLessThan(0);
    expect(run.outputs['gate-exit-code']).toBe('0');
    expect(calls.every((c) => c.authorized)).toBe(true);
  });

  it('next push: the comment exists (on page 2 of 100-comment pages) → edited, not duplicated', async () => {
    for (let i = 0; i < 120; i++) comments.unshift({ id: i + 1, body: `review comment ${i}`, user: { login: 'someone', type: 'User' } });
    const id = comments.find((c) => c.body.startsWith(MARKER))!.id;
    calls.length = 0;
    const run = await runAction({ EDGECOST_MAX_INCREASE: '', EDGECOST_BUDGET: '10' });
    expect(run.stderr).toMatch(new RegExp(`pull-request comment ${id} edited`));
    expect(run.code).toBe(1);
    expect(comments.filter((c) => c.body.startsWith(MARKER))).toHaveLength(1);
    expect(comments.find((c) => c.id === id)!.body).toContain('**Gate FAILED**');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'GET').map((c) => c.path)).toHaveLength(2);
    expect(run.outputs['gate-exit-code']).toBe('1');
  });
});
