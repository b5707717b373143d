/**
 * Cancel (issue 9): SIGINT/SIGTERM to `waf-gate install` while its reload command hangs stops that
 * command's whole process group (also a grandchild holding stdout), locally and over a real sshd, then
 * restores the crontab, the cron.d file, the edited config and removes the state file, and exits 130.
 * The CLI (and the install-waf action entry, as the runner cancels it) runs as a real child process;
 * the 10 s bound is a hang guard, not a timing assertion.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readState } from '../../src/install/state.ts';
import { missingPeer } from '../helpers/peers.ts';
import { sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';
import {
  alive,
  eventually,
  groupMembers,
  killAll,
  settlesWithin,
} from '../hosts/process-groups.ts';

const REPO = join(import.meta.dirname, '../..');
const ORIGINAL_CRONTAB = [
  'SHELL=/bin/sh',
  '*/1 * * * * /bin/sh /usr/local/nginx/bin/package_log.sh 1>/dev/null 2>&1',
  '17 3 * * * /usr/local/bin/unrelated-backup --keep 7',
  '',
].join('\n');
const ORIGINAL_CRON_D = '*/1 * * * * root /bin/sh /usr/local/nginx/bin/package_access_log.sh\n';
/** A reload that hangs: records its pid (the group leader) and a grandchild's holding stdout. */
const RELOAD_SCRIPT = [
  '#!/bin/sh',
  'echo $$ > "$1"',
  'sleep 120 &',
  'echo $! >> "$1"',
  'echo reloading',
  'sleep 60',
  '',
].join('\n');

const crontab = (): string => {
  const r = spawnSync('crontab', ['-l'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : '';
};
const skip =
  process.getuid?.() !== 0
    ? missingPeer('not root: the test edits the real crontab of the user it connects as over SSH')
    : spawnSync('crontab', ['-V']).error
      ? missingPeer('crontab not found (apt-get install cron)')
      : undefined;
const sshSkip = skip ?? sshdSkipReason();

let dir: string;
let sshd: SshdFixture | undefined;
const hadCrontab = crontab();
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'waf-gate-cancel-'));
  if (sshSkip === undefined) sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
  if (hadCrontab === '') spawnSync('crontab', ['-r']);
  else spawnSync('crontab', ['-'], { input: hadCrontab });
  await rm(dir, { recursive: true, force: true });
});

async function buildTarball(work: string): Promise<string> {
  const root = join(work, 'build');
  await mkdir(join(root, 'sbin'), { recursive: true });
  await writeFile(join(root, 'VERSION'), '9.9.9\n');
  await writeFile(join(root, 'sbin/waf'), 'waf\n');
  const file = join(work, 'waf-build.tar');
  const r = spawnSync('tar', ['-C', root, '-cf', file, '--', 'VERSION', 'sbin'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return file;
}

const cases: Array<{ via: 'local' | 'ssh' | 'action'; signal: NodeJS.Signals }> = [
  { via: 'local', signal: 'SIGINT' },
  { via: 'action', signal: 'SIGINT' },
  { via: 'local', signal: 'SIGTERM' },
  { via: 'ssh', signal: 'SIGINT' },
  { via: 'ssh', signal: 'SIGTERM' },
];

describe('install-waf cancel during a hanging reload', () => {
  for (const { via, signal } of cases) {
    it(
      `${signal} over ${via}: stops the reload's process group, restores everything, ends as interrupted`,
      { skip: (via === 'ssh' ? sshSkip : skip) ?? false, timeout: 60_000 },
      async () => {
        const work = await mkdtemp(join(dir, `${via}-${signal}-`));
        const reload = join(work, 'reload.sh');
        await writeFile(reload, RELOAD_SCRIPT);
        await chmod(reload, 0o755);
        const pids = join(work, 'reload.pids');
        const conf = join(work, 'site.conf');
        await writeFile(conf, 'value old;\n');
        const cronDir = join(work, 'cron.d');
        await mkdir(cronDir);
        await writeFile(join(cronDir, 'packagers'), ORIGINAL_CRON_D, { mode: 0o644 });
        spawnSync('crontab', ['-'], { input: ORIGINAL_CRONTAB });
        const stateFile = join(work, 'state.json');
        const inputs: Record<string, string> = {
          ...(via === 'ssh'
            ? {
                host: sshd!.spec,
                'ssh-key': sshd!.identityFile,
                'known-hosts': sshd!.knownHostsFile,
              }
            : {}),
          package: await buildTarball(work),
          'install-dir': join(work, 'opt/waf'),
          'package-name': 'waf-cancel-test',
          edits: JSON.stringify([{ file: conf, set: 'value', value: 'new' }]),
          check: 'none',
          reload: `command:${JSON.stringify([reload, pids])}`,
          'cron-dir': cronDir,
          'pause-timers': 'none',
          'state-file': stateFile,
          'lock-file': `${stateFile}.lock`,
        };
        const child =
          via === 'action'
            ? spawn(process.execPath, ['--import', 'tsx', 'src/actions/install-waf.ts'], {
                cwd: REPO,
                stdio: ['ignore', 'pipe', 'pipe'],
                env: {
                  PATH: process.env.PATH ?? '/usr/bin:/bin',
                  HOME: process.env.HOME ?? '/root',
                  GITHUB_OUTPUT: join(work, 'github-output'),
                  RUNNER_TEMP: work,
                  ...Object.fromEntries(
                    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
                  ),
                },
              })
            : spawn(
                process.execPath,
                [
                  '--import',
                  'tsx',
                  'test/install/install-cli.ts',
                  ...Object.entries(inputs).flatMap(([k, v]) => [`--${k}`, v]),
                ],
                { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
              );
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.stdout.on('data', (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
        try {
          const started = await eventually(async () => {
            const text = await readFile(pids, 'utf8').catch(() => '');
            return text.trim().split('\n').length === 2;
          }, 30_000);
          assert.ok(started, `the reload never started: ${stderr}`);
          assert.match(crontab(), /#waf-gate-paused:/, 'crontab paused before the reload');
          assert.equal(await readFile(conf, 'utf8'), 'value new;\n', 'config edited');
          const [leader, grandchild] = (await readFile(pids, 'utf8'))
            .trim()
            .split('\n')
            .map(Number);

          child.kill(signal);
          const code = await settlesWithin(exited, 10_000, `the CLI after ${signal}`);
          // The CLI exits 130; the action fails its step (exit 1) after restoring.
          assert.equal(code, via === 'action' ? 1 : 130, stderr);

          const gone = await eventually(async () => (await groupMembers(leader!)).length === 0);
          const left = await groupMembers(leader!);
          killAll(left);
          assert.ok(gone, `processes of the reload's group survived: ${left.join(', ')}`);
          assert.equal(await alive(grandchild!), false, 'the grandchild holding stdout is gone');
          assert.equal(crontab(), ORIGINAL_CRONTAB, 'crontab restored');
          assert.equal(await readFile(join(cronDir, 'packagers'), 'utf8'), ORIGINAL_CRON_D);
          assert.equal(await readFile(conf, 'utf8'), 'value old;\n', 'config restored');
          assert.equal(await readState(stateFile), null, 'state file removed after the restore');
          assert.equal(await stat(stateFile).catch(() => null), null);
        } finally {
          child.kill('SIGKILL');
          const text = await readFile(pids, 'utf8').catch(() => '');
          const [leader] = text.split('\n').map(Number);
          if (leader) killAll(await groupMembers(leader));
        }
      },
    );
  }
});
