/** The waf-gate CLI as a user runs it (the committed bundle): help, exit codes, one-paragraph errors. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/waf-gate.js', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const COMMANDS = [
  'demo',
  'lab',
  'install',
  'measure',
  'replay',
  'merge',
  'collect',
  'compare',
  'report',
];

describe('waf-gate CLI', { timeout: 300_000 }, () => {
  it('lists every command and documents exit codes', () => {
    const r = cli('--help');
    assert.equal(r.status, 0);
    for (const name of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'));
    assert.match(r.stdout, /Exit codes/);
  });

  it('has --help on every command', () => {
    for (const name of COMMANDS) {
      const r = cli(name, '--help');
      assert.equal(r.status, 0, name);
      assert.match(r.stdout, new RegExp(`Usage: waf-gate ${name}`), name);
    }
  });

  it('rejects an unknown command and an unknown flag with exit code 2', () => {
    assert.equal(cli('frobnicate').status, 2);
    const r = cli('lab', 'up', '--no-such-flag');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no-such-flag/);
    assert.match(r.stderr, /waf-gate lab --help/);
  });

  it('lab up twice: the second says a lab is running, in one paragraph without a stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-cli-lab-'));
    try {
      const first = cli('lab', 'up', '--dir', dir, '--no-install', '--json');
      assert.equal(first.status, 0, first.stderr);
      const state = JSON.parse(first.stdout) as { wafs: Array<{ port: number }> };
      assert.equal(state.wafs.length, 2);
      const second = cli('lab', 'up', '--dir', dir, '--no-install');
      assert.equal(second.status, 2);
      const lines = second.stderr.trim().split('\n');
      assert.equal(lines.length, 1, second.stderr);
      assert.match(
        lines[0]!,
        /^waf-gate lab: A lab is already running in .* Use it as it is, or stop it first with: waf-gate lab down --dir /,
      );
      const status = cli('lab', 'status', '--dir', dir);
      assert.match(status.stdout, /candidate .* running/);
    } finally {
      assert.equal(cli('lab', 'down', '--dir', dir).status, 0);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names a bad value and the flag it came from', () => {
    const r = cli('demo', '--rounds', 'lots', '--no-install');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--rounds = "lots"/);
  });

  it('measure: fresh A/B inputs are checked before anything is installed (exit 2, one paragraph)', () => {
    const common = [
      'measure',
      '--target',
      'http://127.0.0.1:9',
      '--access-log',
      '/nonexistent/access.log',
      '--corpus',
      'corpus/demo',
      '--domains',
      'a.test',
    ];
    const noCandidate = cli(...common, '--baseline-package', 'base.rpm');
    assert.equal(noCandidate.status, 2, noCandidate.stderr);
    assert.match(noCandidate.stderr, /needs the candidate build in package/);
    assert.doesNotMatch(noCandidate.stderr, /\n\s+at /, 'no stack trace');
    const stray = cli(...common, '--version', '1', '--install-config', 'install.yml');
    assert.equal(stray.status, 2, stray.stderr);
    assert.match(stray.stderr, /--install-config is read only in a fresh A\/B run/);
  });

  it('demo: Ctrl-C takes the lab down, removes its folder and exits 130', async () => {
    const out = await mkdtemp(join(tmpdir(), 'waf-gate-cli-demo-'));
    const labsBefore = readdirSync(tmpdir()).filter((n) => n.startsWith('waf-gate-demo-lab-'));
    try {
      const child = spawn(
        process.execPath,
        ['bin/waf-gate.js', 'demo', '--out', out, '--no-install'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      await new Promise<void>((ready) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('Quality pass')) ready();
        });
      });
      child.kill('SIGINT');
      assert.equal(await exited, 130, stderr);
      assert.match(stderr, /Lab down\./);
      const labsAfter = readdirSync(tmpdir()).filter((n) => n.startsWith('waf-gate-demo-lab-'));
      assert.deepEqual(labsAfter, labsBefore);
      const nginx = spawnSync('pgrep', ['-af', 'waf-gate-demo-lab-'], { encoding: 'utf8' }).stdout;
      assert.equal(nginx.trim(), '', stderr);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
