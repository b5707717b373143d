/**
 * Trusted configuration against the OpenAPI-validating fake: on a pull request the policy file and the
 * corpus come from the PR's base commit through the contents API, so a PR that relaxes the policy in
 * its own checkout does not change the policy the gate uses. Folders are fetched recursively, files
 * over 1 MiB through the blob API, globs keep their pattern, a missing file is a clear ConfigError.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isConfigError } from '../../src/common/errors.js';
import { loadPolicyFile } from '../../src/compare/policy-file.js';
import { createGitHubClient } from '../../src/github/client.js';
import { resolveTrustedRef, trustedPaths } from '../../src/github/trusted-config.js';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.js';
import { contextFor, tempDir } from './support.js';

const TOKEN = 'ghs_TrustedToken31';
const BASE_SHA = '2222222222222222222222222222222222222222';
const POLICY = '.github/waf-gate-policy.yml';
const BIG = Buffer.alloc(1024 * 1024 + 4096, 0x41);

describe('trusted configuration from the base commit', () => {
  let api: GitHubApi;
  let dir: string;
  let cleanup: () => Promise<void>;
  let workspace: string;
  let n = 0;
  before(async () => {
    api = await startGitHubApi({ token: TOKEN });
    ({ dir, cleanup } = await tempDir());
    api.seedContents(BASE_SHA, {
      [POLICY]: 'quality:\n  maxNewBlocks: 0\n',
      'traffic/quality/a.txt': 'GET /a HTTP/1.1\n',
      'traffic/quality/deep/b.txt': 'GET /b HTTP/1.1\n',
      'traffic/quality/big.raw': BIG,
      'traffic/other/c.txt': 'not part of the corpus\n',
    });
    api.seedContents('release-policy', { [POLICY]: 'quality:\n  maxNewBlocks: 3\n' });
    // The PR's checkout: it relaxed its own gate.
    workspace = join(dir, 'workspace');
    await mkdir(join(workspace, '.github'), { recursive: true });
    await writeFile(join(workspace, POLICY), 'quality:\n  maxNewBlocks: 100000\n');
  });
  after(async () => {
    await api.close();
    await cleanup();
  });
  beforeEach(() => {
    api.requests.length = 0;
  });

  const client = () => createGitHubClient({ token: TOKEN, baseUrl: api.url });
  const client2 = (other: GitHubApi) => createGitHubClient({ token: TOKEN, baseUrl: other.url });
  const run = async (trustedRef: string, paths: Record<string, string>, event?: string) =>
    trustedPaths(await contextFor(api, event), client(), {
      trustedRef,
      token: TOKEN,
      paths,
      workspace,
      destDir: join(dir, `trusted-${++n}`),
    });

  it('a PR that relaxes the policy in its checkout still gets the base commit’s policy', async () => {
    const { paths, ref } = await run('', { 'policy-file': POLICY });
    assert.equal(ref, BASE_SHA);
    assert.notEqual(paths['policy-file'], POLICY);
    const used = await loadPolicyFile(paths['policy-file']!);
    assert.equal(used.quality.maxNewBlocks, 0, 'the base policy, not the PR’s 100000');
    const relaxed = await loadPolicyFile(join(workspace, POLICY));
    assert.equal(relaxed.quality.maxNewBlocks, 100000, 'the checkout did hold the relaxed policy');
    const get = api.requests.find((r) => r.operationId === 'repos/get-content')!;
    assert.equal(get.path, `/repos/octo/waf/contents/${POLICY}`);
    assert.equal(get.query.ref, BASE_SHA);
    assert.deepEqual(api.violations, []);
  });

  it('fetches a corpus folder recursively, big files through the blob API', async () => {
    const { paths } = await run('', { corpus: 'traffic/quality/' });
    const corpus = paths.corpus!;
    assert.equal(await readFile(join(corpus, 'a.txt'), 'utf8'), 'GET /a HTTP/1.1\n');
    assert.equal(await readFile(join(corpus, 'deep', 'b.txt'), 'utf8'), 'GET /b HTTP/1.1\n');
    assert.ok((await readFile(join(corpus, 'big.raw'))).equals(BIG));
    assert.ok(api.requests.some((r) => r.operationId === 'git/get-blob'));
    await assert.rejects(readFile(join(corpus, '..', 'other', 'c.txt')), /ENOENT/);
    assert.deepEqual(api.violations, []);
  });

  it('a glob keeps its pattern over the fetched folder', async () => {
    const { paths } = await run('', { corpus: 'traffic/quality/*.txt' });
    assert.match(paths.corpus!, /traffic\/quality\/\*\.txt$/);
    assert.equal(await readFile(join(paths.corpus!, '..', 'a.txt'), 'utf8'), 'GET /a HTTP/1.1\n');
  });

  it('a weighted, comma-separated corpus spec fetches every item and keeps the weights', async () => {
    const { paths } = await trustedPaths(await contextFor(api), client(), {
      trustedRef: '',
      token: TOKEN,
      paths: { corpus: 'traffic/quality/a.txt:80, traffic/quality/deep/b.txt:20' },
      listInputs: ['corpus'],
      workspace,
      destDir: join(dir, `trusted-${++n}`),
    });
    const items = paths.corpus!.split(',');
    assert.equal(items.length, 2);
    assert.match(items[0]!, /traffic\/quality\/a\.txt:80$/);
    assert.match(items[1]!, /traffic\/quality\/deep\/b\.txt:20$/);
    assert.equal(await readFile(items[1]!.replace(/:20$/, ''), 'utf8'), 'GET /b HTTP/1.1\n');
    assert.deepEqual(api.violations, []);
  });

  it('a pinned trusted-ref is used as given', async () => {
    const { paths, ref } = await run('release-policy', { 'policy-file': POLICY });
    assert.equal(ref, 'release-policy');
    assert.equal((await loadPolicyFile(paths['policy-file']!)).quality.maxNewBlocks, 3);
  });

  it('a file missing at the ref is a ConfigError naming the input, path and ref', async () => {
    await assert.rejects(run('', { 'policy-file': '.github/missing.yml' }), (error: unknown) => {
      assert.ok(isConfigError(error));
      assert.equal(error.input, 'policy-file');
      assert.match(
        error.message,
        new RegExp(`\\.github/missing\\.yml does not exist at ${BASE_SHA}`),
      );
      assert.match(error.hint ?? '', /base branch/);
      return true;
    });
    assert.deepEqual(api.violations, []);
  });

  it('workspace reads the checkout; push runs default to the workspace; paths outside the repo error', async () => {
    const given = { 'policy-file': POLICY };
    assert.deepEqual(await run('workspace', given), { paths: given, ref: undefined });
    assert.deepEqual(await run('', given, 'event-push'), { paths: given, ref: undefined });
    assert.equal(api.requests.length, 0, 'nothing fetched');
    await assert.rejects(run('', { corpus: '../elsewhere' }), /outside the repository/);
    const context = await contextFor(api);
    assert.deepEqual(resolveTrustedRef('', context), {
      kind: 'ref',
      ref: BASE_SHA,
      why: 'the pull request base commit',
    });
  });

  it('the fake serves a repository folder from disk (contentsRoot) for workflow scenarios', async () => {
    const disk = await startGitHubApi({ token: TOKEN, contentsRoot: process.cwd() });
    try {
      const { paths } = await trustedPaths(await contextFor(disk), client2(disk), {
        trustedRef: '',
        token: TOKEN,
        paths: { corpus: 'corpus/demo' },
        workspace,
        destDir: join(dir, 'from-disk'),
      });
      const names = (await readdir(paths.corpus!, { recursive: true })).sort();
      assert.deepEqual(names, (await readdir('corpus/demo', { recursive: true })).sort());
      for (const name of names.filter((n) => !n.endsWith('/')))
        if ((await stat(join('corpus/demo', name))).isFile())
          assert.ok(
            (await readFile(join(paths.corpus!, name))).equals(
              await readFile(join('corpus/demo', name)),
            ),
            name,
          );
      assert.deepEqual(disk.violations, []);
    } finally {
      await disk.close();
    }
  });
});
