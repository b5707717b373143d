/** The REST client against the OpenAPI-validating fake: headers, pagination, coded errors, retries, timeouts, redirects, no token leaks. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { formatError, isWafGateError } from '../../src/common/errors.js';
import { createGitHubClient, gitHubApiUrl, parseLinkHeader } from '../../src/github/client.js';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.js';
import { recordingLogger } from './support.js';

const TOKEN = 'ghs_SuperSecretToken0123456789';

/** Everything a user or log could ever see of an error. */
function everything(error: unknown): string {
  return [
    formatError(error, true),
    inspect(error, { depth: 10 }),
    JSON.stringify((error as { context?: unknown }).context),
  ].join('\n');
}

describe('GitHub client', () => {
  let api: GitHubApi;
  before(async () => {
    api = await startGitHubApi({ token: TOKEN });
  });
  after(async () => {
    await api.close();
    assert.deepEqual(api.violations, [], 'every request matched GitHub’s OpenAPI description');
  });
  const client = (extra: Parameters<typeof createGitHubClient>[0] = {}) =>
    createGitHubClient({ token: TOKEN, baseUrl: api.url, retry: { baseDelayMs: 10 }, ...extra });

  it('takes the base URL from GITHUB_API_URL, defaulting to api.github.com', () => {
    assert.equal(
      gitHubApiUrl({ GITHUB_API_URL: 'https://ghe.example/api/v3' }),
      'https://ghe.example/api/v3',
    );
    assert.equal(gitHubApiUrl({}), 'https://api.github.com');
  });

  it('sends the documented headers and a JSON body, bearer token only to the API', async () => {
    const { status, data } = await client().request<{ id: number; head_sha: string }>(
      'POST',
      '/repos/octo/waf/check-runs',
      {
        body: { name: 'waf-gate', head_sha: 'b'.repeat(40), status: 'in_progress' },
      },
    );
    assert.equal(status, 201);
    assert.equal(data.head_sha, 'b'.repeat(40));
    assert.equal(api.requests.at(-1)?.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(api.violations, []);
  });

  it('follows Link rel="next" across pages', async () => {
    api.seedComments(
      50,
      Array.from({ length: 230 }, (_, i) => `comment ${i}`),
    );
    const bodies: string[] = [];
    for await (const c of client().paginate<{ body: string }>(
      '/repos/octo/waf/issues/50/comments',
      { per_page: 100 },
      (d) => d as { body: string }[],
    ))
      bodies.push(c.body);
    assert.equal(bodies.length, 230);
    assert.equal(bodies[229], 'comment 229');
    assert.equal(
      api.requests.filter((r) => r.path === '/repos/octo/waf/issues/50/comments').length,
      3,
    );
    assert.deepEqual(
      parseLinkHeader('<https://x/a?page=2>; rel="next", <https://x/a?page=5>; rel="last"'),
      { next: 'https://x/a?page=2', last: 'https://x/a?page=5' },
    );
    assert.deepEqual(api.violations, []);
  });

  it('turns an error status into E_GITHUB_HTTP with method, path, status, message and documentation_url', async () => {
    const error = await client()
      .request('PATCH', '/repos/octo/waf/check-runs/999999', { body: { status: 'in_progress' } })
      .catch((e: unknown) => e);
    assert.ok(isWafGateError(error));
    assert.equal(error.code, 'E_GITHUB_HTTP');
    assert.equal(error.context.method, 'PATCH');
    assert.equal(error.context.path, '/repos/octo/waf/check-runs/999999');
    assert.equal(error.context.status, 404);
    assert.equal(error.context.githubMessage, 'Not Found');
    assert.equal(error.context.documentationUrl, 'https://docs.github.com/rest');
  });

  it('codes 403 "Resource not accessible by integration" as E_GITHUB_PERMISSION', async () => {
    const ro = await startGitHubApi({ token: TOKEN, readOnly: true });
    try {
      const error = await createGitHubClient({ token: TOKEN, baseUrl: ro.url })
        .request('POST', '/repos/octo/waf/issues/7/comments', { body: { body: 'hi' } })
        .catch((e: unknown) => e);
      assert.ok(isWafGateError(error));
      assert.equal(error.code, 'E_GITHUB_PERMISSION');
      assert.equal(error.context.status, 403);
      assert.match(
        formatError(error),
        /Resource not accessible by integration.*read-only GITHUB_TOKEN/,
      );
    } finally {
      await ro.close();
    }
  });

  it('retries a 502 on GET and succeeds; gives up after maxRetries', async () => {
    api.faults.push({ method: 'GET', path: /check-runs\/\d+$/, status: 502, times: 2 });
    const created = await client().request<{ id: number }>('POST', '/repos/octo/waf/check-runs', {
      body: { name: 'r', head_sha: 'c'.repeat(40) },
    });
    const before = api.requests.length;
    const { data } = await client().request<{ id: number }>(
      'GET',
      `/repos/octo/waf/check-runs/${created.data.id}`,
    );
    assert.equal(data.id, created.data.id);
    assert.equal(api.requests.length - before, 3);
    api.faults.push({ method: 'GET', path: /check-runs\/\d+$/, status: 503, times: 10 });
    const error = await client({ retry: { maxRetries: 2, baseDelayMs: 10 } })
      .request('GET', `/repos/octo/waf/check-runs/${created.data.id}`)
      .catch((e: unknown) => e);
    assert.ok(isWafGateError(error));
    assert.equal(error.context.status, 503);
    api.faults.length = 0;
  });

  it('does not retry a POST on 500 (it may have been applied)', async () => {
    api.faults.push({ method: 'POST', path: /check-runs$/, status: 500, times: 5 });
    const before = api.requests.length;
    const error = await client()
      .request('POST', '/repos/octo/waf/check-runs', {
        body: { name: 'r', head_sha: 'c'.repeat(40) },
      })
      .catch((e: unknown) => e);
    assert.equal((error as { code?: string }).code, 'E_GITHUB_HTTP');
    assert.equal(api.requests.length - before, 1);
    api.faults.length = 0;
  });

  it(
    'honors Retry-After on a secondary rate limit, within the wait budget',
    { timeout: 20_000 },
    async () => {
      const limit = {
        method: 'POST',
        path: /issues\/8\/comments$/,
        status: 403,
        headers: { 'retry-after': '1' },
        body: {
          message: 'You have exceeded a secondary rate limit.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
      };
      api.faults.push({ ...limit });
      const log = recordingLogger();
      const { status } = await client({ logger: log }).request(
        'POST',
        '/repos/octo/waf/issues/8/comments',
        { body: { body: 'after the limit' } },
      );
      assert.equal(status, 201);
      assert.ok(
        log.lines.some((l) => /answered 403; retrying in 1 s/.test(l)),
        log.lines.join('\n'),
      );
      // A Retry-After beyond the budget is not waited for.
      api.faults.push({ ...limit, headers: { 'retry-after': '3600' } });
      const error = await client({ retry: { maxTotalWaitMs: 5000 } })
        .request('POST', '/repos/octo/waf/issues/8/comments', { body: { body: 'x' } })
        .catch((e: unknown) => e);
      assert.equal((error as { code?: string }).code, 'E_GITHUB_HTTP');
      assert.match(String((error as Error).message), /secondary rate limit/);
      api.faults.length = 0;
      assert.deepEqual(api.violations, []);
    },
  );

  it(
    'times out a server that never answers (E_GITHUB_TIMEOUT), bounded retries',
    { timeout: 20_000 },
    async () => {
      let hits = 0;
      const silent = createServer(() => void hits++);
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      try {
        const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
        const error = await createGitHubClient({
          token: TOKEN,
          baseUrl: url,
          timeoutMs: 200,
          retry: { maxRetries: 1, baseDelayMs: 10 },
        })
          .request('GET', '/repos/octo/waf/check-runs/1')
          .catch((e: unknown) => e);
        assert.equal((error as { code?: string }).code, 'E_GITHUB_TIMEOUT');
        assert.equal(hits, 2);
        assert.ok(!everything(error).includes(TOKEN));
      } finally {
        silent.closeAllConnections();
        await new Promise<void>((r) => silent.close(() => r()));
      }
    },
  );

  it('stops waiting when the signal aborts', { timeout: 20_000 }, async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const controller = new AbortController();
      const pending = createGitHubClient({ token: TOKEN, baseUrl: url, timeoutMs: 60_000 }).request(
        'GET',
        '/x',
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 50);
      const error = await pending.catch((e: unknown) => e);
      assert.equal((error as Error).name, 'AbortError');
      assert.ok(!everything(error).includes(TOKEN));
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('never puts the token in errors or logs, even when a server echoes it', async () => {
    const log = recordingLogger();
    api.faults.push({
      method: 'GET',
      path: /check-runs\/1$/,
      status: 400,
      body: {
        message: `Bad token Bearer ${TOKEN} given`,
        documentation_url: 'https://docs.github.com',
      },
    });
    const errors: unknown[] = [];
    errors.push(
      await client({ logger: log })
        .request('GET', '/repos/octo/waf/check-runs/1')
        .catch((e: unknown) => e),
    );
    errors.push(
      await createGitHubClient({ token: 'wrong', baseUrl: api.url, logger: log })
        .request('GET', '/repos/octo/waf/check-runs/1')
        .catch((e: unknown) => e),
    );
    errors.push(
      await client({ logger: log, baseUrl: 'http://127.0.0.1:1' })
        .request('GET', '/x')
        .catch((e: unknown) => e),
    );
    for (const error of errors) {
      assert.ok(isWafGateError(error), String(error));
      assert.ok(!everything(error).includes(TOKEN), everything(error));
    }
    assert.match(formatError(errors[0]), /Bad token Bearer \*\*\* given/);
    assert.ok(log.lines.length > 0);
    assert.ok(!log.lines.join('\n').includes(TOKEN));
    api.faults.length = 0;
  });
});
