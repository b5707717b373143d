/**
 * Run-to-run rounds on the real lab (issue 13, part 3): a round whose WAF worker is killed (SIGKILL)
 * while it runs, and a round whose health probe finds the port closed, fail, are retried for the same
 * build, stay on disk and in run.json with why, are left out of the statistics and listed in the
 * report; every attempt has one line in `<out-dir>/rounds.jsonl`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { compareRuns, defaultPolicy } from '../../src/compare/index.ts';
import type { RunRecord } from '../../src/compare/types.ts';
import type { WafInstanceState } from '../../src/lab/types.ts';
import { runPipeline, type BuildTarget } from '../../src/pipeline/index.ts';
import { ROUND_LOG_SCHEMA, type RoundLogRecord } from '../../src/pipeline/round-log.ts';
import type { ReplayResult } from '../../src/replay/types.ts';
import { renderReport } from '../../src/report/index.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The nginx worker of a one-worker lab instance (the master's only child). */
async function workerPid(waf: WafInstanceState): Promise<number> {
  const master = Number((await readFile(waf.pidFile, 'utf8')).trim());
  const children = (await readFile(`/proc/${master}/task/${master}/children`, 'utf8')).trim();
  const pid = Number(children.split(/\s+/)[0]);
  assert.ok(pid > 0, `nginx master ${master} has a worker`);
  return pid;
}

/** Waits until the access log grows (the round's load reached the WAF), then kills the worker. */
async function killWorkerDuringLoad(waf: WafInstanceState): Promise<number> {
  const start = (await stat(waf.accessLog)).size;
  for (let i = 0; i < 200 && (await stat(waf.accessLog)).size === start; i += 1) await sleep(25);
  const pid = await workerPid(waf);
  process.kill(pid, 'SIGKILL');
  return pid;
}

