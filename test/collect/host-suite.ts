/**
 * One collect suite, run against every kind of WAF host: following a log with appends, rotation by
 * rename and by copytruncate, and sampling a process group (a member killed with SIGSEGV is a crash).
 * The host is the caller's (`open`/`close`); files and processes are real and on this machine (over SSH,
 * a real sshd on loopback logs in to this same machine).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { appendFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import {
  openFollower,
  startCollection,
  type CollectionHandle,
  parseCollectOptions,
  type CollectInputs,
} from '../../src/collect/index.ts';
import { LineSplitter } from '../../src/collect/follow/index.ts';
import type { Host } from '../../src/hosts/types.ts';
import { defineExactCpuSuite } from './exact-cpu-suite.ts';
import { waitFor } from './helpers.ts';

/** How to reach the host under test. */
export interface CollectHostFactory {
  label: string;
  open(): Promise<Host>;
}

/** A line in the lab's log format. */
export const labLine = (host: string, status: number, gid = '-'): string =>
  `127.0.0.1 - - [21/Nov/2026:11:34:28 +0000] "GET /x HTTP/1.1" ${status} 10 "-" "ua" host=${host} rt=0.001 us=${status === 403 ? '-' : '200'} urt=- gid=${gid} rid=0123456789abcdef0123456789abcdef port=40000\n`;

/** Lets the collector (polling every 100 ms) look a few times. A wait, never an assertion. */
const settle = (): Promise<boolean> => waitFor(() => false, 400);

/** Counts the per-group rows of series.csv (one per sample after the first). */
function groupRows(out: string): number {
  const file = join(out, 'series.csv');
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.split(',')[2] === 'all').length;
}

