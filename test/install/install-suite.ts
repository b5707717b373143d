/**
 * The install-waf tests, parameterised by how the host is reached, so the same install, probe,
 * configure, health and quiet-machine code runs against the local machine and over a real SSH server.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';
import { silentLogger } from '../../src/common/logger.ts';
import type { Host } from '../../src/hosts/types.ts';
import { runInstall } from '../../src/install/install.ts';
import {
  parseInstallOptions,
  rawInputsFrom,
  type InstallInputName,
} from '../../src/install/options.ts';
import { restoreFromStateFile } from '../../src/install/restore.ts';
import { readState } from '../../src/install/state.ts';
import type { InstallOptions } from '../../src/install/types.ts';
import { buildDeb, purgeTestPackage, TEST_PACKAGE } from './debs.ts';
import { makeNginxPrefix, type NginxPrefix } from './nginx-prefix.ts';
import { defineTimerTests } from './timer-tests.ts';

/** How a suite reaches its host. */
export interface HostFactory {
  label: string;
  /** A connected host; the suite closes it. */
  open(): Promise<Host>;
  /** `--host` and SSH flags for the CLI in a child process. */
  cliFlags(): string[];
  /** Host spec and SSH settings for `openInstallHost` in a child process. */
  target(): { spec: string; ssh: Record<string, string> };
}

const REPO = join(import.meta.dirname, '../..');
const TEMPLATES = join(REPO, 'test/fixtures/install/templates');
const ORIGINAL_CRONTAB = [
  'SHELL=/bin/sh',
  '*/1 * * * * /bin/sh /usr/local/nginx/bin/package_access_log.sh 1>/dev/null 2>&1',
  '*/1 * * * * /bin/sh /usr/local/nginx/bin/package_log.sh 1>/dev/null 2>&1',
  '*/5 * * * * /usr/bin/python /usr/local/nginx/bin/check_conf_to_reload.py 1>/dev/null 2>&1',
  '17 3 * * * /usr/local/bin/unrelated-backup --keep 7',
  '',
].join('\n');
const ORIGINAL_CRON_D = [
  '# waf-gate test',
  '*/1 * * * * root /bin/sh /usr/local/nginx/bin/package_log.sh',
  '0 4 * * * root /usr/bin/true',
  '',
].join('\n');

