/**
 * Issue 11 scenario "a swapped binary without restart is caught" (item 2) through install-waf in a
 * workflow: two private nginx instances run a binary that was then replaced the way rpm replaces it and
 * HUP'ed (test/install/swapped-nginx.ts), so the master and workers run the old, deleted file while
 * the path holds the new one. Job `restart`: install-waf's running check restarts nginx; afterwards the
 * master and every worker run the installed file (inode read from /proc), the restarted nginx answers
 * its health probe and survives the job-end cleanup. Job `fail`: the step fails naming every stale PID,
 * and the lock is released. (Private nginx instances, not the lab's: the lab runs the system's
 * /usr/sbin/nginx, which a test must not replace.)
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nginxSkipReason } from '../install/nginx-prefix.ts';
import {
  childrenOf,
  exeOf,
  startSwappedNginx,
  type SwappedNginx,
} from '../install/swapped-nginx.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import {
  buildTarball,
  fixture,
  isRunning,
  job,
  jobLogs,
  repoDir,
  step,
  twoRunners,
} from './harness.ts';

describe(
  'a swapped nginx binary is caught by install-waf in a workflow',
  {
    skip: nginxSkipReason() ?? false,
    timeout: 300_000,
  },
  () => {
    let dir: string;
    let restart: SwappedNginx | undefined;
    let fail: SwappedNginx | undefined;
    let run: WorkflowRun;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-swapped-'));
      restart = await startSwappedNginx(join(dir, 'restart'));
      fail = await startSwappedNginx(join(dir, 'fail'));
      run = await runWorkflow(fixture('swapped-binary.yml'), {
        repoDir,
        repository: 'acme/waf-gate',
        runners: twoRunners(dir),
        runDir: join(dir, 'service'),
        eventName: 'workflow_dispatch',
        runId: 8008,
        vars: {
          PACKAGE: await buildTarball(dir, '1.2.3'),
          RESTART_INSTALL_DIR: join(dir, 'restart', 'opt', 'waf'),
          RESTART_PID_FILE: restart.nginx.pidFile,
          RESTART_BINARY: restart.binary,
          RESTART_START_COMMAND: JSON.stringify(restart.startCommand),
          RESTART_HEALTH_URL: `http://127.0.0.1:${restart.nginx.port}/`,
          RESTART_LOCK_FILE: join(dir, 'restart', 'lock.json'),
          FAIL_INSTALL_DIR: join(dir, 'fail', 'opt', 'waf'),
          FAIL_PID_FILE: fail.nginx.pidFile,
          FAIL_BINARY: fail.binary,
          FAIL_LOCK_FILE: join(dir, 'fail', 'lock.json'),
        },
      });
    });
    after(async () => {
      await restart?.stop();
      await fail?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('restart: the running check restarted nginx onto the installed file', async () => {
      assert.equal(job(run, 'restart').result, 'success', jobLogs(run, 'restart'));
      const install = step(run, 'restart', 'install');
      assert.match(install.outputs['running-check'] ?? '', /^fixed by restart: master \d+/);
      const master = Number(step(run, 'restart', 'running').outputs.master);
      assert.notEqual(master, restart!.master, 'a new master');
      assert.equal(await isRunning(restart!.master), false, 'the old master is gone');
      for (const pid of restart!.workers)
        assert.equal(await isRunning(pid), false, `old worker ${pid}`);
      const inode = (await stat(restart!.binary)).ino;
      const pids = [master, ...childrenOf(master)];
      assert.ok(pids.length >= 2, `master and workers: ${pids.join(', ')}`);
      for (const pid of pids) {
        assert.equal(await exeOf(pid), restart!.binary, `pid ${pid} runs the installed path`);
        assert.equal(
          (await stat(`/proc/${pid}/exe`)).ino,
          inode,
          `pid ${pid} runs the installed file`,
        );
      }
    });

    it('restart: the restarted nginx still runs after the job ended (the job-end cleanup left it alone)', async () => {
      const master = Number(step(run, 'restart', 'running').outputs.master);
      assert.equal(await isRunning(master), true);
      assert.deepEqual(job(run, 'restart').killedAtJobEnd, []);
    });

    it('fail: the step fails naming the master and every worker still on the deleted file', async () => {
      const install = step(run, 'fail', 'install');
      assert.deepEqual(
        [install.outcome, install.conclusion],
        ['failure', 'success'],
        jobLogs(run, 'fail'),
      );
      const text = `${step(run, 'fail', 'run', 'install').log}\n${job(run, 'fail').annotations.join('\n')}`;
      assert.ok(text.includes(`pid ${fail!.master} (master)`), text);
      // The install's HUP forked new workers, again from the deleted code: every one is named.
      const workers = childrenOf(fail!.master);
      assert.ok(workers.length > 0);
      for (const pid of workers) {
        assert.ok(text.includes(`pid ${pid} (worker)`), `worker ${pid} in:\n${text}`);
        assert.match(await exeOf(pid), / \(deleted\)$/);
      }
      assert.match(text, /E_RUNNING_BINARY/);
      // nginx was left alone: the same master, still on the old file.
      assert.equal(await isRunning(fail!.master), true);
      assert.match(await exeOf(fail!.master), / \(deleted\)$/);
    });

    it('fail: the lock is released and the always() restore ran', async () => {
      assert.equal(await stat(join(dir, 'fail', 'lock.json')).catch(() => null), null);
      assert.equal(step(run, 'fail', 'restore').outcome, 'success', jobLogs(run, 'fail'));
      assert.equal(await stat(join(dir, 'restart', 'lock.json')).catch(() => null), null);
    });
  },
);
