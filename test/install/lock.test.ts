/**
 * Issue 11 item 4: one WAF host, one run at a time. The lock file on the WAF host (exclusive create
 * through the Host), its holder and lease, take-over of an expired lease, and restore from a fresh
 * process that knows only the host and the run id. Locally and over a real sshd on loopback.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { WafGateError } from '../../src/common/errors.ts';
import { silentLogger, type Logger } from '../../src/common/logger.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import type { Host } from '../../src/hosts/types.ts';
import { openInstallHost } from '../../src/install/host-open.ts';
import { runInstall } from '../../src/install/install.ts';
import { acquireLock, hostStatePath, readLock, releaseLock } from '../../src/install/lock.ts';
import { parseInstallOptions, rawInputsFrom } from '../../src/install/options.ts';
import { sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';
import { buildDeb, debSkipReason, purgeTestPackage } from './debs.ts';
import { runCliInstall } from './install-suite.ts';

const sshSkip = sshdSkipReason();
let sshd: SshdFixture | undefined;
before(async () => {
  if (sshSkip === undefined) sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
});

interface Factory {
  label: string;
  skip: string | undefined;
  open(): Promise<Host>;
  /** `--host` and SSH flags for the CLI in a child process. */
  flags(): string[];
}
const factories: Factory[] = [
  { label: 'local', skip: undefined, open: async () => new LocalHost(), flags: () => [] },
  {
    label: 'ssh',
    skip: sshSkip,
    open: () =>
      openInstallHost(
        sshd!.spec,
        { 'ssh-key': sshd!.identityFile, 'known-hosts': sshd!.knownHostsFile },
        silentLogger,
      ),
    flags: () => [
      '--host',
      sshd!.spec,
      '--ssh-key',
      sshd!.identityFile,
      '--known-hosts',
      sshd!.knownHostsFile,
    ],
  },
];

/** A logger that keeps warnings. */
function recording(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warn: (m: string) => void warnings.push(m), warnings };
}

const GITHUB_ENV = {
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_REPOSITORY: 'acme/waf',
  GITHUB_RUN_ID: '4242',
  GITHUB_JOB: 'install',
};