function crontab(): string {
  const r = spawnSync('crontab', ['-l'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : '';
}

async function get(url: string, hostHeader: string): Promise<{ status: number; body: string }> {
  const res = await request(url, { headers: { host: hostHeader } });
  return { status: res.statusCode, body: await res.body.text() };
}

/** Polls until `check` passes (bounded); reloads apply asynchronously in nginx workers. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await delay(50);
  }
  assert.fail(`never happened: ${what}`);
}

/** Runs `waf-gate install ARGS` in a child process. */
export function runCliInstall(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/install/install-cli.ts', ...args],
      { cwd: REPO },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Defines the suite for one host factory. */
export function defineInstallSuite(factory: HostFactory, skip: string | undefined): void {
  describe(`install-waf on ${factory.label}`, { skip: skip ?? false, timeout: 180_000 }, () => {
    let dir: string;
    let host: Host;
    let debs: Record<string, string>;
    let nginx: NginxPrefix;
    let failing: Server;
    let failingUrl: string;
    const hadCrontab = crontab();

    const options = (
      values: Partial<Record<InstallInputName, string | undefined>>,
    ): Promise<InstallOptions> =>
      parseInstallOptions(
        rawInputsFrom({
          'pause-cron': 'none',
          'pause-timers': 'none',
          'state-file': join(dir, 'state.json'),
          // A private lock: the suite must not contend with other runs on this machine's default one.
          'lock-file': join(dir, 'lock.json'),
          ...values,
        }),
      );

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'waf-gate-install-'));
      purgeTestPackage();
      debs = {
        v1: await buildDeb(dir, '1.2.3-1'),
        v2: await buildDeb(dir, '1.2.10-1'),
        rc: await buildDeb(dir, '1.2.10~rc1-1'),
        liar: await buildDeb(dir, '2.0.0-1', '1.9.9'),
      };
      nginx = await makeNginxPrefix(join(dir, 'nginx'));
      nginx.start();
      failing = createServer((_req, res) => res.writeHead(503).end('not yet\n'));
      await new Promise<void>((r) => failing.listen(0, '127.0.0.1', r));
      const address = failing.address();
      failingUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
      host = await factory.open();
    });

    after(async () => {
      await host?.close();
      await nginx?.stop();
      await new Promise<void>((r) => (failing ? failing.close(() => r()) : r()));
      purgeTestPackage();
      if (hadCrontab === '') spawnSync('crontab', ['-r']);
      else spawnSync('crontab', ['-'], { input: hadCrontab });
      await rm(dir, { recursive: true, force: true });
    });

    it('installs, upgrades, downgrades and leaves an exact version unchanged, reading the dpkg database', async () => {
      const steps: [string, string, string | null, string][] = [
        ['v1', 'installed', null, '1.2.3-1'],
        ['v2', 'upgraded', '1.2.3-1', '1.2.10-1'], // a string comparison would call this a downgrade
        ['rc', 'downgraded', '1.2.10-1', '1.2.10~rc1-1'], // ~ sorts before the release
        ['rc', 'unchanged', '1.2.10~rc1-1', '1.2.10~rc1-1'],
      ];
      for (const [deb, action, previous, version] of steps) {
        const result = await runInstall(host, await options({ package: debs[deb] }), silentLogger);
        assert.equal(result.action, action, deb);
        assert.equal(result.previousVersion, previous);
        assert.equal(result.version, version);
        assert.equal(result.probedVersion, version);
        const db = spawnSync('dpkg-query', ['-W', '-f', '${Version}', TEST_PACKAGE], {
          encoding: 'utf8',
        });
        assert.equal(db.stdout, version, 'the real dpkg database agrees');
        assert.equal((await readFile('/usr/lib/waf-gate-test/version', 'utf8')).trim(), version);
        await restoreFromStateFile(host, join(dir, 'state.json'), silentLogger);
      }
    });

    it('proves the version with a command probe (stderr, like nginx -v) and fails naming both versions when it lies', async () => {
      const probe = { 'version-probe': `${TEST_PACKAGE} -v`, 'version-regex': 'wswaf/(\\S+)' };
      const ok = await runInstall(
        host,
        await options({ package: debs.v2, ...probe }),
        silentLogger,
      );
      assert.equal(ok.action, 'upgraded');
      assert.equal(ok.probedVersion, '1.2.10');
      await restoreFromStateFile(host, join(dir, 'state.json'), silentLogger);
      await assert.rejects(
        runInstall(host, await options({ package: debs.liar, ...probe }), silentLogger),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'E_VERSION_MISMATCH');
          assert.match(error.message, /2\.0\.0-1/);
          assert.match(error.message, /1\.9\.9/);
          return true;
        },
      );
      assert.equal(
        await readState(join(dir, 'state.json')),
        null,
        'a failed run restores and removes its state',
      );
    });

    it('passes inputs with shell metacharacters as literal arguments', async () => {
      const odd = join(dir, 'pkg $(touch waf-gate-pwned); echo `touch waf-gate-pwned2` & x');
      await mkdir(odd, { recursive: true });
      const path = join(odd, "it's; $(touch waf-gate-pwned3).deb");
      await copyFile(debs.v1!, path);
      const marker = join(dir, 'marker.conf');
      await writeFile(marker, 'value old;\n');
      const result = await runInstall(
        host,
        await options({
          package: path,
          check: 'none',
          edits: JSON.stringify([
            { file: marker, set: 'value', value: '"$(touch waf-gate-pwned4)" `id`' },
          ]),
        }),
        silentLogger,
      );
      assert.equal(result.version, '1.2.3-1');
      assert.equal(await readFile(marker, 'utf8'), 'value "$(touch waf-gate-pwned4)" `id`;\n');
      for (const where of [REPO, dir, odd, tmpdir(), homedir(), '/']) {
        for (const name of [
          'waf-gate-pwned',
          'waf-gate-pwned2',
          'waf-gate-pwned3',
          'waf-gate-pwned4',
        ]) {
          assert.equal(
            await stat(join(where, name)).catch(() => null),
            null,
            `${name} must not exist in ${where}`,
          );
        }
      }
      await restoreFromStateFile(host, join(dir, 'state.json'), silentLogger);
      assert.equal(await readFile(marker, 'utf8'), 'value old;\n');
    });

    it('edits, validates, reloads, waits for health with a Host header, truncates the log, and restores', async () => {
      const before = await readFile(nginx.conf, 'utf8');
      assert.equal((await get(`http://127.0.0.1:${nginx.port}/`, 'app.test')).body, 'v1\n');
      const edits = [
        {
          file: nginx.conf,
          replace: 'return 200 "v1\\\\n";',
          with: 'return 200 "$waf_gate_build\\n";',
        },
        {
          dropin: TEMPLATES,
          to: join(nginx.prefix, 'conf/conf.d'),
          vars: { build: 'v2-from-template', comment: 'rendered by waf-gate' },
        },
      ];
      const result = await runInstall(
        host,
        await options({
          package: debs.v1,
          edits: JSON.stringify(edits),
          check: JSON.stringify(nginx.check),
          reload: `pid-file:${nginx.pidFile}`,
          'health-url': `http://127.0.0.1:${nginx.port}/`,
          'health-host': 'app.test',
          'health-timeout': '20s',
          'access-log': nginx.accessLog,
        }),
        silentLogger,
      );
      assert.equal(
        (await stat(nginx.accessLog)).size,
        0,
        'access log truncated after the health probes',
      );
      assert.equal(result.action, 'unchanged');
      assert.equal(result.changedFiles.length, 2);
      assert.ok(typeof result.healthProbeLatencyMs === 'number' && result.healthProbeLatencyMs > 0);
      await eventually(
        async () =>
          (await get(`http://127.0.0.1:${nginx.port}/`, 'app.test')).body === 'v2-from-template\n',
        'new config served',
      );
      assert.equal(
        (await get(`http://127.0.0.1:${nginx.port}/`, 'other.test')).status,
        404,
        'Host header decides the vhost',
      );
      const state = await readState(join(dir, 'state.json'));
      assert.deepEqual(
        state?.changes
          .filter((c) => c.kind === 'file')
          .map((c) => c.path)
          .sort(),
        [...result.changedFiles].sort(),
      );

      await restoreFromStateFile(host, join(dir, 'state.json'), silentLogger);
      assert.equal(await readFile(nginx.conf, 'utf8'), before);
      assert.equal(
        await stat(join(nginx.prefix, 'conf/conf.d/waf-gate-build.conf')).catch(() => null),
        null,
        'drop-in removed',
      );
      await eventually(
        async () => (await get(`http://127.0.0.1:${nginx.port}/`, 'app.test')).body === 'v1\n',
        'old config served again',
      );
    });

    it("restores the backups and reports nginx -t's error when validation fails", async () => {
      const before = await readFile(nginx.conf, 'utf8');
      await assert.rejects(
        runInstall(
          host,
          await options({
            package: debs.v1,
            edits: JSON.stringify([{ file: nginx.conf, set: 'worker_processes', value: 'bogus' }]),
            check: JSON.stringify(nginx.check),
            reload: `pid-file:${nginx.pidFile}`,
          }),
          silentLogger,
        ),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'E_CONFIG_INVALID');
          assert.match(error.message, /"worker_processes" directive invalid value/);
          return true;
        },
      );
      assert.equal(await readFile(nginx.conf, 'utf8'), before);
      assert.equal(await readState(join(dir, 'state.json')), null);
      assert.equal(
        (await get(`http://127.0.0.1:${nginx.port}/`, 'app.test')).status,
        200,
        'the running WAF was never reloaded',
      );
    });

    it('rotates the access log and makes nginx reopen it', async () => {
      await get(`http://127.0.0.1:${nginx.port}/`, 'app.test');
      const result = await runInstall(
        host,
        await options({
          package: debs.v1,
          reload: `pid-file:${nginx.pidFile}`,
          'access-log': nginx.accessLog,
          'access-log-action': 'rotate',
        }),
        silentLogger,
      );
      const state = await readState(result.stateFile);
      const change = state?.changes.find((c) => c.kind === 'access-log');
      assert.ok(change?.kind === 'access-log' && change.rotatedTo !== undefined);
      assert.ok((await stat(change.rotatedTo)).size > 0, 'the old log was moved aside');
      await eventually(
        async () => (await stat(nginx.accessLog).catch(() => null)) !== null,
        'nginx reopened a fresh log',
      );
      await restoreFromStateFile(host, result.stateFile, silentLogger);
      await rm(change.rotatedTo, { force: true });
    });

    it('pauses crontab lines and puts them back after success and after a failure', async () => {
      spawnSync('crontab', ['-'], { input: ORIGINAL_CRONTAB });
      const cronDir = join(dir, 'cron.d');
      await mkdir(cronDir, { recursive: true });
      await writeFile(join(cronDir, 'waf-packagers'), ORIGINAL_CRON_D, { mode: 0o644 });
      const quiet = { 'pause-cron': '', 'pause-timers': '', 'cron-dir': cronDir };
      const ok = await runInstall(
        host,
        await options({ package: debs.v1, ...quiet }),
        silentLogger,
      );
      assert.equal(ok.pausedCronLines, 4);
      const paused = crontab();
      assert.equal(paused.split('\n').filter((l) => l.startsWith('#waf-gate-paused:')).length, 3);
      assert.match(
        paused,
        /^17 3 \* \* \* \/usr\/local\/bin\/unrelated-backup --keep 7$/m,
        'unrelated lines stay',
      );
      if (!ok.notes.some((n) => /systemd is not running/.test(n)))
        assert.ok(Array.isArray(ok.stoppedTimers));
      await restoreFromStateFile(host, join(dir, 'state.json'), silentLogger);
      assert.equal(crontab(), ORIGINAL_CRONTAB);
      assert.equal(await readFile(join(cronDir, 'waf-packagers'), 'utf8'), ORIGINAL_CRON_D);
      assert.equal(((await stat(join(cronDir, 'waf-packagers'))).mode & 0o777).toString(8), '644');

      await assert.rejects(
        runInstall(
          host,
          await options({
            package: debs.v1,
            ...quiet,
            'health-url': failingUrl,
            'health-timeout': '1s',
          }),
          silentLogger,
        ),
        (error: Error & { code?: string }) =>
          error.code === 'E_HEALTH_TIMEOUT' && /status 503/.test(error.message),
      );
      assert.equal(crontab(), ORIGINAL_CRONTAB, 'restored after a failure');
      assert.equal(await readFile(join(cronDir, 'waf-packagers'), 'utf8'), ORIGINAL_CRON_D);
    });

    it(
      'restores from the state file in a new process after the installing process is SIGKILLed',
      { timeout: 120_000 },
      async () => {
        spawnSync('crontab', ['-'], { input: ORIGINAL_CRONTAB });
        const cronDir = join(dir, 'cron.d');
        await mkdir(cronDir, { recursive: true });
        await writeFile(join(cronDir, 'waf-packagers'), ORIGINAL_CRON_D, { mode: 0o644 });
        const stateFile = join(dir, 'killed-state.json');
        const lockFile = join(dir, 'killed-lock.json');
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'test/install/install-cli.ts',
            ...factory.cliFlags(),
            '--package',
            debs.v1!,
            '--cron-dir',
            cronDir,
            '--health-url',
            failingUrl,
            '--health-timeout',
            '110s',
            '--state-file',
            stateFile,
            '--lock-file',
            lockFile,
            '--json',
          ],
          { cwd: REPO, stdio: 'ignore' },
        );
        const exited = new Promise<NodeJS.Signals | null>((r) =>
          child.on('exit', (_code, signal) => r(signal)),
        );
        // Wait until the run is inside the health wait: both cron sources paused and recorded.
        await eventually(async () => {
          const state = await readState(stateFile).catch(() => null);
          return (
            (state?.changes.some((c) => c.kind === 'cron-file') ?? false) &&
            crontab().includes('#waf-gate-paused:')
          );
        }, 'cron paused by the child');
        child.kill('SIGKILL');
        assert.equal(await exited, 'SIGKILL');
        assert.notEqual(crontab(), ORIGINAL_CRONTAB, 'still paused after the kill');
        const temps = ((await readState(stateFile))?.changes ?? []).flatMap((c) =>
          c.kind === 'temp' ? [c.path] : [],
        );
        assert.ok(temps.length > 0, 'the download folder is recorded');
        const killedRun = (await readState(stateFile))?.runId;
        assert.equal(
          (JSON.parse(await readFile(lockFile, 'utf8')) as { runId: string }).runId,
          killedRun,
          'lock held',
        );

        const restore = await runCliInstall([
          '--restore',
          '--state-file',
          stateFile,
          ...factory.cliFlags(),
        ]);
        assert.equal(restore.code, 0, restore.stderr);
        assert.equal(crontab(), ORIGINAL_CRONTAB);
        assert.equal(await readFile(join(cronDir, 'waf-packagers'), 'utf8'), ORIGINAL_CRON_D);
        assert.equal(await stat(stateFile).catch(() => null), null, 'state deleted');
        assert.equal(
          await stat(lockFile).catch(() => null),
          null,
          'lock of the killed run released',
        );
        for (const path of temps)
          assert.equal(await stat(path).catch(() => null), null, `${path} removed by restore`);
        const again = await runCliInstall([
          '--restore',
          '--state-file',
          stateFile,
          '--json',
          ...factory.cliFlags(),
        ]);
        assert.equal(again.code, 0, again.stderr);
        assert.equal(
          (JSON.parse(again.stdout) as { found: boolean }).found,
          false,
          'restore is idempotent',
        );
      },
    );

    defineTimerTests(() => ({
      dir,
      host,
      deb: debs.v1!,
      failingUrl,
      target: factory.target(),
      options,
    }));
  });
}
