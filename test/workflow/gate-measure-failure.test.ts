/**
 * Issue 11 scenario "a measuring failure still completes the check run" (item 6) on the real lab: the
 * root gate action creates its check run in_progress, then measuring fails — traffic to a closed port,
 * or an access log that does not exist. Each check run ends completed as failure with the error text in
 * its output (never left in_progress), and the gate step fails.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import { fixture, job, pullRequestEvent, repoDir, step, twoRunners } from './harness.ts';

const HEAD_SHA = 'c'.repeat(40);

/** A loopback port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('a measuring failure completes the check run (real lab)', { timeout: 600_000 }, () => {
  let dir: string;
  let lab: TestLab | undefined;
  let api: GitHubApi | undefined;
  let run: WorkflowRun;
  let missingLog: string;
  let port: number;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-measure-failure-'));
    lab = await startLab({ wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1 }] });
    api = await startGitHubApi({ owner: 'acme', repo: 'waf-gate' });
    const waf = lab.baseline;
    port = await closedPort();
    missingLog = join(dir, 'no-such-dir', 'access.log');
    run = await runWorkflow(fixture('gate-measure-failure.yml'), {
      repoDir,
      repository: 'acme/waf-gate',
      runners: twoRunners(dir),
      runDir: join(dir, 'service'),
      eventName: 'pull_request',
      apiUrl: api.url,
      sha: 'e'.repeat(40),
      ref: 'refs/pull/11/merge',
      secrets: { GITHUB_TOKEN: api.options.token },
      vars: {
        TARGET: `http://${waf.host}:${waf.port}`,
        CLOSED_TARGET: `http://127.0.0.1:${port}`,
        ACCESS_LOG: waf.accessLog,
        MISSING_ACCESS_LOG: missingLog,
        ERROR_LOG: waf.errorLog,
        PID_FILE: waf.pidFile,
        DOMAINS: lab.domains.join(','),
      },
      event: pullRequestEvent(11, HEAD_SHA, 'f'.repeat(40)),
    });
  });
  after(async () => {
    await api?.close();
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const checkRun = (name: string): Record<string, unknown> => {
    const found = [...api!.checkRuns.values()].filter((c) => c.name === name);
    assert.equal(found.length, 1, `one check run named ${name}`);
    return found[0]!;
  };

  for (const [id, name] of [
    ['closed-port', 'waf-gate / closed port'],
    ['no-log', 'waf-gate / no access log'],
  ] as const) {
    it(`${id}: the gate step fails and the check run is completed as failure`, () => {
      const gate = step(run, 'gate', id);
      assert.deepEqual([gate.outcome, gate.conclusion], ['failure', 'success']);
      assert.equal(step(run, 'gate', 'measure', id).outcome, 'failure');
      assert.equal(step(run, 'gate', 'compare', id).outcome, 'skipped');
      const check = checkRun(name);
      assert.equal(check.head_sha, HEAD_SHA);
      assert.equal(check.status, 'completed');
      assert.equal(check.conclusion, 'failure');
      // It was created in_progress when the gate started, before measuring.
      const creates = api!.requests.filter(
        (r) => r.operationId === 'checks/create' && (r.body as { name?: string }).name === name,
      );
      assert.equal(creates.length, 1);
      assert.equal((creates[0]!.body as { status?: string }).status, 'in_progress');
    });
  }

  it('the check run output carries the error: the closed address', () => {
    const output = checkRun('waf-gate / closed port').output as { title: string; summary: string };
    assert.match(output.title, /failed while measuring/);
    assert.match(output.summary, new RegExp(`127\\.0\\.0\\.1:${port}`));
  });

  it('the check run output carries the error: the missing access log', () => {
    const output = checkRun('waf-gate / no access log').output as {
      title: string;
      summary: string;
    };
    assert.match(output.title, /failed while measuring/);
    assert.ok(output.summary.includes(missingLog), output.summary);
  });

  it('no check run is left in_progress and every request was a documented one', () => {
    assert.equal(job(run, 'gate').result, 'success');
    assert.ok([...api!.checkRuns.values()].every((c) => c.status === 'completed'));
    assert.deepEqual(api!.violations, []);
  });
});
