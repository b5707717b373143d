/**
 * collect-metrics start → replay-traffic → collect-metrics stop in one workflow job on the real lab,
 * each sub-action from the runner-like action download (no node_modules): the detached collector
 * follows the WAF logs across steps, every replayed request is accounted for (joined or missing), and the
 * job-end cleanup finds no collector left behind.
 */
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import { fixture, isRunning, job, repoDir, step, twoRunners } from './harness.ts';

describe('sub-actions chained in a workflow job (real lab)', { timeout: 600_000 }, () => {
  let dir: string;
  let lab: TestLab | undefined;
  let run: WorkflowRun;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-subactions-'));
    lab = await startLab({ wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1 }] });
    const waf = lab.baseline;
    run = await runWorkflow(fixture('sub-actions-lab.yml'), {
      repoDir,
      repository: 'acme/waf-gate',
      runners: twoRunners(dir),
      runDir: join(dir, 'service'),
      eventName: 'workflow_dispatch',
      runId: 4242,
      vars: {
        TARGET: `http://${waf.host}:${waf.port}`,
        ACCESS_LOG: waf.accessLog,
        ERROR_LOG: waf.errorLog,
        PID_FILE: waf.pidFile,
        DOMAINS: lab.domains.join(','),
      },
    });
  });
  after(async () => {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the collector, replays, stops it and accounts for every request', async () => {
    const record = job(run, 'measure');
    const logs = record.steps.map((s) => `${s.parent}/${s.id} ${s.outcome}\n${s.log}`).join('\n');
    assert.equal(
      record.result,
      'success',
      `${record.error ?? ''}\n${record.annotations.join('\n')}\n${logs}`,
    );
    assert.equal(record.runner, 'waf-runner');
    const total = Number(run.needs.measure?.outputs.total);
    assert.ok(total > 0, `replayed ${total}`);
    assert.equal(run.needs.measure?.outputs.sent, String(total));
    const stop = step(run, 'measure', 'stop').outputs;
    assert.ok(Number(stop.joined) > 0, `joined ${stop.joined}`);
    assert.equal(
      Number(stop.joined) + Number(stop.missing),
      total,
      'every sent request is joined or missing',
    );
    const resultsPath = step(run, 'measure', 'stop').outputs['results-path']!;
    assert.equal(await access(resultsPath).then(() => true), true);
    assert.match(await readFile(resultsPath, 'utf8'), /"schema"/);
  });

  it('leaves no collector for the job-end cleanup to kill', async () => {
    const pid = Number(step(run, 'measure', 'start').outputs.pid);
    assert.ok(pid > 0);
    assert.equal(await isRunning(pid), false);
    assert.deepEqual(job(run, 'measure').killedAtJobEnd, []);
  });
});
