/**
 * Issue 11 item 2: the running build is the installed build. A real private nginx runs a binary that was
 * replaced the way rpm replaces it, then HUP'ed; the check must see the master and every worker on the
 * old deleted file, `restart` and `binary-upgrade` must each leave every process on the new file, and
 * `fail` must name the PIDs. Locally and over a real sshd on loopback (same machine, same /proc).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import type { WafGateError } from '../../src/common/errors.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import type { Host } from '../../src/hosts/types.ts';
import { openInstallHost } from '../../src/install/host-open.ts';
import { runInstall } from '../../src/install/install.ts';
import { parseInstallOptions, rawInputsFrom } from '../../src/install/options.ts';
import { ensureRunningBinary, inspectRunning } from '../../src/install/running-binary.ts';
import type { RunningCheckOptions } from '../../src/install/types.ts';
import { sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';
import { buildDeb, debSkipReason, purgeTestPackage } from './debs.ts';
import { nginxSkipReason } from './nginx-prefix.ts';
import { childrenOf, exeOf, startSwappedNginx, type SwappedNginx } from './swapped-nginx.ts';

const nginxSkip = nginxSkipReason();
let sshd: SshdFixture | undefined;
const sshSkip = nginxSkip ?? sshdSkipReason();
before(async () => {
  if (sshSkip === undefined) sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
});

const factories: { label: string; skip: string | undefined; open(): Promise<Host> }[] = [
  { label: 'local', skip: nginxSkip, open: async () => new LocalHost() },
  {
    label: 'ssh',
    skip: sshSkip,
    open: () =>
      openInstallHost(
        sshd!.spec,
        { 'ssh-key': sshd!.identityFile, 'known-hosts': sshd!.knownHostsFile },
        silentLogger,
      ),
  },
];

for (const factory of factories) {
  describe(
    `running build check (${factory.label})`,
    { skip: factory.skip ?? false, timeout: 120_000 },
    () => {
      let dir: string;
      let host: Host;
      let swapped: SwappedNginx;

      const options = (onMismatch: RunningCheckOptions['onMismatch']): RunningCheckOptions => ({
        check: 'auto',
        binary: swapped.binary,
        pidFile: swapped.nginx.pidFile,
        onMismatch,
        startCommand: swapped.startCommand,
      });
      const reload = () => ({
        kind: 'pid-file' as const,
        path: swapped.nginx.pidFile,
        signal: 'HUP',
      });

      before(async () => {
        host = await factory.open();
      });
      after(async () => {
        await host?.close();
      });

      const scenario = async (body: () => Promise<void>): Promise<void> => {
        dir = await mkdtemp(join(tmpdir(), 'waf-gate-running-'));
        try {
          swapped = await startSwappedNginx(dir);
          await body();
        } finally {
          await swapped?.stop();
          await rm(dir, { recursive: true, force: true });
        }
      };

      it('sees the master and every worker on the old deleted binary after an rpm-style swap + HUP', () =>
        scenario(async () => {
          // The bug as the issue states it, read directly from /proc.
          assert.match(await exeOf(swapped.master), / \(deleted\)$/);
          for (const w of swapped.workers) assert.match(await exeOf(w), / \(deleted\)$/);
          const state = await inspectRunning(host, swapped.binary, swapped.nginx.pidFile);
          assert.ok(state);
          assert.equal(state.master, swapped.master);
          assert.deepEqual(
            state.stale.map((p) => p.pid).sort(),
            [swapped.master, ...swapped.workers].sort(),
          );
          assert.ok(state.stale.every((p) => p.deleted && p.exe.endsWith(' (deleted)')));
        }));

      it('fail: reports every PID still running the deleted binary and leaves nginx alone', () =>
        scenario(async () => {
          await assert.rejects(
            ensureRunningBinary(host, options('fail'), reload(), silentLogger),
            (error: WafGateError) => {
              assert.equal(error.code, 'E_RUNNING_BINARY');
              for (const pid of [swapped.master, ...swapped.workers])
                assert.ok(error.message.includes(`pid ${pid} `), `${pid} in ${error.message}`);
              assert.match(error.message, /\(master\) runs .*\(deleted\)/);
              assert.match(error.hint ?? '', /reload-mismatch/);
              return true;
            },
          );
          assert.deepEqual(childrenOf(swapped.master).sort(), [...swapped.workers].sort());
        }));

      for (const how of ['restart', 'binary-upgrade'] as const) {
        it(`${how}: afterwards the master and every worker run the new file`, () =>
          scenario(async () => {
            const found = await ensureRunningBinary(host, options(how), reload(), silentLogger);
            assert.match(found, new RegExp(`^fixed by ${how}:`));
            const after = await inspectRunning(host, swapped.binary, swapped.nginx.pidFile);
            assert.ok(after);
            assert.notEqual(after.master, swapped.master);
            assert.equal(after.stale.length, 0);
            const inode = (await stat(swapped.binary)).ino;
            const pids = [after.master, ...childrenOf(after.master)];
            assert.ok(pids.length >= 2, 'a master and a worker');
            for (const pid of pids) {
              assert.equal(await exeOf(pid), swapped.binary, `pid ${pid}`);
              assert.equal((await stat(`/proc/${pid}/exe`)).ino, inode, `pid ${pid} inode`);
            }
            assert.equal(childrenOf(swapped.master).length, 0, 'old workers gone');
            if (how === 'binary-upgrade')
              assert.equal(await stat(`${swapped.nginx.pidFile}.oldbin`).catch(() => null), null);
          }));
      }

      for (const how of ['restart', 'fail'] as const) {
        it(
          `install-waf checks after its reload (${how}), then restores and releases on failure`,
          {
            skip: debSkipReason() ?? false,
          },
          () =>
            scenario(async () => {
              purgeTestPackage();
              const lockFile = join(dir, 'var/lock.json');
              const options = await parseInstallOptions(
                rawInputsFrom({
                  package: await buildDeb(dir, '1.2.3-1'),
                  'pause-cron': 'none',
                  'pause-timers': 'none',
                  check: 'none',
                  reload: `pid-file:${swapped.nginx.pidFile}`,
                  'nginx-binary': swapped.binary,
                  'start-command': JSON.stringify(swapped.startCommand),
                  'reload-mismatch': how,
                  'state-file': join(dir, 'state.json'),
                  'lock-file': lockFile,
                }),
              );
              try {
                if (how === 'restart') {
                  const result = await runInstall(host, options, silentLogger);
                  assert.match(result.runningCheck, /^fixed by restart: master \d+ and \d+ child/);
                  const now = await inspectRunning(host, swapped.binary, swapped.nginx.pidFile);
                  assert.equal(now?.stale.length, 0);
                } else {
                  await assert.rejects(
                    runInstall(host, options, silentLogger),
                    (e: WafGateError) =>
                      e.code === 'E_RUNNING_BINARY' &&
                      e.message.includes(`pid ${swapped.master} (master)`),
                  );
                  assert.equal(await stat(lockFile).catch(() => null), null, 'lock released');
                }
              } finally {
                purgeTestPackage();
              }
            }),
        );
      }

      it('restart without a way to start nginx fails naming what to set', () =>
        scenario(async () => {
          const { startCommand: _unused, ...noStart } = options('restart');
          await assert.rejects(
            ensureRunningBinary(host, noStart, reload(), silentLogger),
            (error: WafGateError) =>
              error.code === 'E_RUNNING_BINARY' && /start-command/.test(error.hint ?? ''),
          );
        }));
    },
  );
}
