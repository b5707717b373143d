/**
 * Exact CPU between marks, on fixture /proc trees (a directory laid out like /proc, written by the test):
 * the counters of live members, a member that exits and is reaped by its master (its whole CPU
 * counted through the master's cutime+cstime), one that exits without a watched parent (its last
 * reading, and the exit reported as uncounted), and no process at a mark (missing, never 0).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  exactCpuBetween,
  parseProcStat,
  ProcSampler,
  type CpuMark,
  type ProcessGroupSpec,
} from '../../src/collect/proc/index.ts';
import { addExactCpu } from '../../src/collect/results.ts';
import type { ProcessGroupStats } from '../../src/collect/types.ts';

/** A /proc/<pid>/stat line: utime, stime, cutime, cstime in ticks; rss in pages. */
function statLine(
  pid: number,
  comm: string,
  ppid: number,
  t: { utime: number; stime: number; cutime?: number; cstime?: number; state?: string },
): string {
  const fields = [
    t.state ?? 'S',
    ppid,
    pid,
    pid,
    0,
    -1,
    4194560,
    100,
    0,
    0,
    0,
    t.utime,
    t.stime,
    t.cutime ?? 0,
    t.cstime ?? 0,
    20,
    0,
    1,
    0,
    1000,
    10_000_000,
    2500,
  ];
  return `${pid} (${comm}) ${fields.join(' ')} 18446744073709551615 0 0 0 0 0\n`;
}

describe('parseProcStat', () => {
  it('reads ppid, utime+stime, cutime+cstime and rss after a comm holding ") " and spaces', () => {
    const text = statLine(4101, 'nginx: w) (x', 4100, {
      utime: 1234,
      stime: 56,
      cutime: 7,
      cstime: 8,
    });
    assert.deepEqual(parseProcStat(text), {
      state: 'S',
      ppid: 4100,
      ticks: 1290,
      childTicks: 15,
      rssPages: 2500,
    });
  });

  it('rejects a truncated line instead of reading garbage', () => {
    assert.equal(parseProcStat('4101 (nginx) S 4100 4101 4101 0 -1'), null);
    assert.equal(parseProcStat('no parenthesis here'), null);
  });
});

