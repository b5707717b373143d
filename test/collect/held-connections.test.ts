/**
 * File descriptors of sampled process groups (a real child process opening files, read from the real
 * /proc) and the WAF's cost per held connection derived from the samples and a hold timeline.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import {
  heldConnectionCosts,
  groupStats,
  parseSeriesCsv,
} from '../../src/collect/analyze/index.js';
import {
  PROC_DUMP_SCRIPT,
  ProcSampler,
  parseProcDump,
  type GroupSample,
} from '../../src/collect/proc/index.js';
import { seriesRows } from '../../src/collect/results.js';
import type { ProcessGroupStats } from '../../src/collect/types.js';

/** A child that opens `n` more descriptors of /dev/null for each line `n` on stdin and answers `ok`. */
const HOLDER = `
const fs = require('node:fs');
const kept = [];
process.stdin.setEncoding('utf8');
process.stdin.on('data', (line) => {
  for (let i = 0; i < Number(line.trim()); i += 1) kept.push(fs.openSync('/dev/null', 'r'));
  process.stdout.write('ok\\n');
});
`;

async function ask(child: ChildProcessWithoutNullStreams, n: number): Promise<void> {
  child.stdin.write(`${n}\n`);
  await once(child.stdout, 'data');
}

function sample(timeMs: number, rssBytes: number, fds: number | null, members = 1): GroupSample {
  return {
    timeMs,
    group: 'nginx-worker',
    cpuPct: 1,
    rssBytes,
    cpuMs: 10,
    intervalMs: 1000,
    members,
    fds,
  };
}

describe('collect: worker file descriptors', () => {
  it('counts the open descriptors of a real process per sample, per pid and per group', async () => {
    const marker = `fd-holder-${process.pid}-${Date.now()}`;
    const child = spawn(process.execPath, ['-e', HOLDER, marker], { stdio: 'pipe' });
    try {
      await ask(child, 0); // the child is up and has its cmdline
      const rows: string[] = [];
      const sampler = new ProcSampler(
        [{ name: 'holder', match: { kind: 'regex', pattern: marker }, parentPid: process.pid }],
        undefined,
        (pids, groups) => rows.push(seriesRows(pids, groups)),
      );
      sampler.sample(1000); // the baseline
      sampler.sample(2000);
      await ask(child, 7);
      sampler.sample(3000);
      const [before, after] = sampler.groupSamples;
      assert.ok(before!.fds !== null && before!.fds > 0, JSON.stringify(before));
      assert.equal(after!.fds! - before!.fds, 7);
      assert.equal(sampler.fdsMissing[0], undefined);
      // series.csv carries them (pid rows and group rows), and reads back.
      const csv = `timeMs,group,pid,cpuPct,rssBytes,cpuMs,intervalMs,fds\n${rows.join('')}`;
      assert.match(rows[1]!, new RegExp(`^3000,holder,${child.pid},[^,]*,\\d+,,,${after!.fds}\\n`));
      const back = parseSeriesCsv(csv);
      assert.deepEqual(
        back.samples.map((s) => s.fds),
        [before!.fds, after!.fds],
      );
      const [stats] = groupStats(
        ['holder'],
        sampler.groupSamples,
        new Map([['holder', [child.pid!]]]),
      );
      assert.equal(stats!.fds!.max, after!.fds);
      assert.equal(stats!.fdsMissing, undefined);
    } finally {
      child.kill();
    }
  });

  it('counts them through the one-exec /proc dump an SSH host runs (the same sh program, locally)', async () => {
    const marker = `fd-holder-dump-${process.pid}-${Date.now()}`;
    const child = spawn(process.execPath, ['-e', HOLDER, marker], { stdio: 'pipe' });
    try {
      await ask(child, 0);
      const dump = (): ReturnType<typeof parseProcDump> => {
        const r = spawnSync('sh', ['-c', PROC_DUMP_SCRIPT, 'sh'], {
          encoding: 'latin1',
          maxBuffer: 64 * 1024 * 1024,
        });
        return parseProcDump(r.stdout);
      };
      const sampler = new ProcSampler([
        { name: 'holder', match: { kind: 'regex', pattern: marker }, parentPid: process.pid },
      ]);
      sampler.sampleFrom(dump(), 1000);
      sampler.sampleFrom(dump(), 2000);
      await ask(child, 5);
      sampler.sampleFrom(dump(), 3000);
      const [before, after] = sampler.groupSamples;
      assert.ok(before!.fds !== null && before!.fds > 0, JSON.stringify(before));
      assert.equal(after!.fds! - before!.fds, 5);
      assert.equal(
        after!.fds,
        readdirSync(`/proc/${child.pid}/fd`).length,
        'the same count as reading the folder',
      );
    } finally {
      child.kill();
    }
  });

  it('says why descriptors are missing when the /proc read does not list them (an older dump)', () => {
    const dump = [
      '==> /proc/uptime <==',
      '100.00 200.00',
      '==> 77/stat <==',
      '77 (nginx) S 1 77 77 0 -1 4194560 0 0 0 0 5 5 0 0 20 0 1 0 100 1000000 250 18446744073709551615',
      '==> 77/cmdline <==',
      'nginx: worker process\0',
      '',
    ].join('\n');
    const sampler = new ProcSampler([
      { name: 'nginx-worker', match: { kind: 'prefix', pattern: 'nginx: worker process' } },
    ]);
    sampler.sampleFrom(parseProcDump(dump), 1000);
    sampler.sampleFrom(parseProcDump(dump.replace('100.00', '101.00')), 2000);
    assert.equal(sampler.groupSamples[0]!.fds, null);
    assert.match(sampler.fdsMissing[0]!, /does not list file descriptors/);
    const [stats] = groupStats(
      ['nginx-worker'],
      sampler.groupSamples,
      new Map([['nginx-worker', [77]]]),
      undefined,
      new Map([['nginx-worker', sampler.fdsMissing[0]!]]),
    );
    assert.equal(stats!.fds, undefined);
    assert.match(stats!.fdsMissing!, /not read in 1 of 1 samples: the \/proc read on this host/);
  });
});

