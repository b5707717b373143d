/**
 * The one-runner gate scenario on the real lab (nginx + ModSecurity + CRS): a workflow runs the root
 * gate action (`uses: ./`, the workspace checkout without node_modules) three times on one bench
 * runner — the PL1 baseline, the PL2 candidate against it (fail, check run completed as failure, the
 * step fails and continue-on-error lets the job go on) and a PL1 twin against it (pass, results uploaded).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WafInstanceState } from '../../src/lab/types.ts';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import { fixture, job, repoDir, step, twoRunners } from './harness.ts';

const HEAD_SHA = 'd'.repeat(40);
const BASE_SHA = 'f'.repeat(40);

function wafVars(prefix: string, waf: WafInstanceState): Record<string, string> {
  return {
    [`${prefix}_TARGET`]: `http://${waf.host}:${waf.port}`,
    [`${prefix}_ACCESS_LOG`]: waf.accessLog,
    [`${prefix}_ERROR_LOG`]: waf.errorLog,
    [`${prefix}_PID_FILE`]: waf.pidFile,
  };
}

describe(
  'the root gate action in a workflow on one runner (real lab)',
  { timeout: 900_000 },
  () => {
    let dir: string;
    let lab: TestLab | undefined;
    let api: GitHubApi | undefined;
    let run: WorkflowRun;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-gate-'));
      lab = await startLab({
        wafs: [
          { name: 'baseline', paranoiaLevel: 1, workers: 1 },
          { name: 'candidate', paranoiaLevel: 2, workers: 1 },
          { name: 'twin', paranoiaLevel: 1, workers: 1 },
        ],
      });
      // The PR's base commit is this checkout: the gate reads its corpus there (trusted-ref default).
      api = await startGitHubApi({ owner: 'acme', repo: 'waf-gate', contentsRoot: process.cwd() });
      // On pull_request the gate reads repository paths (corpus, policy) from the PR's base commit.
      const corpus: Record<string, Buffer> = {};
      for (const name of await readdir(join(repoDir, 'corpus/demo')))
        corpus[`corpus/demo/${name}`] = await readFile(join(repoDir, 'corpus/demo', name));
      api.seedContents(BASE_SHA, corpus);
      const twin = lab.wafs.find((w) => w.name === 'twin')!;
      run = await runWorkflow(fixture('gate-one-runner.yml'), {
        repoDir,
        repository: 'acme/waf-gate',
        runners: twoRunners(dir),
        runDir: join(dir, 'service'),
        eventName: 'pull_request',
        apiUrl: api.url,
        sha: 'e'.repeat(40),
        ref: 'refs/pull/9/merge',
        secrets: { GITHUB_TOKEN: api.options.token },
        vars: {
          ...wafVars('BASELINE', lab.baseline),
          ...wafVars('CANDIDATE', lab.candidate),
          ...wafVars('TWIN', twin),
          DOMAINS: lab.domains.join(','),
        },
        event: {
          pull_request: {
            number: 9,
            head: { sha: HEAD_SHA, ref: 'feature', repo: { full_name: 'acme/waf-gate' } },
            base: { ref: 'main', sha: BASE_SHA, repo: { full_name: 'acme/waf-gate' } },
          },
          repository: { id: 1000, full_name: 'acme/waf-gate', default_branch: 'main' },
        },
      });
    });
    after(async () => {
      await api?.close();
      await lab?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('measures the baseline (neutral: nothing to compare with)', () => {
      const record = job(run, 'gate');
      assert.equal(
        record.result,
        'success',
        `${record.error ?? ''}\n${record.annotations.join('\n')}`,
      );
      const baseline = step(run, 'gate', 'baseline');
      assert.equal(baseline.outcome, 'success', step(run, 'gate', 'measure', 'baseline').log);
      assert.notEqual(baseline.outputs['run-dir'] ?? '', '');
      assert.equal(baseline.outputs.verdict, 'neutral');
    });

    it('fails PL2 against PL1: verdict output, failed step, check run and job summary', () => {
      const candidate = step(run, 'gate', 'candidate');
      assert.deepEqual([candidate.outcome, candidate.conclusion], ['failure', 'success']);
      assert.equal(candidate.outputs.verdict, 'fail');
      assert.equal(run.needs.gate?.outputs.verdict, 'fail');
      assert.deepEqual(api!.violations, []);
      const checks = [...api!.checkRuns.values()].map((c) => [
        c.name,
        c.status,
        c.conclusion,
        c.head_sha,
      ]);
      assert.deepEqual(checks, [['waf-gate', 'completed', 'failure', HEAD_SHA]]);
      assert.match(job(run, 'gate').summary, /waf-gate: FAIL/);
      assert.match(job(run, 'gate').summary, /newly blocked/);
    });

    it('passes the PL1 twin and uploads its results', () => {
      const twin = step(run, 'gate', 'twin');
      assert.equal(twin.outcome, 'success', step(run, 'gate', 'compare', 'twin').log);
      assert.equal(twin.outputs.verdict, 'pass');
      const artifact = run.artifacts.list().find((a) => a.name === 'twin-results');
      assert.ok(artifact, 'the gate uploaded twin-results');
      assert.ok(artifact.files.some((f) => f.endsWith('report.md')));
      assert.ok(artifact.files.some((f) => f.endsWith('run.json')));
    });
  },
);
