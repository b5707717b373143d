/**
 * Issue 13 part 4 on this machine: the sharded pressure fixture (the example's schedule → shard matrix →
 * merge jobs) through the workflow executor, with three bench runners running their shard at the same
 * time against a private nginx origin (bench/origin-nginx.ts), which also serves as the clock reference.
 * Asserts the merged replay.json sums the shards' replay.json exactly (totals, status counts, load
 * shape) and lists every shard with its clock and start-at; the start skew is reported, not asserted.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOrigin, type Origin } from '../../bench/origin-nginx.ts';
import type { ReplayResult } from '../../src/replay/types.ts';
import { missingPeer } from '../helpers/peers.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import { fixture, repoDir } from './harness.ts';

const skip = spawnSync('nginx', ['-v']).error ? missingPeer('nginx not found') : undefined;

async function artifactJson(run: WorkflowRun, name: string): Promise<ReplayResult> {
  const artifact = run.artifacts.list().find((a) => a.name === name);
  assert.ok(
    artifact,
    `artifact ${name}; have ${run.artifacts
      .list()
      .map((a) => a.name)
      .join(', ')}`,
  );
  return JSON.parse(await readFile(join(artifact.dir, 'replay.json'), 'utf8')) as ReplayResult;
}

describe('sharded pressure run (3 shards, executor)', { skip, timeout: 300_000 }, () => {
  let dir: string;
  let origin: Origin;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-sharded-'));
    origin = await startOrigin(join(dir, 'origin'));
  });
  after(async () => {
    await origin?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('merges the shards exactly and records each shard’s clock and start', async () => {
    const corpus = join(dir, 'corpus.txt');
    await writeFile(corpus, 'GET / HTTP/1.1\r\nHost: origin\r\n\r\n');
    const runners = [1, 2, 3].map((n) => ({
      name: `bench-${n}`,
      labels: ['bench'],
      workDir: join(dir, `bench-${n}`, '_work'),
    }));
    const run = await runWorkflow(fixture('sharded-pressure.yml'), {
      repoDir,
      repository: 'acme/waf-gate',
      runners,
      runDir: join(dir, 'run'),
      eventName: 'push',
      vars: {
        TARGET: origin.url,
        CORPUS: corpus,
        // Lead time for three CLI processes to start (tsx compiles on first use) and measure the clock.
        LEAD_MS: '20000',
        CLI: resolve('src/cli/main.ts'),
        TSX: import.meta.resolve('tsx'),
      },
    });
    const failures = run.jobs
      .filter((j) => j.result !== 'success')
      .map((j) => `${j.name}: ${j.error ?? ''} ${j.steps.map((s) => s.log).join('\n')}`);
    assert.deepEqual(failures, []);
    // The three shards ran on three runners at the same time.
    const shardJobs = run.jobs.filter((j) => j.id === 'shard');
    assert.deepEqual(shardJobs.map((j) => j.runner).sort(), ['bench-1', 'bench-2', 'bench-3']);

    const shards = await Promise.all(
      [1, 2, 3].map((n) => artifactJson(run, `waf-gate-shard-${n}`)),
    );
    const merged = await artifactJson(run, 'waf-gate-replay-merged');
    const sum = (f: (r: ReplayResult) => number): number => shards.reduce((a, r) => a + f(r), 0);
    // Connections 7 → 3 + 2 + 2, rate 150 → 50 each: the shares add up to the whole run's load.
    assert.deepEqual(
      shards.map((s) => s.loadShape.connections),
      [3, 2, 2],
    );
    assert.deepEqual(
      shards.map((s) => s.loadShape.rateRps),
      [50, 50, 50],
    );
    assert.equal(merged.loadShape.connections, 7);
    assert.equal(merged.loadShape.rateRps, 150);
    assert.ok(sum((r) => r.totals.sent) > 0);
    for (const key of ['sent', 'completed', 'errors', 'bytesSent', 'bytesReceived'] as const)
      assert.equal(
        merged.totals[key],
        sum((r) => r.totals[key]),
        key,
      );
    assert.equal(
      merged.statusCounts['200'],
      sum((r) => r.statusCounts['200'] ?? 0),
    );
    assert.equal(
      merged.latency.summary.count,
      sum((r) => r.latency.summary.count),
    );
    assert.equal(
      merged.windows.reduce((a, w) => a + w.completed, 0),
      merged.totals.completed,
    );
    const startAt = shards[0]!.shard!.startAtMs!;
    assert.ok(shards.every((s) => s.shard?.startAtMs === startAt));
    assert.deepEqual(
      merged.shards!.map((s) => [s.index, s.count, s.source.includes(`waf-gate-shard-${s.index}`)]),
      [
        [1, 3, true],
        [2, 3, true],
        [3, 3, true],
      ],
    );
    for (const s of shards) assert.equal(s.shard?.clock?.reference, `${origin.url}/`);
    const skews = merged.shards!.map((s) => s.startSkewMs!);
    const clocks = shards.map((s) => `${s.shard!.clock!.offsetMs}±${s.shard!.clock!.accuracyMs}`);
    // Reported, not asserted (no timed assertions): how close to start-at each shard sent its first request.
    console.log(
      `shard start skew vs start-at (ms): ${skews.join(', ')}; clock offsets (ms): ${clocks.join(', ')}`,
    );
  });
});