/** Defines the suite for one kind of host. */
export function defineCollectHostSuite(factory: CollectHostFactory, skip?: string): void {
  describe(`collect on ${factory.label}`, { skip: skip ?? false, timeout: 120_000 }, () => {
    let dir: string;
    let host: Host;
    let n = 0;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'waf-gate-collect-host-'));
      host = await factory.open();
    });
    after(async () => {
      await host?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    async function start(
      extra: CollectInputs = {},
      sample = false,
    ): Promise<{ log: string; out: string; handle: CollectionHandle }> {
      n += 1;
      const log = join(dir, `access-${n}.log`);
      const out = join(dir, `out-${n}`);
      await writeFile(log, labLine('before.test', 200));
      const options = parseCollectOptions({
        'run-id': `h${n}`,
        'access-log': log,
        'out-dir': out,
        'poll-interval': '100ms',
        ...extra,
      });
      const handle = await startCollection(options, { logger: silentLogger, sample, host });
      return { log, out, handle };
    }

    it('follows appends from the end at start, including a partial last line', async () => {
      const { log, handle } = await start();
      await appendFile(log, labLine('a.test', 200) + labLine('a.test', 403).slice(0, 40));
      await settle();
      await appendFile(log, labLine('a.test', 403).slice(40) + labLine('b.test', 200));
      const result = await handle.stop({ settleMs: 300 });
      assert.equal(result.log.lines, 3);
      assert.equal(result.log.formatErrors, 0);
      assert.deepEqual(result.statusCounts, {
        'a.test': { '200': 1, '403': 1 },
        'b.test': { '200': 1 },
      });
      assert.equal(result.anomalies.total, 1);
      assert.equal(result.incomplete, undefined);
    });

    it('copytruncate in the middle of a run: reads the truncated file from 0', async () => {
      // The follower directly, polled by the test: no wait decides whether a line was read in time.
      n += 1;
      const log = join(dir, `truncate-${n}.log`);
      writeFileSync(log, labLine('before.test', 200));
      const seen: string[] = [];
      const splitter = new LineSplitter(
        (buf, s, e) => seen.push(buf.toString('latin1', s, e)),
        () => assert.fail('no overlong line'),
      );
      const follower = await openFollower(host, log, splitter, silentLogger, {});
      const a = [labLine('a.test', 200, 'a1'), labLine('a.test', 403, 'a2')];
      appendFileSync(log, a.join(''));
      await follower.poll();
      copyFileSync(log, `${log}.1`);
      truncateSync(log, 0);
      await follower.poll();
      const b = [labLine('b.test', 403, 'b1'), labLine('b.test', 200, 'b2')];
      appendFileSync(log, b.join(''));
      await follower.close();
      assert.deepEqual(
        seen,
        [...a, ...b].map((l) => l.slice(0, -1)),
      );
      assert.equal(follower.rotations.truncated, 1);
    });

    it('copytruncate then a burst past the old offset between two polls: every line exactly once', async () => {
      n += 1;
      const log = join(dir, `burst-${n}.log`);
      writeFileSync(log, '');
      const seen: string[] = [];
      const splitter = new LineSplitter(
        (buf, s, e) => seen.push(buf.toString('latin1', s, e)),
        () => assert.fail('no overlong line'),
      );
      const follower = await openFollower(host, log, splitter, silentLogger, {});
      const lines = Array.from({ length: 405 }, (_, i) =>
        labLine(`s${i % 3}.test`, 200, `seq-${i}`),
      );
      appendFileSync(log, lines.slice(0, 100).join(''));
      await follower.poll();
      assert.equal(seen.length, 100);
      // Synchronous: nothing of the follower runs between the copy, the truncation and the burst.
      copyFileSync(log, `${log}.1`);
      truncateSync(log, 0);
      appendFileSync(log, lines.slice(100, 400).join(''));
      await follower.poll();
      appendFileSync(log, lines.slice(400).join(''));
      await follower.close();
      assert.deepEqual(
        seen,
        lines.map((l) => l.slice(0, -1)),
      );
      assert.equal(follower.rotations.truncated, 1);
      assert.equal(follower.rotations.renamed, 0);
    });

    it('rename + reopen: drains the old file while the WAF still writes to it, then the new one', async () => {
      const { log, handle } = await start();
      await appendFile(log, labLine('a.test', 200));
      await settle();
      await rename(log, `${log}.1`);
      await appendFile(`${log}.1`, labLine('a.test', 403)); // the WAF still writes to the old inode
      await settle();
      await writeFile(log, labLine('c.test', 200)); // then reopens (new inode)
      await settle();
      await appendFile(`${log}.1`, labLine('a.test', 200)); // a late buffered flush to the old inode
      await appendFile(log, labLine('c.test', 403));
      const result = await handle.stop({ settleMs: 300 });
      assert.equal(result.log.rotations?.renamed, 1);
      assert.deepEqual(result.statusCounts, {
        'a.test': { '200': 2, '403': 1 },
        'c.test': { '200': 1, '403': 1 },
      });
      assert.equal(result.log.formatErrors, 0);
    });

    it('an unreadable log path is a clear error and leaves nothing behind', async () => {
      const out = join(dir, 'never');
      const options = parseCollectOptions({
        'run-id': 'missing',
        'access-log': join(dir, 'no-such.log'),
        'out-dir': out,
      });
      await assert.rejects(
        startCollection(options, { logger: silentLogger, sample: false, host }),
        (error: Error & { input?: string }) => {
          assert.equal(error.input, 'access-log');
          assert.match(error.message, /Cannot read the log file/);
          return true;
        },
      );
      assert.equal(existsSync(out), false);
    });

    it('samples a process group, and a member killed with SIGSEGV is a crash', async () => {
      const tag = `${900 + (process.pid % 97)}.${Date.now() % 1_000_000}`;
      const children: ChildProcess[] = [];
      try {
        for (let k = 0; k < 3; k += 1) children.push(spawn('sleep', [tag], { stdio: 'ignore' }));
        const { out, handle } = await start(
          { groups: `sleepers=sleep ${tag}`, interval: '200ms' },
          true,
        );
        let stopped = false;
        try {
          // Wait for two samples with all three, kill one, wait for two samples after its exit.
          assert.ok(await waitFor(() => groupRows(out) >= 2, 30_000), 'two samples taken');
          const victim = children[0]!;
          const exited = new Promise((r) => victim.once('exit', r));
          victim.kill('SIGSEGV');
          await exited;
          const rows = groupRows(out);
          assert.ok(await waitFor(() => groupRows(out) >= rows + 2, 30_000), 'samples after');
          const result = await handle.stop({ settleMs: 0 });
          stopped = true;
          const group = result.processes.groups[0]!;
          assert.equal(group.name, 'sleepers');
          assert.deepEqual(
            [...group.pids].sort((a, b) => a - b),
            children.map((c) => c.pid!).sort((a, b) => a - b),
          );
          assert.ok(group.rssBytes.max > 0);
          // Open file descriptors of the sleepers (stdin/out/err at least), locally and over SSH.
          assert.ok(group.fds !== undefined && group.fds.max >= 3, group.fdsMissing);
          assert.ok((result.processes.clockTicksPerSec ?? 0) > 0);
          const crash = result.crashes.find((c) => c.pid === victim.pid);
          assert.ok(crash, JSON.stringify(result.crashes));
          assert.equal(crash.group, 'sleepers');
          assert.equal(result.crashes.length, 1);
          assert.equal(result.incomplete, undefined);
        } finally {
          if (!stopped) await handle.abort();
        }
      } finally {
        for (const c of children) c.kill('SIGKILL');
      }
    });
  });
  defineExactCpuSuite(factory, skip);
}
