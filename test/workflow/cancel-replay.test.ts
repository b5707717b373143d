/**
 * Issue 11 scenario "a cancel during replay" on the real lab: install-waf (a tarball build) pauses a
 * crontab line and a cron.d line, edits a config file and takes the WAF host lock; collect-metrics
 * starts its detached collector; replay-traffic sends bounded pressure load. The run is cancelled while
 * the replay sends. Afterwards: the replay's processes are gone, the normal steps after it were skipped,
 * the always() steps ran — the collector was stopped (no process left, nothing for the job-end cleanup)
 * and install-waf restore put back the crontab, the cron.d file and the config and released the lock.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { missingPeer } from '../helpers/peers.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import {
  buildTarball,
  fixture,
  isRunning,
  job,
  killIfRunning,
  repoDir,
  step,
  twoRunners,
  waitFor,
} from './harness.ts';

const ORIGINAL_CRONTAB = [
  'SHELL=/bin/sh',
  '*/1 * * * * /bin/sh /usr/local/nginx/bin/package_log.sh 1>/dev/null 2>&1',
  '17 3 * * * /usr/local/bin/unrelated-backup --keep 7',
  '',
].join('\n');
const ORIGINAL_CRON_D = '*/1 * * * * root /bin/sh /usr/local/nginx/bin/package_access_log.sh\n';
const ORIGINAL_CONF = 'value old;\n';

