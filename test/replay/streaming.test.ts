/**
 * Quality mode over a streamed corpus (larger than preload-limit-mb): the same requests, ids and
 * outcome lines as a preloaded run, every request once per domain and repeat, also when the read-ahead
 * window fills and drains many times.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import { HIGH_WATER_JOBS } from '../../src/replay/stream-source.ts';
import type { RequestOutcome } from '../../src/replay/types.ts';
import { countHeads, startRawServer, tempDir, type RawServer } from './raw-servers.ts';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

describe('streamed corpus (quality mode)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let server: RawServer;
  let corpus: string;
  const ENTRIES = Math.ceil(HIGH_WATER_JOBS / 2) + 300;
  before(async () => {
    tmp = await tempDir();
    server = await startRawServer((socket: Socket, received: Buffer) => {
      const s = socket as typeof socket & { done?: number };
      const heads = countHeads(received);
      for (let i = s.done ?? 0; i < heads; i++) socket.write(OK);
      s.done = heads;
    });
    const raw = Array.from(
      { length: ENTRIES },
      (_, i) =>
        `${i % 7 === 0 ? 'HEAD' : 'GET'} http://old.example/p${i}?x=${i} HTTP/1.1\r\nHost: old.example\r\nX-N: ${i}\r\n\r\n`,
    ).join('====****\r\n');
    // Plus one HTTP/0.9 request, which cannot carry an id.
    corpus = await tmp.write('big.txt', `${raw}====****\r\nGET /nine\r\n\r\n`);
  });
  after(async () => {
    await server.close();
    await tmp.cleanup();
  });

  const run = async (name: string, preloadLimitMb: string) => {
    const result = await runReplay(
      parseReplayOptions({
        target: `http://127.0.0.1:${server.port}`,
        corpus,
        mode: 'quality',
        domains: 'a.test,b.test',
        repeat: '2',
        connections: '8',
        'run-id': 'same',
        'extra-headers': 'X-Extra: 1',
        'preload-limit-mb': preloadLimitMb,
        'out-dir': join(tmp.dir, name),
        'progress-interval': '0',
      }),
      { logger: silentLogger },
    );
    const lines = (await readFile(join(tmp.dir, name, 'outcomes.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RequestOutcome);
    return { result, lines };
  };

  it('sends what a preloaded run sends, with the same ids', { timeout: 120_000 }, async () => {
    const streamed = await run('streamed', '0');
    const loaded = await run('loaded', '1024');
    const total = (ENTRIES + 1) * 2 * 2;
    for (const { result, lines } of [streamed, loaded]) {
      assert.equal(result.totals.sent, total);
      assert.equal(result.totals.completed, total);
      assert.equal(result.totals.unjoinable, 2 * 2);
      assert.equal(result.corpus.entries, ENTRIES + 1);
      assert.equal(lines.length, total);
    }
    assert.equal(streamed.result.corpus.fingerprint, loaded.result.corpus.fingerprint);
    const key = (o: RequestOutcome): string =>
      JSON.stringify([o.id, o.domain, o.entryKey, o.origin, o.method, o.target, o.bytesSent]);
    const a = streamed.lines.map(key).sort();
    const b = loaded.lines.map(key).sort();
    assert.deepEqual(a, b);
    const ids = streamed.lines.map((o) => o.id).filter((id) => id !== null);
    assert.equal(new Set(ids).size, total - 4);
  });
});
