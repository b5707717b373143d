/**
 * The two-runner gate (examples/workflows/two-runner-gate.yml, run as its lab twin
 * test/fixtures/workflows/two-runner-gate.yml) on the real lab: install-waf and collect-metrics on the WAF
 * runner, replay-traffic and compare-baseline on the bench runner, a baseline and a candidate build in
 * one workflow run. The builds are folders install-waf puts into one lab WAF instance (PL1, then PL2).
 * Checked: the jobs ran where the workflow says; each collector outlived the job that started it (the
 * job-end cleanup did not find it) and was stopped, not recovered, by the finish job; every replayed
 * request is joined or missing; config and cron lines are back and the host lock is gone; the compare
 * job fails PL2 against PL1 and completes its check run on the PR head commit.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import { fixture, isRunning, job, killIfRunning, repoDir, step, twoRunners } from './harness.ts';

const HEAD_SHA = 'c'.repeat(40);
const BASE_SHA = 'b'.repeat(40);
const RUN_ID = 7301;
const CRON_LINE = '17 * * * * root /usr/sbin/logrotate /etc/logrotate.conf\n';
const POLICY = 'quality:\n  maxNewBlocks: 0\n';

/** Every job's log, for assertion messages. */
function logs(run: WorkflowRun): string {
  return run.jobs
    .map(
      (j) =>
        `== ${j.id} (${j.result}) ${j.error ?? ''}\n${j.annotations.join('\n')}\n` +
        j.steps.map((s) => `-- ${s.parent}/${s.id} ${s.outcome}\n${s.log}`).join('\n'),
    )
    .join('\n');
}

