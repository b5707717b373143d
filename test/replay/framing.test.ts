/** HTTP/1.x response framing, against raw servers and the parser fed byte by byte. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import {
  MALFORMED,
  NEED_MORE,
  ResponseParser,
  parseReplayOptions,
  runReplay,
} from '../../src/replay/index.ts';
import type { ReplayResult, RequestOutcome } from '../../src/replay/types.ts';
import { countHeads, startRawServer, tempDir } from './raw-servers.ts';

const CASES: Array<{
  name: string;
  response: string;
  head?: boolean;
  status: number;
  keepAlive: boolean;
}> = [
  {
    name: 'content-length',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
    status: 200,
    keepAlive: true,
  },
  {
    name: 'chunked with extension and trailer',
    response:
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5;x=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n',
    status: 200,
    keepAlive: true,
  },
  {
    name: '1xx interim responses',
    response:
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nabc',
    status: 201,
    keepAlive: true,
  },
  {
    name: 'HEAD has no body',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n',
    head: true,
    status: 200,
    keepAlive: true,
  },
  {
    name: '204 has no body',
    response: 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n',
    status: 204,
    keepAlive: true,
  },
  {
    name: '304 has no body',
    response: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n',
    status: 304,
    keepAlive: true,
  },
  {
    name: 'bare LF head, Connection: close',
    response: 'HTTP/1.1 403 Forbidden\nConnection: close\nContent-Length: 2\n\nno',
    status: 403,
    keepAlive: false,
  },
  {
    name: 'head ending in LF CR CR LF',
    response: 'HTTP/1.1 200 OK\nContent-Length: 2\n\r\r\nok',
    status: 200,
    keepAlive: true,
  },
  {
    name: 'HTTP/1.0 with Connection: keep-alive',
    response: 'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx',
    status: 200,
    keepAlive: true,
  },
  {
    name: 'the last Connection header that says close or keep-alive wins',
    response:
      'HTTP/1.1 200 OK\r\nConnection: close\r\nConnection: upgrade\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx',
    status: 200,
    keepAlive: true,
  },
  {
    name: 'HTTP/1.0 without keep-alive',
    response: 'HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx',
    status: 200,
    keepAlive: false,
  },
];

describe('ResponseParser', () => {
  for (const c of CASES) {
    it(`${c.name}: whole and byte by byte`, () => {
      const bytes = Buffer.from(c.response, 'latin1');
      const parser = new ResponseParser();
      parser.reset(c.head === true);
      assert.equal(parser.execute(bytes, 0, bytes.length), bytes.length);
      assert.equal(parser.status, c.status);
      assert.equal(parser.keepAlive, c.keepAlive);
      parser.reset(c.head === true);
      let end = NEED_MORE;
      for (let i = 0; i < bytes.length; i++) {
        assert.equal(end, NEED_MORE, `completed early at byte ${i}`);
        end = parser.execute(bytes.subarray(i, i + 1), 0, 1);
      }
      assert.equal(end, 1);
      assert.equal(parser.status, c.status);
      assert.equal(parser.bytes, bytes.length);
    });
  }
  it('close-delimited body waits for EOF', () => {
    const parser = new ResponseParser();
    parser.reset(false);
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nServer: x\r\n\r\nbody');
    assert.equal(parser.execute(bytes, 0, bytes.length), NEED_MORE);
    assert.equal(parser.readsUntilClose, true);
    assert.equal(parser.keepAlive, false);
  });
  it('rejects what is not HTTP', () => {
    const parser = new ResponseParser();
    parser.reset(false);
    const bytes = Buffer.from('SSH-2.0-OpenSSH\r\n\r\n');
    assert.equal(parser.execute(bytes, 0, bytes.length), MALFORMED);
  });
  it('an invalid header makes the head malformed only once its end arrives', () => {
    // The head is parsed in one pass when a chunk holds all of it; a bad Content-Length seen
    // before the end of the head must not end the response early.
    const head = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1x\r\nServer: a\r\n');
    const parser = new ResponseParser();
    parser.reset(false);
    assert.equal(parser.execute(head, 0, head.length), NEED_MORE);
    assert.equal(parser.execute(Buffer.from('\r\n'), 0, 2), MALFORMED);
    const whole = Buffer.concat([head, Buffer.from('\r\n')]);
    parser.reset(false);
    assert.equal(parser.execute(whole, 0, whole.length), MALFORMED);
  });
  it('rejects a head shorter than a status line, whole and split', () => {
    const bytes = Buffer.from('HTTP/\n\n200 OK\r\n\r\n');
    const parser = new ResponseParser();
    parser.reset(false);
    assert.equal(parser.execute(bytes, 0, bytes.length), MALFORMED);
    parser.reset(false);
    assert.equal(parser.execute(bytes, 0, 5), NEED_MORE);
    assert.equal(parser.execute(bytes, 5, bytes.length), MALFORMED);
  });
  it('parses the head of a response that follows bytes in the same buffer', () => {
    // Read buffers are shared: a head starts mid-buffer and stale bytes may follow `end`.
    const buf = Buffer.from(
      'xxxxHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n\n\nHTTP/1.1 200',
    );
    const parser = new ResponseParser();
    parser.reset(false);
    assert.equal(parser.execute(buf, 4, 47), NEED_MORE);
    assert.equal(parser.execute(buf, 47, 49), 49);
    assert.equal(parser.status, 404);
  });
  it('stops at the end of a response when more bytes follow', () => {
    const parser = new ResponseParser();
    parser.reset(false);
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n');
    assert.equal(parser.execute(bytes, 0, bytes.length), 40);
  });
});

describe('engine framing against raw servers', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    tmp = await tempDir();
  });
  after(async () => tmp.cleanup());

  async function replayAgainst(
    response: (n: number) => string | Buffer,
    opts: { head?: boolean; requests?: number; endAfter?: boolean; split?: boolean } = {},
  ): Promise<{ result: ReplayResult; outcomes: RequestOutcome[]; connections: number }> {
    const answered = new WeakMap<object, number>();
    const server = await startRawServer((socket, received) => {
      const heads = countHeads(received);
      let done = answered.get(socket) ?? 0;
      while (done < heads) {
        const bytes = Buffer.from(response(done));
        if (opts.split) {
          // Split the response into single bytes over several writes.
          for (let i = 0; i < bytes.length; i++) socket.write(bytes.subarray(i, i + 1));
        } else socket.write(bytes);
        if (opts.endAfter) socket.end();
        done++;
      }
      answered.set(socket, done);
    });
    try {
      const name = `c${Math.random().toString(36).slice(2)}`;
      const corpus = await tmp.write(
        `${name}.txt`,
        `${opts.head ? 'HEAD' : 'GET'} / HTTP/1.1\r\nHost: a.test\r\n\r\n`,
      );
      const outDir = join(tmp.dir, name);
      const result = await runReplay(
        parseReplayOptions({
          target: `http://127.0.0.1:${server.port}`,
          corpus,
          mode: 'quality',
          connections: '1',
          repeat: String(opts.requests ?? 3),
          'out-dir': outDir,
          'progress-interval': '0',
          timeout: '10s',
        }),
        { logger: silentLogger },
      );
      const outcomes = (await readFile(join(outDir, 'outcomes.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as RequestOutcome);
      return { result, outcomes, connections: server.connections - 1 };
    } finally {
      await server.close();
    }
  }

  for (const c of CASES) {
    it(`${c.name}`, { timeout: 30_000 }, async () => {
      const { result, connections, outcomes } = await replayAgainst(() => c.response, {
        head: c.head === true,
        endAfter: !c.keepAlive,
      });
      assert.equal(result.totals.errors, 0, JSON.stringify(result.errorCounts));
      assert.deepEqual(result.statusCounts, { [String(c.status)]: 3 });
      assert.equal(connections, c.keepAlive ? 1 : 3);
      assert.deepEqual(
        outcomes.map((o) => o.reusedConnection),
        c.keepAlive ? [false, true, true] : [false, false, false],
      );
    });
  }

  it('responses split into single-byte writes', { timeout: 30_000 }, async () => {
    const { result } = await replayAgainst(() => CASES[1]!.response, { split: true });
    assert.deepEqual(result.statusCounts, { '200': 3 });
  });

  it('close-delimited bodies end at EOF', { timeout: 30_000 }, async () => {
    const { result, connections } = await replayAgainst(
      () => 'HTTP/1.1 200 OK\r\nServer: raw\r\n\r\nuntil close',
      { endAfter: true },
    );
    assert.deepEqual(result.statusCounts, { '200': 3 });
    assert.equal(result.totals.errors, 0);
    assert.equal(connections, 3);
  });

  it(
    'extra bytes after a response drop the connection, not the request',
    { timeout: 30_000 },
    async () => {
      const { result, connections } = await replayAgainst(
        () =>
          'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
      );
      assert.deepEqual(result.statusCounts, { '200': 3 });
      assert.equal(connections, 3);
    },
  );

  it('a malformed response is counted as malformed-response', { timeout: 30_000 }, async () => {
    const { result, outcomes } = await replayAgainst(() => 'NOT HTTP AT ALL\r\n\r\n');
    assert.deepEqual(result.errorCounts, { 'malformed-response': 3 });
    assert.ok(outcomes.every((o) => o.error === 'malformed-response' && o.status === null));
  });
});
