/**
 * Stopping commands (issue 9): a timeout or an abort kills the command's whole process group — locally
 * and over a real sshd — and the result settles even when a grandchild keeps stdout open. Real `sh` and
 * `sleep` processes; the bounds are hang guards, never timing assertions.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCommand } from '../../src/common/exec.ts';
import { AbortableHost } from '../../src/hosts/abortable.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import { SshHost } from '../../src/hosts/ssh.ts';
import type { Host } from '../../src/hosts/types.ts';
import { sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';
import { alive, eventually, groupMembers, killAll, settlesWithin } from './process-groups.ts';

type Err = Error & { code?: string };

/** sh that records its pid (the group leader) and a background grandchild's, then sleeps. */
const SPAWNER = 'echo $$ > "$1"; sleep 60 & echo $! >> "$1"; exec sleep 60';

async function pidsIn(file: string): Promise<number[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => /^\d+$/.test(l))
    .map(Number);
}

let dir: string;
let counter = 0;
const pidFile = (): string => join(dir, `pids-${++counter}`);
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'waf-gate-exec-cancel-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('runCommand: process groups and held pipes', () => {
  it('settles when the program exits although a grandchild still holds stdout', async () => {
    const result = await settlesWithin(
      runCommand('sh', ['-c', 'sleep 60 & echo $!']),
      15_000,
      'runCommand with a grandchild holding stdout',
    );
    const grandchild = Number(result.stdout.trim());
    assert.equal(result.exitCode, 0);
    assert.ok(await alive(grandchild), 'a program that exited normally keeps what it started');
    killAll([grandchild]);
  });

  it('kills the whole process group on a timeout and settles', async () => {
    const file = pidFile();
    await settlesWithin(
      assert.rejects(
        runCommand('sh', ['-c', SPAWNER, 'sh', file], { timeoutMs: 300 }),
        (e: Err) => e.code === 'E_EXEC_TIMEOUT',
      ),
      15_000,
      'a timed-out command',
    );
    const [leader, grandchild] = await pidsIn(file);
    assert.ok(leader !== undefined && grandchild !== undefined);
    const gone = await eventually(async () => (await groupMembers(leader)).length === 0);
    const left = await groupMembers(leader);
    killAll(left);
    assert.ok(gone, `processes of the group survived: ${left.join(', ')}`);
    assert.equal(await alive(grandchild), false);
  });

  it('kills the whole process group when aborted, and runs nothing when already aborted', async () => {
    const file = pidFile();
    const controller = new AbortController();
    const running = runCommand('sh', ['-c', SPAWNER, 'sh', file], {
      signal: controller.signal,
      timeoutMs: 120_000,
    });
    assert.ok(await eventually(async () => (await pidsIn(file)).length === 2), 'started');
    controller.abort(new Error('interrupted by SIGINT'));
    await settlesWithin(
      assert.rejects(running, (e: Err) => {
        assert.equal(e.code, 'E_ABORTED');
        assert.match(e.message, /interrupted by SIGINT/);
        return true;
      }),
      15_000,
      'an aborted command',
    );
    const [leader] = await pidsIn(file);
    const gone = await eventually(async () => (await groupMembers(leader!)).length === 0);
    const left = await groupMembers(leader!);
    killAll(left);
    assert.ok(gone, `processes of the group survived: ${left.join(', ')}`);

    const never = pidFile();
    await assert.rejects(
      runCommand('sh', ['-c', SPAWNER, 'sh', never], { signal: controller.signal }),
      (e: Err) => e.code === 'E_ABORTED',
    );
    assert.equal(await stat(never).catch(() => null), null, 'nothing ran');
  });
});

const sshSkip = sshdSkipReason();
let sshd: SshdFixture | undefined;
before(async () => {
  if (sshSkip === undefined) sshd = await startSshd();
});
after(() => sshd?.stop());

const hosts: Array<{ label: string; skip: string | undefined; open(): Promise<Host> }> = [
  { label: 'LocalHost', skip: undefined, open: () => Promise.resolve(new LocalHost()) },
  {
    label: 'SshHost (real sshd on loopback)',
    skip: sshSkip,
    open: async () => {
      const host = new SshHost(sshd!.target, sshd!.sshOptions);
      await host.connect();
      return host;
    },
  },
];

for (const factory of hosts) {
  describe(`${factory.label}: exec stops and settles`, { skip: factory.skip ?? false }, () => {
    let host: Host;
    before(async () => {
      host = await factory.open();
    });
    after(() => host?.close());

    it('settles when the program exits although a grandchild still holds stdout', async () => {
      const result = await settlesWithin(
        host.exec('sh', ['-c', 'sleep 60 & echo $!']),
        15_000,
        'exec with a grandchild holding stdout',
      );
      assert.equal(result.exitCode, 0);
      const grandchild = Number(result.stdout.trim());
      assert.ok(grandchild > 0, result.stdout);
      killAll([grandchild]);
      assert.equal((await host.exec('echo', ['next'])).stdout, 'next\n', 'the host stays usable');
    });

    it('keeps every byte of a large output written just before the exit', async () => {
      const result = await host.exec('head', ['-c', '3000000', '/dev/zero']);
      assert.equal(result.stdout.length, 3_000_000);
    });

    it('stops the remote or local process group when the signal aborts', async () => {
      const file = pidFile();
      const controller = new AbortController();
      const bound = new AbortableHost(host, controller.signal);
      const running = bound.exec('sh', ['-c', SPAWNER, 'sh', file], { timeoutMs: 120_000 });
      assert.ok(await eventually(async () => (await pidsIn(file)).length === 2), 'started');
      controller.abort(new Error('interrupted by SIGTERM'));
      await settlesWithin(
        assert.rejects(running, (e: Err) => e.code === 'E_ABORTED'),
        15_000,
        'an aborted command',
      );
      const [leader, grandchild] = await pidsIn(file);
      const gone = await eventually(async () => (await groupMembers(leader!)).length === 0);
      const left = await groupMembers(leader!);
      killAll(left);
      assert.ok(gone, `processes of the group survived: ${left.join(', ')}`);
      assert.equal(await alive(grandchild!), false);
      await assert.rejects(bound.exec('true', []), /interrupted by SIGTERM/, 'nothing new starts');
      assert.equal((await host.exec('echo', ['still usable'])).stdout, 'still usable\n');
    });
  });
}
