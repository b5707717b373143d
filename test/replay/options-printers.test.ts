/** parseReplayOptions (ConfigErrors naming the input), printers, IPv6 targets and worker threads. */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isConfigError } from '../../src/common/errors.ts';
import { silentLogger } from '../../src/common/logger.ts';
import {
  formatProgressBar,
  formatProgressLine,
  formatStatsBlock,
  parseReplayOptions,
  runReplay,
} from '../../src/replay/index.ts';
import { countHeads, startRawServer, tempDir, type RawServer } from './raw-servers.ts';
import { missingPeer } from '../helpers/peers.ts';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

describe('parseReplayOptions', () => {
  it('applies defaults per mode', () => {
    const q = parseReplayOptions({ target: 'http://127.0.0.1:8080', corpus: 'a.txt' });
    assert.equal(q.mode, 'quality');
    assert.equal(q.repeat, 1);
    assert.equal(q.connections, 10);
    assert.deepEqual(q.domains, ['']);
    const p = parseReplayOptions({
      target: 'https://[::1]:8443',
      corpus: 'a.txt:3,b.txt:1',
      mode: 'pressure',
      domains: 'a.test',
      'extra-headers': 'X-A: 1\nX-B: two, three',
    });
    assert.deepEqual(p.target, { host: '::1', port: 8443, tls: true });
    assert.equal(p.durationMs, 10_000);
    assert.equal(p.maxDurationMs, 40_000);
    assert.equal(p.servername, 'a.test');
    assert.deepEqual(p.extraHeaders, [
      ['X-A', '1'],
      ['X-B', 'two, three'],
    ]);
  });
  it('names the input and value in errors', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ corpus: 'a' }, 'target'],
      [{ target: 'ftp://x', corpus: 'a' }, 'target'],
      [{ target: 'http://127.0.0.1:1', corpus: 'a', connections: '0' }, 'connections'],
      [{ target: 'http://127.0.0.1:1', corpus: 'a', duration: 'soon' }, 'duration'],
      [{ target: 'http://127.0.0.1:1', corpus: 'a', mode: 'fast' }, 'mode'],
      [{ target: 'http://127.0.0.1:1', corpus: 'a', 'extra-headers': 'no colon' }, 'extra-headers'],
      [{ target: 'http://127.0.0.1:1', corpus: 'a', bogus: '1' }, 'bogus'],
    ];
    for (const [raw, input] of cases) {
      assert.throws(
        () => parseReplayOptions(raw),
        (e: unknown) => isConfigError(e) && e.input === input,
        input,
      );
    }
  });
});

describe('printers', () => {
  it('render progress and the stats block as strings', () => {
    const p = {
      elapsedMs: 5000,
      sent: 100,
      completed: 90,
      errors: 2,
      rps: 18,
      fraction: 0.5,
      etaMs: 5000,
    };
    assert.match(
      formatProgressBar(p),
      /^\[#{15}\.{15}\]\s+50% 90 done {2}18 req\/s {2}2 errors {2}5s {2}ETA 5s$/,
    );
    assert.equal(
      formatProgressLine(p),
      'replay: 5s elapsed, 90 responses (50%), 18 req/s, 2 errors, ETA 5s',
    );
  });
});

describe('targets and workers', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let v6: RawServer | null = null;
  let v4: RawServer;
  const respond = (socket: Socket, received: Buffer): void => {
    const s = socket as typeof socket & { done?: number };
    const heads = countHeads(received);
    for (let i = s.done ?? 0; i < heads; i++) socket.write(OK);
    s.done = heads;
  };
  before(async () => {
    tmp = await tempDir();
    v4 = await startRawServer(respond);
    v6 = await startRawServer(respond, '::1').catch(() => null);
  });
  after(async () => {
    await v4.close();
    await v6?.close();
    await tmp.cleanup();
  });

  it('replays to an IPv6 loopback target', { timeout: 30_000 }, async (t) => {
    if (!v6) return t.skip(missingPeer('no IPv6 loopback on this machine'));
    const corpus = await tmp.write('v6.txt', 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    const result = await runReplay(
      parseReplayOptions({
        target: `http://[::1]:${v6.port}`,
        corpus,
        repeat: '5',
        'out-dir': join(tmp.dir, 'v6'),
        'progress-interval': '0',
      }),
      { logger: silentLogger },
    );
    assert.deepEqual(result.statusCounts, { '200': 5 });
    assert.ok(formatStatsBlock(result).includes('Success'));
  });

  it(
    'splits quality jobs over worker threads: every request once, one outcome line each',
    { timeout: 60_000 },
    async () => {
      const corpus = await tmp.write(
        'w.txt',
        Array.from({ length: 50 }, (_, i) => `GET /${i} HTTP/1.1\r\nHost: a\r\n\r\n`).join(
          '====****\n',
        ),
      );
      const result = await runReplay(
        parseReplayOptions({
          target: `http://127.0.0.1:${v4.port}`,
          corpus,
          domains: 'a.test,b.test',
          workers: '2',
          connections: '4',
          'out-dir': join(tmp.dir, 'w'),
          'progress-interval': '0',
        }),
        { logger: silentLogger },
      );
      assert.equal(result.workers, 2);
      assert.equal(result.totals.sent, 100);
      assert.deepEqual(result.statusCounts, { '200': 100 });
      const lines = (await readFile(join(tmp.dir, 'w', 'outcomes.jsonl'), 'utf8'))
        .trim()
        .split('\n');
      assert.equal(new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id)).size, 100);
    },
  );
});
