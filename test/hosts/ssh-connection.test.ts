/**
 * SshHost's connection handling against a real sshd: one connection reused, transparent reconnect after
 * the server drops it, a running command that loses its connection fails, clean double close, and a
 * closed port fails fast with E_SSH_CONNECT.
 */
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatError } from '../../src/common/errors.ts';
import { openHost, parseHostSpec } from '../../src/hosts/spec.ts';
import { SshHost } from '../../src/hosts/ssh.ts';
import { sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';

/** `SSH_CONNECTION` names the client port, so it tells connections apart. */
async function connectionId(host: SshHost): Promise<string> {
  return (await host.exec('sh', ['-c', 'echo "$SSH_CONNECTION"'])).stdout.trim();
}

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.trim() !== '') return text.trim();
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${file} never appeared`);
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

describe('SshHost connection', { skip: sshdSkipReason() ?? false, timeout: 120_000 }, () => {
  let sshd: SshdFixture;
  let host: SshHost;
  before(async () => {
    sshd = await startSshd();
    host = new SshHost(sshd.target, sshd.sshOptions);
  });
  after(async () => {
    await host?.close();
    await sshd?.stop();
  });

  it('reuses one connection for commands and files', async () => {
    const first = await connectionId(host);
    await host.stat(sshd.knownHostsFile);
    assert.match(first, /^127\.0\.0\.1 \d+ 127\.0\.0\.1 \d+$/);
    assert.equal(await connectionId(host), first);
  });

  it('reconnects after the server drops the connection', async () => {
    const before = await connectionId(host);
    assert.ok((await sshd.dropConnections()) > 0);
    assert.equal((await host.exec('echo', ['back'])).stdout, 'back\n');
    assert.notEqual(await connectionId(host), before);
    await sshd.dropConnections();
    assert.equal(
      (await host.readFile(sshd.knownHostsFile)).toString().includes(sshd.hostPublicKey),
      true,
    );
  });

  it('fails a command whose connection drops while it runs (no silent rerun)', async () => {
    const pidFile = join(sshd.dir, 'orphan.pid');
    const running = host.exec('sh', ['-c', 'echo $$ > "$1"; exec sleep 30', 'sh', pidFile]);
    const pid = Number(await waitForFile(pidFile));
    try {
      await sshd.dropConnections();
      await assert.rejects(running, (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'E_SSH_CHANNEL', formatError(error));
        assert.match(formatError(error), /dropped while running/);
        return true;
      });
    } finally {
      try {
        process.kill(pid, 'SIGKILL'); // orphaned by the killed session
      } catch {
        /* already gone */
      }
      await rm(pidFile, { force: true });
    }
    assert.equal((await host.exec('echo', ['still usable'])).stdout, 'still usable\n');
  });

  it('works through openHost(parseHostSpec(…))', async () => {
    const opened = openHost(parseHostSpec('host', sshd.spec), sshd.sshOptions);
    try {
      assert.equal(opened.name, sshd.spec);
      assert.equal((await opened.exec('id', ['-un'])).stdout.trim(), sshd.user);
    } finally {
      await opened.close();
    }
  });

  it('closes twice and refuses work afterwards', async () => {
    const other = new SshHost(sshd.target, sshd.sshOptions);
    await other.connect();
    await Promise.all([other.close(), other.close()]);
    await other.close();
    await assert.rejects(other.exec('true', []), { code: 'E_SSH_CONNECT' });
    await new SshHost(sshd.target, sshd.sshOptions).close(); // never connected
  });

  it('fails fast with E_SSH_CONNECT on a closed port', { timeout: 15_000 }, async () => {
    const port = await closedPort();
    const refused = new SshHost(
      { ...sshd.target, port },
      { ...sshd.sshOptions, connectTimeoutMs: 60_000 },
    );
    try {
      await assert.rejects(refused.connect(), (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'E_SSH_CONNECT', formatError(error));
        assert.match(formatError(error), new RegExp(`port=${port}`));
        assert.match(formatError(error), /ECONNREFUSED/);
        return true;
      });
    } finally {
      await refused.close();
    }
  });
});