describe('collect: cost per held connection', () => {
  const T = 1_800_000_000_000;
  // 20 connections opened in the first second, held 3 s, 10 dropped at second 3.
  const timeline = {
    startMs: T,
    endMs: T + 4000,
    windows: [
      { startMs: T, open: 20 },
      { startMs: T + 1000, open: 20 },
      { startMs: T + 2000, open: 20 },
      { startMs: T + 3000, open: 10 },
    ],
  };
  const stats = (over: Partial<ProcessGroupStats> = {}): ProcessGroupStats => ({
    name: 'nginx-worker',
    pids: [1],
    cpuPct: { samples: 4, mean: 1, p50: 1, p95: 1, max: 1 },
    rssBytes: { samples: 4, mean: 1, p50: 1, p95: 1, max: 1 },
    cpuTimeMs: 40,
    ...over,
  });

  it('divides the growth from before the ramp to the fullest sample by the connections open then', () => {
    const samples = [
      sample(T - 500, 9_000_000, 9),
      sample(T + 1500, 9_240_000, 49),
      sample(T + 2500, 9_240_000, 49),
      sample(T + 3500, 9_120_000, 29),
    ];
    const exact = {
      from: 'load-start',
      to: 'load-end',
      method: 'reaped' as const,
      ticks: 5,
      cpuMs: 50,
      errorTicks: 2,
      errorMs: 20,
      intervalMs: 4000,
      readMs: { start: 0.1, end: 0.1 },
      pids: { start: 1, end: 1 },
      uncountedExits: 0,
    };
    const [cost] = heldConnectionCosts([stats({ exactCpu: exact })], samples, timeline);
    assert.deepEqual(cost, {
      group: 'nginx-worker',
      connectionSeconds: 70,
      peakOpen: 20,
      // 50 ms over 70 connection-seconds.
      cpuMsPerConnectionHour: (50 / 70) * 3600,
      cpuSource: 'exact',
      rssBytesIdle: 9_000_000,
      rssBytesPeak: 9_240_000,
      rssBytesPerConnection: 12_000,
      fdsIdle: 9,
      fdsPeak: 49,
      fdsPerConnection: 2,
      missing: [],
    });
    const [sampled] = heldConnectionCosts([stats()], samples, timeline);
    assert.equal(sampled!.cpuSource, 'sampled');
    assert.equal(sampled!.cpuMsPerConnectionHour, (40 / 70) * 3600);
  });

  it('does not take the hold’s last second as the peak (the client closes everything then)', () => {
    // Seen on the lab: the last window still says 20 open, but the sample in it found them closed.
    const full = { ...timeline, windows: timeline.windows.map((w) => ({ ...w, open: 20 })) };
    const samples = [
      sample(T - 500, 9_000_000, 9),
      sample(T + 1300, 9_240_000, 49),
      sample(T + 2300, 9_240_000, 49),
      sample(T + 3990, 9_240_000, 9),
    ];
    const [cost] = heldConnectionCosts([stats()], samples, full);
    assert.equal(cost!.fdsPeak, 49);
    assert.equal(cost!.fdsPerConnection, 2);
  });

  it('leaves figures missing (null, with why) instead of guessing', () => {
    // No sample before the ramp: the collection started with the hold.
    let [cost] = heldConnectionCosts([stats()], [sample(T + 1500, 9_240_000, 49)], timeline);
    assert.equal(cost!.rssBytesPerConnection, null);
    assert.equal(cost!.fdsPerConnection, null);
    assert.match(cost!.missing.join(), /no sample of group "nginx-worker" before the ramp/);
    // Descriptors not readable at the peak: RSS is there, fds are not.
    [cost] = heldConnectionCosts(
      [stats()],
      [sample(T - 500, 9_000_000, 9), sample(T + 1500, 9_240_000, null)],
      timeline,
    );
    assert.equal(cost!.rssBytesPerConnection, 12_000);
    assert.equal(cost!.fdsPerConnection, null);
    assert.match(cost!.missing.join(), /file descriptors per connection: not read at the peak/);
    // No CPU reading inside the hold.
    [cost] = heldConnectionCosts(
      [stats({ cpuPct: { samples: 0, mean: 0, p50: 0, p95: 0, max: 0 }, cpuTimeMs: 0 })],
      [],
      timeline,
    );
    assert.equal(cost!.cpuMsPerConnectionHour, null);
    assert.match(cost!.missing.join(), /no CPU reading/);
  });
});
