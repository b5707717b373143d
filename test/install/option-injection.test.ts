/**
 * Option injection through names from outside (issue 9): every command line install-waf builds gets
 * `-`-leading names — a tarball member `--use-compress-program=sh -c "touch …" /VERSION`, a cron folder
 * `-delete`, a package file `-x.deb` — and must run nothing and delete nothing. Real tar, find and dpkg,
 * on the local machine and over a real sshd on loopback.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import { SshHost } from '../../src/hosts/ssh.ts';
import type { Host } from '../../src/hosts/types.ts';
import { runInstall } from '../../src/install/install.ts';
import { parseInstallOptions, rawInputsFrom } from '../../src/install/options.ts';
import { listFiles, quietMachine } from '../../src/install/quiet.ts';
import { restoreFromStateFile } from '../../src/install/restore.ts';
import { StateStore } from '../../src/install/state.ts';
import { TarballBackend } from '../../src/install/tarball.ts';
import { sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';
import { buildDeb, debSkipReason, purgeTestPackage } from './debs.ts';
import { CwdHost } from './cwd-host.ts';

type Err = Error & { code?: string; input?: string; value?: unknown };

/** Builds a tarball whose VERSION member's folder is named like a tar option that runs `touch mark`. */
async function hostileTarball(
  dir: string,
  mark: string,
): Promise<{ file: string; member: string }> {
  const top = `--use-compress-program=sh -c "touch ${mark}" `;
  const root = join(dir, 'hostile-root');
  await mkdir(join(root, top), { recursive: true });
  await writeFile(join(root, top, 'VERSION'), '7.7.7\n');
  await writeFile(join(root, top, 'payload'), 'x\n');
  const file = join(dir, 'hostile.tar');
  // `--` so that tar packs the folder under exactly this name (no ./ in front).
  const r = spawnSync('tar', ['-C', root, '-cf', file, '--', top], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const listing = spawnSync('tar', ['-tf', file], { encoding: 'utf8' }).stdout;
  const member = listing.split('\n').find((m) => m.endsWith('/VERSION'));
  assert.ok(member?.startsWith('--use-compress-program='), listing);
  return { file, member: member! };
}

const exists = async (path: string): Promise<boolean> =>
  (await stat(path).catch(() => null)) !== null;

const sshSkip = sshdSkipReason();
let sshd: SshdFixture | undefined;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'waf-gate-inject-'));
  if (sshSkip === undefined) sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('option injection: inputs that reach command lines', () => {
  const parse = (values: Record<string, string>): ReturnType<typeof parseInstallOptions> =>
    parseInstallOptions(rawInputsFrom({ package: '/x/a.deb', ...values }, '--'));

  it('refuses a relative cron-dir, install-dir, pid file and edit path, naming the input and value', async () => {
    for (const [name, value] of [
      ['cron-dir', '-delete'],
      ['cron-dir', 'cron.d'],
      ['install-dir', '--x'],
    ] as const) {
      await assert.rejects(parse({ [name]: value }), (e: Err) => {
        assert.equal(e.code, 'E_CONFIG');
        assert.equal(e.input, `--${name}`);
        assert.equal(e.value, value);
        assert.match(e.message, /absolute/);
        return true;
      });
    }
    await assert.rejects(
      parse({ reload: 'pid-file:-run.pid' }),
      (e: Err) => e.input === '--reload',
    );
    await assert.rejects(
      parse({ edits: JSON.stringify([{ file: 'nginx.conf', set: 'a', value: 'b' }]) }),
      /absolute path on the host/,
    );
  });

  it('refuses option look-alikes as unit, service and crontab user names', async () => {
    for (const reload of ['systemctl:--now', 'service:-x']) {
      await assert.rejects(parse({ reload }), (e: Err) => e.input === '--reload');
    }
    await assert.rejects(parse({ 'pause-cron-users': 'root,-r' }), (e: Err) => {
      assert.equal(e.input, '--pause-cron-users');
      assert.match(e.message, /"-r"/);
      return true;
    });
    assert.deepEqual((await parse({ 'pause-cron-users': 'root,www-data' })).quiet.cronUsers, [
      'root',
      'www-data',
    ]);
  });
});

