/**
 * Systemd timer pausing, part of the install-waf suite (runs on every host factory): the stand-in
 * systemctl (fake-systemd.ts) is the host's systemd, reached through the real Host with its folder first
 * on the commands' PATH. Timers are stopped during a run and started again after success, after a failure
 * and, from the state file in a new process, after the installing process is SIGKILLed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { silentLogger } from '../../src/common/logger.ts';
import type { Host } from '../../src/hosts/types.ts';
import { runInstall } from '../../src/install/install.ts';
import type { InstallInputName } from '../../src/install/options.ts';
import { systemdIsRunning } from '../../src/install/quiet.ts';
import { restoreFromStateFile } from '../../src/install/restore.ts';
import { readState } from '../../src/install/state.ts';
import type { InstallOptions } from '../../src/install/types.ts';
import { HostWithEnv, makeFakeSystemd, type FakeSystemd, type UnitStates } from './fake-systemd.ts';
import type { ChildJob } from './install-env-child.ts';

/** What the timer tests need from the surrounding suite (read once its `before` has run). */
export interface TimerSuiteContext {
  dir: string;
  host: Host;
  /** Path of the v1 test deb. */
  deb: string;
  /** A health URL that always answers 503. */
  failingUrl: string;
  /** Where the suite's host is, for a child process. */
  target: { spec: string; ssh: Record<string, string> };
  options(values: Partial<Record<InstallInputName, string | undefined>>): Promise<InstallOptions>;
}

const REPO = join(import.meta.dirname, '../..');
const NO_SYSTEMD = 'systemd is not running on the host: timers left alone';
const UNITS: UnitStates = {
  'logrotate.timer': 'active',
  'apt-daily.timer': 'active',
  'waf-log-packager.timer': 'active',
  'waf-conf-reloader.timer': 'inactive', // matches the custom pattern but was not running
  'waf-log-packager.service': 'active', // not a timer
};
/** The default pattern plus a custom one. */
const CUSTOM_PATTERNS = '^logrotate\\.timer$,^waf-';

/** Runs install-env-child.ts with `job`; resolves with its exit and output. */
function runChild(job: ChildJob): {
  kill(): void;
  done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/install/install-env-child.ts', JSON.stringify(job)],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    kill: () => child.kill('SIGKILL'),
    done: new Promise((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
    ),
  };
}

