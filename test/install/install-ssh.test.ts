/**
 * The same install-waf suite over SSH: a real OpenSSH server on loopback (test/helpers/sshd.ts) logs in
 * to this machine, so dpkg, nginx and crontab are the same real ones, reached through SshHost.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { openInstallHost } from '../../src/install/host-open.ts';
import { makeKeyPair, sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';
import { debSkipReason } from './debs.ts';
import { defineInstallSuite, runCliInstall } from './install-suite.ts';
import { nginxSkipReason } from './nginx-prefix.ts';
import { missingPeer } from '../helpers/peers.ts';

const crontabReason = spawnSync('crontab', ['-V']).error
  ? missingPeer('crontab not found (apt-get install cron)')
  : undefined;
const skip = debSkipReason() ?? nginxSkipReason() ?? crontabReason ?? sshdSkipReason();

let sshd: SshdFixture | undefined;
before(async () => {
  if (skip === undefined) sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
});

const ssh = (): Record<string, string> => ({
  'ssh-key': sshd!.identityFile,
  'known-hosts': sshd!.knownHostsFile,
});

defineInstallSuite(
  {
    label: 'a real sshd on loopback',
    open: () => openInstallHost(sshd!.spec, ssh(), silentLogger),
    cliFlags: () => [
      '--host',
      sshd!.spec,
      '--ssh-key',
      sshd!.identityFile,
      '--known-hosts',
      sshd!.knownHostsFile,
    ],
    target: () => ({ spec: sshd!.spec, ssh: ssh() }),
  },
  skip,
);

describe('install-waf host key check', { skip: skip ?? false }, () => {
  it('refuses a host whose key is not the known one, showing the offered fingerprint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-install-hostkey-'));
    try {
      makeKeyPair(join(dir, 'other'));
      const otherKey = (await readFile(join(dir, 'other.pub'), 'utf8')).trim();
      await writeFile(join(dir, 'known_hosts'), `[127.0.0.1]:${sshd!.port} ${otherKey}\n`);
      const result = await runCliInstall([
        '--restore',
        '--host',
        sshd!.spec,
        '--ssh-key',
        sshd!.identityFile,
        '--known-hosts',
        join(dir, 'known_hosts'),
        '--state-file',
        join(dir, 'state.json'),
      ]);
      assert.equal(result.code, 3);
      assert.ok(result.stderr.includes(sshd!.fingerprint), result.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
