/**
 * The one place a shell string is built: every quoted word must come back byte for byte from real POSIX
 * shells (dash and bash), whatever it contains.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildRemoteCommand, quoteShellArg } from '../../src/hosts/remote-command.ts';
import { hostileArguments } from './contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'waf-gate-quote-'));
const shells = ['/bin/sh', '/bin/dash', '/bin/bash'].filter((s) => existsSync(s));

function viaShell(
  shell: string,
  line: string,
): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(shell, ['-c', line], { encoding: 'utf8', cwd: dir });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe('remote command lines', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('quotes single quotes the POSIX way', () => {
    assert.equal(quoteShellArg("it's"), "'it'\\''s'");
    assert.equal(quoteShellArg(''), "''");
  });

  for (const shell of shells) {
    it(`round-trips hostile arguments, env and cwd through ${shell}`, () => {
      const args = hostileArguments(dir);
      const cwd = join(dir, "a 'dir' $(x)");
      spawnSync('mkdir', ['-p', cwd]);
      const line = buildRemoteCommand('printf', ['%s\\n', ...args], {
        cwd,
        env: { WG_A: "x'$(y)" },
        pidMarker: 'pid:',
      });
      const result = viaShell(shell, line);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, args.map((a) => `${a}\n`).join(''));
      assert.match(result.stderr, /^pid:\d+\n$/);
      assert.deepEqual(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.trim().split('\n'), [
        "a 'dir' $(x)",
      ]);
      const envLine = buildRemoteCommand('sh', ['-c', 'printf %s "$WG_A"; pwd'], {
        cwd,
        env: { WG_A: "x'$(y)" },
      });
      assert.equal(viaShell(shell, envLine).stdout, `x'$(y)${cwd}\n`);
    });
  }

  it('refuses what no shell can carry or env would misread', () => {
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
        return undefined;
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    assert.equal(
      code(() => buildRemoteCommand('echo', ['a\0b'])),
      'E_CONFIG',
    );
    assert.equal(
      code(() => buildRemoteCommand('', [])),
      'E_CONFIG',
    );
    assert.equal(
      code(() => buildRemoteCommand('-x', [])),
      'E_CONFIG',
    );
    assert.equal(
      code(() => buildRemoteCommand('a=b', [], { env: { A: '1' } })),
      'E_CONFIG',
    );
    assert.equal(
      code(() => buildRemoteCommand('true', [], { env: { '1A': '1' } })),
      'E_CONFIG',
    );
    assert.equal(
      code(() => buildRemoteCommand('true', [], { env: { A: 'x\0' } })),
      'E_CONFIG',
    );
    assert.equal(
      code(() => buildRemoteCommand('a=b', [])),
      undefined,
    );
  });
});
