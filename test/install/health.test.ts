import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { waitForHealth } from '../../src/install/health.ts';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/health`);
    }),
  );
}

describe('waitForHealth', () => {
  let hosts: string[] = [];
  let calls = 0;
  let url: string;
  let failingUrl: string;
  const server = createServer((req, res) => {
    hosts.push(req.headers.host ?? '');
    calls += 1;
    // Healthy only for the right Host and from the third request on (as a reloading WAF would be).
    res.writeHead(req.headers.host === 'app.test' && calls >= 3 ? 200 : 503).end('x');
  });
  const failing = createServer((_req, res) => res.writeHead(503).end());

  before(async () => {
    url = await listen(server);
    failingUrl = await listen(failing);
  });
  after(() => {
    server.close();
    failing.close();
  });

  it('polls until the expected status, sending the Host header, and reports the latency', async () => {
    hosts = [];
    calls = 0;
    const result = await waitForHealth({
      url,
      hostHeader: 'app.test',
      expectedStatus: 200,
      timeoutMs: 20_000,
      intervalMs: 20,
    });
    assert.equal(result.attempts, 3);
    assert.ok(result.latencyMs > 0);
    assert.deepEqual(hosts, ['app.test', 'app.test', 'app.test']);
  });

  it('fails within its timeout when the probe never succeeds, quoting the last status', async () => {
    await assert.rejects(
      waitForHealth({ url: failingUrl, expectedStatus: 200, timeoutMs: 1000, intervalMs: 50 }),
      (e: Error & { code?: string }) =>
        e.code === 'E_HEALTH_TIMEOUT' && /status 503/.test(e.message),
    );
  });

  it('fails within its timeout when nothing listens', async () => {
    const closed = createServer();
    const dead = await listen(closed);
    await new Promise<void>((r) => closed.close(() => r()));
    await assert.rejects(
      waitForHealth({ url: dead, expectedStatus: 200, timeoutMs: 300, intervalMs: 50 }),
      (e: Error & { code?: string }) =>
        e.code === 'E_HEALTH_TIMEOUT' && /ECONNREFUSED|connect/i.test(e.message),
    );
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const waiting = waitForHealth(
      { url: failingUrl, expectedStatus: 200, timeoutMs: 60_000, intervalMs: 50 },
      controller.signal,
    );
    setTimeout(() => controller.abort(new Error('cancelled by test')), 100);
    await assert.rejects(waiting, /cancelled by test/);
  });
});
