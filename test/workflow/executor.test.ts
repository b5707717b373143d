/**
 * The local workflow executor on small fixture workflows, with real processes: needs order and outputs,
 * status functions, file commands, artifacts with v4 semantics, cancel, and the runner's job-end cleanup
 * by RUNNER_TRACKING_ID.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runWorkflow } from './executor.ts';
import { fixture, isRunning, job, killIfRunning, step, twoRunners, waitFor } from './harness.ts';
import type { ExecutorOptions } from './types.ts';

describe('local workflow executor', { timeout: 120_000 }, () => {
  let dir: string;
  let count = 0;
  const options = (over: Partial<ExecutorOptions> = {}): ExecutorOptions => {
    count += 1;
    return {
      repoDir: process.cwd(),
      repository: 'acme/waf-gate',
      runners: twoRunners(join(dir, `run-${count}`)),
      runDir: join(dir, `run-${count}`, 'service'),
      eventName: 'push',
      ...over,
    };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs jobs in needs order on their runners and passes outputs, env and summaries on', async () => {
    const run = await runWorkflow(
      fixture('needs-outputs.yml'),
      options({ eventName: 'workflow_dispatch', inputs: { loud: true } }),
    );
    assert.equal(run.result, 'success', JSON.stringify(run.jobs.map((j) => [j.id, j.error])));
    assert.deepEqual(
      run.jobs.map((j) => [j.id, j.runner]),
      [
        ['produce', 'bench-runner'],
        ['consume', 'waf-runner'],
      ],
    );
    const emit = step(run, 'produce', 'emit');
    assert.equal(emit.outputs.single, 'hello from bench-runner loud=true');
    assert.equal(emit.outputs.multi, 'line one\nline=two\n  indented three');
    assert.equal(step(run, 'produce', 'later').outputs.seen, 'set by emit|set by emit|workflow');
    assert.equal(
      step(run, 'produce', 'later').outputs.pipefail,
      '1',
      'shell: bash runs with -o pipefail',
    );
    assert.equal(
      step(run, 'produce', 'default-shell').outputs.pipefail,
      '0',
      'no shell: bash -e only',
    );
    assert.equal(job(run, 'produce').summary, '## produced on bench-runner\n');
    const show = step(run, 'consume', 'show');
    assert.deepEqual(
      { result: show.outputs.result, single: show.outputs.single, level: show.outputs.level },
      { result: 'success', single: 'hello from bench-runner loud=true', level: 'job' },
    );
    assert.equal(await readFile(join(show.outputs.temp!, 'multi.txt'), 'utf8'), emit.outputs.multi);
    assert.notEqual(show.outputs.temp, emit.outputs.temp, 'each runner has its own RUNNER_TEMP');
    assert.match(emit.outputs.tracking!, /^github_[0-9a-f-]{36}$/);
    assert.notEqual(show.outputs.tracking, emit.outputs.tracking, 'a fresh tracking id per job');
    assert.equal(job(run, 'produce').trackingId, emit.outputs.tracking);
  });

  it('applies failure, always(), continue-on-error and timeout-minutes like the runner', async () => {
    const run = await runWorkflow(fixture('status-functions.yml'), options());
    assert.equal(run.result, 'failure');
    const outcome = (id: string): string =>
      `${step(run, 'fails', id).outcome}/${step(run, 'fails', id).conclusion}`;
    assert.equal(outcome('ok'), 'success/success');
    assert.equal(outcome('slow'), 'failure/success', 'timed out, tolerated by continue-on-error');
    assert.equal(outcome('boom'), 'failure/failure');
    assert.equal(step(run, 'fails', 'boom').exitCode, 3);
    assert.equal(outcome('after'), 'skipped/skipped');
    assert.deepEqual(step(run, 'fails', 'on-failure').outputs, { boom: 'failure', job: 'failure' });
    assert.equal(outcome('on-success'), 'skipped/skipped');
    assert.equal(step(run, 'fails', 'always').outputs.ran, 'yes');
    assert.equal(outcome('tolerated'), 'failure/success');
    assert.deepEqual(
      Object.fromEntries(Object.entries(run.needs).map(([id, n]) => [id, n.result])),
      {
        fails: 'failure',
        dependent: 'skipped',
        cleanup: 'success',
        'after-failure': 'success',
        'after-skip': 'skipped',
      },
    );
    assert.equal(run.needs.cleanup?.outputs.upstream, 'failure');
  });

  it('serves upload/download-artifact with v4 semantics: 409 on a duplicate, overwrite replaces', async () => {
    const run = await runWorkflow(fixture('artifacts.yml'), options());
    assert.equal(
      run.result,
      'success',
      JSON.stringify(run.jobs.map((j) => [j.id, j.error, j.annotations])),
    );
    assert.equal(step(run, 'upload', 'duplicate').outcome, 'failure');
    assert.ok(
      job(run, 'upload').annotations.some(
        (a) => a.includes('(409) Conflict') && a.includes('results'),
      ),
    );
    assert.equal(step(run, 'upload', 'overwrite').outcome, 'success');
    assert.deepEqual(step(run, 'download', 'read').outputs, { a: 'two', b: 'deep' });
    assert.equal(
      step(run, 'download', 'all').outputs.files,
      './results/a.txt ./results/sub/b.txt ./single-file/b.txt ',
    );
    assert.equal(step(run, 'download', 'missing').outcome, 'failure');
    assert.deepEqual(
      run.artifacts.list().map((a) => a.name),
      ['results', 'single-file'],
    );
  });

  it('cancels during a step: kills its process group, runs only always()/cancelled() steps and jobs', async () => {
    const opts = options();
    const controller = new AbortController();
    const temp = join(opts.runners[0]!.workDir, '_temp');
    const running = runWorkflow(fixture('cancel.yml'), { ...opts, signal: controller.signal });
    const childPid = await waitFor(
      async () => {
        const text = await readFile(join(temp, 'child.pid'), 'utf8').catch(() => '');
        return text.trim() === '' ? undefined : Number(text);
      },
      30_000,
      'the sleep step to start',
    );
    const shellPid = Number(await readFile(join(temp, 'shell.pid'), 'utf8'));
    assert.equal(await isRunning(childPid), true);
    controller.abort();
    const run = await running;
    assert.equal(run.result, 'cancelled');
    assert.equal(job(run, 'long').result, 'cancelled');
    assert.equal(step(run, 'long', 'sleeper').outcome, 'cancelled');
    assert.equal(step(run, 'long', 'after').outcome, 'skipped');
    assert.deepEqual(step(run, 'long', 'cleanup').outputs, {
      sleeper: 'cancelled',
      job: 'cancelled',
    });
    assert.equal(step(run, 'long', 'on-cancel').outputs.ran, 'yes');
    assert.equal(run.needs.next?.result, 'skipped');
    assert.equal(step(run, 'finally', 'report').outputs.long, 'cancelled');
    assert.equal(await isRunning(childPid), false, "the step's sleep is gone");
    assert.equal(await isRunning(shellPid), false, "the step's shell is gone");
  });

  it("cancels during a composite action step, still runs the action's always() step and a later always() action", async () => {
    const opts = options();
    const controller = new AbortController();
    const temp = join(opts.runners[1]!.workDir, '_temp');
    const running = runWorkflow(fixture('cancel-composite.yml'), {
      ...opts,
      signal: controller.signal,
    });
    const shellPid = await waitFor(
      async () => {
        const text = await readFile(join(temp, 'composite-shell.pid'), 'utf8').catch(() => '');
        return text.trim() === '' ? undefined : Number(text);
      },
      60_000,
      'the composite action to start its slow step',
    );
    controller.abort();
    const run = await running;
    assert.equal(job(run, 'gate').result, 'cancelled');
    assert.equal(step(run, 'gate', 'slow', 'action').outcome, 'cancelled');
    assert.equal(step(run, 'gate', 'never', 'action').outcome, 'skipped');
    assert.equal(step(run, 'gate', 'cleanup', 'action').outcome, 'success');
    assert.equal(await readFile(join(temp, 'cleaned'), 'utf8'), 'cleaned after cancelled\n');
    assert.equal(step(run, 'gate', 'action').outcome, 'cancelled');
    assert.equal(step(run, 'gate', 'after').outputs.action, 'cancelled');
    // An action started by an always() step after the cancel sees its own status (action_status):
    // its steps without if: run, as the runner runs install-waf's restore after a cancel.
    assert.equal(step(run, 'gate', 'say', 'restore').outcome, 'success');
    assert.equal(step(run, 'gate', 'restore').outcome, 'success');
    assert.equal(step(run, 'gate', 'restore').outputs.line, 'restore on push');
    assert.equal(step(run, 'gate', 'restore').outputs.nested, 'Hi, restore');
    assert.equal(await isRunning(shellPid), false);
  });

  it('masks ::add-mask:: values in the registering step, later steps and annotations', async () => {
    const run = await runWorkflow(fixture('masks.yml'), options());
    assert.equal(run.result, 'success');
    const register = step(run, 'mask', 'register').log;
    assert.match(register, /the value is \*\*\*/);
    assert.match(register, /multi: \*\*\* end/);
    assert.doesNotMatch(register, /topsecret|second-line end/);
    assert.equal(step(run, 'mask', 'later').log.trim(), 'later ***');
    assert.deepEqual(job(run, 'mask').annotations, ['::warning::warned about ***']);
  });

  it('kills processes carrying the job tracking id at job end; one started without it survives', async () => {
    const run = await runWorkflow(fixture('tracking.yml'), options());
    const tracked = Number(run.needs.start?.outputs.tracked);
    const untracked = Number(run.needs.start?.outputs.untracked);
    try {
      assert.equal(run.result, 'success', JSON.stringify(run.jobs.map((j) => [j.id, j.error])));
      assert.ok(tracked > 0 && untracked > 0);
      assert.equal(
        step(run, 'start', 'still-there').outputs.tracked,
        'alive',
        'alive until the job ends',
      );
      assert.ok(job(run, 'start').killedAtJobEnd.includes(tracked));
      assert.ok(!job(run, 'start').killedAtJobEnd.includes(untracked));
      assert.equal(await isRunning(tracked), false);
      assert.equal(step(run, 'later', 'probe').outputs.untracked, 'alive', 'alive in the next job');
      assert.equal(await isRunning(untracked), true);
    } finally {
      if (untracked > 0) killIfRunning(untracked);
    }
  });

  it('expands a matrix over runners and runs local node and composite actions', async () => {
    const run = await runWorkflow(fixture('matrix-actions.yml'), options());
    assert.equal(
      run.result,
      'success',
      JSON.stringify(run.jobs.map((j) => [j.id, j.error, j.annotations])),
    );
    const spread = run.jobs.filter((j) => j.id === 'spread');
    assert.deepEqual(
      spread.map((j) => [j.name, j.runner, j.steps[0]?.outputs.runner, j.steps[0]?.outputs.extra]),
      [
        ['spread (bench)', 'bench-runner', 'bench-runner', ''],
        ['spread (waf, yes)', 'waf-runner', 'waf-runner', 'yes'],
      ],
    );
    const node = step(run, 'actions', 'node');
    assert.equal(node.outputs.greeting, 'Hello, Ada');
    assert.match(node.outputs['action-path']!, /\/test\/fixtures\/workflows\/actions\/echo-node$/);
    const composite = step(run, 'actions', 'composite');
    assert.equal(composite.outputs.line, 'Hello, Ada on push');
    assert.equal(composite.outputs.nested, 'Hi, Hello, Ada');
    assert.equal(step(run, 'actions', 'say', 'composite').outcome, 'success');
  });

  it('reports parser errors with file and line', async () => {
    const { writeFile } = await import('node:fs/promises');
    const bad = join(dir, 'bad.yml');
    await writeFile(
      bad,
      'on: push\njobs:\n  a:\n    runs-on: bench\n    steps:\n      - run: echo ${{ 1 + }}\n',
    );
    await assert.rejects(runWorkflow(bad, options()), (error: Error) => {
      assert.match(error.message, /bad\.yml/);
      assert.match(error.message, /Line: 6/);
      return true;
    });
  });
});
