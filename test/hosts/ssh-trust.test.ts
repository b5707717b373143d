/**
 * SshHost against a real sshd: the server's key is checked (known_hosts plain and hashed, pinned
 * fingerprint; unknown, changed and revoked keys refused with the offered fingerprint) and the client
 * authenticates (key file, encrypted key, agent; wrong key refused).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFile, copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatError } from '../../src/common/errors.ts';
import { SshHost } from '../../src/hosts/ssh.ts';
import type { SshOptions } from '../../src/hosts/ssh-options.ts';
import { makeKeyPair, sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';

/** Connects with `options` on top of the fixture's, runs one command, closes; returns the error if any. */
async function attempt(sshd: SshdFixture, options: SshOptions): Promise<unknown> {
  const host = new SshHost(sshd.target, { ...sshd.sshOptions, ...options });
  try {
    assert.equal((await host.exec('echo', ['ok'])).stdout, 'ok\n');
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await host.close();
  }
}

function expectCode(error: unknown, code: string): string {
  assert.ok(error, `expected ${code}, but the connection succeeded`);
  assert.equal((error as { code?: string }).code, code, formatError(error));
  return formatError(error);
}

describe(
  'SshHost trust and authentication',
  { skip: sshdSkipReason() ?? false, timeout: 120_000 },
  () => {
    let sshd: SshdFixture;
    let otherKey: string;
    before(async () => {
      sshd = await startSshd();
      otherKey = join(sshd.dir, 'other_key');
      makeKeyPair(otherKey, 'not-authorized');
    });
    after(() => sshd?.stop());

    it('accepts the key listed in known_hosts', async () => {
      assert.equal(await attempt(sshd, {}), undefined);
    });

    it('accepts a hashed known_hosts entry (ssh-keygen -H)', async () => {
      const file = join(sshd.dir, 'known_hosts_hashed');
      await copyFile(sshd.knownHostsFile, file);
      const hashed = spawnSync('ssh-keygen', ['-H', '-f', file], { encoding: 'utf8' });
      assert.equal(hashed.status, 0, hashed.stderr);
      const text = await readFile(file, 'utf8');
      assert.match(text, /^\|1\|/);
      assert.ok(!text.includes('127.0.0.1'));
      assert.equal(await attempt(sshd, { knownHostsFile: file }), undefined);
    });

    it('refuses a changed host key and shows the offered fingerprint', async () => {
      const file = join(sshd.dir, 'known_hosts_wrong');
      await writeFile(
        file,
        `[127.0.0.1]:${sshd.port} ${(await readFile(`${otherKey}.pub`, 'utf8')).trim()}\n`,
      );
      const message = expectCode(await attempt(sshd, { knownHostsFile: file }), 'E_SSH_HOST_KEY');
      assert.ok(message.includes(sshd.fingerprint), message);
      assert.match(message, /ssh-ed25519/);
      assert.match(message, /differs/);
      assert.match(message, /ssh-keygen -R/);
    });

    it('refuses an unknown host and says how to trust it', async () => {
      const file = join(sshd.dir, 'known_hosts_other');
      await writeFile(file, `# nothing for this port\n127.0.0.1 ${sshd.hostPublicKey}\n`);
      const message = expectCode(await attempt(sshd, { knownHostsFile: file }), 'E_SSH_HOST_KEY');
      assert.ok(message.includes(sshd.fingerprint), message);
      assert.match(message, /not listed/);
      assert.match(message, /known_hosts/);
      assert.match(message, /hostKeyFingerprint/);
      const missing = expectCode(
        await attempt(sshd, { knownHostsFile: join(sshd.dir, 'nope') }),
        'E_SSH_HOST_KEY',
      );
      assert.match(missing, /\(missing\)/);
    });

    it('refuses a key marked @revoked', async () => {
      const file = join(sshd.dir, 'known_hosts_revoked');
      await writeFile(
        file,
        `${await readFile(sshd.knownHostsFile, 'utf8')}@revoked * ${sshd.hostPublicKey}\n`,
      );
      expectCode(await attempt(sshd, { knownHostsFile: file }), 'E_SSH_HOST_KEY');
    });

    it('accepts the pinned fingerprint and refuses another', async () => {
      const nowhere = join(sshd.dir, 'empty_known_hosts');
      await writeFile(nowhere, '');
      assert.equal(
        await attempt(sshd, { knownHostsFile: nowhere, hostKeyFingerprint: sshd.fingerprint }),
        undefined,
      );
      const wrong = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      const message = expectCode(
        await attempt(sshd, { hostKeyFingerprint: wrong }),
        'E_SSH_HOST_KEY',
      );
      assert.ok(message.includes(sshd.fingerprint) && message.includes(wrong), message);
      expectCode(await attempt(sshd, { hostKeyFingerprint: 'MD5:aa:bb' }), 'E_CONFIG');
    });

    it('asks a server with several host keys for the type known_hosts lists', async () => {
      const multi = await startSshd({ extraHostKeyTypes: ['ecdsa'] });
      try {
        const ecdsa = multi.hostKeys.find((k) => k.type.startsWith('ecdsa-'));
        assert.ok(ecdsa);
        const file = join(multi.dir, 'known_hosts_ecdsa');
        await writeFile(file, `[127.0.0.1]:${multi.port} ${ecdsa.publicKey}\n`);
        assert.equal(await attempt(multi, { knownHostsFile: file }), undefined);
        // With a pin there is no type to prefer: the default (ed25519) key is offered and named.
        const message = expectCode(
          await attempt(multi, { hostKeyFingerprint: ecdsa.fingerprint }),
          'E_SSH_HOST_KEY',
        );
        assert.ok(message.includes(multi.fingerprint), message);
      } finally {
        await multi.stop();
      }
    });

    it('refuses a client key the server does not know (E_SSH_AUTH)', async () => {
      const message = expectCode(await attempt(sshd, { identityFile: otherKey }), 'E_SSH_AUTH');
      assert.match(message, /authorized_keys/);
    });

    it('uses an encrypted key with its passphrase and never shows the passphrase', async () => {
      const key = join(sshd.dir, 'encrypted_key');
      const passphrase = 'correct horse $(battery)';
      const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', key]);
      assert.equal(made.status, 0);
      await appendFile(join(sshd.dir, 'authorized_keys'), await readFile(`${key}.pub`));
      assert.equal(await attempt(sshd, { identityFile: key, passphrase }), undefined);
      const missing = expectCode(await attempt(sshd, { identityFile: key }), 'E_CONFIG');
      assert.match(missing, /passphrase is missing/);
      const wrongPassphrase = 'not the secret';
      const wrong = expectCode(
        await attempt(sshd, { identityFile: key, passphrase: wrongPassphrase }),
        'E_CONFIG',
      );
      assert.ok(!wrong.includes(wrongPassphrase) && !wrong.includes(passphrase), wrong);
    });

    it('authenticates with the SSH agent', async () => {
      const socket = join(sshd.dir, 'agent.sock');
      const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
      const saved = process.env.SSH_AUTH_SOCK;
      try {
        for (let i = 0; i < 100 && spawnSync('test', ['-S', socket]).status !== 0; i++)
          await new Promise((r) => setTimeout(r, 50));
        const added = spawnSync('ssh-add', [sshd.identityFile], {
          env: { ...process.env, SSH_AUTH_SOCK: socket },
          encoding: 'utf8',
        });
        assert.equal(added.status, 0, added.stderr);
        process.env.SSH_AUTH_SOCK = socket;
        const { identityFile: _unused, ...trustOnly } = sshd.sshOptions;
        const host = new SshHost(sshd.target, { ...trustOnly, useAgent: true });
        try {
          assert.equal((await host.exec('echo', ['via agent'])).stdout, 'via agent\n');
        } finally {
          await host.close();
        }
      } finally {
        if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
        else process.env.SSH_AUTH_SOCK = saved;
        agent.kill();
      }
    });
  },
);
