/**
 * Issue 11 scenario "one-runner SSH gate" on the real lab: the root gate action on one bench runner
 * with `host: ssh://root@127.0.0.1:PORT` — the lab's WAF host behind a loopback sshd, the key given as
 * secret text (masked), the host key verified against a known_hosts file. The collector runs over SSH
 * on the WAF host; PL2 fails against PL1, the check run is completed as failure on the PR head, and the
 * key never shows in a log.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
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

const HEAD_SHA = 'b'.repeat(40);
const BASE_SHA = 'f'.repeat(40);

describe(
  'the root gate action over SSH on one runner (real lab)',
  {
    skip: sshdSkipReason() ?? false,
    timeout: 900_000,
  },
  () => {
    let dir: string;
    let lab: TestLab | undefined;
    let sshd: SshdFixture | undefined;
    let api: GitHubApi | undefined;
    let key: string;
    let run: WorkflowRun;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-ssh-'));
      lab = await startLab({
        wafs: [
          { name: 'baseline', paranoiaLevel: 1, workers: 1 },
          { name: 'candidate', paranoiaLevel: 2, workers: 1 },
        ],
      });
      sshd = await startSshd();
      key = await readFile(sshd.identityFile, 'utf8');
      api = await startGitHubApi({ owner: 'acme', repo: 'waf-gate' });
      const corpus: Record<string, Buffer> = {};
      for (const name of await readdir(join(repoDir, 'corpus/demo')))
        corpus[`corpus/demo/${name}`] = await readFile(join(repoDir, 'corpus/demo', name));
      api.seedContents(BASE_SHA, corpus);
      run = await runWorkflow(fixture('gate-ssh.yml'), {
        repoDir,
        repository: 'acme/waf-gate',
        runners: twoRunners(dir),
        runDir: join(dir, 'service'),
        eventName: 'pull_request',
        apiUrl: api.url,
        sha: 'e'.repeat(40),
        ref: 'refs/pull/12/merge',
        secrets: { GITHUB_TOKEN: api.options.token, WAF_SSH_KEY: key },
        vars: {
          ...wafVars('BASELINE', lab.baseline),
          ...wafVars('CANDIDATE', lab.candidate),
          WAF_HOST: sshd.spec,
          KNOWN_HOSTS: sshd.knownHostsFile,
          DOMAINS: lab.domains.join(','),
        },
        event: pullRequestEvent(12, HEAD_SHA, BASE_SHA),
      });
    });
    after(async () => {
      await api?.close();
      await sshd?.stop();
      await lab?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('measures the PL1 baseline over SSH (neutral)', async () => {
      const baseline = step(run, 'gate', 'baseline');
      assert.equal(baseline.outcome, 'success', jobLogs(run, 'gate'));
      assert.equal(baseline.outputs.verdict, 'neutral');
      // measure drove the WAF host over SSH: connected, then followed the WAF's access log there.
      const measure = step(run, 'gate', 'measure', 'baseline').log;
      assert.ok(measure.includes(`${sshd!.spec}: connected`), measure);
      assert.ok(measure.includes(`collect: following ${lab!.baseline.accessLog}`), measure);
    });

    it('fails PL2 against PL1: verdict, failed step, completed check run', () => {
      assert.equal(job(run, 'gate').result, 'success', jobLogs(run, 'gate'));
      const candidate = step(run, 'gate', 'candidate');
      assert.deepEqual([candidate.outcome, candidate.conclusion], ['failure', 'success']);
      assert.equal(run.needs.gate?.outputs.verdict, 'fail');
      const checks = [...api!.checkRuns.values()].map((c) => [
        c.name,
        c.status,
        c.conclusion,
        c.head_sha,
      ]);
      assert.deepEqual(checks, [['waf-gate', 'completed', 'failure', HEAD_SHA]]);
      assert.match(job(run, 'gate').summary, /waf-gate: FAIL/);
      assert.deepEqual(api!.violations, []);
    });

    it('the collector ran over SSH on the WAF host and nothing was left for the job-end cleanup', () => {
      assert.match(sshd!.log(), /Accepted publickey for/);
      assert.deepEqual(job(run, 'gate').killedAtJobEnd, []);
    });

    it('the key never shows in a log, an annotation or the summary', () => {
      const text = jobLogs(run, 'gate') + job(run, 'gate').summary;
      const keyLines = key.split('\n').filter((line) => line.length > 20 && !line.startsWith('-'));
      assert.ok(keyLines.length > 0);
      for (const line of keyLines) assert.ok(!text.includes(line), 'a line of the key is in a log');
    });
  },
);