/** Defines the timer tests inside the suite's `describe`. */
export function defineTimerTests(context: () => TimerSuiteContext): void {
  let fake: FakeSystemd;
  let host: Host;

  before(async () => {
    const { dir } = context();
    await mkdir(join(dir, 'systemd'), { recursive: true });
    fake = await makeFakeSystemd(join(dir, 'systemd'), 'units', UNITS);
    host = new HostWithEnv(context().host, fake.env);
  });

  it('asks systemctl is-system-running whether systemd runs the host', async () => {
    const withSystem = (system: string): Host =>
      new HostWithEnv(context().host, { ...fake.env, FAKE_SYSTEMD_SYSTEM: system });
    for (const system of ['running', 'degraded', 'starting', 'maintenance'])
      assert.equal(await systemdIsRunning(withSystem(system)), true, system);
    for (const system of ['offline', 'booted-without', 'unknown'])
      assert.equal(await systemdIsRunning(withSystem(system)), false, system);
    const empty = join(context().dir, 'systemd', 'empty-bin');
    await mkdir(empty, { recursive: true });
    assert.equal(
      await systemdIsRunning(new HostWithEnv(context().host, { PATH: empty })),
      false,
      'no systemctl at all',
    );
  });

  it('leaves timers alone with a note when systemd is not running', async () => {
    await fake.reset(UNITS);
    const offline = new HostWithEnv(context().host, {
      ...fake.env,
      FAKE_SYSTEMD_SYSTEM: 'offline',
    });
    const result = await runInstall(
      offline,
      await context().options({ package: context().deb, 'pause-timers': CUSTOM_PATTERNS }),
      silentLogger,
    );
    assert.deepEqual(result.stoppedTimers, []);
    assert.ok(result.notes.includes(NO_SYSTEMD), result.notes.join('; '));
    assert.deepEqual(await fake.states(), UNITS);
    assert.deepEqual(await fake.calls(), ['is-system-running']);
    await restoreFromStateFile(offline, result.stateFile, silentLogger);
  });

  it('stops the default-pattern timer, starts it on restore; restoring twice is a no-op', async () => {
    await fake.reset(UNITS);
    const result = await runInstall(
      host,
      await context().options({ package: context().deb, 'pause-timers': '' }),
      silentLogger,
    );
    assert.deepEqual(result.stoppedTimers, ['logrotate.timer']);
    assert.deepEqual(await fake.states(), { ...UNITS, 'logrotate.timer': 'inactive' });
    const state = await readState(result.stateFile);
    assert.deepEqual(
      state?.changes.filter((c) => c.kind === 'timer'),
      [{ kind: 'timer', unit: 'logrotate.timer' }],
    );

    const restored = await restoreFromStateFile(host, result.stateFile, silentLogger);
    assert.deepEqual(restored.startedTimers, ['logrotate.timer']);
    assert.deepEqual(await fake.states(), UNITS);
    const calls = await fake.calls();
    const again = await restoreFromStateFile(host, result.stateFile, silentLogger);
    assert.equal(again.found, false);
    assert.deepEqual(await fake.calls(), calls, 'a second restore runs nothing');
    assert.deepEqual(await fake.states(), UNITS);
  });

  it('stops custom-pattern timers that are active and restores only those after success', async () => {
    await fake.reset(UNITS);
    const result = await runInstall(
      host,
      await context().options({ package: context().deb, 'pause-timers': CUSTOM_PATTERNS }),
      silentLogger,
    );
    assert.deepEqual([...result.stoppedTimers].sort(), [
      'logrotate.timer',
      'waf-log-packager.timer',
    ]);
    assert.deepEqual(await fake.states(), {
      ...UNITS,
      'logrotate.timer': 'inactive',
      'waf-log-packager.timer': 'inactive',
    });
    await restoreFromStateFile(host, result.stateFile, silentLogger);
    assert.deepEqual(await fake.states(), UNITS, 'the inactive timer was not started');
    const calls = await fake.calls();
    assert.ok(
      !calls.some((c) => c.startsWith('stop apt-daily') || c.includes('reloader')),
      calls.join('\n'),
    );
  });

  it('starts the stopped timers again when the run fails', async () => {
    await fake.reset(UNITS);
    await assert.rejects(
      runInstall(
        host,
        await context().options({
          package: context().deb,
          'pause-timers': CUSTOM_PATTERNS,
          'health-url': context().failingUrl,
          'health-timeout': '1s',
        }),
        silentLogger,
      ),
      (error: Error & { code?: string }) => error.code === 'E_HEALTH_TIMEOUT',
    );
    assert.deepEqual(await fake.states(), UNITS, 'restored after the failure');
    const calls = await fake.calls();
    for (const unit of ['logrotate.timer', 'waf-log-packager.timer']) {
      const stopped = calls.indexOf(`stop ${unit}`);
      assert.ok(stopped >= 0 && calls.indexOf(`start ${unit}`) > stopped, calls.join('\n'));
    }
    assert.ok(!calls.includes('start waf-conf-reloader.timer'), calls.join('\n'));
    assert.equal(await readState(join(context().dir, 'state.json')), null);
  });

  it(
    'starts the timers from the state file in a new process after the installing process is SIGKILLed',
    { timeout: 120_000 },
    async () => {
      await fake.reset(UNITS);
      const { dir, deb, failingUrl, target } = context();
      const stateFile = join(dir, 'timer-killed-state.json');
      const job: ChildJob = {
        mode: 'install',
        ...target,
        env: fake.env,
        inputs: {
          package: deb,
          'pause-cron': 'none',
          'pause-timers': CUSTOM_PATTERNS,
          'health-url': failingUrl,
          'health-timeout': '110s',
          'state-file': stateFile,
          'lock-file': `${stateFile}.lock`,
        },
      };
      const child = runChild(job);
      const stopped = {
        ...UNITS,
        'logrotate.timer': 'inactive',
        'waf-log-packager.timer': 'inactive',
      };
      // Wait until the run is inside the health wait: both timers recorded and stopped.
      for (let i = 0; ; i++) {
        const state = await readState(stateFile).catch(() => null);
        const recorded = state?.changes.filter((c) => c.kind === 'timer').length ?? 0;
        if (recorded === 2 && JSON.stringify(await fake.states()) === JSON.stringify(stopped))
          break;
        if (i >= 1200)
          assert.fail(`the child never stopped both timers: ${(await fake.calls()).join(', ')}`);
        await delay(50);
      }
      child.kill();
      const killed = await child.done;
      assert.equal(killed.signal, 'SIGKILL', killed.stderr);
      assert.deepEqual(await fake.states(), stopped, 'still stopped after the kill');

      const restore = await runChild({ ...job, mode: 'restore' }).done;
      assert.equal(restore.code, 0, restore.stderr);
      assert.deepEqual(
        [...(JSON.parse(restore.stdout) as { startedTimers: string[] }).startedTimers].sort(),
        ['logrotate.timer', 'waf-log-packager.timer'],
      );
      assert.deepEqual(await fake.states(), UNITS, 'timers back, the inactive one not started');
      assert.equal(await readState(stateFile), null, 'state deleted');

      const calls = await fake.calls();
      const again = await runChild({ ...job, mode: 'restore' }).done;
      assert.equal(again.code, 0, again.stderr);
      assert.equal(
        (JSON.parse(again.stdout) as { found: boolean }).found,
        false,
        'restore is idempotent',
      );
      assert.deepEqual(await fake.calls(), calls, 'the second restore runs nothing');
    },
  );
}
