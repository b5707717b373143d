/**
 * Posting a report against the OpenAPI-validating fake: check run on the PR head SHA, created in_progress
 * then completed with the conclusion; output within 65,535 characters; one sticky comment across
 * publishes; fork PRs (403) leave a summary note instead of failing; other errors still throw.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { formatError } from '../../src/common/errors.js';
import { createGitHubClient } from '../../src/github/client.js';
import { createCheckRun } from '../../src/github/check-run.js';
import { publishReport, type PublishInput } from '../../src/github/publish.js';
import { stickyMarker, upsertStickyComment } from '../../src/github/sticky-comment.js';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.js';
import { contextFor, MERGE_SHA, recordingLogger, tempDir } from './support.js';

const TOKEN = 'ghs_PublishTestToken42';

describe('publishReport', () => {
  let api: GitHubApi;
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    api = await startGitHubApi({ token: TOKEN });
    ({ dir, cleanup } = await tempDir());
  });
  after(async () => {
    await api.close();
    await cleanup();
  });
  afterEach(() => {
    assert.deepEqual(api.violations, [], 'every request matched GitHub’s OpenAPI description');
  });

  const input = async (
    over: Partial<PublishInput> = {},
    summaryName = 'summary.md',
  ): Promise<PublishInput> => ({
    markdown: '# waf-gate: **fail**\n\n12 requests newly blocked.\n',
    verdict: 'fail',
    title: 'fail: 12 requests newly blocked',
    token: TOKEN,
    context: await contextFor(api),
    options: { summaryPath: join(dir, summaryName) },
    ...over,
  });

  it('creates the check run on the PR head SHA (not GITHUB_SHA), in progress, then completes it with the conclusion', async () => {
    const result = await publishReport(await input());
    assert.ok(result.checkRunId);
    const create = api.requests.find((r) => r.operationId === 'checks/create')!;
    assert.deepEqual(
      (create.body as { head_sha: string; status: string }).head_sha,
      '1'.repeat(40),
    );
    assert.notEqual((create.body as { head_sha: string }).head_sha, MERGE_SHA);
    assert.equal((create.body as { status: string }).status, 'in_progress');
    const update = api.requests.find((r) => r.operationId === 'checks/update')!;
    assert.equal(update.path, `/repos/octo/waf/check-runs/${result.checkRunId}`);
    const run = api.checkRuns.get(result.checkRunId)!;
    assert.equal(run.status, 'completed');
    assert.equal(run.conclusion, 'failure');
    assert.equal((run.output as { title: string }).title, 'fail: 12 requests newly blocked');
    assert.equal(run.details_url, 'https://github.com/octo/waf/actions/runs/4242');
    assert.match(await readFile(join(dir, 'summary.md'), 'utf8'), /12 requests newly blocked/);
  });

  it('maps pass → success and neutral → neutral, and completes a check run created at the start', async () => {
    const client = createGitHubClient({ token: TOKEN, baseUrl: api.url });
    const started = await createCheckRun(client, {
      owner: 'octo',
      repo: 'waf',
      headSha: '1'.repeat(40),
    });
    const pass = await publishReport(
      await input({ verdict: 'pass', options: { checkRunId: started.id, comment: 'never' } }),
    );
    assert.equal(pass.checkRunId, started.id);
    assert.equal(api.checkRuns.get(started.id)!.conclusion, 'success');
    const neutral = await publishReport(
      await input({ verdict: 'neutral', options: { comment: 'never' } }),
    );
    assert.equal(api.checkRuns.get(neutral.checkRunId!)!.conclusion, 'neutral');
  });

  it('keeps a huge report under 65,535 characters in the check run and 65,536 in the comment', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `| ${i} | POST /login | 942100 |`).join(
      '\n',
    );
    const result = await publishReport(
      await input({
        markdown: `# waf-gate: fail\n\n| # | request | rule |\n|---|---|---|\n${rows}\n`,
      }),
    );
    const output = api.checkRuns.get(result.checkRunId!)!.output as { summary: string };
    assert.ok(
      output.summary.length <= 65_535 && output.summary.length > 60_000,
      String(output.summary.length),
    );
    assert.match(output.summary, /truncated to fit the 65,535-character check run limit/);
    const comment = [...api.comments.get(7)!].find((c) => c.id === result.commentId)!;
    assert.ok(String(comment.body).length <= 65_536);
  });

  it('keeps one sticky comment: two publishes update it instead of adding another', async () => {
    const ctx = await contextFor(api);
    api.comments.delete(7);
    api.seedComments(
      7,
      Array.from(
        { length: 150 },
        (_, i) => `chatter ${i} — quoting ${i === 3 ? stickyMarker() : ''}`,
      ),
    );
    await publishReport(await input({ context: ctx, markdown: 'first' }));
    await publishReport(await input({ context: ctx, markdown: 'second' }));
    const marked = api.comments.get(7)!.filter((c) => String(c.body).startsWith(stickyMarker()));
    assert.equal(marked.length, 1);
    assert.match(String(marked[0]!.body), /second$/);
    assert.ok(
      api.requests.some((r) => r.operationId === 'issues/list-comments' && r.query.page === '2'),
      'the comment list was paginated',
    );
  });

  it('keeps separate comments for separate keys', async () => {
    const client = createGitHubClient({ token: TOKEN, baseUrl: api.url });
    const a = await upsertStickyComment(client, {
      owner: 'octo',
      repo: 'waf',
      issueNumber: 11,
      body: 'a',
      key: 'crs-pl1',
    });
    const b = await upsertStickyComment(client, {
      owner: 'octo',
      repo: 'waf',
      issueNumber: 11,
      body: 'b',
      key: 'crs-pl2',
    });
    const a2 = await upsertStickyComment(client, {
      owner: 'octo',
      repo: 'waf',
      issueNumber: 11,
      body: 'a2',
      key: 'crs-pl1',
    });
    assert.deepEqual([a.action, b.action, a2.action], ['created', 'created', 'updated']);
    assert.equal(a2.commentId, a.commentId);
    assert.equal(api.comments.get(11)!.length, 2);
  });

  it('comment: on-change starts no thread for a passing gate, but refreshes an existing one', async () => {
    api.comments.delete(7);
    const quiet = await publishReport(
      await input({
        verdict: 'pass',
        options: { comment: 'on-change', summaryPath: join(dir, 'oc.md') },
      }),
    );
    assert.equal(quiet.commentId, undefined);
    assert.match(quiet.skipped.join('\n'), /gate passed and no earlier comment exists/);
    const failed = await publishReport(
      await input({ options: { comment: 'on-change', summaryPath: join(dir, 'oc.md') } }),
    );
    const passed = await publishReport(
      await input({
        verdict: 'pass',
        markdown: 'fixed',
        options: { comment: 'on-change', summaryPath: join(dir, 'oc.md') },
      }),
    );
    assert.equal(passed.commentId, failed.commentId);
    assert.match(String(api.comments.get(7)!.at(-1)!.body), /fixed$/);
  });

  it('on a fork PR (403 "Resource not accessible by integration") notes it in the summary and does not throw', async () => {
    const ro = await startGitHubApi({ token: TOKEN, readOnly: true });
    try {
      const log = recordingLogger();
      const result = await publishReport({
        ...(await input({}, 'fork-summary.md')),
        context: await contextFor(ro, 'event-pull_request-fork'),
        options: { summaryPath: join(dir, 'fork-summary.md'), logger: log },
      });
      assert.equal(result.checkRunId, undefined);
      assert.equal(result.commentId, undefined);
      assert.equal(result.skipped.length, 2);
      const summary = await readFile(join(dir, 'fork-summary.md'), 'utf8');
      assert.match(
        summary,
        /^> \[!NOTE\]\n> waf-gate check run: not posted because the token is read-only/,
      );
      assert.match(summary, /12 requests newly blocked/);
      assert.ok(!summary.includes(TOKEN) && !log.lines.join('\n').includes(TOKEN));
      assert.deepEqual(ro.violations, []);
    } finally {
      await ro.close();
    }
  });

  it('without a token writes only the summary, saying so', async () => {
    const before = api.requests.length;
    const result = await publishReport(await input({ token: undefined }, 'notoken.md'));
    assert.equal(api.requests.length, before);
    assert.match(result.skipped.join('\n'), /no token was given/);
    assert.match(await readFile(join(dir, 'notoken.md'), 'utf8'), /no token was given/);
  });

  it('still throws other errors (after writing the summary), without the token', async () => {
    api.faults.push({
      method: 'POST',
      path: /check-runs$/,
      status: 500,
      body: { message: 'Server Error' },
    });
    const error = await publishReport(await input({}, 'error.md')).catch((e: unknown) => e);
    assert.equal((error as { code?: string }).code, 'E_GITHUB_HTTP');
    assert.ok(!formatError(error, true).includes(TOKEN));
    const summary = await readFile(join(dir, 'error.md'), 'utf8');
    assert.match(
      summary,
      /check run: failed \(GitHub API POST \/repos\/octo\/waf\/check-runs failed with HTTP 500/,
    );
    assert.match(summary, /PR comment: not attempted after an earlier GitHub error/);
  });
});