const hosts: Array<{ label: string; skip: string | undefined; open(): Promise<Host> }> = [
  { label: 'the local machine', skip: undefined, open: () => Promise.resolve(new LocalHost()) },
  {
    label: 'a real sshd on loopback',
    skip: sshSkip,
    open: async () => {
      const host = new SshHost(sshd!.target, sshd!.sshOptions);
      await host.connect();
      return host;
    },
  },
];

for (const factory of hosts) {
  describe(`option injection on ${factory.label}`, { skip: factory.skip ?? false }, () => {
    let host: Host;
    let work: string;
    before(async () => {
      host = await factory.open();
    });
    after(() => host?.close());

    it('reads and unpacks a tarball whose member names are tar options, running nothing', async () => {
      work = await mkdtemp(join(dir, 'tar-'));
      const mark = join(work, 'pwned');
      const { file } = await hostileTarball(work, mark);
      const installDir = join(work, 'opt', 'waf');
      const options = await parseInstallOptions(
        rawInputsFrom({ package: file, 'install-dir': installDir }),
      );
      const backend = new TarballBackend(host, options);
      const identity = await backend.inspect(file);
      assert.equal(identity.version, '7.7.7');
      assert.equal(await exists(mark), false, 'tar -xOf ran the member name as a command');
      await mkdir(join(work, 'opt'), { recursive: true });
      await backend.install(file);
      assert.equal(await readFile(join(installDir, 'payload'), 'utf8'), 'x\n');
      assert.equal(await exists(mark), false);
    });

    it('never lets find read a cron folder named -delete as an expression', async () => {
      work = await mkdtemp(join(dir, 'find-'));
      // The command's working directory holds a folder named -delete and files that must survive.
      await mkdir(join(work, '-delete'));
      await writeFile(join(work, '-delete', 'job'), '* * * * * root package_log.sh\n');
      await writeFile(join(work, 'keep.txt'), 'mine\n');
      const inWork = new CwdHost(host, work);
      const store = await StateStore.create(join(work, 'state.json'), host.name, { kind: 'none' });
      const quiet = {
        cronPatterns: ['package_log'],
        cronUsers: ['nobody'],
        cronDir: '-delete',
        timerPatterns: [],
        accessLogAction: 'none' as const,
      };
      await assert.rejects(quietMachine(inWork, quiet, store, silentLogger), (e: Err) => {
        assert.equal(e.code, 'E_CONFIG');
        assert.equal(e.input, 'cron-dir');
        assert.equal(e.value, '-delete');
        return true;
      });
      assert.deepEqual((await readdir(work)).sort(), ['-delete', 'keep.txt', 'state.json']);
      assert.equal(await readFile(join(work, 'keep.txt'), 'utf8'), 'mine\n');
      await store.remove();
      // An absolute folder whose file names start with - and hold newlines is listed exactly.
      const cron = join(work, 'cron.d');
      await mkdir(cron);
      await writeFile(join(cron, '-delete'), '');
      await writeFile(join(cron, 'two\nlines'), '');
      assert.deepEqual((await listFiles(host, cron)).sort(), [
        join(cron, '-delete'),
        join(cron, 'two\nlines'),
      ]);
    });

    it(
      'installs a package file named -x.deb through dpkg-deb, dpkg-query and dpkg',
      { skip: debSkipReason() ?? false },
      async () => {
        work = await mkdtemp(join(dir, 'deb-'));
        purgeTestPackage();
        try {
          const deb = join(work, '-x.deb');
          await copyFile(await buildDeb(work, '3.1.4-1'), deb);
          const options = await parseInstallOptions(
            rawInputsFrom({
              package: deb,
              'pause-cron': 'none',
              'pause-timers': 'none',
              'state-file': join(work, 'state.json'),
              'lock-file': `${join(work, 'state.json')}.lock`,
            }),
          );
          const result = await runInstall(host, options, silentLogger);
          assert.equal(result.version, '3.1.4-1');
          assert.equal(result.action, 'installed');
          await restoreFromStateFile(host, options.stateFile, silentLogger);
        } finally {
          purgeTestPackage();
        }
      },
    );
  });
}