describe('exact CPU between marks (fixture /proc)', () => {
  let root: string;
  let n = 0;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'waf-gate-cpu-marks-'));
  });
  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** A fresh fixture /proc with `write(pid, …)` and `remove(pid)`. */
  async function fixtureProc(): Promise<{
    dir: string;
    write: (
      pid: number,
      cmdline: string,
      ppid: number,
      t: Parameters<typeof statLine>[3],
    ) => Promise<void>;
    remove: (pid: number) => Promise<void>;
  }> {
    n += 1;
    const dir = join(root, `proc-${n}`);
    await mkdir(dir);
    return {
      dir,
      write: async (pid, cmdline, ppid, t) => {
        await mkdir(join(dir, String(pid)), { recursive: true });
        await writeFile(join(dir, String(pid), 'stat'), statLine(pid, 'nginx', ppid, t));
        await writeFile(join(dir, String(pid), 'cmdline'), `${cmdline.replace(/ /g, '\0')}\0`);
      },
      remove: (pid) => rm(join(dir, String(pid)), { recursive: true, force: true }),
    };
  }

  const worker: ProcessGroupSpec = {
    name: 'nginx-worker',
    match: { kind: 'prefix', pattern: 'nginx: worker process' },
  };

  it('reaped: a worker that exits between the marks is counted in full through the master', async () => {
    const proc = await fixtureProc();
    const pidFile = join(proc.dir, 'nginx.pid');
    await writeFile(pidFile, '4100\n');
    await proc.write(4100, 'nginx: master process nginx', 1, { utime: 5, stime: 5, cutime: 40 });
    await proc.write(4101, 'nginx: worker process', 4100, { utime: 1000, stime: 200 });
    await proc.write(4102, 'nginx: worker process', 4100, { utime: 3000, stime: 100 });
    const sampler = new ProcSampler(
      [{ ...worker, parentPidFile: pidFile }],
      { clockTicksPerSec: 100, pageBytes: 4096 },
      undefined,
      proc.dir,
    );
    sampler.sample(1000);
    const start = sampler.mark('load-start');
    assert.deepEqual(start.groups[0], {
      group: 'nginx-worker',
      liveTicks: 4300,
      livePids: 2,
      exitedTicks: 0,
      exitedPids: 0,
      parentPids: [4100],
      reapedTicks: 40,
      zombies: 0,
    });
    // During the load: 4101 uses 150 ticks; 4102 uses 70 more, of which the last 30 after any read,
    // then exits and the master reaps it (its whole life, 3170 ticks, enters the master's cutime).
    await proc.write(4101, 'nginx: worker process', 4100, { utime: 1120, stime: 230 });
    await proc.write(4102, 'nginx: worker process', 4100, { utime: 3030, stime: 110 });
    sampler.sample(2000);
    await proc.remove(4102);
    await proc.write(4100, 'nginx: master process nginx', 1, {
      utime: 5,
      stime: 6,
      cutime: 40 + 3140 + 30,
      cstime: 0,
    });
    const end = sampler.mark('load-end');
    const exact = exactCpuBetween(start, end, 'nginx-worker', 100);
    assert.ok('value' in exact, JSON.stringify(exact));
    assert.equal(exact.value.method, 'reaped');
    assert.equal(exact.value.ticks, 150 + 70);
    assert.equal(exact.value.cpuMs, 2200);
    // 2 workers read at load-start, 1 at load-end, the master at each.
    assert.equal(exact.value.errorTicks, 2 + 1 + 2);
    assert.equal(exact.value.errorMs, 50);
    assert.equal(exact.value.uncountedExits, 0);
    assert.deepEqual(exact.value.pids, { start: 2, end: 1 });
    // The series is untouched by the marks: one row per regular sample after the first.
    assert.equal(sampler.groupSamples.length, 1);
    assert.equal(sampler.groupSamples[0]!.cpuMs, (150 + 40) * 10);
  });

  it('reaped: a child exited but not yet reaped at load-start is not counted twice', async () => {
    const proc = await fixtureProc();
    const pidFile = join(proc.dir, 'nginx.pid');
    await writeFile(pidFile, '900\n');
    await proc.write(900, 'nginx: master process nginx', 1, { utime: 1, stime: 1, cutime: 0 });
    await proc.write(901, 'nginx: worker process', 900, { utime: 100, stime: 0 });
    const sampler = new ProcSampler(
      [{ ...worker, parentPidFile: pidFile }],
      undefined,
      undefined,
      proc.dir,
    );
    sampler.sample(0);
    // An old worker has exited (a zombie: no cmdline) and the master has not reaped it yet.
    await mkdir(join(proc.dir, '902'));
    await writeFile(
      join(proc.dir, '902', 'stat'),
      statLine(902, 'nginx', 900, { utime: 250, stime: 50, state: 'Z' }),
    );
    await writeFile(join(proc.dir, '902', 'cmdline'), '');
    const start = sampler.mark('load-start');
    assert.equal(start.groups[0]!.zombies, 1);
    // During the load the master reaps it (its 300 ticks enter cutime); the worker uses 50.
    await proc.remove(902);
    await proc.write(900, 'nginx: master process nginx', 1, { utime: 1, stime: 1, cutime: 300 });
    await proc.write(901, 'nginx: worker process', 900, { utime: 150, stime: 0 });
    const end = sampler.mark('load-end');
    const exact = exactCpuBetween(start, end, 'nginx-worker', 100);
    assert.ok('value' in exact, JSON.stringify(exact));
    assert.equal(exact.value.method, 'reaped');
    assert.equal(exact.value.ticks, 50);
    assert.equal(exact.value.errorTicks, 1 + 1 + 1 + 2);
  });

  it('last-reading: without a parent an exit is counted up to its last reading, and reported', async () => {
    const proc = await fixtureProc();
    await proc.write(500, 'worker-x', 1, { utime: 100, stime: 0 });
    await proc.write(501, 'worker-x', 1, { utime: 200, stime: 0 });
    const sampler = new ProcSampler(
      [{ name: 'x', match: { kind: 'prefix', pattern: 'worker-x' } }],
      undefined,
      undefined,
      proc.dir,
    );
    sampler.sample(0);
    const start = sampler.mark('load-start');
    await proc.write(500, 'worker-x', 1, { utime: 160, stime: 0 });
    await proc.write(501, 'worker-x', 1, { utime: 250, stime: 0 });
    sampler.sample(1000); // 501's last reading: 250
    await proc.remove(501); // it used more after that, which nobody can read any more
    const end = sampler.mark('load-end');
    const exact = exactCpuBetween(start, end, 'x', 100);
    assert.ok('value' in exact, JSON.stringify(exact));
    assert.equal(exact.value.method, 'last-reading');
    assert.equal(exact.value.ticks, 60 + 50);
    assert.equal(exact.value.uncountedExits, 1);
    assert.equal(exact.value.errorTicks, 2 + 1 + 1);
    assert.equal(sampler.events.filter((e) => e.kind === 'gone').length, 1);
  });

  it('a member appearing between the marks counts from 0; no process at a mark is missing, not 0', async () => {
    const proc = await fixtureProc();
    const sampler = new ProcSampler(
      [{ name: 'y', match: { kind: 'prefix', pattern: 'worker-y' } }],
      undefined,
      undefined,
      proc.dir,
    );
    sampler.sample(0);
    const empty = sampler.mark('load-start');
    await proc.write(600, 'worker-y', 1, { utime: 30, stime: 3 });
    const mid = sampler.mark('mid');
    await proc.write(600, 'worker-y', 1, { utime: 50, stime: 3 });
    await proc.write(601, 'worker-y', 1, { utime: 7, stime: 0 });
    const end = sampler.mark('load-end');
    const missing = exactCpuBetween(empty, end, 'y', 100);
    assert.deepEqual(missing, { missing: 'no process of the group at mark "load-start"' });
    const exact = exactCpuBetween(mid, end, 'y', 100);
    assert.ok('value' in exact);
    assert.equal(exact.value.ticks, 20 + 7);
    assert.equal(exact.value.method, 'last-reading');
    assert.deepEqual(exactCpuBetween(mid, end, 'nope', 100), {
      missing: 'the group was not read at mark "mid"',
    });
  });

  it('a master that changed between the marks falls back to last readings', async () => {
    const proc = await fixtureProc();
    const pidFile = join(proc.dir, 'nginx.pid');
    await writeFile(pidFile, '700\n');
    await proc.write(700, 'nginx: master process', 1, { utime: 1, stime: 1, cutime: 10 });
    await proc.write(701, 'nginx: worker process', 700, { utime: 10, stime: 0 });
    const sampler = new ProcSampler(
      [{ ...worker, parentPidFile: pidFile }],
      undefined,
      undefined,
      proc.dir,
    );
    sampler.sample(0);
    const start = sampler.mark('load-start');
    await writeFile(pidFile, '800\n');
    await proc.write(800, 'nginx: master process', 1, { utime: 1, stime: 1, cutime: 0 });
    await proc.write(801, 'nginx: worker process', 800, { utime: 4, stime: 0 });
    await proc.write(701, 'nginx: worker process', 700, { utime: 15, stime: 0 });
    const end = sampler.mark('load-end');
    const exact = exactCpuBetween(start, end, 'nginx-worker', 100);
    assert.ok('value' in exact, JSON.stringify(exact));
    assert.equal(exact.value.method, 'last-reading');
    // 701 stays a member (membership is decided once); 801 joins through the new master.
    assert.equal(exact.value.ticks, 5 + 4);
  });
});