describe('pressure rounds retried on failure, on the real lab', { timeout: 300_000 }, () => {
  let lab: TestLab;
  let out: string;
  let records: RunRecord[];
  let killed = 0;
  let killing: Promise<number> | undefined;

  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'waf-gate-rounds-lab-'));
    lab = await startLab({
      wafs: [
        { name: 'baseline', paranoiaLevel: 1, workers: 1 },
        { name: 'candidate', paranoiaLevel: 1, workers: 1 },
      ],
    });
    const closed = await closedPort();
    const target = (waf: WafInstanceState): BuildTarget => ({
      label: waf.name,
      version: `lab:${waf.name}`,
      address: { host: waf.host, port: waf.port, tls: false },
      accessLog: waf.accessLog,
      errorLog: waf.errorLog,
      logFormat: 'waf-gate-lab',
      masterPidFile: waf.pidFile,
    });
    // Baseline: its first attempt finds the port closed (the probe fails, nothing is measured).
    let baselineAttempts = 0;
    const baseline: BuildTarget = {
      ...target(lab.baseline),
      get address() {
        return {
          host: lab.baseline.host,
          port: baselineAttempts === 1 ? closed : lab.baseline.port,
          tls: false,
        };
      },
      prepare: () => {
        baselineAttempts += 1;
        return Promise.resolve();
      },
    };
    // Candidate: its worker is killed during its second attempt.
    let candidateAttempts = 0;
    const candidate: BuildTarget = {
      ...target(lab.candidate),
      prepare: () => {
        candidateAttempts += 1;
        if (candidateAttempts === 2) killing = killWorkerDuringLoad(lab.candidate);
        return Promise.resolve();
      },
    };
    records = await runPipeline(
      [baseline, candidate],
      {
        outDir: out,
        runId: 'rounds-lab',
        corpus: [{ pattern: resolve('corpus/demo') }],
        domains: lab.domains,
        quality: false,
        rounds: 2,
        maxRounds: 4,
        pressure: { domain: lab.domains[0]!, connections: 4, durationMs: 1500, keepAlive: true },
      },
      { logger: silentLogger },
    );
    killed = (await killing) ?? 0;
  });
  after(async () => {
    await lab?.stop();
    await rm(out, { recursive: true, force: true });
  });

  it('retries each failed round for its build and lists it in run.json with why', async () => {
    assert.ok(killed > 0, 'the candidate worker was killed');
    const [b, c] = records as [RunRecord, RunRecord];
    assert.deepEqual(
      b.rounds.map((r) => [r.round, r.attempt]),
      [
        [1, 2],
        [2, 3],
      ],
    );
    assert.equal(b.failedRounds?.length, 1);
    const probe = b.failedRounds[0]!;
    assert.deepEqual([probe.round, probe.attempt], [1, 1]);
    assert.match(probe.reasons.join(), /health probe failed: .*connection refused/);
    assert.equal(probe.replayFile, undefined, 'nothing measured when the probe fails');
    assert.deepEqual(
      c.rounds.map((r) => [r.round, r.attempt]),
      [
        [1, 1],
        [2, 3],
      ],
    );
    assert.equal(c.failedRounds?.length, 1);
    const crashed = c.failedRounds[0]!;
    assert.deepEqual([crashed.round, crashed.attempt], [2, 2]);
    assert.match(crashed.reasons.join(), /WAF process crash/);
    // The failed round's files stay.
    await stat(join(out, 'candidate', crashed.replayFile!));
    await stat(join(out, 'candidate', crashed.collectFile!));
    const onDisk = JSON.parse(
      await readFile(join(out, 'candidate', 'run.json'), 'utf8'),
    ) as RunRecord;
    assert.deepEqual(onDisk.failedRounds, c.failedRounds);
    assert.deepEqual(onDisk.roundPlan, { wanted: 2, maxAttempts: 4, attempts: 3 });
  });

  it('writes one parseable rounds.jsonl line per attempt, matching the round files', async () => {
    const lines = (await readFile(join(out, 'rounds.jsonl'), 'utf8')).trimEnd().split('\n');
    const log = lines.map((l) => JSON.parse(l) as RoundLogRecord);
    assert.deepEqual(
      log.map((r) => [r.label, r.round, r.attempt, r.ok]),
      [
        ['baseline', 1, 1, false],
        ['baseline', 1, 2, true],
        ['candidate', 1, 1, true],
        ['candidate', 2, 2, false],
        ['candidate', 2, 3, true],
        ['baseline', 2, 3, true],
      ],
    );
    for (const r of log) {
      assert.equal(r.schema, ROUND_LOG_SCHEMA);
      assert.equal(r.runId, 'rounds-lab');
      assert.equal(r.version, `lab:${r.label}`);
      assert.equal(Date.parse(r.startedAt), r.startedAtMs);
      assert.ok(r.endedAtMs >= r.startedAtMs);
      assert.equal(r.ok, r.reasons.length === 0);
      if (r.dir === null) {
        assert.equal(r.requests, null);
        continue;
      }
      const replay = JSON.parse(
        await readFile(join(out, r.dir, 'replay.json'), 'utf8'),
      ) as ReplayResult;
      assert.equal(r.rps, replay.rps);
      assert.deepEqual(r.requests, {
        sent: replay.totals.sent,
        completed: replay.totals.completed,
        errors: replay.totals.errors,
      });
      assert.equal(r.latencyP99Ms, replay.latency.summary.p99Us / 1000);
      if (r.ok) {
        assert.equal(r.crashes, 0);
        assert.ok(r.cpuMsPerRequest !== null && r.cpuMsPerRequest > 0);
        assert.ok(r.cpuSource === 'exact' || r.cpuSource === 'sampled');
        assert.ok(r.rssBytes !== null && r.rssBytes > 0);
      }
    }
    assert.ok((log[3]!.crashes ?? 0) >= 1, 'the killed round logs its crash');
  });

  it('compares only the successful rounds and lists the failed ones in the report', async () => {
    const cmp = await compareRuns(join(out, 'baseline'), join(out, 'candidate'), defaultPolicy(), {
      logger: silentLogger,
    });
    const perf = cmp.performance!;
    assert.deepEqual(perf.rounds, { baseline: 2, candidate: 2 });
    const rpsOf = async (label: string, file: string): Promise<number> =>
      (JSON.parse(await readFile(join(out, label, file), 'utf8')) as ReplayResult).rps;
    const [b, c] = records as [RunRecord, RunRecord];
    const qps = perf.metrics.find((m) => m.id === 'qps')!;
    assert.deepEqual(
      qps.candidate,
      await Promise.all(c.rounds.map((r) => rpsOf('candidate', r.replayFile))),
    );
    assert.deepEqual(
      qps.baseline,
      await Promise.all(b.rounds.map((r) => rpsOf('baseline', r.replayFile))),
    );
    assert.deepEqual(
      perf.excludedRounds.map((r) => [r.side, r.round, r.attempt]),
      [
        ['baseline', 1, 1],
        ['candidate', 2, 2],
      ],
    );
    // A retried round's crash is still the candidate's crash.
    assert.ok(
      cmp.findings.candidate.crashes.some((x) => x.source === 'round 2 (failed attempt 2)'),
      'the crash of the failed attempt is a finding',
    );
    const md = renderReport(cmp, { maxChars: 65_535 });
    assert.match(md, /#### Failed rounds/);
    assert.match(md, /\| 1 \| 1 \| baseline \| health probe failed: /);
    assert.match(md, /\| 2 \| 2 \| candidate \| .*WAF process crash/);
  });
});
