/**
 * Finding the baseline in GitHub artifacts against the OpenAPI-validating fake: the newest successful
 * default-branch run started by schedule, workflow_dispatch or push from this repository (not a fork)
 * whose artifact holds exactly the asked key; downloaded through the 302 to blob storage without the
 * token, and unpacked.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setupHash, shapeHash } from '../../src/compare/baseline-store.js';
import {
  baselineArtifactName,
  GitHubArtifactBaselineStore,
  keyMismatch,
} from '../../src/github/artifacts.js';
import { createGitHubClient } from '../../src/github/client.js';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.js';
import { tempDir } from './support.js';
import { writeZip } from './zip-writer.js';

const TOKEN = 'ghs_ArtifactToken77';
const SHAPE = { mode: 'pressure' as const, connections: 50, keepAlive: true, durationMs: 10_000 };
const SETUP = { wafHost: 'waf-test-01', domains: ['www.example.com', 'api.example.com'] };
const KEY = {
  version: 'lab:crs-pl1',
  corpusFingerprint: 'sha256:0123456789abcdef0123',
  mode: 'quality+pressure',
  shapeHash: shapeHash(SHAPE),
  setupHash: setupHash(SETUP),
};
const QUERY = {
  corpusFingerprint: KEY.corpusFingerprint,
  mode: KEY.mode,
  shapeHash: KEY.shapeHash,
  setupHash: KEY.setupHash,
};

function runZip(label: string, over: Record<string, unknown> = {}): Buffer {
  return writeZip(
    [
      {
        name: 'run.json',
        data: JSON.stringify({
          schema: 'waf-gate/run@1',
          label,
          build: { version: label === 'oldest' ? 'lab:crs-pl0' : 'lab:crs-pl1' },
          corpusFingerprint: KEY.corpusFingerprint,
          quality: { requests: 10 },
          rounds: [{ round: 1 }],
          pressureShape: SHAPE,
          ...SETUP,
          ...over,
        }),
      },
      { name: 'quality/replay.json', data: '{}' },
    ],
    { dataDescriptor: true },
  );
}

describe('GitHubArtifactBaselineStore', () => {
  let api: GitHubApi;
  let dir: string;
  let cleanup: () => Promise<void>;
  const name = baselineArtifactName(KEY);
  before(async () => {
    api = await startGitHubApi({ token: TOKEN });
    ({ dir, cleanup } = await tempDir());
    api.seedRuns([
      {
        id: 1,
        workflow: 'waf-gate.yml',
        branch: 'main',
        createdAt: '2025-01-01T00:00:00Z',
        artifacts: { [name]: runZip('oldest') },
      },
      {
        id: 2,
        workflow: 'waf-gate.yml',
        branch: 'main',
        createdAt: '2025-01-02T00:00:00Z',
        artifacts: { [name]: runZip('expected') },
      },
      {
        id: 3,
        workflow: 'waf-gate.yml',
        branch: 'main',
        createdAt: '2025-01-03T00:00:00Z',
        artifacts: { [`${name}-other`]: runZip('wrong name') },
      },
      {
        id: 4,
        workflow: 'waf-gate.yml',
        branch: 'main',
        createdAt: '2025-01-04T00:00:00Z',
        artifacts: { [name]: { zip: runZip('expired'), expired: true } },
      },
      {
        id: 5,
        workflow: 'waf-gate.yml',
        branch: 'main',
        createdAt: '2025-01-05T00:00:00Z',
        headRepoId: 2000,
        artifacts: { [name]: runZip('from a fork') },
      },
      {
        id: 6,
        workflow: 'waf-gate.yml',
        branch: 'main',
        createdAt: '2025-01-06T00:00:00Z',
        conclusion: 'failure',
        artifacts: { [name]: runZip('failed run') },
      },
      {
        id: 7,
        workflow: 'waf-gate.yml',
        branch: 'feature',
        createdAt: '2025-01-07T00:00:00Z',
        artifacts: { [name]: runZip('other branch') },
      },
      {
        id: 8,
        workflow: 'waf-gate.yml',
        branch: 'main',
        event: 'pull_request',
        createdAt: '2025-01-08T00:00:00Z',
        artifacts: { [name]: runZip('pr run') },
      },
      {
        id: 9,
        workflow: 'other.yml',
        branch: 'main',
        createdAt: '2025-01-09T00:00:00Z',
        artifacts: { [name]: runZip('other workflow') },
      },
    ]);
  });
  after(async () => {
    await api.close();
    await cleanup();
  });

  const store = (over: { maxRuns?: number } = {}) =>
    new GitHubArtifactBaselineStore({
      client: createGitHubClient({ token: TOKEN, baseUrl: api.url }),
      owner: 'octo',
      repo: 'waf',
      workflow: 'waf-gate.yml',
      branch: 'main',
      downloadDir: join(dir, 'baselines'),
      ...over,
    });

  it('picks the latest successful non-fork default-branch run with the artifact and unpacks it', async () => {
    const s = store();
    const runDir = await s.find(QUERY);
    const found = s.lastFound;
    assert.ok(found && runDir === found.runDir);
    assert.equal(found.workflowRunId, 2);
    assert.equal(found.artifactName, name);
    const record = JSON.parse(await readFile(join(found.runDir, 'run.json'), 'utf8')) as {
      label: string;
    };
    assert.equal(record.label, 'expected');
    const lists = api.requests.filter((r) => r.operationId === 'actions/list-workflow-runs');
    assert.deepEqual(
      lists.map((l) => [l.query.branch, l.query.event, l.query.status]),
      [
        ['main', 'schedule', 'success'],
        ['main', 'workflow_dispatch', 'success'],
        ['main', 'push', 'success'],
      ],
    );
    assert.ok(
      !api.requests.some((r) => r.path.includes('/runs/5/')),
      'the fork run was never looked at',
    );
    assert.ok(api.requests.some((r) => r.operationId === 'actions/download-artifact'));
    assert.deepEqual(
      api.violations,
      [],
      'no request broke the OpenAPI description; the blob host got no token',
    );
  });

  it('returns null when no run has the artifact, after a bounded search', async () => {
    const lookups = () =>
      api.requests.filter((r) => r.operationId === 'actions/list-workflow-run-artifacts').length;
    const before = lookups();
    const found = await store({ maxRuns: 3 }).find({ ...QUERY, shapeHash: 'ffffffff' });
    assert.equal(found, null);
    assert.equal(lookups() - before, 3, 'only the 3 newest eligible runs were searched');
    assert.deepEqual(api.violations, []);
  });

  it('checks a query version against run.json, skipping to an older run', async () => {
    const s = store();
    assert.notEqual(await s.find({ ...QUERY, version: 'lab:crs-pl0' }), null);
    assert.equal(s.lastFound?.workflowRunId, 1);
    assert.deepEqual(api.violations, []);
  });

  it('save() names the artifact for the upload-artifact step', async () => {
    assert.equal(await store().save(KEY, '/runs/base'), name);
    assert.equal(
      name,
      `waf-gate-baseline-0123456789ab-quality+pressure-${KEY.shapeHash}-${KEY.setupHash}`,
    );
  });
});

describe('baselines recorded by a nightly/dispatch workflow', () => {
  let api: GitHubApi;
  let dir: string;
  let cleanup: () => Promise<void>;
  const name = baselineArtifactName(KEY);
  const run = (
    id: number,
    event: string,
    day: number,
    zip: Buffer,
    over: { headRepoId?: number; conclusion?: string } = {},
  ) => ({
    id,
    workflow: 'waf-gate-nightly.yml',
    branch: 'main',
    event,
    createdAt: `2025-02-${String(day).padStart(2, '0')}T02:17:00Z`,
    artifacts: { [name]: zip },
    ...over,
  });
  before(async () => {
    api = await startGitHubApi({ token: TOKEN });
    ({ dir, cleanup } = await tempDir());
    api.seedRuns([
      run(11, 'push', 1, runZip('push', { build: { version: 'v-push' } })),
      run(12, 'schedule', 3, runZip('schedule', { build: { version: 'v-nightly' } })),
      run(13, 'workflow_dispatch', 5, runZip('dispatch')),
      // Same artifact name, other load shape (200 connections): not this key.
      run(
        14,
        'schedule',
        6,
        runZip('wrong shape', { pressureShape: { ...SHAPE, connections: 200 } }),
      ),
      run(15, 'workflow_dispatch', 7, runZip('fork'), { headRepoId: 2000 }),
      run(16, 'schedule', 8, runZip('failed'), { conclusion: 'failure' }),
      run(17, 'pull_request', 9, runZip('pr')),
    ]);
  });
  after(async () => {
    await api.close();
    await cleanup();
  });
  const store = () =>
    new GitHubArtifactBaselineStore({
      client: createGitHubClient({ token: TOKEN, baseUrl: api.url }),
      owner: 'octo',
      repo: 'waf',
      workflow: 'waf-gate-nightly.yml',
      branch: 'main',
      downloadDir: join(dir, 'baselines'),
    });
  const labelOf = async (runDir: string | null) =>
    (JSON.parse(await readFile(join(runDir!, 'run.json'), 'utf8')) as { label: string }).label;

  it('searches schedule, workflow_dispatch and push runs newest first and skips a wrong key', async () => {
    const s = store();
    const runDir = await s.find(QUERY);
    assert.equal(s.lastFound?.workflowRunId, 13, 'the dispatch run, newer than schedule and push');
    assert.equal(await labelOf(runDir), 'dispatch');
    const looked = api.requests
      .filter((r) => r.operationId === 'actions/list-workflow-run-artifacts')
      .map((r) => Number(/runs\/(\d+)\//.exec(r.path)?.[1]));
    assert.deepEqual(looked, [14, 13], 'newest first: the wrong-shape run 14, then run 13');
    for (const skipped of [15, 16, 17])
      assert.ok(!looked.includes(skipped), `run ${skipped} (fork, failed or PR) never searched`);
    assert.deepEqual(api.violations, []);
  });

  it('finds a scheduled run and a push run by the baseline version', async () => {
    const s = store();
    assert.equal(await labelOf(await s.find({ ...QUERY, version: 'v-nightly' })), 'schedule');
    assert.equal(s.lastFound?.workflowRunId, 12);
    assert.equal(await labelOf(await s.find({ ...QUERY, version: 'v-push' })), 'push');
    assert.equal(s.lastFound?.workflowRunId, 11);
    assert.equal(await s.find({ ...QUERY, version: 'v-none' }), null);
    assert.deepEqual(api.violations, []);
  });

  it('keyMismatch names the part of the key that differs', () => {
    const record = (over: Record<string, unknown>) =>
      JSON.stringify({
        build: { version: 'v1' },
        corpusFingerprint: KEY.corpusFingerprint,
        quality: {},
        rounds: [{}],
        pressureShape: SHAPE,
        ...SETUP,
        ...over,
      });
    assert.equal(keyMismatch(record({}), QUERY), undefined);
    assert.match(
      keyMismatch(record({ wafHost: 'waf-test-02' }), QUERY)!,
      /measuring setup \(WAF host waf-test-02, domains\)/,
    );
    assert.match(keyMismatch(record({ domains: ['www.example.com'] }), QUERY)!, /measuring setup/);
    // The same domains in another order are the same setup.
    assert.equal(keyMismatch(record({ domains: [...SETUP.domains].reverse() }), QUERY), undefined);
    assert.match(keyMismatch(record({ rounds: [] }), QUERY)!, /^mode quality ≠ quality\+pressure/);
    assert.match(
      keyMismatch(record({ corpusFingerprint: 'sha256:ff' }), QUERY)!,
      /corpus fingerprint/,
    );
    assert.match(
      keyMismatch(record({ pressureShape: { ...SHAPE, keepAlive: false } }), QUERY)!,
      /load shape/,
    );
    assert.match(keyMismatch(record({}), { ...QUERY, version: 'v2' })!, /baseline version v1 ≠ v2/);
    assert.match(keyMismatch('{', QUERY)!, /not valid JSON/);
  });
});
