/**
 * Exact CPU between marks on real processes, for every kind of WAF host (run by the host suite): busy
 * node children report their own CPU use (`process.cpuUsage()`, from getrusage) and the collection's
 * `exactCpu` between `load-start` and `load-end` must agree with it within its stated error, including
 * the CPU of a child that exits (and is reaped by this process, its parent) between the marks.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { parseCollectOptions, startCollection } from '../../src/collect/index.ts';
import type { Host } from '../../src/hosts/types.ts';

/** A worker: answers each stdin line with its CPU time so far (ms); `burn N` first spins N ms of CPU; `exit N` then exits. */
const WORKER = `
const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, n] = line.split(' ');
  if (cmd === 'burn' || cmd === 'exit') { const until = used() + Number(n); while (used() < until); }
  process.stdout.write(used() + '\\n', () => { if (cmd === 'exit') process.exit(0); });
});
`;

/**
 * A master (like nginx's) that starts two workers and reaps them: `K command` on its stdin goes to
 * worker K; it prints `K answer` for each answer and `K exited` when worker K has been reaped. Its own
 * children are only the workers, so its cutime+cstime is exactly what they used.
 */
const MASTER = `
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const workers = [0, 1].map((k) => {
  const w = spawn(process.execPath, ['-e', ${JSON.stringify(WORKER)}, process.argv[1]], { stdio: ['pipe', 'pipe', 'ignore'] });
  readline.createInterface({ input: w.stdout }).on('line', (l) => process.stdout.write(k + ' ' + l + '\\n'));
  w.on('exit', () => process.stdout.write(k + ' exited\\n'));
  return w;
});
process.stdout.write('ready ' + workers.map((w) => w.pid).join(' ') + '\\n');
readline.createInterface({ input: process.stdin }).on('line', (l) => {
  const [k, ...rest] = l.split(' ');
  workers[Number(k)].stdin.write(rest.join(' ') + '\\n');
});
`;

/** The master and a way to wait for its next line starting with a prefix. */
interface Master {
  child: ChildProcess;
  next(prefix: string): Promise<string>;
  send(line: string): void;
}

function startMaster(tag: string): Master {
  const child = spawn(process.execPath, ['-e', MASTER, tag], { stdio: ['pipe', 'pipe', 'ignore'] });
  const seen: string[] = [];
  const waiting: { prefix: string; resolve: (rest: string) => void }[] = [];
  const deliver = (): void => {
    for (const w of [...waiting]) {
      const at = seen.findIndex((l) => l.startsWith(w.prefix));
      if (at < 0) continue;
      const [line] = seen.splice(at, 1);
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(line!.slice(w.prefix.length));
    }
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    seen.push(line);
    deliver();
  });
  return {
    child,
    next: (prefix) =>
      new Promise<string>((resolve) => {
        waiting.push({ prefix, resolve });
        deliver();
      }),
    send: (line) => child.stdin.write(`${line}\n`),
  };
}

/** Asks worker `k` and returns its CPU time so far (ms). */
async function ask(master: Master, k: number, command: string): Promise<number> {
  const answer = master.next(`${k} `);
  master.send(`${k} ${command}`);
  return Number(await answer);
}

/** Defines the exact-CPU tests for one kind of host. */
export function defineExactCpuSuite(
  factory: { label: string; open(): Promise<Host> },
  skip?: string,
): void {
  describe(
    `exact CPU between marks on ${factory.label}`,
    { skip: skip ?? false, timeout: 120_000 },
    () => {
      let dir: string;
      let host: Host;
      let n = 0;
      before(async () => {
        dir = await mkdtemp(join(tmpdir(), 'waf-gate-exact-cpu-'));
        host = await factory.open();
      });
      after(async () => {
        await host?.close();
        if (dir) await rm(dir, { recursive: true, force: true });
      });

      async function collect(groups: string) {
        n += 1;
        const log = join(dir, `access-${n}.log`);
        await writeFile(log, '');
        const options = parseCollectOptions({
          'run-id': `exact${n}`,
          'access-log': log,
          'out-dir': join(dir, `out-${n}`),
          'poll-interval': '100ms',
          interval: '200ms',
          groups,
        });
        return startCollection(options, { logger: silentLogger, host });
      }

      it('counts a busy worker and the whole CPU of a worker that exits between the marks', async () => {
        const tag = `waf-gate-burner-${process.pid}-${Date.now()}`;
        const master = startMaster(tag);
        let workerPids: number[] = [];
        try {
          workerPids = (await master.next('ready ')).split(' ').map(Number);
          const a0 = await ask(master, 0, 'usage');
          const b0 = await ask(master, 1, 'usage');
          // The master reaps its workers: an exit lands in its cutime+cstime.
          const handle = await collect(`burners=~${tag};parent=${master.child.pid}`);
          await handle.mark('load-start');
          const a1 = await ask(master, 0, 'burn 300');
          // More CPU than a sample interval after worker 1's last possible reading: lost unless reaped.
          const exited = master.next('1 exited');
          const b1 = await ask(master, 1, 'exit 400');
          await exited;
          await handle.mark('load-end');
          const result = await handle.stop({ settleMs: 0 });
          const group = result.processes.groups[0]!;
          assert.equal(group.exactCpuMissing, undefined);
          const exact = group.exactCpu!;
          assert.ok(exact, JSON.stringify(group));
          assert.equal(exact.method, 'reaped');
          assert.deepEqual(exact.pids, { start: 2, end: 1 });
          assert.equal(exact.uncountedExits, 0);
          const reported = a1 - a0 + (b1 - b0);
          // Not lost: at least what the workers report using (minus the ticks' truncation); at most that
          // plus the error and what worker 1 spent exiting after its report (node's exit path).
          const detail = `exact ${exact.cpuMs} ms vs reported ${reported} ms (±${exact.errorMs})`;
          assert.ok(exact.cpuMs >= reported - exact.errorMs, detail);
          assert.ok(exact.cpuMs <= reported + exact.errorMs + 100, detail);
          assert.deepEqual(
            result.processes.marks?.map((m) => m.name),
            ['load-start', 'load-end'],
          );
          for (const m of result.processes.marks ?? []) assert.ok(m.readMs >= 0, JSON.stringify(m));
        } finally {
          master.child.kill('SIGKILL');
          for (const pid of workerPids) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // already gone (worker 1 exits on purpose)
            }
          }
        }
      });

      it('no process of the group at a mark: exact CPU is missing with the reason, never 0', async () => {
        const tag = `waf-gate-absent-${process.pid}-${Date.now()}`;
        const handle = await collect(`absent=~${tag}`);
        await handle.mark('load-start');
        await handle.mark('load-end');
        const result = await handle.stop({ settleMs: 0 });
        const group = result.processes.groups[0]!;
        assert.equal(group.exactCpu, undefined);
        assert.equal(group.exactCpuMissing, 'no process of the group at mark "load-start"');
      });

      it('without marks (collect start/stop, older collectors) there is neither figure nor reason', async () => {
        const handle = await collect(`none=~waf-gate-none-${process.pid}`);
        const result = await handle.stop({ settleMs: 0 });
        assert.equal(result.processes.groups[0]!.exactCpu, undefined);
        assert.equal(result.processes.groups[0]!.exactCpuMissing, undefined);
        assert.equal(result.processes.marks, undefined);
      });
    },
  );
}