describe('the two-runner gate workflow (real lab)', { timeout: 900_000 }, () => {
  let dir: string;
  let lab: TestLab | undefined;
  let api: GitHubApi | undefined;
  let run: WorkflowRun;
  let wafGateDir: string;
  let cronDir: string;
  let rulesBefore: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-two-runners-'));
    lab = await startLab({ wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1 }] });
    const waf = lab.baseline;
    rulesBefore = await readFile(waf.rulesFile, 'utf8');
    const paranoiaLine = /^SecAction "id:900000,[^\n]*paranoia_level=1"$/m;
    assert.match(rulesBefore, paranoiaLine, 'the lab rules set the paranoia level in one line');
    // Two builds: a VERSION manifest and the paranoia level they run the CRS at.
    const installDir = join(lab.dir, 'builds', 'waf');
    const builds: Record<string, string> = {};
    for (const [name, version, level] of [
      ['baseline', '2026.1-pl1', 1],
      ['candidate', '2026.2-pl2', 2],
    ] as const) {
      builds[name] = join(dir, 'builds', name);
      await mkdir(builds[name], { recursive: true });
      await writeFile(join(builds[name], 'VERSION'), `${version}\n`);
      await writeFile(
        join(builds[name], 'paranoia.conf'),
        `SecAction "id:900000,phase:1,nolog,pass,t:none,setvar:tx.paranoia_level=${level}"\n`,
      );
    }
    cronDir = join(dir, 'cron.d');
    await mkdir(cronDir);
    await writeFile(join(cronDir, 'waf-logs'), CRON_LINE, { mode: 0o644 });
    wafGateDir = join(dir, 'waf-host', 'var-lib-waf-gate');
    api = await startGitHubApi({ owner: 'acme', repo: 'waf-gate' });
    api.seedContents(BASE_SHA, { '.github/waf-gate-policy.yml': POLICY });
    run = await runWorkflow(fixture('two-runner-gate.yml'), {
      repoDir,
      repository: 'acme/waf-gate',
      runners: twoRunners(dir),
      runDir: join(dir, 'service'),
      eventName: 'pull_request',
      runId: RUN_ID,
      apiUrl: api.url,
      sha: 'e'.repeat(40),
      ref: 'refs/pull/11/merge',
      secrets: { GITHUB_TOKEN: api.options.token },
      vars: {
        WAF_GATE_DIR: wafGateDir,
        TARGET: `http://${waf.host}:${waf.port}`,
        DOMAINS: lab.domains.join(','),
        BASELINE_PACKAGE: builds.baseline!,
        CANDIDATE_PACKAGE: builds.candidate!,
        INSTALL_DIR: installDir,
        VERSION_PROBE: JSON.stringify(['cat', '--', join(installDir, 'VERSION')]),
        EDITS: JSON.stringify([
          {
            file: waf.rulesFile,
            replace: paranoiaLine.source,
            with: `Include ${join(installDir, 'paranoia.conf')}`,
          },
        ]),
        CHECK: JSON.stringify([
          'nginx',
          '-t',
          '-q',
          '-p',
          waf.prefix,
          '-c',
          waf.configFile,
          '-e',
          waf.errorLog,
        ]),
        PID_FILE: waf.pidFile,
        HEALTH_HOST: lab.domains[0]!,
        ACCESS_LOG: waf.accessLog,
        ERROR_LOG: waf.errorLog,
        CRON_DIR: cronDir,
      },
      event: {
        pull_request: {
          number: 11,
          head: { sha: HEAD_SHA, ref: 'new-build', repo: { full_name: 'acme/waf-gate' } },
          base: { ref: 'main', sha: BASE_SHA, repo: { full_name: 'acme/waf-gate' } },
        },
        repository: { id: 1000, full_name: 'acme/waf-gate', default_branch: 'main' },
      },
    });
  });
  after(async () => {
    // A collector left by a failed run would otherwise read the lab's logs until its max-duration.
    for (const id of ['baseline-waf', 'candidate-waf']) {
      const pid = Number(run?.needs[id]?.outputs['collector-pid'] ?? 0);
      if (pid > 0 && (await isRunning(pid))) killIfRunning(pid);
    }
    await api?.close();
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs every job, WAF jobs on the WAF runner and replay/compare on the bench runner', () => {
    const expected: Record<string, string> = {
      'baseline-waf': 'waf-runner',
      'baseline-replay': 'bench-runner',
      'baseline-finish': 'waf-runner',
      'candidate-waf': 'waf-runner',
      'candidate-replay': 'bench-runner',
      'candidate-finish': 'waf-runner',
      compare: 'bench-runner',
    };
    assert.deepEqual(
      run.jobs.map((j) => [j.id, j.runner]),
      Object.entries(expected),
      logs(run),
    );
    const failed = run.jobs.filter((j) => j.result !== 'success' && j.id !== 'compare');
    assert.deepEqual(
      failed.map((j) => j.id),
      [],
      logs(run),
    );
  });

  it('installs the baseline, then upgrades to the candidate', () => {
    const baseline = step(run, 'baseline-waf', 'install').outputs;
    assert.deepEqual([baseline.action, baseline.version], ['installed', '2026.1-pl1']);
    assert.equal(baseline['paused-cron-lines'], '1', 'the logrotate line was paused');
    const candidate = step(run, 'candidate-waf', 'install').outputs;
    assert.deepEqual(
      [candidate.action, candidate['previous-version'], candidate.version],
      ['upgraded', '2026.1-pl1', '2026.2-pl2'],
    );
  });

  for (const build of ['baseline', 'candidate']) {
    it(`${build}: the collector outlives its job and is stopped (not recovered) by the finish job`, async () => {
      const started = job(run, `${build}-waf`);
      const pid = Number(step(run, `${build}-waf`, 'collect').outputs.pid);
      assert.ok(pid > 0, `collector pid ${pid}`);
      assert.equal(started.killedAtJobEnd.includes(pid), false, 'killed by the job-end cleanup');
      assert.deepEqual(started.killedAtJobEnd, []);
      const stop = step(run, `${build}-finish`, 'collect');
      assert.equal(stop.outcome, 'success', stop.log);
      assert.equal(await isRunning(pid), false, `collector ${pid} still runs`);
      // The run directory travelled as an artifact: its collect.json says how the collector ended.
      const runDir = run.artifacts.list().find((a) => a.name === `waf-gate-run-${build}`);
      assert.ok(runDir, `artifact waf-gate-run-${build}`);
      const collect = JSON.parse(
        await readFile(join(runDir.dir, 'quality', 'collect.json'), 'utf8'),
      ) as { stoppedBy?: string; join?: { sent: number; joined: number; missing: number } };
      assert.equal(collect.stoppedBy, 'stop');
      assert.ok(collect.join && collect.join.joined > 0, JSON.stringify(collect.join));
    });

    it(`${build}: every replayed request is joined to its log line or counted missing`, () => {
      const replay = step(run, `${build}-replay`, 'replay').outputs;
      const stop = step(run, `${build}-finish`, 'collect').outputs;
      const total = Number(replay.total);
      assert.ok(total > 0, `replayed ${replay.total}`);
      assert.equal(Number(stop.sent), total);
      assert.equal(Number(stop.joined) + Number(stop.missing), total);
    });

    it(`${build}: restores from the host state by run id and releases the lock`, () => {
      const restore = step(run, `${build}-finish`, 'restore');
      assert.equal(restore.outcome, 'success', restore.log);
      assert.equal(restore.outputs['released-lock'], 'true');
      assert.equal(restore.outputs['restored-crontabs'], '1');
      assert.equal(
        restore.outputs['state-file'],
        join(wafGateDir, 'state', `gh-${RUN_ID}-${build}.json`),
        'restored from the copy next to the lock, not a runner file',
      );
      assert.equal(step(run, `${build}-finish`, 'cleanup').outcome, 'success');
    });
  }

  it('leaves the WAF machine as it found it: config, cron lines, no lock, no run files', async () => {
    assert.equal(await readFile(lab!.baseline.rulesFile, 'utf8'), rulesBefore);
    assert.equal(await readFile(join(cronDir, 'waf-logs'), 'utf8'), CRON_LINE);
    const left = await readdir(wafGateDir, { recursive: true });
    assert.deepEqual(
      left.filter((f) => f === 'lock.json' || f.startsWith('runs/')),
      [],
      `left on the WAF host: ${left.join(', ')}`,
    );
  });

  it('fails PL2 against PL1 and completes the check run on the PR head commit', () => {
    const compare = step(run, 'compare', 'compare');
    assert.equal(compare.outputs.verdict, 'fail', logs(run));
    assert.equal(compare.outcome, 'failure', 'fail-on-regression fails the step');
    assert.ok(Number(compare.outputs['new-blocks']) > 0);
    assert.deepEqual(api!.violations, []);
    assert.deepEqual(
      [...api!.checkRuns.values()].map((c) => [c.name, c.status, c.conclusion, c.head_sha]),
      [['waf-gate / quality (two runners)', 'completed', 'failure', HEAD_SHA]],
    );
    assert.match(job(run, 'compare').summary, /newly blocked/);
  });
});

