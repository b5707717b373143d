/**
 * Who ends the connection, and how. With `--keep-alive false` and a response that would keep the
 * connection open, the client closes abortively (an RST: it holds no TIME_WAIT, which capped a new
 * connection per request at ~14k/s on one source address). When the server says `Connection: close`
 * it ends the connection itself and the client closes normally (no RST). Both transports: 127.0.0.1
 * (raw TCP handle, or net.Socket under WAF_GATE_NET_SOCKETS=1) and localhost (net.Socket).
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import { countHeads, startRawServer, tempDir, type RawServer } from './raw-servers.ts';

const KEEP = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const CLOSE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';

/** How each server-side connection ended: 'reset' (ECONNRESET), 'fin' (end of stream) or 'open'. */
type Ending = 'reset' | 'fin' | 'open';

describe('client-side close', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let server: RawServer;
  let endings: Ending[] = [];
  let serverCloses = false;
  before(async () => {
    tmp = await tempDir();
    server = await startRawServer((socket: Socket, received: Buffer, conn: number) => {
      const s = socket as typeof socket & { done?: number; watched?: boolean };
      if (!s.watched) {
        s.watched = true;
        endings[conn] = 'open';
        socket.on('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'ECONNRESET') endings[conn] = 'reset';
        });
        socket.on('end', () => {
          if (endings[conn] === 'open') endings[conn] = 'fin';
        });
      }
      const heads = countHeads(received);
      for (let i = s.done ?? 0; i < heads; i++) {
        if (serverCloses) socket.end(CLOSE);
        else socket.write(KEEP);
      }
      s.done = heads;
    });
  });
  after(async () => {
    await server.close();
    await tmp.cleanup();
  });

  async function replay(host: string, keepAlive: boolean, name: string): Promise<Ending[]> {
    endings = [];
    const first = server.connections;
    const corpus = await tmp.write(`${name}.txt`, 'GET /c HTTP/1.1\r\nHost: a\r\n\r\n');
    const result = await runReplay(
      parseReplayOptions({
        target: `http://${host}:${server.port}`,
        corpus,
        repeat: '4',
        connections: '1',
        'keep-alive': String(keepAlive),
        'out-dir': join(tmp.dir, name),
        'progress-interval': '0',
      }),
      { logger: silentLogger },
    );
    assert.deepEqual(result.statusCounts, { '200': 4 });
    assert.equal(result.totals.errors, 0);
    // The server learns of the client's close a moment after the client's last response.
    for (let i = 0; i < 100 && endings.slice(first).some((e) => e === 'open'); i++) await sleep(10);
    // The first connection is the reachability probe's.
    return endings.slice(first + 1);
  }

  for (const host of ['127.0.0.1', 'localhost']) {
    it(`${host}: keep-alive off, keep-alive response: every connection ends with an RST`, async () => {
      serverCloses = false;
      const ends = await replay(host, false, `rst-${host}`);
      assert.deepEqual(ends, ['reset', 'reset', 'reset', 'reset']);
    });
    it(`${host}: the server says Connection: close: no RST from the client`, async () => {
      serverCloses = true;
      const ends = await replay(host, false, `fin-${host}`);
      assert.equal(ends.length, 4);
      assert.ok(!ends.includes('reset'), JSON.stringify(ends));
    });
  }
});
