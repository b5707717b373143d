/**
 * Issue 11 scenarios "nightly then PR gate finds the nightly's baseline" and "a re-run" (items 5, 6) on
 * the real lab. A workflow_dispatch run on the default branch measures the PL1 build and uploads its
 * baseline artifact; the executor's run is published to the fake GitHub API (github-bridge.ts: the run
 * with its event, branch and conclusion, its artifacts zipped). A pull_request workflow then finds that
 * artifact through the REST API and fails the PL2 candidate against it, while a gate with another corpus
 * (another baseline key) does not use it and stays neutral. The PR run is then re-run as attempt 2 with
 * the same run id and artifact store: uploads replace (no 409) and each check run exists once per
 * attempt even when GitHub's answer to the create is lost (found by name + head SHA, not created twice).
 * A re-run gets a check run of its own rather than reopening attempt 1's: GitHub does not let a
 * completed check run go back to in_progress, and the newest run of a name is the one a PR shows.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import { publishRun } from './github-bridge.ts';
import {
  fixture,
  job,
  jobLogs,
  pullRequestEvent,
  repoDir,
  step,
  twoRunners,
  wafVars,
} from './harness.ts';
import type { ExecutorOptions } from './types.ts';

const NIGHTLY_RUN_ID = 5001;
const PR_RUN_ID = 6001;
const NIGHTLY_SHA = 'a1'.repeat(20);
const HEAD_SHA = 'd'.repeat(40);
const BASE_SHA = 'f'.repeat(40);
const REPOSITORY = { id: 1000, full_name: 'acme/waf-gate', default_branch: 'main' };

describe(
  'nightly records a baseline, the PR gate finds it, and a re-run (real lab)',
  {
    timeout: 900_000,
  },
  () => {
    let dir: string;
    let lab: TestLab | undefined;
    let api: GitHubApi | undefined;
    let nightly: WorkflowRun;
    let published: string[];
    let pr: WorkflowRun;
    let checksAfterAttempt1: Map<number, Record<string, unknown>>;
    let requestsOfAttempt1: number;
    let firstResultsId: number | undefined;
    let rerun: WorkflowRun;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-nightly-pr-'));
      lab = await startLab({
        wafs: [
          { name: 'baseline', paranoiaLevel: 1, workers: 1 },
          { name: 'candidate', paranoiaLevel: 2, workers: 1 },
        ],
      });
      api = await startGitHubApi({ owner: 'acme', repo: 'waf-gate', contentsRoot: '' });
      // On pull_request the gate reads the corpus from the PR's base commit.
      const corpus: Record<string, Buffer> = {};
      for (const name of await readdir(join(repoDir, 'corpus/demo')))
        corpus[`corpus/demo/${name}`] = await readFile(join(repoDir, 'corpus/demo', name));
      api.seedContents(BASE_SHA, corpus);
      const common: Omit<ExecutorOptions, 'eventName' | 'runDir'> = {
        repoDir,
        repository: 'acme/waf-gate',
        runners: twoRunners(dir),
        apiUrl: api.url,
        secrets: { GITHUB_TOKEN: api.options.token },
        vars: {
          ...wafVars('BASELINE', lab.baseline),
          ...wafVars('CANDIDATE', lab.candidate),
          BASELINE_VERSION: 'lab-pl1-nightly',
          CANDIDATE_VERSION: 'lab-pl2',
          DOMAINS: lab.domains.join(','),
        },
      };
      nightly = await runWorkflow(fixture('baseline-nightly.yml'), {
        ...common,
        runDir: join(dir, 'nightly'),
        eventName: 'workflow_dispatch',
        runId: NIGHTLY_RUN_ID,
        sha: NIGHTLY_SHA,
        ref: 'refs/heads/main',
        event: { repository: REPOSITORY, ref: 'refs/heads/main', inputs: {} },
      });
      published = await publishRun(api, nightly, {
        id: NIGHTLY_RUN_ID,
        workflow: 'baseline-nightly.yml',
        branch: 'main',
        event: 'workflow_dispatch',
        headSha: NIGHTLY_SHA,
        createdAt: '2026-12-01T02:17:00Z',
      });
      const prOptions: ExecutorOptions = {
        ...common,
        runDir: join(dir, 'pr'),
        eventName: 'pull_request',
        runId: PR_RUN_ID,
        sha: 'e'.repeat(40),
        ref: 'refs/pull/9/merge',
        event: pullRequestEvent(9, HEAD_SHA, BASE_SHA),
      };
      pr = await runWorkflow(fixture('baseline-pr.yml'), { ...prOptions, runAttempt: 1 });
      checksAfterAttempt1 = new Map(
        [...api.checkRuns].map(([id, run]) => [id, structuredClone(run)]),
      );
      requestsOfAttempt1 = api.requests.length;
      firstResultsId = pr.artifacts.list().find((a) => a.name === 'waf-gate-results-quality')?.id;
      // Attempt 2: GitHub creates the first check run but the answer is lost (a 502 after the commit).
      api.faults.push({
        method: 'POST',
        path: /\/check-runs$/,
        status: 502,
        afterHandling: true,
        body: { message: 'Server Error' },
      });
      rerun = await runWorkflow(fixture('baseline-pr.yml'), {
        ...prOptions,
        runAttempt: 2,
        artifacts: pr.artifacts,
      });
    });
    after(async () => {
      await api?.close();
      await lab?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('the nightly measures the baseline build and uploads its baseline artifact', () => {
      assert.equal(job(nightly, 'baseline').result, 'success', jobLogs(nightly, 'baseline'));
      assert.equal(nightly.needs.baseline?.outputs.verdict, 'neutral');
      const name = step(nightly, 'baseline', 'compare', 'baseline').outputs[
        'baseline-artifact-name'
      ];
      assert.match(name ?? '', /^waf-gate-baseline-[0-9a-f]{12}-quality-/);
      const artifact = nightly.artifacts.list().find((a) => a.name === name);
      assert.ok(artifact, `uploaded ${name}; store: ${published.join(', ')}`);
      assert.ok(artifact.files.includes('run.json'), artifact.files.join(', '));
      assert.ok(published.includes(name!), 'published to the API with its run');
    });

    it('the PR gate finds that artifact through the API and fails PL2 against it', async () => {
      assert.equal(job(pr, 'gate').result, 'success', jobLogs(pr, 'gate'));
      const gate = step(pr, 'gate', 'gate');
      assert.deepEqual(
        [gate.outcome, gate.conclusion],
        ['failure', 'success'],
        jobLogs(pr, 'gate'),
      );
      assert.equal(pr.needs.gate?.outputs.verdict, 'fail');
      const compare = step(pr, 'gate', 'compare', 'gate');
      const nightlyName = step(nightly, 'baseline', 'compare', 'baseline').outputs[
        'baseline-artifact-name'
      ];
      assert.equal(compare.outputs['baseline-found'], 'true', compare.log);
      assert.equal(compare.outputs['baseline-artifact-name'], nightlyName, 'same baseline key');
      assert.match(
        compare.outputs['baseline-run-url'] ?? '',
        new RegExp(`/runs/${NIGHTLY_RUN_ID}$`),
      );
      // Exactly the nightly's artifact: the id the API lists for it in run NIGHTLY_RUN_ID.
      const listed = await fetch(
        `${api!.url}/repos/acme/waf-gate/actions/runs/${NIGHTLY_RUN_ID}/artifacts?name=${nightlyName}`,
        {
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${api!.options.token}`,
            'x-github-api-version': '2022-11-28',
            'user-agent': 'waf-gate-test',
          },
        },
      ).then((r) => r.json() as Promise<{ artifacts: { id: number }[] }>);
      const artifactId = listed.artifacts[0]?.id;
      assert.ok(artifactId !== undefined);
      assert.match(
        compare.log,
        new RegExp(`using artifact ${artifactId} of run ${NIGHTLY_RUN_ID} \\(${NIGHTLY_SHA}\\)`),
      );
      const downloads = api!.requests
        .slice(0, requestsOfAttempt1)
        .filter((r) => r.operationId === 'actions/download-artifact');
      assert.deepEqual(
        downloads.map((r) => r.path),
        [`/repos/acme/waf-gate/actions/artifacts/${artifactId}/zip`],
      );
      // The search: the baseline workflow's successful default-branch runs, per baseline event.
      const searches = api!.requests
        .slice(0, requestsOfAttempt1)
        .filter((r) => r.operationId === 'actions/list-workflow-runs');
      assert.ok(searches.length > 0);
      for (const s of searches) {
        assert.equal(s.path, '/repos/acme/waf-gate/actions/workflows/baseline-nightly.yml/runs');
        assert.equal(s.query.branch, 'main');
        assert.equal(s.query.status, 'success');
      }
      assert.deepEqual([...new Set(searches.map((s) => s.query.event))].sort(), [
        'push',
        'schedule',
        'workflow_dispatch',
      ]);
      const results = JSON.parse(await readFile(compare.outputs['results-path']!, 'utf8')) as {
        comparison?: { baseline?: { version?: string } | null };
      };
      assert.equal(results.comparison?.baseline?.version, 'lab-pl1-nightly', 'the nightly build');
      // The report names the baseline build it compared with.
      assert.match(
        await readFile(compare.outputs['report-path']!, 'utf8'),
        /against baseline .*lab-pl1-nightly/,
      );
      assert.deepEqual(api!.violations, []);
    });

    it('another corpus is another key: the nightly artifact is not used, neutral with the reason', async () => {
      const other = step(pr, 'gate', 'other');
      assert.equal(other.outcome, 'success', jobLogs(pr, 'gate'));
      assert.equal(pr.needs.gate?.outputs['other-verdict'], 'neutral');
      const compare = step(pr, 'gate', 'compare', 'other');
      assert.equal(compare.outputs['baseline-found'], 'false');
      const otherName = compare.outputs['baseline-artifact-name'];
      const nightlyName = step(nightly, 'baseline', 'compare', 'baseline').outputs[
        'baseline-artifact-name'
      ];
      assert.notEqual(otherName, nightlyName);
      const lookups = api!.requests
        .slice(0, requestsOfAttempt1)
        .filter((r) => r.operationId === 'actions/list-workflow-run-artifacts');
      assert.ok(
        lookups.some((r) => r.query.name === otherName),
        'looked for its own key',
      );
      const downloads = api!.requests
        .slice(0, requestsOfAttempt1)
        .filter((r) => r.operationId === 'actions/download-artifact');
      assert.equal(downloads.length, 1, 'only the matching gate downloaded a baseline');
      const results = JSON.parse(await readFile(compare.outputs['results-path']!, 'utf8')) as {
        reasons?: string[];
        comparison?: { baseline?: unknown };
      };
      assert.equal(results.comparison?.baseline, null);
      assert.match(results.reasons?.join('\n') ?? '', /No baseline/);
      const report = await readFile(compare.outputs['report-path']!, 'utf8');
      assert.match(report, /No baseline/);
      assert.doesNotMatch(report, /lab-pl1-nightly/);
    });

    it('attempt 1 completed one check run per gate, on the PR head', () => {
      const checks = [...checksAfterAttempt1.values()]
        .map((c) => [c.name, c.status, c.conclusion, c.head_sha])
        .sort();
      assert.deepEqual(checks, [
        ['waf-gate / other corpus', 'completed', 'neutral', HEAD_SHA],
        ['waf-gate / quality', 'completed', 'failure', HEAD_SHA],
      ]);
    });

    it('the re-run (attempt 2) uploads under the same names without a 409', () => {
      assert.equal(rerun.result, 'success', jobLogs(rerun, 'gate'));
      assert.equal(rerun.needs.gate?.outputs.verdict, 'fail');
      assert.equal(rerun.needs.gate?.outputs['other-verdict'], 'neutral');
      const annotations = job(rerun, 'gate').annotations.join('\n');
      assert.doesNotMatch(annotations, /409|Conflict/);
      const uploads = job(rerun, 'gate').steps.filter(
        (s) => s.name.startsWith('actions/upload-artifact') && s.outcome !== 'skipped',
      );
      assert.equal(uploads.length, 2, 'one results upload per gate');
      for (const upload of uploads) assert.equal(upload.outcome, 'success', upload.log);
      const replaced = rerun.artifacts.list().find((a) => a.name === 'waf-gate-results-quality');
      assert.ok(replaced && firstResultsId !== undefined);
      assert.notEqual(replaced.id, firstResultsId, 'attempt 2 replaced the results of attempt 1');
      assert.equal(
        rerun.artifacts.list().filter((a) => a.name === 'waf-gate-results-quality').length,
        1,
      );
    });

    it('the re-run finds its lost check run by name + head SHA instead of creating a duplicate', () => {
      const retried = api!.requests
        .slice(requestsOfAttempt1)
        .filter((r) => r.operationId === 'checks/list-for-ref');
      assert.ok(retried.length > 0, 'looked the check run up after the lost answer');
      assert.equal(retried[0]!.path, `/repos/acme/waf-gate/commits/${HEAD_SHA}/check-runs`);
      const attempt2 = [...api!.checkRuns.entries()].filter(([id]) => !checksAfterAttempt1.has(id));
      const byName = attempt2.map(([, c]) => [c.name, c.status, c.conclusion, c.head_sha]).sort();
      assert.deepEqual(byName, [
        ['waf-gate / other corpus', 'completed', 'neutral', HEAD_SHA],
        ['waf-gate / quality', 'completed', 'failure', HEAD_SHA],
      ]);
      for (const [, c] of attempt2)
        assert.match(String(c.external_id), new RegExp(`^waf-gate/${PR_RUN_ID}/2/gate/`));
      // Attempt 1's check runs were left as they were: completed, not touched by attempt 2.
      for (const [id, before] of checksAfterAttempt1)
        assert.deepEqual(api!.checkRuns.get(id), before, `check run ${id} of attempt 1`);
      assert.ok(
        [...api!.checkRuns.values()].every((c) => c.status === 'completed'),
        'no check run left in_progress',
      );
      assert.deepEqual(api!.violations, []);
    });
  },
);
