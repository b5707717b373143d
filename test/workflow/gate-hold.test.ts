/**
 * The long-lived connection (WebSocket) acceptance scenario through the root gate action as users run
 * it (`uses: ./`: action.yml + dist, no node_modules) on ONE real lab WAF: a fresh A/B run installs the
 * PL1 build and the build whose /ws proxy_read_timeout (2 s) is shorter than the ping interval (3 s),
 * holds 20 WebSocket connections through each, compares and restores the host. The short-timeout build
 * fails with its 20 dropped connections counted in the check run, the job summary and the report's
 * "Long-lived connections" section; PL1 against PL1 passes with the hold phase on; the rules file is
 * restored and the host lock released.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { ResultsFile } from '../../src/compare/index.ts';
import type { RunRecord } from '../../src/compare/types.ts';
import {
  LAB_WS_SHORT_TIMEOUT_BUILD,
  labInstallInputs,
  writeLabBuild,
} from '../../src/lab/builds.ts';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import { fixture, job, jobLogs, repoDir, step, twoRunners } from './harness.ts';

const CONNECTIONS = 20;
const SHA = 'c'.repeat(40);

describe(
  'long-lived connections through the root gate action (real lab)',
  { timeout: 600_000 },
  () => {
    let dir: string;
    let lab: TestLab | undefined;
    let api: GitHubApi | undefined;
    let run: WorkflowRun;
    let rulesBefore: string;
    let files: { stateFile: string; lockFile: string };

    const results = async (id: string): Promise<ResultsFile> =>
      JSON.parse(
        await readFile(step(run, 'gate', 'compare', id).outputs['results-path']!, 'utf8'),
      ) as ResultsFile;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-hold-'));
      lab = await startLab({ wafs: [{ name: 'waf', paranoiaLevel: 1, workers: 1 }] });
      const waf = lab.wafs[0]!;
      rulesBefore = await readFile(waf.rulesFile, 'utf8');
      const builds = join(dir, 'builds');
      const pl1 = await writeLabBuild(builds, {
        name: 'pl1',
        version: 'lab-pl1',
        paranoiaLevel: 1,
      });
      const short = await writeLabBuild(builds, LAB_WS_SHORT_TIMEOUT_BUILD);
      files = { stateFile: join(dir, 'unused-state.json'), lockFile: join(dir, 'waf-lock.json') };
      // The action sets the state file itself (in RUNNER_TEMP, shared with its restore step).
      const { 'state-file': _state, ...settings } = labInstallInputs(lab, waf, files);
      const installConfig = join(dir, 'install.yml');
      await writeFile(installConfig, stringify(settings));
      api = await startGitHubApi({ owner: 'acme', repo: 'waf-gate' });
      run = await runWorkflow(fixture('gate-hold.yml'), {
        repoDir,
        repository: 'acme/waf-gate',
        runners: twoRunners(dir),
        runDir: join(dir, 'service'),
        eventName: 'workflow_dispatch',
        apiUrl: api.url,
        sha: SHA,
        secrets: { GITHUB_TOKEN: api.options.token },
        vars: {
          PL1_PACKAGE: pl1,
          WS_SHORT_PACKAGE: short,
          INSTALL_CONFIG: installConfig,
          TARGET: `http://${waf.host}:${waf.port}`,
          ACCESS_LOG: waf.accessLog,
          ERROR_LOG: waf.errorLog,
          PID_FILE: waf.pidFile,
          DOMAINS: lab.domains.join(','),
        },
      });
    });
    after(async () => {
      await api?.close();
      await lab?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('the short proxy_read_timeout build fails with every dropped connection counted', async () => {
      const short = step(run, 'gate', 'short');
      assert.deepEqual(
        [short.outcome, short.conclusion],
        ['failure', 'success'],
        jobLogs(run, 'gate'),
      );
      assert.equal(short.outputs.verdict, 'fail');
      assert.equal(short.outputs.version, LAB_WS_SHORT_TIMEOUT_BUILD.version);
      const r = await results('short');
      assert.equal(r.verdict, 'fail');
      const hold = r.comparison.hold!;
      assert.ok(hold, 'the comparison has a hold part');
      assert.equal(hold.baseline!.upgraded, CONNECTIONS);
      assert.equal(hold.baseline!.heldToEnd, CONNECTIONS);
      assert.equal(hold.baseline!.unexpectedDrops, 0);
      assert.equal(hold.candidate!.upgraded, CONNECTIONS);
      assert.equal(hold.candidate!.unexpectedDrops, CONNECTIONS);
      assert.equal(hold.candidate!.heldToEnd, 0);
      assert.equal(hold.checks.find((c) => c.id === 'unexpectedDrops')!.result, 'fail');
      // Both hold phases ran in this run, on the builds the action installed.
      const baselineDir = short.outputs['baseline-run-dir'] ?? '';
      assert.notEqual(baselineDir, '');
      const baseline = JSON.parse(
        await readFile(join(baselineDir, 'run.json'), 'utf8'),
      ) as RunRecord;
      assert.equal(baseline.build.version, 'lab-pl1');
      assert.deepEqual(baseline.hold, {
        holdFile: 'hold/hold.json',
        collectFile: 'hold/collect.json',
      });
      const holdFile = JSON.parse(
        await readFile(join(short.outputs['run-dir']!, 'hold', 'hold.json'), 'utf8'),
      ) as { counts: { droppedByCause: Record<string, number>; attempted: number } };
      assert.equal(holdFile.counts.attempted, CONNECTIONS);
      assert.equal(holdFile.counts.droppedByCause['unexpected-close'], CONNECTIONS);
    });

    it('names the dropped connections in the check run, the job summary and the report', async () => {
      assert.deepEqual(api!.violations, []);
      const checks = [...api!.checkRuns.values()] as {
        name: string;
        status: string;
        conclusion: string;
        head_sha: string;
        output?: { title?: string; summary?: string };
      }[];
      assert.deepEqual(
        checks.map((c) => [c.name, c.status, c.conclusion, c.head_sha]),
        [['waf-gate-hold', 'completed', 'failure', SHA]],
      );
      const drops = new RegExp(`Unexpected drops: candidate ${CONNECTIONS} of ${CONNECTIONS}`);
      const summaryLine = step(run, 'gate', 'compare', 'short').outputs.summary ?? '';
      assert.match(summaryLine, drops);
      assert.match(checks[0]!.output?.title ?? '', /^FAIL/);
      assert.match(checks[0]!.output?.summary ?? '', drops);
      assert.match(job(run, 'gate').summary, /Long-lived connections/);
      const report = await readFile(
        step(run, 'gate', 'compare', 'short').outputs['report-path']!,
        'utf8',
      );
      assert.match(report, /### Long-lived connections/);
      assert.match(report, /unexpected/i);
    });

    it('PL1 against PL1 with the hold phase on: pass', async () => {
      const aa = step(run, 'gate', 'aa');
      assert.equal(aa.outcome, 'success', jobLogs(run, 'gate'));
      assert.equal(aa.outputs.verdict, 'pass');
      const hold = (await results('aa')).comparison.hold!;
      assert.equal(hold.baseline!.heldToEnd, CONNECTIONS);
      assert.equal(hold.candidate!.heldToEnd, CONNECTIONS);
      assert.ok(
        hold.checks.every((c) => c.result !== 'fail'),
        JSON.stringify(hold.checks),
      );
      assert.equal(job(run, 'gate').result, 'success');
    });

    it('leaves the WAF configuration restored and the host lock released', async () => {
      assert.equal(
        await readFile(lab!.wafs[0]!.rulesFile, 'utf8'),
        rulesBefore,
        jobLogs(run, 'gate'),
      );
      assert.equal(await stat(files.lockFile).catch(() => null), null);
      assert.deepEqual(job(run, 'gate').killedAtJobEnd, []);
    });
  },
);