type Mapping = Record<string, unknown>;

/** A job's shape: everything but the site values (`with:` values, workflow `env:` values). */
function jobShape(jobValue: unknown): unknown {
  const { steps, ...rest } = jobValue as Mapping & { steps: Mapping[] };
  return {
    ...rest,
    steps: steps.map(({ with: inputs, uses, ...step }) => ({
      ...step,
      // This repository's actions: OWNER/waf-gate/<sub>@<sha> in the example, acme/… in the lab twin.
      uses: typeof uses === 'string' ? uses.replace(/^(OWNER|acme)\/waf-gate\//, '<own>/') : uses,
      withKeys: Object.keys((inputs ?? {}) as Mapping),
    })),
  };
}

describe('the two-runner example and its lab twin', () => {
  it('have the same triggers, permissions, jobs and steps (only site values differ)', async () => {
    const example = parseYaml(
      await readFile('examples/workflows/two-runner-gate.yml', 'utf8'),
    ) as Mapping & { jobs: Mapping; env: Mapping };
    const twin = parseYaml(await readFile(fixture('two-runner-gate.yml'), 'utf8')) as Mapping & {
      jobs: Mapping;
      env: Mapping;
    };
    for (const key of ['name', 'on', 'permissions', 'concurrency'])
      assert.deepEqual(twin[key], example[key], key);
    assert.deepEqual(Object.keys(twin.env), Object.keys(example.env));
    assert.deepEqual(Object.keys(twin.jobs), Object.keys(example.jobs));
    for (const [id, exampleJob] of Object.entries(example.jobs)) {
      const expected = jobShape(exampleJob) as { steps: { withKeys: string[] }[] };
      const actual = jobShape(twin.jobs[id]) as { steps: { withKeys: string[] }[] };
      // The lab needs more install inputs (a folder build's install-dir, edits, check, cron folder):
      // every input the example sets must be set in the twin too, so the twin runs what users copy.
      actual.steps.forEach((s, i) => {
        const wanted = expected.steps[i]?.withKeys ?? [];
        assert.deepEqual(
          wanted.filter((k) => !s.withKeys.includes(k)),
          [],
          `${id} step ${i}: inputs the lab twin does not set`,
        );
        s.withKeys = wanted;
      });
      assert.deepEqual(actual, expected, `job ${id}`);
    }
  });
});
