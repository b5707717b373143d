/**
 * The fake GitHub API itself: requests that GitHub's OpenAPI description does not allow are answered 4xx
 * and recorded as violations (so the client tests can trust an empty violation list).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.js';
import { loadGitHubSpec, matchOperation, validateSchema } from '../helpers/github-openapi.js';

const headers = {
  accept: 'application/vnd.github+json',
  'x-github-api-version': '2022-11-28',
  'user-agent': 'test',
  authorization: 'Bearer ghs_testtoken',
  'content-type': 'application/json',
};

describe('fake GitHub API validation', () => {
  let api: GitHubApi;
  before(async () => {
    api = await startGitHubApi();
  });
  after(async () => {
    await api.close();
  });

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    h: Record<string, string> = headers,
  ) => {
    const res = await request(`${api.url}${path}`, {
      method: method as 'GET',
      headers: h,
      body: body === undefined ? null : JSON.stringify(body),
    });
    await res.body.dump();
    return res.statusCode;
  };

  it('accepts a documented request and records nothing', async () => {
    const status = await call('POST', '/repos/octo/waf/check-runs', {
      name: 'x',
      head_sha: 'a'.repeat(40),
      status: 'in_progress',
    });
    assert.equal(status, 201);
    assert.deepEqual(api.violations, []);
  });

  it('rejects an undocumented path', async () => {
    api.violations.length = 0;
    assert.equal(await call('POST', '/repos/octo/waf/check_runs', { name: 'x' }), 404);
    assert.match(api.violations.join('\n'), /no such operation/);
  });

  it('rejects a body missing a required property, a bad enum, an undocumented property and an overlong summary', async () => {
    api.violations.length = 0;
    const status = await call('POST', '/repos/octo/waf/check-runs', {
      name: 'x',
      status: 'running',
      headSha: 'a',
      output: { title: 't', summary: 'x'.repeat(65_536) },
    });
    assert.equal(status, 422);
    const text = api.violations.join('\n');
    assert.match(text, /missing required property "head_sha"/);
    assert.match(text, /"running" is not one of/);
    assert.match(text, /property "headSha" is not documented/);
    assert.match(text, /length 65536 exceeds maxLength 65535/);
  });

  it('enforces the anyOf of a check-run update (completed needs a conclusion)', async () => {
    api.violations.length = 0;
    assert.equal(
      await call('PATCH', '/repos/octo/waf/check-runs/100', { status: 'completed' }),
      422,
    );
    assert.match(api.violations.join('\n'), /anyOf/);
  });

  it('rejects undocumented query parameters, bad query types and missing API headers', async () => {
    api.violations.length = 0;
    assert.equal(
      await call(
        'GET',
        '/repos/octo/waf/actions/workflows/ci.yml/runs?status=great&per_page=x&foo=1',
      ),
      422,
    );
    const text = api.violations.join('\n');
    assert.match(text, /query.status/);
    assert.match(text, /query.per_page: expected integer/);
    assert.match(text, /undocumented query parameter "foo"/);
    api.violations.length = 0;
    assert.equal(
      await call('GET', '/repos/octo/waf/issues/1/comments', undefined, {
        'user-agent': 'x',
        authorization: headers.authorization,
      }),
      422,
    );
    assert.match(api.violations.join('\n'), /Accept is \(none\)/);
    assert.match(api.violations.join('\n'), /X-GitHub-Api-Version/);
  });

  it('simulates a read-only (fork) token with 403 "Resource not accessible by integration"', async () => {
    const ro = await startGitHubApi({ readOnly: true });
    try {
      const res = await request(`${ro.url}/repos/octo/waf/check-runs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'x', head_sha: 'a'.repeat(40) }),
      });
      assert.equal(res.statusCode, 403);
      assert.equal(
        ((await res.body.json()) as { message: string }).message,
        'Resource not accessible by integration',
      );
      assert.deepEqual(ro.violations, []);
    } finally {
      await ro.close();
    }
  });

  it('the schema validator resolves $refs and nullable into component schemas', () => {
    const spec = loadGitHubSpec();
    const match = matchOperation(spec, 'GET', '/repos/o/r/issues/comments/5');
    assert.equal(match?.operationId, 'issues/get-comment');
    const schema = { $ref: '#/components/schemas/issue-comment' };
    const errors = validateSchema(
      spec,
      schema,
      {
        id: 'one',
        node_id: 'x',
        html_url: 'u',
        issue_url: 'u',
        user: null,
        url: 'u',
        created_at: 'yesterday',
        updated_at: '2024-01-01T00:00:00Z',
      },
      'c',
    );
    assert.deepEqual(errors, [
      'c.id: expected integer, got string',
      'c.created_at: not an ISO 8601 date-time: yesterday',
    ]);
  });
});
