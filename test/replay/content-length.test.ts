/**
 * Issue 9: an invalid Content-Length ("1 2", signs, hex, differing duplicates) is a malformed response,
 * as llhttp (Node's own parser) treats it — never a length made of the digits that happen to be there.
 */
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
import type { RequestOutcome } from '../../src/replay/types.ts';
import { startRawServer, tempDir } from './raw-servers.ts';

const parse = (response: string): number => {
  const parser = new ResponseParser();
  parser.reset(false);
  const buf = Buffer.from(response, 'latin1');
  return parser.execute(buf, 0, buf.length);
};
const withLength = (...values: string[]): string =>
  `HTTP/1.1 200 OK\r\n${values.map((v) => `Content-Length:${v}\r\n`).join('')}\r\n` +
  'x'.repeat(12);

describe('Content-Length validation (issue 9)', () => {
  it('"1 2" is not 12: a space between digits is malformed', () => {
    assert.equal(parse(withLength(' 1 2')), MALFORMED);
  });

  it('signs, hex, separators, empty values and huge values are malformed', () => {
    for (const value of [' +12', ' -1', ' 0x0c', ' 1,2', ' 12a', ' ', '', ' 1\t2', ' 9'.repeat(9)])
      assert.equal(parse(withLength(value)), MALFORMED, JSON.stringify(value));
    assert.equal(parse(withLength(' 1234567890123456')), MALFORMED, '16 digits');
  });

  it('duplicates are malformed, also with the same value (as llhttp: found by the fuzzer)', () => {
    assert.equal(parse(withLength(' 12', ' 13')), MALFORMED);
    assert.equal(parse(withLength(' 12', '12')), MALFORMED);
  });

  it('Content-Length with Transfer-Encoding is malformed in either order (fuzzer, llhttp)', () => {
    const chunked = '5\r\nhello\r\n0\r\n\r\n';
    for (const head of [
      'Transfer-Encoding: chunked\r\nContent-Length: 5',
      'Content-Length: 5\r\nTransfer-Encoding: chunked',
    ])
      assert.equal(parse(`HTTP/1.1 200 OK\r\n${head}\r\n\r\n${chunked}`), MALFORMED, head);
  });

  it('spaces around the digits and a tab before them are allowed; a tab after is not (fuzzer: "0\\t")', () => {
    for (const value of ['12', ' 12', '\t12', ' 12  ', '\t 012 ']) {
      const r = withLength(value);
      assert.equal(parse(r), Buffer.byteLength(r, 'latin1'), JSON.stringify(value));
    }
    assert.equal(parse(withLength(' 0\t')), MALFORMED);
    assert.equal(parse(withLength(' 12\t')), MALFORMED);
    assert.equal(parse(withLength(' 13')), NEED_MORE);
  });

  describe('on the wire', () => {
    let tmp: Awaited<ReturnType<typeof tempDir>>;
    before(async () => {
      tmp = await tempDir();
    });
    after(async () => tmp.cleanup());

    it('a response with "Content-Length: 1 2" is a malformed-response error of that request', async () => {
      const server = await startRawServer((socket, received) => {
        if (received.includes('\r\n\r\n'))
          socket.end('HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\nhello world!');
      });
      try {
        const corpus = await tmp.write('one.txt', 'GET /cl HTTP/1.1\r\nHost: a.test\r\n\r\n');
        const outDir = join(tmp.dir, 'out');
        const result = await runReplay(
          parseReplayOptions({
            target: `http://127.0.0.1:${server.port}`,
            corpus,
            'out-dir': outDir,
            'progress-interval': '0',
          }),
          { logger: silentLogger },
        );
        assert.deepEqual(result.errorCounts, { 'malformed-response': 1 });
        assert.equal(result.totals.completed, 0);
        const outcome = JSON.parse(
          (await readFile(join(outDir, 'outcomes.jsonl'), 'utf8')).trim(),
        ) as RequestOutcome;
        assert.equal(outcome.error, 'malformed-response');
        assert.equal(outcome.status, null);
      } finally {
        await server.close();
      }
    });
  });
});
