/**
 * Shaping without sockets: the token bucket's and the send schedule's timing with an injected clock,
 * the options (ConfigErrors naming the input and value), and how the shaping is printed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isConfigError } from '../../src/common/errors.ts';
import {
  formatStatsBlock,
  formatStatsMarkdown,
  parseReplayOptions,
} from '../../src/replay/index.ts';
import { checkShards } from '../../src/replay/merge-shards.ts';
import { formatShaping, parseByteRate } from '../../src/replay/shaping/parse.ts';
import { headLength, SendSchedule } from '../../src/replay/shaping/send-schedule.ts';
import { TokenBucket } from '../../src/replay/shaping/token-bucket.ts';
import { chunkBytes, shapes } from '../../src/replay/shaping/types.ts';
import type { ReplayResult } from '../../src/replay/types.ts';

/** Drives a schedule like the shaped slot does, on a fake clock: [atMs, bytes] per write. */
function drive(schedule: SendSchedule, buf: Buffer, startMs: number): Array<[number, number]> {
  const writes: Array<[number, number]> = [];
  let now = startMs;
  schedule.start(buf, now);
  for (let guard = 0; !schedule.done && guard < 100_000; guard++) {
    const wait = schedule.waitMs(now);
    if (wait > 0) {
      now += wait;
      continue;
    }
    const from = schedule.offset;
    writes.push([now, schedule.take(now) - from]);
  }
  return writes;
}

describe('token bucket (injected clock)', () => {
  it('starts empty: the first transfer goes into debt and the next waits for it', () => {
    const bucket = new TokenBucket(1000, 100, 0);
    assert.equal(bucket.take(100, 0), 100); // 100 B at 1000 B/s: 100 ms of debt
    assert.equal(bucket.waitMs(50), 50);
    assert.equal(bucket.waitMs(100), 0);
  });

  it('holds at most the burst however long it idles, and refills by the clock actually read', () => {
    const bucket = new TokenBucket(1000, 100, 0);
    assert.equal(bucket.take(100, 10_000), 0); // idle 10 s: only 100 B banked
    assert.equal(bucket.take(100, 10_000), 100);
    // A timer that fires 30 ms late finds 30 ms of tokens: the next debt is shorter.
    assert.equal(bucket.take(100, 10_130), 70);
  });

  it('moves N bytes in chunk-sized takes at the rate: 64 KiB/s for 10 s', () => {
    const rate = 64 * 1024;
    const chunk = chunkBytes(rate);
    assert.equal(chunk, 3276);
    const bucket = new TokenBucket(rate, chunk, 0);
    let now = 0;
    let moved = 0;
    while (moved < rate * 10) {
      now += bucket.waitMs(now);
      bucket.take(chunk, now);
      moved += chunk;
    }
    // The last chunk leaves at (N - chunk) / rate: 10 s minus one chunk (50 ms).
    assert.ok(Math.abs(now - ((moved - chunk) * 1000) / rate) < 1e-6, String(now));
  });

  it('refuses a zero rate', () => {
    assert.throws(() => new TokenBucket(0, 1, 0), RangeError);
  });
});

