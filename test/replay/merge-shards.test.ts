/**
 * waf-gate merge: shards of one pressure run merged exactly (counts, histogram percentiles, windows on
 * the reference clock), and the inputs it refuses, each with a message naming the file and the field.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isConfigError } from '../../src/common/errors.ts';
import {
  decodeHistogram,
  mergeReplayFiles,
  mergeShards,
  resultFromSnapshot,
  type ReplayResult,
  type ShardResult,
} from '../../src/replay/index.ts';
import { checkExpectations } from '../../src/replay/merge-shards.ts';
import { StatsRecorder } from '../../src/replay/stats.ts';

interface Req {
  latencyUs: number;
  status: number;
  /** ms from the run's start (local clock of the machine that sent it). */
  atMs: number;
}

/** A result recorded by the real StatsRecorder from `requests`, with `now` = epoch ms. */
function recorded(
  requests: readonly Req[],
  connections: number,
  shard?: ReplayResult['shard'],
): ReplayResult {
  const stats = new StatsRecorder(['www.test'], 1000);
  // performance.now() readings: the recorder turns them into epoch ms with timeOrigin.
  const base = 10_000;
  for (const r of requests) {
    const now = base + r.atMs;
    stats.onSent(0, 40, now);
    stats.roll(now);
    if (r.status === 0) stats.onError(0, 1, 0, now + r.latencyUs / 1000);
    else stats.onResponse(0, r.status, r.latencyUs, 150, now + r.latencyUs / 1000);
  }
  const last = requests.at(-1)!;
  const result = resultFromSnapshot(stats.snapshot(base + last.atMs + 5), {
    runId: 'run-1',
    target: { host: '127.0.0.1', port: 8080, tls: false },
    corpus: { fingerprint: 'f'.repeat(64), entries: 1, sources: ['c.txt'] },
    loadShape: { mode: 'pressure', connections, keepAlive: true, rateRps: 100, durationMs: 2000 },
    idHeader: null,
  });
  if (shard) result.shard = shard;
  return result;
}

const requests: Req[] = Array.from({ length: 3001 }, (_, i) => ({
  latencyUs: 80 + ((i * 7919) % 45_000) + (i % 97 === 0 ? 900_000 : 0),
  status: i % 13 === 0 ? 403 : i % 101 === 0 ? 0 : 200,
  atMs: Math.floor(i * 0.66),
}));

const shardOf = (index: number, startAtMs?: number): NonNullable<ReplayResult['shard']> => ({
  index,
  count: 3,
  ...(startAtMs !== undefined ? { startAtMs } : {}),
});

function threeShards(): ShardResult[] {
  return [1, 2, 3].map((index) => ({
    file: `/shards/${index}/replay.json`,
    result: recorded(
      requests.filter((_, i) => i % 3 === index - 1),
      index === 1 ? 3 : 2,
      shardOf(index),
    ),
  }));
}

function refusal(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isConfigError(error), String(error));
    assert.match(`${(error as Error).message} ${(error as { file?: string }).file ?? ''}`, pattern);
    return true;
  });
}

describe('mergeShards', () => {
  it('equals one replay of the same requests: counts, status, error kinds, histogram, percentiles', () => {
    const whole = recorded(requests, 7);
    const merged = mergeShards(threeShards());
    assert.deepEqual(merged.totals, whole.totals);
    assert.deepEqual(merged.statusCounts, whole.statusCounts);
    assert.deepEqual(merged.errorCounts, whole.errorCounts);
    assert.deepEqual(merged.perDomain, whole.perDomain);
    assert.deepEqual(merged.latency.summary, whole.latency.summary);
    assert.equal(decodeHistogram(merged.latency.histogram).totalCount, whole.latency.summary.count);
    assert.equal(merged.loadShape.connections, 7);
    assert.equal(merged.loadShape.rateRps, 300);
    assert.equal(merged.startedAtMs, whole.startedAtMs);
    assert.equal(merged.endedAtMs, whole.endedAtMs);
    assert.equal(merged.shard, undefined);
    assert.deepEqual(
      merged.shards!.map((s) => [s.index, s.connections, s.sent, s.correctionMs]),
      [
        [1, 3, 1001, 0],
        [2, 2, 1000, 0],
        [3, 2, 1000, 0],
      ],
    );
    // Window by window: the merged windows hold the same counts as the single replay's.
    assert.deepEqual(
      merged.windows.map((w) => [w.completed, w.errors]),
      whole.windows.map((w) => [w.completed, w.errors]),
    );
  });

  it('aligns windows on the reference clock with each shard’s measured offset', () => {
    const ref = Date.UTC(2026, 11, 2, 8, 0, 0);
    const clock = (offsetMs: number) => ({
      reference: 'http://ref/',
      offsetMs,
      roundTripMs: 2,
      accuracyMs: 5,
      samples: 40,
      measuredAtMs: ref,
    });
    // Shard 1's clock is right; shard 2's is 600 ms behind (offset +600): the same reference instants
    // read 600 ms earlier on it.
    const window = (startMs: number, completed: number) => ({
      startMs,
      durationMs: 1000,
      completed,
      errors: 0,
      rps: completed,
      p50Us: 0,
      p99Us: 0,
      histogram: '',
    });
    const base = recorded(requests.slice(0, 10), 1);
    const make = (index: number, offsetMs: number, counts: number[]): ShardResult => {
      const local = (t: number): number => t - offsetMs;
      const result: ReplayResult = {
        ...structuredClone(base),
        startedAtMs: local(ref),
        endedAtMs: local(ref + 2000),
        windows: counts.map((c, k) => window(local(ref + k * 1000), c)),
        shard: { index, count: 2, startAtMs: ref, clock: clock(offsetMs) },
      };
      return { file: `/s/${index}/replay.json`, result };
    };
    const merged = mergeShards([make(1, 0, [10, 20]), make(2, 600, [1, 2])]);
    assert.deepEqual(
      merged.windows.map((w) => [w.startMs, w.completed]),
      [
        [ref, 11],
        [ref + 1000, 22],
      ],
    );
    assert.deepEqual(
      merged.shards!.map((s) => [s.correctionMs, s.startSkewMs]),
      [
        [0, 0],
        [600, 0],
      ],
    );
    // Without the clocks the same windows land in three slots: the correction is what aligns them.
    const uncorrected = [make(1, 0, [10, 20]), make(2, 600, [1, 2])].map((s) => {
      delete s.result.shard!.clock;
      return s;
    });
    assert.equal(mergeShards(uncorrected).windows.length, 3);
    // An offset within its accuracy is not applied.
    const small = make(2, 4, [1, 2]);
    assert.equal(mergeShards([make(1, 0, [10, 20]), small]).shards![1]!.correctionMs, 0);
  });
});

