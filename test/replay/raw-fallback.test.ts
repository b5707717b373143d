/**
 * The raw TCP path proves itself by a loopback send/receive before replay uses it; when it misbehaves
 * (here: a test hook corrupts every byte it writes) replay falls back to `net.Socket` with a debug
 * line, and the run still answers every request. One process per test file: the check runs once.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Logger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import { rawTcp, rawTcpTestHooks, type RawTcp } from '../../src/replay/raw-tcp.ts';
import { countHeads, startRawServer, tempDir, type RawServer } from './raw-servers.ts';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

describe('raw TCP loopback check', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let server: RawServer;
  let corpus: string;
  let handlesMade = 0;
  before(async () => {
    tmp = await tempDir();
    server = await startRawServer((socket: Socket, received: Buffer) => {
      const s = socket as typeof socket & { done?: number };
      const heads = countHeads(received);
      for (let i = s.done ?? 0; i < heads; i++) socket.write(OK);
      s.done = heads;
    });
    corpus = await tmp.write('t.txt', 'GET /t HTTP/1.1\r\nHost: a\r\n\r\n');
    // Misbehaving bindings: every write sends its bytes with the lowest bit flipped.
    rawTcpTestHooks.tamper = (raw: RawTcp): RawTcp => ({
      ...raw,
      newHandle: () => {
        handlesMade++;
        const handle = raw.newHandle();
        const write = handle.writeBuffer.bind(handle);
        handle.writeBuffer = (req, buf) => write(req, Buffer.from(buf.map((b) => b ^ 1)));
        return handle;
      },
    });
  });
  after(async () => {
    rawTcpTestHooks.tamper = null;
    await server.close();
    await tmp.cleanup();
  });

  it('corrupted loopback echo: falls back to net.Socket with a debug line', async (t) => {
    if (process.env.WAF_GATE_NET_SOCKETS === '1') {
      // Forced net.Socket: there is nothing to prove, and the tampered bindings are never made.
      assert.equal(rawTcp, null);
    } else assert.ok(rawTcp, 'the raw TCP bindings load on this Node');
    const debug: string[] = [];
    const logger: Logger = {
      debug: (m) => debug.push(m),
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    const result = await runReplay(
      parseReplayOptions({
        target: `http://127.0.0.1:${server.port}`,
        corpus,
        repeat: '5',
        connections: '2',
        'keep-alive': 'false',
        'out-dir': join(tmp.dir, 'out'),
        'progress-interval': '0',
      }),
      { logger },
    );
    assert.deepEqual(result.statusCounts, { '200': 5 });
    assert.equal(result.totals.errors, 0);
    assert.equal(rawTcp, null, 'after a failed check replay uses net.Socket');
    if (process.env.WAF_GATE_NET_SOCKETS === '1') {
      assert.equal(handlesMade, 0);
      return t.diagnostic('net.Socket forced: no check ran');
    }
    // The check's own connection is the only raw handle: the replay's 5 connections went through net.
    assert.equal(handlesMade, 1);
    const line = debug.find((m) => m.startsWith('Raw TCP transport failed its loopback check'));
    assert.ok(line, `debug lines: ${JSON.stringify(debug)}`);
    assert.match(line, /came back different/);
    assert.match(line, /using net\.Socket/);
  });
});