describe('send schedule (injected clock)', () => {
  const head = 'POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n';
  const buf = Buffer.from(`${head}0123456789`);

  it('finds the end of the head (CRLF, LF, none)', () => {
    assert.equal(headLength(buf), head.length);
    assert.equal(headLength(Buffer.from('GET / HTTP/1.0\n\nbody')), 16);
    assert.equal(headLength(Buffer.from('GET /')), 5);
  });

  it('delay: the whole request leaves once, delayMs after the start', () => {
    assert.deepEqual(drive(new SendSchedule({ delayMs: 250 }, 0), buf, 1000), [[1250, buf.length]]);
  });

  it('slow header: head chunks one interval apart, the body right after the last', () => {
    const writes = drive(
      new SendSchedule({ slowHeader: { bytes: 20, intervalMs: 100 } }, 0),
      buf,
      0,
    );
    // 49-byte head: 20 + 20 + 9, then the 10-byte body with no pause.
    assert.equal(head.length, 49);
    assert.deepEqual(writes, [
      [0, 20],
      [100, 20],
      [200, 9],
      [200, 10],
    ]);
  });

  it('slow body after a delay, with the head sent whole', () => {
    const writes = drive(
      new SendSchedule({ delayMs: 50, slowBody: { bytes: 4, intervalMs: 1000 } }, 0),
      buf,
      0,
    );
    assert.deepEqual(writes, [
      [50, head.length],
      [50, 4],
      [1050, 4],
      [2050, 2],
    ]);
  });

  it('upload cap: chunk-sized writes spaced by their debt, spanning requests of the slot', () => {
    const schedule = new SendSchedule({ uploadRateBps: 100 }, 0); // 5-byte chunks, 50 ms each
    const first = drive(schedule, buf, 0);
    assert.equal(first.length, Math.ceil(buf.length / 5));
    assert.ok(first.every(([, n]) => n <= 5));
    first.forEach(([at], i) => assert.equal(at, i * 50));
    // The next request on the slot starts while the last chunk's debt is unpaid: it waits for it.
    const [lastAt, lastBytes] = first.at(-1)!;
    assert.equal(lastBytes, buf.length % 5 || 5);
    const second = drive(schedule, buf, lastAt);
    assert.equal(second[0]![0], lastAt + lastBytes * 10);
  });

  it('slow chunks larger than the upload chunk: paced writes, the cadence kept from chunk to chunk', () => {
    const bigHead = 'POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 300\r\n\r\n';
    const big = Buffer.from(`${bigHead}${'x'.repeat(300)}`);
    const schedule = new SendSchedule(
      { delayMs: 50, uploadRateBps: 1000, slowBody: { bytes: 120, intervalMs: 1000 } },
      0,
    );
    // 50-byte upload chunks (tokens banked during the delay pay for the head); each 120-byte slow
    // chunk in three writes; slow chunks start 1000 ms apart (50, 1050, 2050), whatever the delay.
    assert.equal(bigHead.length, 50);
    assert.deepEqual(drive(schedule, big, 0), [
      [50, 50],
      [50, 50],
      [100, 50],
      [150, 20],
      [1050, 50],
      [1050, 50],
      [1100, 20],
      [2050, 50],
      [2050, 10],
    ]);
  });

  it('a late timer does not add up (slow send) and a held-back chunk gives no burst', () => {
    const schedule = new SendSchedule({ slowHeader: { bytes: 10, intervalMs: 100 } }, 0);
    schedule.start(buf, 0);
    schedule.take(0);
    assert.equal(schedule.waitMs(0), 100);
    schedule.take(103); // 3 ms late: the next is still due at 200
    assert.equal(schedule.waitMs(103), 97);
    schedule.take(450); // held back 250 ms: the next is an interval from now
    assert.equal(schedule.waitMs(450), 100);
  });
});