const crontab = (): string => {
  const r = spawnSync('crontab', ['-l'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : '';
};
const skip =
  process.getuid?.() !== 0
    ? missingPeer('not root: the scenario pauses lines of the real crontab of root')
    : spawnSync('crontab', ['-V']).error
      ? missingPeer('crontab not found (apt-get install cron)')
      : undefined;

/** Live processes whose command line holds `needle` (read from /proc). */
async function processesWith(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').join(' ').includes(needle) && (await isRunning(Number(name))))
      found.push(Number(name));
  }
  return found;
}

describe('cancel during replay (real lab)', { skip: skip ?? false, timeout: 600_000 }, () => {
  let dir: string;
  let lab: TestLab | undefined;
  let run: WorkflowRun;
  const hadCrontab = skip === undefined ? crontab() : '';
  let conf: string;
  let cronDir: string;
  let lockFile: string;
  /** The WAF runner's download of this repository's actions (every entry runs from there). */
  let actionsDir = '';
  const seen: {
    replay: number[];
    collector: number[];
    pausedCrontab: string;
    pausedCronD: string;
    editedConf: string;
    lockHeld: boolean;
  } = {
    replay: [],
    collector: [],
    pausedCrontab: '',
    pausedCronD: '',
    editedConf: '',
    lockHeld: false,
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-cancel-replay-'));
    lab = await startLab({ wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1 }] });
    const waf = lab.baseline;
    conf = join(dir, 'site.conf');
    await writeFile(conf, ORIGINAL_CONF);
    cronDir = join(dir, 'cron.d');
    await mkdir(cronDir);
    await writeFile(join(cronDir, 'packagers'), ORIGINAL_CRON_D, { mode: 0o644 });
    spawnSync('crontab', ['-'], { input: ORIGINAL_CRONTAB });
    lockFile = join(dir, 'var', 'lock.json');
    const runners = twoRunners(dir);
    const controller = new AbortController();
    const running = runWorkflow(fixture('cancel-replay.yml'), {
      repoDir,
      repository: 'acme/waf-gate',
      runners,
      runDir: join(dir, 'service'),
      eventName: 'workflow_dispatch',
      runId: 7007,
      signal: controller.signal,
      vars: {
        PACKAGE: await buildTarball(dir, '9.9.9'),
        INSTALL_DIR: join(dir, 'opt', 'waf'),
        EDITS: JSON.stringify([{ file: conf, set: 'value', value: 'new' }]),
        CRON_DIR: cronDir,
        LOCK_FILE: lockFile,
        TARGET: `http://${waf.host}:${waf.port}`,
        ACCESS_LOG: waf.accessLog,
        ERROR_LOG: waf.errorLog,
        PID_FILE: waf.pidFile,
        DOMAINS: lab.domains.join(','),
      },
    });
    let finished = false;
    void running.finally(() => (finished = true));
    try {
      // The replay entry runs from the WAF runner's action download; wait until it sends load.
      actionsDir = join(runners[1]!.workDir, '_actions', 'acme', 'waf-gate');
      const replayEntry = actionsDir;
      seen.replay = await waitFor(
        async () => {
          if (finished) throw new Error('the run ended before the replay started');
          const pids = await processesWith(`${replayEntry}`);
          const replay = [];
          for (const pid of pids) {
            const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
            if (cmd.includes('replay-traffic.js')) replay.push(pid);
          }
          return replay.length > 0 ? replay : undefined;
        },
        120_000,
        'the replay-traffic step',
      );
      const logBytes = (await stat(waf.accessLog)).size;
      await waitFor(
        async () => ((await stat(waf.accessLog)).size > logBytes + 4096 ? true : undefined),
        60_000,
        'pressure load reaching the WAF',
      );
      seen.collector = await processesWith('collector.js');
      seen.pausedCrontab = crontab();
      seen.pausedCronD = await readFile(join(cronDir, 'packagers'), 'utf8');
      seen.editedConf = await readFile(conf, 'utf8');
      seen.lockHeld = (await stat(lockFile).catch(() => null)) !== null;
    } finally {
      controller.abort();
      run = await running;
    }
  });
  after(async () => {
    for (const pid of [...seen.replay, ...seen.collector]) killIfRunning(pid);
    if (skip === undefined) {
      if (hadCrontab === '') spawnSync('crontab', ['-r']);
      else spawnSync('crontab', ['-'], { input: hadCrontab });
    }
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the cancel landed during the replay, with everything set up', () => {
    assert.ok(seen.replay.length > 0);
    assert.equal(seen.collector.length, 1, `collectors: ${seen.collector.join(', ')}`);
    assert.match(seen.pausedCrontab, /#waf-gate-paused:.*package_log\.sh/);
    assert.match(seen.pausedCrontab, /^17 3 \* \* \* \/usr\/local\/bin\/unrelated-backup/m);
    assert.match(seen.pausedCronD, /#waf-gate-paused:/);
    assert.equal(seen.editedConf, 'value new;\n');
    assert.ok(seen.lockHeld, 'the WAF host lock was held');
    assert.equal(run.result, 'cancelled');
    assert.equal(job(run, 'measure').result, 'cancelled');
    assert.equal(step(run, 'measure', 'install').outcome, 'success');
    assert.equal(step(run, 'measure', 'start').outcome, 'success');
    assert.equal(step(run, 'measure', 'replay').outcome, 'cancelled');
    assert.equal(step(run, 'measure', 'never').outcome, 'skipped');
  });

  it('the replay processes are gone, and nothing of the run still runs', async () => {
    for (const pid of seen.replay) assert.equal(await isRunning(pid), false, `replay pid ${pid}`);
    assert.notEqual(actionsDir, '');
    assert.deepEqual(await processesWith(actionsDir), [], 'no process from the action download');
  });

  it('the always() stop step stopped the collector: none left for the job-end cleanup', async () => {
    const stop = step(run, 'measure', 'stop');
    assert.equal(stop.outcome, 'success', stop.log);
    const pid = Number(step(run, 'measure', 'start').outputs.pid);
    assert.deepEqual(seen.collector, [pid]);
    assert.equal(
      await isRunning(pid),
      false,
      `collector ${pid} still runs:\n${step(run, 'measure', 'run', 'stop').log}`,
    );
    assert.deepEqual(job(run, 'measure').killedAtJobEnd, []);
  });

  it('the always() restore step put back the crons and the config and released the lock', async () => {
    const restore = step(run, 'measure', 'restore');
    assert.equal(restore.outcome, 'success', restore.log);
    assert.equal(
      crontab(),
      ORIGINAL_CRONTAB,
      `crontab restored:\n${step(run, 'measure', 'run', 'restore').log}`,
    );
    assert.equal(await readFile(join(cronDir, 'packagers'), 'utf8'), ORIGINAL_CRON_D);
    assert.equal(await readFile(conf, 'utf8'), ORIGINAL_CONF, 'config restored');
    assert.equal(await stat(lockFile).catch(() => null), null, 'lock file removed');
    assert.equal(restore.outputs['released-lock'], 'true', JSON.stringify(restore.outputs));
  });
});