for (const factory of factories) {
  describe(
    `WAF host lock (${factory.label})`,
    { skip: factory.skip ?? false, timeout: 120_000 },
    () => {
      let dir: string;
      let host: Host;
      before(async () => {
        dir = await mkdtemp(join(tmpdir(), 'waf-gate-lock-'));
        host = await factory.open();
      });
      after(async () => {
        await host?.close();
        await rm(dir, { recursive: true, force: true });
      });

      it('exclusive write: of two racing writers exactly one wins, complete; an existing file is kept', async () => {
        const path = join(dir, 'race', 'x.json');
        await host.mkdir(join(dir, 'race'), { recursive: true });
        const results = await Promise.allSettled(
          ['a', 'b'].map((w) => host.writeFile(path, w.repeat(70_000), { exclusive: true })),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        assert.equal(won.length, 1);
        assert.equal(
          ((lost[0] as PromiseRejectedResult).reason as { code?: string }).code,
          'EEXIST',
        );
        const text = await readFile(path, 'utf8');
        assert.ok(text === 'a'.repeat(70_000) || text === 'b'.repeat(70_000), 'one whole writer');
        await assert.rejects(
          host.writeFile(path, 'c', { exclusive: true }),
          (e: { code?: string }) => e.code === 'EEXIST',
        );
        assert.equal((await readFile(path, 'utf8')).length, 70_000);
      });

      it('refuses a second run while the lock is held, naming the holder, how long and the expiry', async () => {
        const lock = { path: join(dir, 'held', 'lock.json'), leaseMs: 3600_000 };
        const saved = { ...process.env };
        Object.assign(process.env, GITHUB_ENV);
        try {
          const first = await acquireLock(host, lock, 'run-a', silentLogger);
          assert.equal(first.how, 'new');
        } finally {
          for (const k of Object.keys(GITHUB_ENV))
            if (saved[k] === undefined) delete process.env[k];
        }
        const holder = await readLock(host, lock.path);
        assert.equal(holder?.runId, 'run-a');
        assert.equal(holder?.runUrl, 'https://github.example/acme/waf/actions/runs/4242');
        assert.equal(holder?.runner, hostname());
        assert.equal(holder?.pid, process.pid);
        await assert.rejects(acquireLock(host, lock, 'run-b', silentLogger), (e: WafGateError) => {
          assert.equal(e.code, 'E_LOCK_HELD');
          assert.match(
            e.message,
            /in use by run run-a, https:\/\/github\.example\/acme\/waf\/actions\/runs\/4242, job install/,
          );
          assert.match(e.message, /held for \d+ s \(since /);
          assert.ok(e.message.includes(`lease expires at ${holder?.expiresAt}`), e.message);
          assert.match(e.hint ?? '', /--run-id run-a/);
          return true;
        });
        assert.equal((await readLock(host, lock.path))?.runId, 'run-a', 'untouched');
        // The holder itself renews (another job of the same run).
        assert.equal((await acquireLock(host, lock, 'run-a', silentLogger)).how, 'renewed');
        assert.equal(await releaseLock(host, lock.path, 'run-b', silentLogger), false);
        assert.equal(
          (await readLock(host, lock.path))?.runId,
          'run-a',
          'not released by another run',
        );
        assert.equal(await releaseLock(host, lock.path, 'run-a', silentLogger), true);
        assert.equal(await readLock(host, lock.path), null);
      });

      it('takes over an expired lease with a warning naming the old holder', async () => {
        const path = join(dir, 'expired', 'lock.json');
        await acquireLock(host, { path, leaseMs: 1 }, 'run-dead', silentLogger);
        await delay(20);
        const logger = recording();
        const taken = await acquireLock(host, { path, leaseMs: 60_000 }, 'run-new', logger);
        assert.equal(taken.how, 'taken-over');
        assert.equal(taken.previous?.runId, 'run-dead');
        assert.equal((await readLock(host, path))?.runId, 'run-new');
        assert.equal(logger.warnings.length, 1);
        assert.match(logger.warnings[0]!, /Taking over the lock .* run run-dead.* expired at/);
      });

      it(
        'install holds the lock; a second install is refused; a fresh process restores with host + run id',
        {
          skip: debSkipReason() ?? false,
        },
        async () => {
          const work = join(dir, 'flow');
          await host.mkdir(work, { recursive: true });
          const lockFile = join(work, 'var/lock.json');
          const target = join(work, 'app.conf');
          await writeFile(target, 'mode = quiet\n');
          const deb = await buildDeb(work, '1.2.3-1');
          purgeTestPackage();
          const options = (runId: string, stateFile: string) =>
            parseInstallOptions(
              rawInputsFrom({
                package: deb,
                'pause-cron': 'none',
                'pause-timers': 'none',
                edits: JSON.stringify([{ file: target, replace: 'quiet', with: 'loud' }]),
                check: 'none',
                'state-file': stateFile,
                'lock-file': lockFile,
                'run-id': runId,
              }),
            );
          try {
            const result = await runInstall(
              host,
              await options('first', join(work, 'a.json')),
              silentLogger,
            );
            assert.equal(result.runId, 'first');
            assert.equal(result.lockFile, lockFile);
            assert.equal(await readFile(target, 'utf8'), 'mode = loud\n');
            assert.equal((await readLock(host, lockFile))?.runId, 'first');
            const copy = hostStatePath(lockFile, 'first');
            assert.equal(result.hostStateFile, copy);
            assert.equal(
              (JSON.parse(await readFile(copy, 'utf8')) as { runId: string }).runId,
              'first',
            );

            await assert.rejects(
              runInstall(host, await options('second', join(work, 'b.json')), silentLogger),
              (e: WafGateError) =>
                e.code === 'E_LOCK_HELD' && /in use by run first/.test(e.message),
            );
            assert.equal(
              await readFile(target, 'utf8'),
              'mode = loud\n',
              'the refused run changed nothing',
            );

            // Another runner: no runner state file, only the host and the run id.
            await rm(join(work, 'a.json'), { force: true });
            const restored = await runCliInstall([
              '--restore',
              ...factory.flags(),
              '--run-id',
              'first',
              '--lock-file',
              lockFile,
              '--state-file',
              join(work, 'not-here.json'),
            ]);
            assert.equal(restored.code, 0, restored.stderr);
            assert.match(restored.stdout, /restored 1 file\(s\).*lock released/);
            assert.equal(await readFile(target, 'utf8'), 'mode = quiet\n');
            assert.equal(await stat(lockFile).catch(() => null), null, 'lock released');
            assert.equal(await stat(copy).catch(() => null), null, 'state copy removed');
            // The host is free again.
            const again = await runInstall(
              host,
              await options('second', join(work, 'b.json')),
              silentLogger,
            );
            assert.equal(again.action, 'unchanged');
            const back = await runCliInstall([
              '--restore',
              ...factory.flags(),
              '--run-id',
              'second',
              '--lock-file',
              lockFile,
              '--state-file',
              join(work, 'b.json'),
            ]);
            assert.equal(back.code, 0, back.stderr);
            assert.equal(await stat(lockFile).catch(() => null), null);
          } finally {
            purgeTestPackage();
          }
        },
      );
    },
  );
}