describe('shaping options', () => {
  const base = { target: 'http://127.0.0.1:8080', corpus: 'a.txt' };

  it('parses rates with units, durations and BYTES/INTERVAL', () => {
    const o = parseReplayOptions({
      ...base,
      'upload-rate': '64KiB/s',
      'download-rate': '1.5 MB/s',
      delay: '100ms',
      'slow-header': '1/1s',
      'slow-body': '64 / 250ms',
    });
    assert.deepEqual(o.shaping, {
      uploadRateBps: 65_536,
      downloadRateBps: 1_500_000,
      delayMs: 100,
      slowHeader: { bytes: 1, intervalMs: 1000 },
      slowBody: { bytes: 64, intervalMs: 250 },
    });
    assert.equal(parseByteRate('r', '65536'), 65_536);
    assert.equal(parseByteRate('r', '2 gib'), 2 * 1024 ** 3);
    assert.equal(parseReplayOptions(base).shaping, undefined);
    assert.equal(parseReplayOptions({ ...base, delay: '0' }).shaping, undefined);
  });

  for (const [input, value, words] of [
    ['upload-rate', '64kbit/s', 'Not a byte rate'],
    ['download-rate', 'fast', 'Not a byte rate'],
    ['upload-rate', '0', 'out of range'],
    ['download-rate', '11GiB/s', 'out of range'],
    ['slow-header', '1', '<bytes>/<interval>'],
    ['slow-header', '0/1s', '<bytes>/<interval>'],
    ['slow-body', '10/soon', 'Not a duration'],
    ['slow-body', '10/2h', 'out of range'],
    ['delay', '-5ms', 'Not a duration'],
  ] as const)
    it(`${input}: ${value} is a ConfigError naming the input and value`, () => {
      assert.throws(
        () => parseReplayOptions({ ...base, [input]: value }),
        (e: unknown) =>
          isConfigError(e) && e.input === input && e.value === value && e.message.includes(words),
      );
    });

  it('shapes() is false for nothing set', () => {
    assert.equal(shapes(undefined), false);
    assert.equal(shapes({ delayMs: 0 }), false);
    assert.equal(shapes({ slowBody: { bytes: 1, intervalMs: 1 } }), true);
  });
});

describe('shaping in the printed results', () => {
  it('the stats block and the Markdown table show the shaping in effect', () => {
    const shaping = {
      uploadRateBps: 65_536,
      downloadRateBps: 1000,
      delayMs: 1500,
      slowHeader: { bytes: 1, intervalMs: 1000 },
    };
    const text = formatShaping(shaping);
    assert.equal(
      text,
      'upload 64 KiB/s, download 1000 B/s, delay 1500 ms, slow header 1 B every 1 s (per connection)',
    );
    const result = {
      runId: 'r1',
      domains: ['*'],
      durationMs: 1000,
      rps: 1,
      loadShape: { mode: 'pressure', connections: 1, keepAlive: true, shaping },
      totals: { sent: 1, completed: 1, errors: 0, unjoinable: 0, bytesSent: 1, bytesReceived: 1 },
      statusCounts: { '200': 1 },
      errorCounts: {},
      latency: {
        histogram: '',
        summary: { count: 1, minUs: 1, meanUs: 1, p50Us: 1, p90Us: 1, p99Us: 1, maxUs: 1 },
      },
    } as unknown as ReplayResult;
    assert.match(
      formatStatsBlock(result),
      new RegExp(`\\n  Shaping +${text.replace(/[()]/g, '\\$&')}\\n`),
    );
    assert.ok(formatStatsMarkdown(result).includes(`| Shaping | ${text} |`));
  });
});

describe('merging shards', () => {
  it('refuses shards that ran different shaping', () => {
    const shard = (
      index: number,
      uploadRateBps: number,
    ): { file: string; result: ReplayResult } => ({
      file: `shard${index}/replay.json`,
      result: {
        target: { host: '127.0.0.1', port: 80, tls: false },
        corpus: { fingerprint: 'sha256:abc', entries: 1, sources: [] },
        domains: ['*'],
        loadShape: {
          mode: 'pressure',
          connections: 1,
          keepAlive: true,
          shaping: { uploadRateBps },
        },
        shard: { index, count: 2 },
      } as unknown as ReplayResult,
    });
    assert.doesNotThrow(() => checkShards([shard(1, 1024), shard(2, 1024)]));
    assert.throws(
      () => checkShards([shard(1, 1024), shard(2, 2048)]),
      (e: unknown) =>
        isConfigError(e) &&
        e.file === 'shard2/replay.json' &&
        e.message.includes('shaping upload 2 KiB/s (per connection) differs from upload 1 KiB/s'),
    );
  });
});
