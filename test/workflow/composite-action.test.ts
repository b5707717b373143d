/**
 * This repository's compare-baseline composite action run by the local workflow executor: from the
 * workspace checkout (`uses: ./compare-baseline`) and from a copy laid out like the runner's action
 * download (`uses: acme/waf-gate/compare-baseline@<sha>`), neither with node_modules anywhere above
 * it — proving the committed dist/ bundle and the composite wiring (inputs, GITHUB_ACTION_PATH, step
 * outputs mapped to action outputs, the nested upload-artifact step) work the way a user's runner runs them.
 */
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import { fixture, job, repoDir, step, twoRunners } from './harness.ts';

const HEAD_SHA = 'a'.repeat(40);
const PINNED = '0123456789abcdef0123456789abcdef01234567';

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** True when `dir` or a folder above it holds node_modules (Node would resolve packages from there). */
async function nodeModulesAbove(dir: string): Promise<boolean> {
  for (let at = dir; ; at = dirname(at)) {
    if (await exists(join(at, 'node_modules'))) return true;
    if (dirname(at) === at) return false;
  }
}

describe('compare-baseline composite action in a workflow', { timeout: 180_000 }, () => {
  let dir: string;
  let api: GitHubApi;
  let run: WorkflowRun;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-compare-'));
    api = await startGitHubApi({ owner: 'acme', repo: 'waf-gate' });
    run = await runWorkflow(fixture('compare-action.yml'), {
      repoDir,
      repository: 'acme/waf-gate',
      runners: twoRunners(dir),
      runDir: join(dir, 'service'),
      eventName: 'pull_request',
      apiUrl: api.url,
      sha: 'c'.repeat(40),
      ref: 'refs/pull/7/merge',
      secrets: { GITHUB_TOKEN: api.options.token },
      event: {
        pull_request: {
          number: 7,
          head: { sha: HEAD_SHA, ref: 'feature', repo: { full_name: 'acme/waf-gate' } },
          base: { ref: 'main', sha: 'b'.repeat(40), repo: { full_name: 'acme/waf-gate' } },
        },
        repository: { id: 1000, full_name: 'acme/waf-gate', default_branch: 'main' },
      },
    });
  });
  after(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs from a download without node_modules', async () => {
    const record = job(run, 'compare');
    assert.equal(
      record.result,
      'success',
      `${record.error ?? ''} ${record.annotations.join('\n')}`,
    );
    const download = join(record.folders!.actions, 'acme', 'waf-gate', PINNED);
    assert.equal(await exists(join(download, 'dist', 'compare-baseline.js')), true);
    assert.equal(await exists(join(download, 'compare-baseline', 'action.yml')), true);
    assert.equal(await nodeModulesAbove(join(download, 'compare-baseline')), false);
    assert.equal(
      await nodeModulesAbove(join(record.folders!.workspace, 'compare-baseline')),
      false,
    );
  });

  it('maps the entry step outputs to action outputs and job outputs', () => {
    const pl2 = step(run, 'compare', 'pl2');
    assert.equal(pl2.outputs.verdict, 'fail');
    assert.equal(pl2.outputs['new-blocks'], '6');
    assert.equal(pl2.outputs['baseline-found'], 'true');
    assert.equal(step(run, 'compare', 'run', 'pl2').outputs.verdict, 'fail', 'the inner step');
    assert.equal(run.needs.compare?.outputs.verdict, 'fail');
    const next = step(run, 'compare', 'next');
    assert.equal(next.outputs.verdict, 'pass');
    assert.equal(next.outputs['new-blocks'], '0');
  });

  it('fails the step on a failing verdict; continue-on-error and if: always() see it', () => {
    const gate = step(run, 'compare', 'gate');
    assert.deepEqual(
      [gate.outcome, gate.conclusion, gate.outputs.verdict],
      ['failure', 'success', 'fail'],
    );
    assert.equal(step(run, 'compare', 'after-gate').outputs.gate, 'failure/success/fail');
    assert.ok(
      job(run, 'compare').annotations.some((a) => a.startsWith('::error::') && a.includes('FAIL')),
    );
  });

  it('writes the job summary, the report and the check run, and uploads the results artifact', async () => {
    const summary = job(run, 'compare').summary;
    assert.match(summary, /waf-gate: FAIL/);
    assert.match(summary, /6 requests newly blocked/);
    assert.match(
      await readFile(step(run, 'compare', 'pl2').outputs['report-path']!, 'utf8'),
      /FAIL/,
    );
    assert.deepEqual(api.violations, []);
    const checks = [...api.checkRuns.values()].map((c) => [
      c.name,
      c.status,
      c.conclusion,
      c.head_sha,
    ]);
    assert.deepEqual(checks, [['waf-gate (pl2)', 'completed', 'failure', HEAD_SHA]]);
    const artifact = run.artifacts.list().find((a) => a.name === 'pl2-results');
    assert.ok(artifact, 'the nested upload-artifact step ran');
    assert.ok(artifact.files.includes('report.md') && artifact.files.includes('results.json'));
    assert.ok(!job(run, 'compare').summary.includes(api.options.token), 'the token is masked');
  });
});
