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
import { shapeHash } from '../../src/compare/baseline-store.js';
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
const SHAPE = { mode: 'closed' as const, connections: 50, keepAlive: true, durationMs: 10_000 };
const KEY = {
  version: 'lab:crs-pl1',
  corpusFingerprint: 'sha256:0123456789abcdef0123',
  mode: 'quality+pressure',
  shapeHash: shapeHash(SHAPE),
};
const QUERY = {
  corpusFingerprint: KEY.corpusFingerprint,
  mode: KEY.mode,
  shapeHash: KEY.shapeHash,
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

  it('picks the latest successful non-fork default-branch push run with the artifact and unpacks it', async () => {
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
    const list = api.requests.find((r) => r.operationId === 'actions/list-workflow-runs')!;
    assert.deepEqual(
      { branch: list.query.branch, event: list.query.event, status: list.query.status },
      { branch: 'main', event: 'push', status: 'success' },
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
    assert.equal(name, 'waf-gate-baseline-0123456789ab-quality+pressure-a1b2c3d4');
  });
});
