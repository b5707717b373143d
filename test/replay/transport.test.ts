/**
 * Transports: IP targets use libuv's TCP handle directly (raw-tcp.ts) on this Node; hostnames go
 * through `net.Socket`. Both frame the same responses, with and without keep-alive.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import { proveRawTcp, rawTcp, uvError } from '../../src/replay/raw-tcp.ts';
import { countHeads, startRawServer, tempDir, type RawServer } from './raw-servers.ts';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

describe('transports', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let server: RawServer;
  let corpus: string;
  before(async () => {
    tmp = await tempDir();
    server = await startRawServer((socket: Socket, received: Buffer) => {
      const s = socket as typeof socket & { done?: number };
      const heads = countHeads(received);
      for (let i = s.done ?? 0; i < heads; i++) socket.write(OK);
      s.done = heads;
    });
    corpus = await tmp.write('t.txt', 'GET /t HTTP/1.1\r\nHost: a\r\n\r\n');
  });
  after(async () => {
    await server.close();
    await tmp.cleanup();
  });

  it('the raw TCP bindings load and pass their loopback check (or net.Socket is forced)', async () => {
    assert.equal(uvError(-111).code, 'ECONNREFUSED');
    if (process.env.WAF_GATE_NET_SOCKETS === '1') {
      // The fallback run: no raw path at all, every transport below is net.Socket.
      assert.equal(rawTcp, null);
      assert.equal(await proveRawTcp(), false);
      return;
    }
    assert.ok(rawTcp, 'process.binding tcp_wrap/stream_wrap changed: replay falls back to net');
    assert.equal(await proveRawTcp(), true);
    assert.ok(rawTcp, 'the loopback check passed, so the raw path stays in use');
  });

  for (const host of ['127.0.0.1', 'localhost'])
    for (const keepAlive of ['true', 'false'])
      it(`${host}, keep-alive ${keepAlive}: every request answered`, async () => {
        const before = server.connections;
        const result = await runReplay(
          parseReplayOptions({
            target: `http://${host}:${server.port}`,
            corpus,
            repeat: '6',
            connections: '2',
            'keep-alive': keepAlive,
            'out-dir': join(tmp.dir, `${host}-${keepAlive}`),
            'progress-interval': '0',
          }),
          { logger: silentLogger },
        );
        assert.deepEqual(result.statusCounts, { '200': 6 });
        assert.equal(result.totals.errors, 0);
        // +1: the reachability probe's own connection.
        const opened = server.connections - before - 1;
        if (keepAlive === 'true') assert.ok(opened <= 2, `opened ${opened}`);
        else assert.equal(opened, 6);
      });
});
