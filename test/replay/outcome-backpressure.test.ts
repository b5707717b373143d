/**
 * Issue 9: outcome writes respect backpressure. With `outcomes.jsonl` being a FIFO whose reader stalls,
 * the replay stops sending until the reader catches up (instead of buffering every line in memory),
 * and no outcome line is lost.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { open } from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import { OutcomeFile, backpressuredSink } from '../../src/replay/outcomes.ts';
import { tempDir } from './raw-servers.ts';

/** Reads a FIFO to its end; returns the text. */
async function readAll(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const parts: Buffer[] = [];
    const buf = Buffer.alloc(1 << 16);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      parts.push(Buffer.from(buf.subarray(0, bytesRead)));
    }
    return Buffer.concat(parts).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** Resolves once `value()` stopped changing for `quietMs`, or reached `limit`. */
async function settled(value: () => number, limit: number, quietMs: number): Promise<number> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const now = value();
    if (now >= limit) return now;
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return now;
    await sleep(50);
  }
}

describe('outcome backpressure (issue 9)', { timeout: 120_000 }, () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    tmp = await tempDir();
  });
  after(async () => tmp.cleanup());

  it('the sink pauses its producer while the file buffer is full and resumes on drain', async () => {
    const fifo = join(tmp.dir, 'unit.fifo');
    execFileSync('mkfifo', ['--', fifo]);
    const file = new OutcomeFile(fifo);
    const events: string[] = [];
    const sink = backpressuredSink(file, {
      pause: () => events.push('pause'),
      resume: () => events.push('resume'),
    });
    const chunk = `${'x'.repeat(8191)}\n`;
    // Nobody reads yet: the pipe fills, then the stream's own buffer.
    for (let i = 0; i < 4; i++) sink(chunk);
    assert.deepEqual(events, ['pause'], 'paused once, not once per chunk');
    const reading = readAll(fifo);
    await new Promise<void>((resolve) => file.onceDrained(resolve));
    assert.deepEqual(events, ['pause', 'resume']);
    await file.close();
    assert.equal((await reading).length, 4 * chunk.length);
    assert.ok(file.peakBufferedBytes <= 4 * chunk.length);
  });

  it('a stalled outcomes reader stops the replay; every outcome arrives once it reads', async () => {
    const total = 3000;
    let served = 0;
    const server = http.createServer((_req, res) => {
      served++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const corpus = await tmp.write('one.txt', 'GET /bp HTTP/1.1\r\nHost: a.test\r\n\r\n');
      const outDir = join(tmp.dir, 'out');
      execFileSync('mkdir', ['-p', '--', outDir]);
      const fifo = join(outDir, 'outcomes.jsonl');
      execFileSync('mkfifo', ['--', fifo]);
      const run = runReplay(
        parseReplayOptions({
          target: `http://127.0.0.1:${port}`,
          corpus,
          repeat: String(total),
          connections: '4',
          'out-dir': outDir,
          'progress-interval': '0',
        }),
        { logger: silentLogger },
      );
      // The reader does not read until the server stops seeing requests (or saw all of them).
      const servedWhileStalled = await settled(() => served, total, 1000);
      const text = readAll(fifo);
      const result = await run;
      const lines = (await text).trim().split('\n');
      // One outcome line is ~330 bytes: a 64 KiB pipe plus the writer's buffers hold a few hundred.
      assert.ok(
        servedWhileStalled < total / 3,
        `the replay went on while nobody read its outcomes: ${servedWhileStalled} of ${total} served`,
      );
      assert.equal(result.totals.completed, total);
      assert.equal(lines.length, total);
      const ids = new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id));
      assert.equal(ids.size, total, 'every outcome exactly once');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
