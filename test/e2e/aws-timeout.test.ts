import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** An endpoint that accepts connections and never answers (a black-holing proxy or firewall). */
const sockets = new Set<Socket>();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('an AWS endpoint that never answers', () => {
  it('fails with exit 3 after the request timeout instead of hanging', async () => {
    const started = Date.now();
    const { code, stderr } = await runCli(['report', '--days', '3', '--quiet'], {
      env: { AWS_ENDPOINT_URL: url, EDGECOST_REQUEST_TIMEOUT_MS: '300', AWS_MAX_ATTEMPTS: '2' },
    });
    expect(code).toBe(3);
    expect(stderr).toMatch(/cloudfront:ListDistributions/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
