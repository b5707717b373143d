/** Reading the Actions context: PR head SHA (not the merge commit in GITHUB_SHA), fork detection, default branch. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isConfigError } from '../../src/common/errors.js';
import { readActionsContext, workflowFileFromRef } from '../../src/github/context.js';
import { fixture, MERGE_SHA } from './support.js';

const base = {
  GITHUB_REPOSITORY: 'octo/waf',
  GITHUB_SHA: MERGE_SHA,
  GITHUB_RUN_ID: '4242',
  GITHUB_WORKFLOW_REF: 'octo/waf/.github/workflows/waf-gate.yml@refs/pull/7/merge',
};

describe('readActionsContext', () => {
  it('takes the PR head SHA from the payload, not GITHUB_SHA', async () => {
    const ctx = await readActionsContext({
      ...base,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: fixture('event-pull_request.json'),
    });
    assert.equal(ctx.headSha, '1'.repeat(40));
    assert.equal(ctx.sha, MERGE_SHA);
    assert.equal(ctx.pullRequest?.number, 7);
    assert.equal(ctx.pullRequest?.isFork, false);
    assert.equal(ctx.defaultBranch, 'main');
    assert.equal(ctx.repositoryId, 1000);
    assert.equal(ctx.workflowFile, 'waf-gate.yml');
    assert.equal(ctx.runUrl, 'https://github.com/octo/waf/actions/runs/4242');
    assert.equal(ctx.apiUrl, 'https://api.github.com');
  });

  it('recognizes a fork PR', async () => {
    const ctx = await readActionsContext({
      ...base,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: fixture('event-pull_request-fork.json'),
    });
    assert.equal(ctx.pullRequest?.isFork, true);
    assert.equal(ctx.pullRequest?.headRepoFullName, 'forker/waf');
    assert.equal(ctx.headSha, '3'.repeat(40));
  });

  it('uses GITHUB_SHA on push, with no PR', async () => {
    const ctx = await readActionsContext({
      ...base,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: fixture('event-push.json'),
      GITHUB_API_URL: 'http://127.0.0.1:9/',
    });
    assert.equal(ctx.pullRequest, undefined);
    assert.equal(ctx.headSha, MERGE_SHA);
    assert.equal(ctx.apiUrl, 'http://127.0.0.1:9');
  });

  it('reads the triggering PR of a workflow_run event (the fork recipe)', async () => {
    const ctx = await readActionsContext({
      ...base,
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_EVENT_PATH: fixture('event-workflow_run.json'),
    });
    assert.equal(ctx.pullRequest?.number, 9);
    assert.equal(ctx.headSha, '3'.repeat(40));
    assert.equal(ctx.pullRequest?.isFork, true);
  });

  it('names the variable when the environment is wrong', async () => {
    await assert.rejects(
      readActionsContext({ GITHUB_SHA: MERGE_SHA }),
      (e: unknown) => isConfigError(e) && e.input === 'GITHUB_REPOSITORY',
    );
    await assert.rejects(
      readActionsContext({ GITHUB_REPOSITORY: 'octo/waf', GITHUB_SHA: 'main' }),
      (e: unknown) => isConfigError(e) && e.input === 'GITHUB_SHA',
    );
    await assert.rejects(
      readActionsContext({ ...base, GITHUB_EVENT_PATH: fixture('missing.json') }),
      (e: unknown) =>
        isConfigError(e) &&
        e.input === 'GITHUB_EVENT_PATH' &&
        String(e.file).endsWith('missing.json'),
    );
  });

  it('parses the workflow file out of GITHUB_WORKFLOW_REF', () => {
    assert.equal(workflowFileFromRef('o/r/.github/workflows/ci.yaml@refs/heads/main'), 'ci.yaml');
    assert.equal(workflowFileFromRef(undefined), undefined);
  });
});