describe('mergeShards refuses', () => {
  const variant = (change: (r: ReplayResult) => void): ShardResult[] => {
    const shards = threeShards();
    change(shards[2]!.result);
    return shards;
  };
  it('another corpus, target, mode, domain list or duration, naming the file and field', () => {
    refusal(
      () => mergeShards(variant((r) => (r.corpus.fingerprint = 'e'.repeat(64)))),
      /corpus fingerprint eeeeeeeeeeee differs .*\/shards\/3/,
    );
    refusal(
      () => mergeShards(variant((r) => (r.target.port = 8081))),
      /target http:\/\/127.0.0.1:8081 differs/,
    );
    refusal(
      () => mergeShards(variant((r) => (r.domains = ['other.test']))),
      /domains other.test differs/,
    );
    refusal(
      () => mergeShards(variant((r) => (r.loadShape.durationMs = 5000))),
      /duration 5000 ms differs/,
    );
    refusal(
      () => mergeShards(variant((r) => (r.loadShape.mode = 'quality'))),
      /Only pressure-mode/,
    );
  });
  it('a shard twice, a missing shard, a shard of another split, a lone result, a non-shard', () => {
    refusal(() => mergeShards(variant((r) => (r.shard!.index = 2))), /Shard 2\/3 is given twice/);
    refusal(() => mergeShards(threeShards().slice(0, 2)), /Shard\(s\) 3\/3 missing/);
    refusal(() => mergeShards(variant((r) => (r.shard!.count = 4))), /of a run of 4 shards/);
    refusal(() => mergeShards(threeShards().slice(0, 1)), /at least 2 shards/);
    refusal(() => mergeShards(variant((r) => delete r.shard)), /Not a shard/);
  });
});

describe('checkExpectations (the merging step’s target and corpus)', () => {
  it('passes the shards’ own target and corpus, refuses another target or corpus naming the input', () => {
    const shards = threeShards();
    const target = { host: '127.0.0.1', port: 8080, tls: false };
    checkExpectations(shards, { target, corpusFingerprint: 'f'.repeat(64) });
    assert.throws(
      () => checkExpectations(shards, { target: { ...target, tls: true } }),
      (e: Error & { input?: string }) =>
        e.input === 'target' &&
        /replayed http:\/\/127.0.0.1:8080, not the target given here \(https/.test(e.message),
    );
    assert.throws(
      () => checkExpectations(shards, { corpusFingerprint: '0'.repeat(64) }),
      (e: Error & { input?: string }) =>
        e.input === 'corpus' && /fingerprint ffffffffffff, not the corpus/.test(e.message),
    );
  });
});

describe('mergeReplayFiles', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-merge-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds replay.json in artifact folders and writes the merged file', async () => {
    const shards = threeShards();
    for (const [i, s] of shards.entries()) {
      await mkdir(join(dir, 'shards', `waf-gate-shard-${i + 1}`), { recursive: true });
      await writeFile(
        join(dir, 'shards', `waf-gate-shard-${i + 1}`, 'replay.json'),
        JSON.stringify(s.result),
      );
    }
    const { path, files } = await mergeReplayFiles([join(dir, 'shards')], join(dir, 'merged'));
    assert.equal(files.length, 3);
    const written = JSON.parse(await readFile(path, 'utf8')) as ReplayResult;
    assert.equal(
      written.totals.sent,
      shards.reduce((a, s) => a + s.result.totals.sent, 0),
    );
    assert.equal(written.shards?.length, 3);
  });

  it('refuses a missing path, a non-replay JSON, an empty folder and an out-dir holding a shard', async () => {
    await assert.rejects(
      mergeReplayFiles([join(dir, 'nope')], join(dir, 'o')),
      /No such file or folder/,
    );
    await writeFile(join(dir, 'other.json'), '{"schema":"waf-gate/collect@1"}');
    await assert.rejects(
      mergeReplayFiles([join(dir, 'other.json'), join(dir, 'shards')], join(dir, 'o')),
      (e: Error & { file?: string }) =>
        /Not a replay.json/.test(e.message) && e.file === join(dir, 'other.json'),
    );
    await mkdir(join(dir, 'empty'), { recursive: true });
    await assert.rejects(
      mergeReplayFiles([join(dir, 'empty')], join(dir, 'o')),
      /No replay.json in the folder/,
    );
    await assert.rejects(
      mergeReplayFiles([join(dir, 'shards')], join(dir, 'shards', 'waf-gate-shard-1')),
      /would overwrite a shard/,
    );
  });
});
