/** Bytes on the wire equal the corpus bytes after rewriting, for odd requests (raw capture server). */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import type { RequestOutcome } from '../../src/replay/types.ts';
import { startRawServer, tempDir, type RawServer } from './raw-servers.ts';

const SEP = Buffer.from('====****\n');
const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';

/** Odd requests, as captured. */
function oddRequests(): Buffer[] {
  const big = Buffer.alloc(1024 * 1024, 0x41);
  big[big.length - 1] = 0x0a;
  big[500] = 0x00;
  big[501] = 0xff;
  return [
    Buffer.from('\tGET /tab HTTP/1.1\r\nHost: a\r\n\r\n'),
    Buffer.from('GET /zero-nine\r\n'),
    Buffer.from('GET /dup HTTP/1.1\r\nX-Dup: 1\r\nX-Dup: 2\r\nhOsT: a\r\n\r\n'),
    Buffer.from('GeT /MiXeD HTTP/1.1\nHost: a\ncOnTeNt-TyPe: text/plain\n\n'),
    // A raw-format request ends with a line ending (the separator is a line of its own), so bodies do too.
    Buffer.concat([
      Buffer.from('POST /nul HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\n'),
      Buffer.from([0x61, 0x00, 0x62, 0x00, 0x63, 0x0d, 0x0a]),
    ]),
    Buffer.concat([
      Buffer.from('POST /utf8 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n'),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0x0a]),
    ]),
    Buffer.concat([
      Buffer.from(`PUT /big HTTP/1.1\r\nHost: a\r\nContent-Length: ${big.length}\r\n\r\n`),
      big,
    ]),
  ];
}

/** Answers once a connection went quiet (the client sends one request per connection here). */
function quietResponder(): (socket: Socket, received: Buffer) => void {
  const timers = new WeakMap<object, NodeJS.Timeout>();
  return (socket) => {
    clearTimeout(timers.get(socket));
    timers.set(
      socket,
      setTimeout(() => socket.end(OK), 150),
    );
  };
}

describe('bytes on the wire', () => {
  let server: RawServer;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    server = await startRawServer(quietResponder());
    tmp = await tempDir();
  });
  after(async () => {
    await server.close();
    await tmp.cleanup();
  });

  it(
    'sends every odd request exactly as captured (no domains, pressure mode)',
    { timeout: 60_000 },
    async () => {
      const requests = oddRequests();
      // The last request has no line terminator at all: only possible at the end of the file.
      const last = Buffer.from('GET /no-terminator HTTP/1.1');
      const corpus = await tmp.write(
        'odd.raw',
        Buffer.concat([...requests.flatMap((r) => [r, SEP]), last]),
      );
      requests.push(last);
      server.captures.length = 0;
      const options = parseReplayOptions({
        target: `http://127.0.0.1:${server.port}`,
        corpus,
        mode: 'pressure',
        connections: '1',
        'keep-alive': 'false',
        repeat: '1',
        'out-dir': join(tmp.dir, 'out-pressure'),
        'progress-interval': '0',
      });
      const result = await runReplay(options, { logger: silentLogger });
      assert.equal(result.totals.sent, requests.length);
      assert.equal(result.totals.errors, 0);
      assert.deepEqual(
        server.captures.filter((b) => b.length > 0).map((b) => b.toString('base64')),
        requests.map((b) => b.toString('base64')),
      );
    },
  );

  it(
    'rewrites Host and absolute URLs per domain, inserts the id after the request line, keeps the rest',
    { timeout: 60_000 },
    async () => {
      const corpusBytes = Buffer.concat([
        Buffer.from(
          'GET http://old.example/x?y=1 HTTP/1.1\r\nhost:  old.example\r\nX-A: 1\r\nHOST: dup.example\r\n\r\n',
        ),
        SEP,
        Buffer.from(
          'GET https://old.example/lf HTTP/1.0\nHost: old.example\nReferer: http://old.example/\n\nbody Host: keep\n',
        ),
        SEP,
        Buffer.from('GET /zero-nine\r\n'),
        SEP,
      ]);
      const corpus = await tmp.write('rewrite.txt', corpusBytes);
      server.captures.length = 0;
      const outDir = join(tmp.dir, 'out-quality');
      const options = parseReplayOptions({
        target: `http://127.0.0.1:${server.port}`,
        corpus,
        domains: 'new.test,other.test',
        mode: 'quality',
        connections: '1',
        'keep-alive': 'false',
        'run-id': 'run1',
        'out-dir': outDir,
        'progress-interval': '0',
      });
      const result = await runReplay(options, { logger: silentLogger });
      // The first connection is the reachability probe (no bytes).
      const got = server.captures.filter((b) => b.length > 0).map((b) => b.toString('latin1'));
      assert.deepEqual(got, [
        'GET http://new.test/x?y=1 HTTP/1.1\r\nX-Waf-Gate-Id: run1-0-0\r\nhost:  new.test\r\nX-A: 1\r\nHOST: new.test\r\n\r\n',
        'GET http://other.test/x?y=1 HTTP/1.1\r\nX-Waf-Gate-Id: run1-1-1\r\nhost:  other.test\r\nX-A: 1\r\nHOST: other.test\r\n\r\n',
        'GET https://new.test/lf HTTP/1.0\nX-Waf-Gate-Id: run1-0-2\nHost: new.test\nReferer: http://old.example/\n\nbody Host: keep\n',
        'GET https://other.test/lf HTTP/1.0\nX-Waf-Gate-Id: run1-1-3\nHost: other.test\nReferer: http://old.example/\n\nbody Host: keep\n',
        'GET /zero-nine\r\n',
        'GET /zero-nine\r\n',
      ]);
      assert.equal(result.totals.unjoinable, 2);
      const lines = (await readFile(join(outDir, 'outcomes.jsonl'), 'utf8')).trim().split('\n');
      const outcomes = lines.map((l) => JSON.parse(l) as RequestOutcome);
      assert.equal(outcomes.length, 6);
      assert.deepEqual(outcomes.map((o) => o.id).sort(), [
        null,
        null,
        'run1-0-0',
        'run1-0-2',
        'run1-1-1',
        'run1-1-3',
      ]);
      assert.ok(outcomes.every((o) => o.status === 200));
    },
  );
});