describe('addExactCpu (collect.json)', () => {
  const group = (name: string): ProcessGroupStats => ({
    name,
    pids: [1],
    cpuPct: { samples: 1, mean: 1, p50: 1, p95: 1, max: 1 },
    rssBytes: { samples: 1, mean: 1, p50: 1, p95: 1, max: 1 },
    cpuTimeMs: 10,
  });
  const mark = (name: string, liveTicks: number): CpuMark => ({
    name,
    timeMs: 0,
    readMs: 1,
    groups: [
      {
        group: 'w',
        liveTicks,
        livePids: 1,
        exitedTicks: 0,
        exitedPids: 0,
        parentPids: [],
        reapedTicks: null,
        zombies: 0,
      },
    ],
  });

  it('a failed mark read leaves every group without a figure, with the read error as reason', () => {
    const groups = [group('w')];
    addExactCpu(groups, [mark('load-start', 5)], new Map([['load-end', 'ssh: timeout']]), 100);
    assert.equal(groups[0]!.exactCpu, undefined);
    assert.equal(
      groups[0]!.exactCpuMissing,
      'reading the CPU counters at mark "load-end" failed: ssh: timeout',
    );
  });

  it('uses the last load-end mark; no marks at all adds nothing', () => {
    const groups = [group('w')];
    addExactCpu(
      groups,
      [mark('load-start', 5), mark('load-end', 9), mark('load-end', 12)],
      new Map(),
      100,
    );
    assert.equal(groups[0]!.exactCpu?.ticks, 7);
    const untouched = [group('w')];
    addExactCpu(untouched, [], new Map(), 100);
    assert.deepEqual(untouched, [group('w')]);
  });
});
