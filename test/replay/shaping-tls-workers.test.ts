/**
 * Shaping on the other paths: TLS sockets (writes through `tls`, reading paused with `pause`/`resume`)
 * and worker threads (the shaping crosses to each worker with the engine config). Same mechanism
 * checks as shaping.test.ts: byte-exact bodies and lower bounds the token bucket guarantees.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay, type ReplayResult } from '../../src/replay/index.ts';
import { chunkBytes } from '../../src/replay/shaping/types.ts';
import net from 'node:net';
import { tempDir } from './raw-servers.ts';

const BODY = 'k=0123456789abcdefghijklmnopqrstuvwxyz\n';
const REQUEST = `POST /shaped HTTP/1.1\r\nHost: app.test\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`;
const DOWNLOAD_BYTES = 192 * 1024;
const REPLY = `HTTP/1.1 200 OK\r\nContent-Length: ${DOWNLOAD_BYTES}\r\n\r\n${'d'.repeat(DOWNLOAD_BYTES)}`;

/** Answers each complete REQUEST-sized request on a connection with REPLY; keeps what arrived. */
function answer(socket: Socket | tls.TLSSocket, got: Buffer[], index: number): void {
  let received = '';
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    got[index] = Buffer.concat([got[index] ?? Buffer.alloc(0), chunk]);
    received += chunk.toString('latin1');
    if (received.startsWith('GET ')) {
      // The reachability probe.
      if (received.includes('\r\n\r\n')) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    while (received.length >= REQUEST.length) {
      received = received.slice(REQUEST.length);
      socket.write(REPLY);
    }
  });
}

describe('shaping over TLS and in worker threads', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let tlsServer: tls.Server;
  let tlsPort = 0;
  const tlsGot: Buffer[] = [];
  let accepted = 0;
  before(async () => {
    tmp = await tempDir();
    const key = join(tmp.dir, 'key.pem');
    const cert = join(tmp.dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
      ].concat(['-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=app.test']),
      { stdio: 'ignore', timeout: 30_000 },
    );
    tlsServer = tls.createServer({ key: await readFile(key), cert: await readFile(cert) }, (s) =>
      answer(s, tlsGot, accepted++),
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    tlsPort = (tlsServer.address() as { port: number }).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    await tmp.cleanup();
  });

  async function run(
    name: string,
    target: string,
    inputs: Record<string, string>,
  ): Promise<ReplayResult> {
    const corpus = await tmp.write(`${name}.txt`, `${REQUEST}====****\n`);
    return runReplay(
      parseReplayOptions({
        target,
        corpus,
        mode: 'pressure',
        'out-dir': join(tmp.dir, name),
        'progress-interval': '0',
        ...inputs,
      }),
      { logger: silentLogger },
    );
  }

  it('TLS: a slow body arrives byte-exact; a download cap holds the response to its rate', async () => {
    const rateBps = 128 * 1024;
    const result = await run('tls', `https://127.0.0.1:${tlsPort}`, {
      insecure: 'true',
      connections: '1',
      requests: '2',
      'slow-body': '10/50ms',
      'download-rate': '128KiB/s',
    });
    assert.deepEqual(result.statusCounts, { '200': 2 });
    const sent = tlsGot.filter((b) => b?.toString('latin1').startsWith('POST '));
    assert.deepEqual(
      sent.map((b) => b.toString('latin1')),
      [REQUEST + REQUEST],
    );
    // TLS records of up to 16 KiB may be read past the cap once, so the bound leaves one record.
    const boundMs = ((REPLY.length - 2 * chunkBytes(rateBps) - 16 * 1024) * 1000) / rateBps;
    assert.ok(
      result.latency.summary.minUs / 1000 >= boundMs * 0.98,
      `${result.latency.summary.minUs} µs`,
    );
  });

  it('two worker threads: every connection shaped, every body byte-exact', async () => {
    const got: Buffer[] = [];
    let count = 0;
    const srv = net.createServer((s) => answer(s, got, count++));
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    try {
      const port = (srv.address() as { port: number }).port;
      const result = await run('workers', `http://127.0.0.1:${port}`, {
        workers: '2',
        connections: '2',
        requests: '4',
        'slow-body': '20/100ms',
      });
      assert.equal(result.workers, 2);
      assert.deepEqual(result.statusCounts, { '200': 4 });
      // Per connection: whole requests, one after the other (which worker sent how many may vary).
      const posts = got.filter((b) => b?.toString('latin1').startsWith('POST '));
      const text = posts.map((b) => b.toString('latin1'));
      for (const t of text) assert.equal(t, REQUEST.repeat(t.length / REQUEST.length));
      assert.equal(text.join('').length, REQUEST.length * 4);
      // Each body goes in two chunks 100 ms apart, in every worker.
      assert.ok(
        result.latency.summary.minUs >= 100_000 * 0.98,
        `${result.latency.summary.minUs} µs`,
      );
      assert.deepEqual(result.loadShape.shaping, { slowBody: { bytes: 20, intervalMs: 100 } });
    } finally {
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });
});
