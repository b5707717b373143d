/**
 * The shard side of a sharded run: `shard: i/n` splits connections, rate and requests exactly
 * (remainders to the first shards), `start-at` is bounded, the clock offset against a reference is
 * measured within its stated accuracy, and the replay-traffic action's `merge` input (the source entry,
 * run as the runner runs it) merges shards and reports them in the job summary.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isConfigError } from '../../src/common/errors.ts';
import {
  measureClockOffset,
  parseReplayOptions,
  parseShard,
  parseStartAt,
  resultFromSnapshot,
  shareOf,
  splitLoad,
  type ReplayResult,
} from '../../src/replay/index.ts';
import { StatsRecorder } from '../../src/replay/stats.ts';
import { waitUntil } from '../../src/replay/shard-start.ts';

const configError = (pattern: RegExp) => (error: unknown) => {
  assert.ok(isConfigError(error), String(error));
  assert.match((error as Error).message, pattern);
  return true;
};

describe('shard: i/n', () => {
  it('parses i/n and refuses 0/3, 4/3, 1/0, 2-3 and more than 256 shards, naming the input', () => {
    assert.deepEqual(parseShard('shard', ' 2 / 3 '), { index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '2-3', '1/257', '', 'a/b'])
      assert.throws(
        () => parseShard('shard', bad),
        (e: unknown) => {
          assert.ok(isConfigError(e));
          assert.equal((e as { input?: string }).input, 'shard');
          return /Expected "i\/n"/.test((e as Error).message);
        },
      );
  });

  it('shares add up to the total exactly, differ by at most one unit, remainders first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 256 }),
        (total, n) => {
          const shares = Array.from({ length: n }, (_, i) =>
            shareOf(total, { index: i + 1, count: n }),
          );
          assert.equal(
            shares.reduce((a, b) => a + b, 0),
            total,
          );
          assert.ok(Math.max(...shares) - Math.min(...shares) <= 1);
          for (let i = 1; i < n; i++) assert.ok(shares[i - 1]! >= shares[i]!);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 10_000_000 }),
        fc.integer({ min: 1, max: 3 }),
        (milli, n) => {
          const rate = milli / 1000;
          const shares = Array.from(
            { length: n },
            (_, i) =>
              splitLoad({ connections: n, rateRps: rate }, { index: i + 1, count: n }).rateRps!,
          );
          assert.equal(Math.round(shares.reduce((a, b) => a + b, 0) * 1000), milli);
        },
      ),
    );
  });

  it('a replay option set gets its share; too few connections and quality mode are refused', () => {
    const raw = {
      target: 'http://127.0.0.1:1',
      corpus: 'c.txt',
      mode: 'pressure',
      connections: '7',
      rate: '100',
      requests: '10',
    };
    const parts = [1, 2, 3].map((i) => parseReplayOptions({ ...raw, shard: `${i}/3` }));
    assert.deepEqual(
      parts.map((o) => [o.connections, o.rateRps, o.requests, o.shard?.index]),
      [
        [3, 33.334, 4, 1],
        [2, 33.333, 3, 2],
        [2, 33.333, 3, 3],
      ],
    );
    assert.throws(
      () => parseReplayOptions({ ...raw, connections: '2', shard: '1/3' }),
      configError(/2 connection\(s\) cannot be split over 3 shards/),
    );
    assert.throws(
      () => parseReplayOptions({ ...raw, mode: 'quality', shard: '1/3' }),
      configError(/quality mode .* not sharded/),
    );
  });
});

describe('start-at', () => {
  const now = Date.UTC(2026, 11, 2, 8, 0, 0);
  it('takes ISO 8601 with a zone and epoch ms', () => {
    assert.equal(parseStartAt('start-at', '2026-12-02T08:01:00Z', now), now + 60_000);
    assert.equal(parseStartAt('start-at', '2026-12-02T09:01:30.5+01:00', now), now + 90_500);
    assert.equal(parseStartAt('start-at', String(now + 2000), now), now + 2000);
  });
  it('refuses more than 10 min ahead, passed by more than 5 s, and no zone or no time', () => {
    assert.throws(
      () => parseStartAt('start-at', String(now + 601_000), now),
      configError(/601 s ahead; at most 10 min/),
    );
    assert.throws(
      () => parseStartAt('start-at', String(now - 6000), now),
      configError(/passed 6 s ago/),
    );
    assert.doesNotThrow(() => parseStartAt('start-at', String(now - 4000), now));
    for (const bad of ['2026-12-02T08:01:00', 'tomorrow', '12345'])
      assert.throws(() => parseStartAt('start-at', bad, now), configError(/ISO 8601 with a zone/));
    assert.throws(
      () =>
        parseReplayOptions({
          target: 'http://127.0.0.1:1',
          corpus: 'c',
          mode: 'pressure',
          'start-at': String(Date.now() + 3_600_000),
        }),
      configError(/at most 10 min/),
    );
  });
  it('waitUntil resolves at once on abort (the wait is bounded by the signal)', async () => {
    const controller = new AbortController();
    const waiting = waitUntil(Date.now() + 600_000, controller.signal);
    controller.abort();
    await waiting;
  });
});

describe('clock offset', () => {
  it('is measured against a reference 3 s ahead within the accuracy it states', async () => {
    const server = http.createServer((_req, res) => {
      // A reference whose clock is 3 s ahead of this machine's.
      res.setHeader('Date', new Date(Date.now() + 3000).toUTCString());
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const clock = await measureClockOffset(url);
      assert.equal(clock.reference, url);
      assert.ok(clock.samples >= 2);
      assert.ok(
        Math.abs(clock.offsetMs - 3000) <= clock.accuracyMs + 1,
        `offset ${clock.offsetMs} ± ${clock.accuracyMs}`,
      );
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
  it('a reference that does not answer or sends no Date is an E_CLOCK_REFERENCE error', async () => {
    const server = http.createServer((_req, res) => {
      res.sendDate = false;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await assert.rejects(
        measureClockOffset(`http://127.0.0.1:${port}/`),
        (e: Error & { code?: string }) =>
          e.code === 'E_CLOCK_REFERENCE' && /without a valid Date/.test(e.message),
      );
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    await assert.rejects(
      measureClockOffset(`http://127.0.0.1:${port}/`),
      (e: Error & { code?: string }) =>
        e.code === 'E_CLOCK_REFERENCE' && /did not answer/.test(e.message),
    );
  });
});

describe('replay-traffic merge input (source entry)', () => {
  function shard(index: number): ReplayResult {
    const stats = new StatsRecorder(['*'], 1000);
    for (let i = 0; i < 10 * index; i++) {
      stats.onSent(0, 40, 1000 + i);
      stats.onResponse(0, i % 2 ? 200 : 403, 100 + i * 10, 150, 1001 + i);
    }
    const result = resultFromSnapshot(stats.snapshot(1100), {
      runId: 'r',
      target: { host: '127.0.0.1', port: 80, tls: false },
      corpus: { fingerprint: 'a'.repeat(64), entries: 1, sources: ['c'] },
      loadShape: { mode: 'pressure', connections: 1, keepAlive: true },
      idHeader: null,
    });
    result.shard = { index, count: 2 };
    return result;
  }

  it('merges the shards into out-dir and sets the outputs and the summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-merge-action-'));
    try {
      for (const i of [1, 2]) {
        await mkdir(join(dir, 'shards', `s${i}`), { recursive: true });
        await writeFile(join(dir, 'shards', `s${i}`, 'replay.json'), JSON.stringify(shard(i)));
      }
      const files = { output: join(dir, 'out.txt'), summary: join(dir, 'summary.md') };
      await writeFile(files.output, '');
      await writeFile(files.summary, '');
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', resolve('src/actions/replay-traffic.ts')],
        {
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            HOME: process.env.HOME ?? '/root',
            GITHUB_OUTPUT: files.output,
            GITHUB_STEP_SUMMARY: files.summary,
            INPUT_MERGE: join(dir, 'shards'),
            'INPUT_OUT-DIR': join(dir, 'merged'),
          },
        },
      );
      assert.equal(run.status, 0, run.stdout + run.stderr);
      const merged = JSON.parse(
        await readFile(join(dir, 'merged', 'replay.json'), 'utf8'),
      ) as ReplayResult;
      assert.equal(merged.totals.sent, 30);
      assert.equal(merged.loadShape.connections, 2);
      const output = await readFile(files.output, 'utf8');
      assert.match(output, /total<<[^\n]+\n30\n/);
      assert.match(
        output,
        new RegExp(`results-path<<[^\\n]+\\n${join(dir, 'merged', 'replay.json')}\\n`),
      );
      assert.match(
        await readFile(files.summary, 'utf8'),
        /#### Shards \(2\)[\s\S]*\| 2\/2 \| 1 \| - \| 20 \| 20 \| 0 \|/,
      );
      // A shard missing its sibling is refused with the reason (exit code of a failed action).
      await rm(join(dir, 'shards', 's2'), { recursive: true });
      const partial = spawnSync(
        process.execPath,
        ['--import', 'tsx', resolve('src/actions/replay-traffic.ts')],
        {
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            PATH: process.env.PATH ?? '',
            GITHUB_OUTPUT: files.output,
            GITHUB_STEP_SUMMARY: files.summary,
            INPUT_MERGE: join(dir, 'shards'),
            'INPUT_OUT-DIR': join(dir, 'merged2'),
          },
        },
      );
      assert.notEqual(partial.status, 0);
      assert.match(partial.stdout + partial.stderr, /at least 2 shards/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
