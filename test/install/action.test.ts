/** The install-waf action entry, run as the runner does (INPUT_* env, GITHUB_OUTPUT file), on a real deb. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseOutputFile } from '../helpers/action-runner.ts';
import { buildDeb, debSkipReason, purgeTestPackage, TEST_PACKAGE } from './debs.ts';

const REPO = join(import.meta.dirname, '../..');

async function runEntry(
  dir: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; outputs: Record<string, string> }> {
  const outputFile = join(dir, 'github-output');
  await writeFile(outputFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: dir,
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/actions/install-waf.ts'], {
      cwd: REPO,
      env,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (c) => resolve({ code: c, stdout: out }));
  });
  return { code, stdout, outputs: parseOutputFile(await readFile(outputFile, 'utf8')) };
}

describe('install-waf action entry', { skip: debSkipReason() ?? false, timeout: 120_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-install-action-'));
    purgeTestPackage();
  });
  after(async () => {
    purgeTestPackage();
    await rm(dir, { recursive: true, force: true });
  });

  it('installs, sets the outputs, and restores in a second step', async () => {
    const deb = await buildDeb(dir, '3.1.4-2');
    const run = await runEntry(dir, {
      package: deb,
      'version-probe': `${TEST_PACKAGE} -v`,
      'version-regex': 'wswaf/(\\S+)',
      'pause-cron': 'none',
      'pause-timers': 'none',
      'lock-file': join(dir, 'lock.json'),
    });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.action, 'installed');
    assert.equal(run.outputs.version, '3.1.4-2');
    assert.equal(run.outputs['previous-version'], '');
    assert.equal(run.outputs['probed-version'], '3.1.4');
    assert.equal(run.outputs['health-probe-latency-ms'], '', 'no health URL, no latency');
    assert.equal(run.outputs['state-file'], join(dir, 'waf-gate-install-state.json'));
    const restore = await runEntry(dir, { mode: 'restore', 'lock-file': join(dir, 'lock.json') });
    assert.equal(restore.code, 0, restore.stdout);
    assert.equal(restore.outputs['state-file'], join(dir, 'waf-gate-install-state.json'));
  });

  it('holds the WAF host lock as the GitHub run; a restore on another runner releases it', async () => {
    const deb = await buildDeb(dir, '3.1.5-1');
    const lockFile = join(dir, 'var/lock.json');
    const github = { GITHUB_RUN_ID: '777', GITHUB_JOB: 'waf' };
    const run = await runEntry(
      dir,
      { package: deb, 'pause-cron': 'none', 'pause-timers': 'none', 'lock-file': lockFile },
      github,
    );
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs['run-id'], 'gh-777');
    assert.equal(run.outputs['running-check'], 'skipped: reload none');
    assert.equal((JSON.parse(await readFile(lockFile, 'utf8')) as { job?: string }).job, 'waf');
    // Another runner: its own RUNNER_TEMP (no state file there), the same workflow run.
    const other = join(dir, 'other-runner');
    await mkdir(other, { recursive: true });
    const restore = await runEntry(
      dir,
      { mode: 'restore', 'lock-file': lockFile },
      {
        ...github,
        RUNNER_TEMP: other,
      },
    );
    assert.equal(restore.code, 0, restore.stdout);
    assert.equal(restore.outputs['released-lock'], 'true');
    assert.equal(restore.outputs['state-file'], join(dir, 'var/state/gh-777.json'));
    assert.equal(await stat(lockFile).catch(() => null), null);
    // The first runner's own record is left to it (a later restore there finds nothing to undo).
    await rm(join(dir, 'waf-gate-install-state.json'), { force: true });
  });

  it('fails with one configuration error naming the input', async () => {
    const run = await runEntry(dir, {
      package: '/x.deb',
      'health-url': 'http://127.0.0.1:1/',
      'health-timeout': 'forever',
    });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /::error::Configuration error: .*health-timeout.*forever/);
  });
});
