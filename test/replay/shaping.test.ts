/**
 * Shaping on real sockets, on both transports: 127.0.0.1 (the raw TCP handle, or net.Socket under
 * WAF_GATE_NET_SOCKETS=1) and localhost (net.Socket). What is asserted is the mechanism, not a speed:
 * bodies arrive byte-exact however they were cut, `replay.json` records the shaping, an answer that
 * comes before the whole request went out ends that connection, a server that hangs up mid-send is a
 * counted error, and a request can never complete sooner than its shaping allows (a lower bound the
 * token bucket guarantees; a slow machine only makes it truer).
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay, type ReplayResult } from '../../src/replay/index.ts';
import { chunkBytes } from '../../src/replay/shaping/types.ts';
import { startRawServer, tempDir, type RawServer } from './raw-servers.ts';

const SEP = '====****\n';

/** A request with a patterned body of `bodyBytes` (ending with a line feed, as the raw format has it). */
function post(path: string, bodyBytes: number): Buffer {
  const body = Buffer.alloc(bodyBytes);
  for (let i = 0; i < bodyBytes; i++) body[i] = 0x21 + ((i * 7 + (i >> 8)) % 90);
  body[bodyBytes - 1] = 0x0a;
  return Buffer.concat([
    Buffer.from(`POST ${path} HTTP/1.1\r\nHost: a\r\nContent-Length: ${bodyBytes}\r\n\r\n`),
    body,
  ]);
}

/** Bytes a complete request takes in `received` (head + Content-Length), or -1 while incomplete. */
function requestEnd(received: Buffer, from = 0): number {
  const headEnd = received.indexOf('\r\n\r\n', from);
  if (headEnd < 0) return -1;
  const m = /content-length:\s*(\d+)/i.exec(received.toString('latin1', from, headEnd));
  const end = headEnd + 4 + (m ? Number(m[1]) : 0);
  return received.length >= end ? end : -1;
}

/** A response with a body of `bodyBytes`. */
const response = (bodyBytes: number, status = '200 OK'): Buffer =>
  Buffer.concat([
    Buffer.from(`HTTP/1.1 ${status}\r\nContent-Length: ${bodyBytes}\r\n\r\n`),
    Buffer.alloc(bodyBytes, 0x62),
  ]);

const HOSTS = ['127.0.0.1', 'localhost'] as const;

