/**
 * The gate's check run against the OpenAPI-validating fake: created in_progress on the PR head before
 * measuring; a measuring failure completes it as failure with the error text; a create whose answer is
 * lost (5xx after GitHub created the run) is retried by finding the run, not by creating a duplicate;
 * the closing step completes a run no step completed.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConfigError } from '../../src/common/errors.js';
import { closeGateCheck, measureUnderCheck, openGateCheck } from '../../src/github/gate-check.js';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.js';
import { actionsEnv, recordingLogger } from './support.js';

const TOKEN = 'ghs_LifecycleToken42';
const PR_HEAD = '1111111111111111111111111111111111111111';

describe('CheckRunLifecycle through the gate steps', () => {
  let api: GitHubApi;
  before(async () => {
    api = await startGitHubApi({ token: TOKEN });
  });
  after(() => api.close());
  beforeEach(() => {
    api.checkRuns.clear();
    api.requests.length = 0;
    api.faults.length = 0;
  });

  const env = (attempt = '1') =>
    actionsEnv(api, 'event-pull_request', { GITHUB_JOB: 'gate', GITHUB_RUN_ATTEMPT: attempt });
  const inputs = (checkRunId = '') => ({
    token: TOKEN,
    post: true,
    checkName: 'waf-gate',
    checkRunId,
  });

  it('is in_progress on the PR head before measuring; a measuring failure completes it as failure with the error', async () => {
    const check = await openGateCheck(env(), inputs(), { retryDelayMs: 1 });
    assert.ok(check?.id !== undefined);
    let seenWhileMeasuring: Record<string, unknown> | undefined;
    const error = new ConfigError('The corpus folder is empty.', {
      input: 'corpus',
      value: 'traffic/none/',
    });
    // The next step attaches by id, as the composite action passes check-run-id along.
    const attached = await openGateCheck(env(), inputs(String(check.id)));
    await assert.rejects(
      measureUnderCheck(attached, () => {
        seenWhileMeasuring = structuredClone(api.checkRuns.get(check.id!));
        return Promise.reject(error);
      }),
      error,
    );
    assert.equal(seenWhileMeasuring?.status, 'in_progress');
    assert.equal(seenWhileMeasuring?.head_sha, PR_HEAD, 'the PR head, not the merge commit');
    const run = api.checkRuns.get(check.id)!;
    assert.equal(run.status, 'completed');
    assert.equal(run.conclusion, 'failure');
    const output = run.output as { title: string; summary: string };
    assert.match(output.title, /failed while measuring/);
    assert.match(output.summary, /The corpus folder is empty\..*input corpus = "traffic\/none\/"/s);
    assert.equal(api.checkRuns.size, 1, 'one check run, attached rather than created twice');
    assert.deepEqual(api.violations, []);
  });

  it('completes as neutral when nothing was measured, and the close step leaves it alone', async () => {
    const check = await openGateCheck(env(), inputs(), { retryDelayMs: 1 });
    assert.equal(await measureUnderCheck(check, () => Promise.resolve(undefined)), undefined);
    assert.equal(api.checkRuns.get(check!.id!)?.conclusion, 'neutral');
    assert.equal(await closeGateCheck(check, 'measure=success'), false);
    assert.deepEqual(api.violations, []);
  });

  it('a 5xx on create after GitHub created the run: the retry finds it by name + head SHA', async () => {
    api.faults.push({
      method: 'POST',
      path: /\/check-runs$/,
      status: 502,
      afterHandling: true,
      body: { message: 'Server Error' },
    });
    const logger = recordingLogger();
    const check = await openGateCheck(env(), inputs(), { retryDelayMs: 1, logger });
    assert.equal(api.checkRuns.size, 1, 'no duplicate check run');
    const [only] = [...api.checkRuns.values()];
    assert.equal(check?.id, only?.id);
    const lookup = api.requests.find((r) => r.operationId === 'checks/list-for-ref');
    assert.ok(lookup, 'looked for the run before creating again');
    assert.equal(lookup.path, `/repos/octo/waf/commits/${PR_HEAD}/check-runs`);
    assert.equal(lookup.query.check_name, 'waf-gate');
    assert.equal(api.requests.filter((r) => r.operationId === 'checks/create').length, 1);
    assert.ok(!logger.lines.join('\n').includes(TOKEN));
    assert.deepEqual(api.violations, []);
  });

  it('a 5xx before anything was created: the retry creates it; an earlier attempt’s run is not adopted', async () => {
    // A previous attempt of the same run left a check run behind: attempt 2 must get its own.
    const first = await openGateCheck(env('1'), inputs(), { retryDelayMs: 1 });
    api.faults.push({ method: 'POST', path: /\/check-runs$/, status: 503 });
    const second = await openGateCheck(env('2'), inputs(), { retryDelayMs: 1 });
    assert.notEqual(second?.id, first?.id);
    assert.equal(api.checkRuns.size, 2);
    assert.equal(api.checkRuns.get(second!.id!)?.status, 'in_progress');
    assert.deepEqual(api.violations, []);
  });

  it('the always() close step completes a run left open (install failed) as failure', async () => {
    const check = await openGateCheck(env(), inputs(), { retryDelayMs: 1 });
    const closer = await openGateCheck(env(), inputs(String(check!.id)));
    assert.equal(await closeGateCheck(closer, 'install=failure measure=skipped'), true);
    const run = api.checkRuns.get(check!.id!)!;
    assert.equal(run.conclusion, 'failure');
    assert.match((run.output as { summary: string }).summary, /install=failure/);
    assert.deepEqual(api.violations, []);
  });

  it('without permission (fork token) the gate goes on without a check run', async () => {
    const readOnly = await startGitHubApi({ token: TOKEN, readOnly: true });
    try {
      const check = await openGateCheck(
        actionsEnv(readOnly, 'event-pull_request', { GITHUB_JOB: 'gate' }),
        inputs(),
        { retryDelayMs: 1 },
      );
      assert.equal(check?.id, undefined);
      assert.match(check?.skippedReason ?? '', /Resource not accessible/);
      assert.equal(await measureUnderCheck(check, () => Promise.resolve(7)), 7);
      assert.deepEqual(readOnly.violations, []);
    } finally {
      await readOnly.close();
    }
  });

  it('post: false or no token: no check run at all', async () => {
    assert.equal(await openGateCheck(env(), { ...inputs(), post: false }), undefined);
    assert.equal(await openGateCheck(env(), { ...inputs(), token: '' }), undefined);
    assert.equal(api.requests.length, 0);
  });
});
