/**
 * The Host contract: the same assertions run against LocalHost and SshHost (see local.test.ts and
 * ssh-contract.test.ts). The SSH server runs on this machine, so one temp folder serves both.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Host } from '../../src/hosts/types.ts';

/** Arguments no shell may interpret: each must reach the program byte for byte. */
export function hostileArguments(dir: string): string[] {
  return [
    `$(touch ${dir}/pwned-subst)`,
    `\`touch ${dir}/pwned-backtick\``,
    `; touch ${dir}/pwned-semicolon`,
    `| touch ${dir}/pwned-pipe`,
    `&& touch ${dir}/pwned-and`,
    `> ${dir}/pwned-redirect`,
    `x\ntouch ${dir}/pwned-newline`,
    "it's",
    `"double" 'single' \\back\\slash`,
    '  spaces  and\ttab  ',
    '*',
    `${dir}/*`,
    '$HOME ${PATH} ~ !! #comment',
    '',
    '-n',
    'ünïcödé ✓',
    "'\\''",
  ];
}

const PWNED = ['subst', 'backtick', 'semicolon', 'pipe', 'and', 'redirect', 'newline'];

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<unknown> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    assert.equal((error as { code?: unknown }).code, code, String(error));
    return true;
  });
  return caught;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', reject);
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Registers the contract suite for one Host implementation. */
export function describeHostContract(
  label: string,
  open: () => Promise<Host>,
  skip?: string,
): void {
  describe(`Host contract: ${label}`, { skip: skip ?? false, timeout: 180_000 }, () => {
    let host: Host;
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'waf-gate-host-contract-'));
      host = await open();
    });
    after(async () => {
      await host?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    describe('exec', () => {
      it('returns stdout, stderr and the exit code', async () => {
        const ok = await host.exec('sh', ['-c', 'echo out; echo err >&2']);
        assert.deepEqual(
          [ok.exitCode, ok.signal, ok.stdout, ok.stderr],
          [0, null, 'out\n', 'err\n'],
        );
        const failed = await host.exec('sh', ['-c', 'echo bad >&2; exit 3'], {
          allowFailure: true,
        });
        assert.deepEqual([failed.exitCode, failed.stderr], [3, 'bad\n']);
        await rejectsWithCode(host.exec('sh', ['-c', 'exit 4']), 'E_EXEC_FAILED');
        await rejectsWithCode(host.exec('waf-gate-no-such-program', ['x']), 'E_EXEC_NOT_FOUND');
      });

      it('feeds input and closes it', async () => {
        const result = await host.exec('cat', [], { input: 'line one\nline two\n' });
        assert.equal(result.stdout, 'line one\nline two\n');
        assert.equal(
          (await host.exec('cat', [])).stdout,
          '',
          'no input means an empty, closed stdin',
        );
      });

      it('passes env values literally and refuses bad names', async () => {
        const value = `$(touch ${dir}/pwned-env) it's "x" \`y\``;
        const result = await host.exec('sh', ['-c', 'printf %s "$WG_VALUE"'], {
          env: { WG_VALUE: value },
        });
        assert.equal(result.stdout, value);
        assert.equal(await host.stat(join(dir, 'pwned-env')), null);
        await rejectsWithCode(host.exec('true', [], { env: { 'BAD;NAME': 'x' } }), 'E_CONFIG');
      });

      it('runs in cwd, even one with spaces and quotes', async () => {
        const cwd = join(dir, "it's a dir $(x)");
        await host.mkdir(cwd);
        assert.equal((await host.exec('pwd', [], { cwd })).stdout, `${cwd}\n`);
      });

      it('runs a program whose path has spaces and quotes', async () => {
        const program = join(dir, "my prog's.sh");
        await host.writeFile(program, '#!/bin/sh\necho "ran $#"\n', { mode: 0o755 });
        assert.equal((await host.exec(program, ['a', 'b c'])).stdout, 'ran 2\n');
      });

      it('hands shell metacharacters to the program as literal arguments', async () => {
        const args = hostileArguments(dir);
        const result = await host.exec('printf', ['%s\\n', ...args]);
        assert.equal(result.stdout, args.map((a) => `${a}\n`).join(''));
        for (const name of PWNED)
          assert.equal(await host.stat(join(dir, `pwned-${name}`)), null, name);
      });

      it('kills a command that outlives its timeout', { timeout: 60_000 }, async () => {
        const pidFile = join(dir, 'sleeper.pid');
        await rejectsWithCode(
          host.exec('sh', ['-c', 'echo $$ > "$1"; exec sleep 30', 'sh', pidFile], {
            timeoutMs: 2000,
          }),
          'E_EXEC_TIMEOUT',
        );
        const pid = (await host.readFile(pidFile)).toString().trim();
        assert.match(pid, /^\d+$/);
        const alive = await host.exec('kill', ['-0', pid], { allowFailure: true });
        assert.notEqual(alive.exitCode, 0, `process ${pid} is still running`);
      });
    });

    describe('files', () => {
      it('writes atomically, reads back bytes, keeps or sets the mode', async () => {
        const file = join(dir, 'data.bin');
        const bytes = Buffer.from([0, 1, 2, 255, 10, 13, 0x27]);
        await host.writeFile(file, bytes, { mode: 0o640 });
        assert.deepEqual(await host.readFile(file), bytes);
        assert.equal(((await host.stat(file))?.mode ?? 0) & 0o777, 0o640);
        await host.writeFile(file, 'replaced');
        assert.equal((await host.readFile(file)).toString(), 'replaced');
        assert.equal(
          ((await host.stat(file))?.mode ?? 0) & 0o777,
          0o640,
          'an overwrite keeps the mode',
        );
        const leftovers = (await host.exec('ls', ['-a', dir])).stdout
          .split('\n')
          .filter((n) => n.includes('.tmp'));
        assert.deepEqual(leftovers, []);
        await rejectsWithCode(host.readFile(join(dir, 'missing')), 'ENOENT');
      });

      it('stats files and folders, with the real inode', async () => {
        const file = join(dir, 'stat.txt');
        await host.writeFile(file, 'twelve bytes');
        const stat = await host.stat(file);
        assert.ok(stat);
        assert.deepEqual([stat.size, stat.isFile, stat.isDirectory], [12, true, false]);
        assert.ok(stat.mtimeMs > 0);
        const ino = (await host.exec('stat', ['-c', '%i', file])).stdout.trim();
        assert.equal(String(stat.ino), ino);
        const folder = await host.stat(dir);
        assert.deepEqual([folder?.isFile, folder?.isDirectory], [false, true]);
        assert.equal(await host.stat(join(dir, 'missing')), null);
      });

      it('renames over an existing file and keeps the inode (log rotation)', async () => {
        const from = join(dir, 'access.log');
        const to = join(dir, 'access.log.1');
        await host.writeFile(from, 'new');
        await host.writeFile(to, 'old');
        const ino = (await host.stat(from))?.ino;
        await host.rename(from, to);
        assert.equal(await host.stat(from), null);
        assert.equal((await host.readFile(to)).toString(), 'new');
        assert.equal((await host.stat(to))?.ino, ino);
      });

      it('makes and removes folders', async () => {
        const deep = join(dir, 'a', 'b c', 'd');
        await host.mkdir(deep, { recursive: true });
        await host.mkdir(deep, { recursive: true });
        assert.equal((await host.stat(deep))?.isDirectory, true);
        await rejectsWithCode(host.mkdir(deep), 'EEXIST');
        await rejectsWithCode(host.mkdir(join(dir, 'no', 'parent')), 'ENOENT');
        await host.writeFile(join(deep, 'f.txt'), 'x');
        await assert.rejects(host.rm(join(dir, 'a')));
        await host.rm(join(dir, 'a'), { recursive: true });
        assert.equal(await host.stat(join(dir, 'a')), null);
        await rejectsWithCode(host.rm(join(dir, 'a')), 'ENOENT');
        await host.rm(join(dir, 'a'), { force: true });
        await host.writeFile(join(dir, 'single'), 'x');
        await host.rm(join(dir, 'single'));
        assert.equal(await host.stat(join(dir, 'single')), null);
      });

      it('streams a file from an offset to its end', async () => {
        const file = join(dir, 'stream.log');
        const content = Buffer.from(
          Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`).join(''),
        );
        await host.writeFile(file, content);
        assert.deepEqual(
          await readAll(host.createReadStream(file, { start: 100_000 })),
          content.subarray(100_000),
        );
        assert.deepEqual(await readAll(host.createReadStream(file)), content);
        assert.equal(
          (await readAll(host.createReadStream(file, { start: content.length }))).length,
          0,
        );
        await rejectsWithCode(readAll(host.createReadStream(join(dir, 'missing.log'))), 'ENOENT');
      });
    });

    it('closes twice without complaint', async () => {
      const second = await open();
      await second.exec('true', []);
      await second.close();
      await second.close();
    });
  });
}