describe('shaping on real sockets', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let server: RawServer;
  /** What the server does with a connection's bytes; set per test. */
  let behaviour: (socket: Socket, received: Buffer) => void = () => undefined;
  before(async () => {
    tmp = await tempDir();
    server = await startRawServer((socket, received) => behaviour(socket, received));
  });
  after(async () => {
    await server.close();
    await tmp.cleanup();
  });

  /** Answers every complete request on a connection with `reply`. */
  function answerEach(reply: Buffer): (socket: Socket, received: Buffer) => void {
    return (socket, received) => {
      const s = socket as Socket & { at?: number };
      for (let end = requestEnd(received, s.at ?? 0); end > 0; end = requestEnd(received, end)) {
        s.at = end;
        socket.write(reply);
      }
    };
  }

  async function replay(
    name: string,
    host: string,
    request: Buffer,
    inputs: Record<string, string>,
  ): Promise<{ result: ReplayResult; captures: Buffer[] }> {
    const first = server.connections;
    const corpus = await tmp.write(`${name}.txt`, Buffer.concat([request, Buffer.from(SEP)]));
    const result = await runReplay(
      parseReplayOptions({
        target: `http://${host}:${server.port}`,
        corpus,
        // Pressure mode: requests go as captured (quality mode adds an id header).
        mode: 'pressure',
        connections: '1',
        'out-dir': join(tmp.dir, name),
        'progress-interval': '0',
        ...inputs,
      }),
      { logger: silentLogger },
    );
    // The first connection is the reachability probe's.
    return { result, captures: server.captures.slice(first + 1) };
  }

  const minLatencyMs = (r: ReplayResult): number => r.latency.summary.minUs / 1000;

  for (const host of HOSTS) {
    it(`${host}: slow body arrives byte-exact, no sooner than its chunks allow, and is recorded`, async () => {
      behaviour = answerEach(response(2));
      const request = post('/slow-body', 40);
      const { result, captures } = await replay(`slow-body-${host}`, host, request, {
        'slow-body': '8/100ms',
        requests: '2',
      });
      assert.deepEqual(result.statusCounts, { '200': 2 });
      assert.deepEqual(captures, [Buffer.concat([request, request])]);
      // 40 bytes in 8-byte chunks: four intervals between the first and the last.
      assert.ok(minLatencyMs(result) >= 400 * 0.98, `${minLatencyMs(result)} ms`);
      const written = JSON.parse(
        await readFile(join(tmp.dir, `slow-body-${host}`, 'replay.json'), 'utf8'),
      ) as ReplayResult;
      assert.deepEqual(written.loadShape.shaping, { slowBody: { bytes: 8, intervalMs: 100 } });
    });

    it(`${host}: slow header and a delay: byte-exact, head chunks and delay add up`, async () => {
      behaviour = answerEach(response(2));
      const request = post('/slow-header', 10); // a 53-byte head
      const { result, captures } = await replay(`slow-header-${host}`, host, request, {
        'slow-header': '16/50ms',
        delay: '100ms',
        'keep-alive': 'false',
        requests: '2',
      });
      assert.deepEqual(result.statusCounts, { '200': 2 });
      assert.deepEqual(captures, [request, request]);
      assert.ok(minLatencyMs(result) >= (100 + 3 * 50) * 0.98, `${minLatencyMs(result)} ms`);
    });

    it(`${host}: upload cap: a large body arrives byte-exact, no sooner than the cap allows`, async () => {
      behaviour = answerEach(response(2));
      const rateBps = 256 * 1024;
      const request = post('/upload', 256 * 1024);
      const { result, captures } = await replay(`upload-${host}`, host, request, {
        'upload-rate': '256KiB/s',
        requests: '1',
      });
      assert.deepEqual(result.statusCounts, { '200': 1 });
      assert.ok(captures[0]!.equals(request), 'the body arrived byte-exact');
      // At most one chunk banked (the burst) and one in debt: the rest is paid for at the rate.
      const boundMs = ((request.length - 2 * chunkBytes(rateBps)) * 1000) / rateBps;
      assert.ok(minLatencyMs(result) >= boundMs * 0.98, `${minLatencyMs(result)} < ${boundMs} ms`);
    });

    it(`${host}: download cap: reading pauses, the whole body is read, no sooner than the cap allows`, async () => {
      const bodyBytes = 384 * 1024;
      const reply = response(bodyBytes);
      behaviour = answerEach(reply);
      const rateBps = 256 * 1024;
      const { result } = await replay(`download-${host}`, host, post('/download', 8), {
        'download-rate': '256KiB/s',
        requests: '1',
      });
      assert.deepEqual(result.statusCounts, { '200': 1 });
      assert.equal(result.totals.bytesReceived, reply.length);
      const boundMs = ((reply.length - 2 * chunkBytes(rateBps)) * 1000) / rateBps;
      assert.ok(minLatencyMs(result) >= boundMs * 0.98, `${minLatencyMs(result)} < ${boundMs} ms`);
    });

    it(`${host}: an answer before the body went out ends that connection; the next request starts clean`, async () => {
      // A WAF that rejects on the head (403) without reading the body, keeping the connection.
      behaviour = (socket, received) => {
        const s = socket as Socket & { answered?: boolean };
        if (!s.answered && received.includes('\r\n\r\n')) {
          s.answered = true;
          socket.write(response(2, '403 Forbidden'));
        }
      };
      const request = post('/early', 20);
      const { result, captures } = await replay(`early-${host}`, host, request, {
        'slow-body': '1/50ms',
        requests: '3',
      });
      assert.deepEqual(result.statusCounts, { '403': 3 });
      assert.equal(result.totals.errors, 0);
      // One connection per request, each holding the start of one request and nothing after it.
      assert.equal(captures.length, 3);
      for (const c of captures) {
        assert.ok(c.length < request.length, 'the rest of the body was not sent');
        assert.ok(request.subarray(0, c.length).equals(c));
      }
    });

    it(`${host}: a server that hangs up mid-send is a counted error, not a crash`, async () => {
      // Like nginx's client_header_timeout: the connection closes with no response.
      behaviour = (socket, received) => {
        if (received.length >= 10) socket.destroy();
      };
      const { result } = await replay(`hangup-${host}`, host, post('/hangup', 10), {
        'slow-header': '5/20ms',
        requests: '2',
      });
      assert.equal(result.totals.sent, 2);
      assert.equal(result.totals.completed, 0);
      assert.equal(result.totals.errors, 2);
      assert.deepEqual(Object.keys(result.errorCounts), ['reset']);
    });
  }
});
