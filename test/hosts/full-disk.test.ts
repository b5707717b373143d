/**
 * A full disk (issue 9): Host.writeFile names the file it could not write, leaves the old content in
 * place and no `.tmp` file behind — locally and over a real sshd. The disk is a 64 KiB tmpfs (root only).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalHost } from '../../src/hosts/local.ts';
import { SshHost } from '../../src/hosts/ssh.ts';
import type { Host } from '../../src/hosts/types.ts';
import { missingPeer } from '../helpers/peers.ts';
import { sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';

const skip =
  process.getuid?.() !== 0 ? missingPeer('not root: mounting a small tmpfs needs root') : undefined;
let mountPoint: string;
let sshd: SshdFixture | undefined;
before(async () => {
  if (skip !== undefined) return;
  mountPoint = await mkdtemp(join(tmpdir(), 'waf-gate-full-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`mount tmpfs failed: ${r.stderr}`);
  if (sshdSkipReason() === undefined) sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
  if (mountPoint !== undefined) {
    spawnSync('umount', [mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  }
});

const hosts: Array<{ label: string; skip: string | undefined; open(): Promise<Host> }> = [
  { label: 'LocalHost', skip, open: () => Promise.resolve(new LocalHost()) },
  {
    label: 'SshHost (real sshd on loopback)',
    skip: skip ?? sshdSkipReason(),
    open: async () => {
      const host = new SshHost(sshd!.target, sshd!.sshOptions);
      await host.connect();
      return host;
    },
  },
];

for (const factory of hosts) {
  describe(`${factory.label} on a full disk`, { skip: factory.skip ?? false }, () => {
    it('names the file, keeps the old content and leaves no temp file', async () => {
      const host = await factory.open();
      const dir = await mkdtemp(join(mountPoint, 'd-'));
      try {
        const file = join(dir, 'nginx.conf');
        await writeFile(file, 'old\n');
        await assert.rejects(host.writeFile(file, Buffer.alloc(256 * 1024, 0x61)), (e: Error) => {
          assert.ok(e.message.includes(file), e.message);
          return true;
        });
        assert.deepEqual(await readdir(dir), ['nginx.conf'], 'no .tmp file left');
        assert.equal(await readFile(file, 'utf8'), 'old\n');
      } finally {
        await host.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
