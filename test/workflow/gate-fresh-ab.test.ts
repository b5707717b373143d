/**
 * The fresh A/B scenario: the root gate action installs the baseline and the candidate in turn on one
 * lab WAF instance (folder packages setting CRS PL1 / PL2, installed by install-waf with the settings
 * of an install-config file), measures both in the same run and compares them. PL2 against PL1 fails
 * with the PL2-only blocks; PL1 against PL1 passes; the host is restored and its lock released.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { labInstallInputs, writeLabBuild } from '../../src/lab/builds.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import { fixture, job, repoDir, step, twoRunners } from './harness.ts';

describe('fresh A/B through the root gate action (real lab)', { timeout: 900_000 }, () => {
  let dir: string;
  let lab: TestLab | undefined;
  let run: WorkflowRun;
  let rulesBefore: string;
  let files: { stateFile: string; lockFile: string };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-fresh-ab-'));
    lab = await startLab({ wafs: [{ name: 'waf', paranoiaLevel: 1, workers: 1 }] });
    const waf = lab.wafs[0]!;
    rulesBefore = await readFile(waf.rulesFile, 'utf8');
    const pl1 = await writeLabBuild(join(dir, 'builds'), {
      name: 'pl1',
      version: 'lab-pl1',
      paranoiaLevel: 1,
    });
    const pl2 = await writeLabBuild(join(dir, 'builds'), {
      name: 'pl2',
      version: 'lab-pl2',
      paranoiaLevel: 2,
    });
    files = { stateFile: join(dir, 'unused-state.json'), lockFile: join(dir, 'waf-lock.json') };
    // The action sets the state file itself (in RUNNER_TEMP, shared with its restore step).
    const { 'state-file': _state, ...settings } = labInstallInputs(lab, waf, files);
    const installConfig = join(dir, 'install.yml');
    await writeFile(installConfig, stringify(settings));
    run = await runWorkflow(fixture('gate-fresh-ab.yml'), {
      repoDir,
      repository: 'acme/waf-gate',
      runners: twoRunners(dir),
      runDir: join(dir, 'service'),
      eventName: 'workflow_dispatch',
      vars: {
        PL1_PACKAGE: pl1,
        PL2_PACKAGE: pl2,
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
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('PL2 against PL1: both builds installed and measured in the run, verdict fail', async () => {
    const pl2 = step(run, 'gate', 'pl2');
    const log = step(run, 'gate', 'measure', 'pl2').log;
    assert.deepEqual([pl2.outcome, pl2.conclusion], ['failure', 'success'], log);
    assert.equal(pl2.outputs.verdict, 'fail');
    assert.equal(pl2.outputs.version, 'lab-pl2');
    const baselineDir = pl2.outputs['baseline-run-dir'] ?? '';
    assert.notEqual(baselineDir, '');
    const baseline = JSON.parse(await readFile(join(baselineDir, 'run.json'), 'utf8')) as {
      build: { version: string };
      freshAb?: { order: string; switches: { label: string }[] };
      rounds: unknown[];
    };
    assert.equal(baseline.build.version, 'lab-pl1');
    assert.equal(baseline.freshAb?.order, 'interleaved');
    assert.deepEqual(
      baseline.freshAb?.switches.map((s) => s.label),
      ['baseline', 'candidate', 'baseline', 'candidate'],
    );
    assert.equal(baseline.rounds.length, 2);
    assert.match(log, /Installing the baseline build/);
    // The separate install step is skipped in a fresh A/B run; the restore step ran.
    assert.equal(step(run, 'gate', 'install', 'pl2').outcome, 'skipped');
    const results = JSON.parse(
      await readFile(step(run, 'gate', 'compare', 'pl2').outputs['results-path']!, 'utf8'),
    ) as { counts: { newBlocks: number; newErrors: number; crashes: number } };
    assert.equal(results.counts.newBlocks, 12);
    assert.equal(results.counts.newErrors, 0);
    assert.equal(results.counts.crashes, 0);
    const artifact = run.artifacts.list().find((a) => a.name === 'pl2-results');
    assert.ok(artifact?.files.some((f) => f.includes('baseline') && f.endsWith('run.json')));
  });

  it('PL1 against PL1: pass', () => {
    const aa = step(run, 'gate', 'aa');
    assert.equal(aa.outcome, 'success', step(run, 'gate', 'compare', 'aa').log);
    assert.equal(aa.outputs.verdict, 'pass');
    assert.equal(job(run, 'gate').result, 'success');
  });

  it('leaves the WAF configuration restored and the host lock released', async () => {
    const logs = job(run, 'gate')
      .steps.filter((s) => s.parent === 'aa' || s.parent === 'pl2')
      .map((s) => `${s.parent}/${s.id} ${s.outcome}\n${s.log}`)
      .join('\n');
    assert.equal(await readFile(lab!.wafs[0]!.rulesFile, 'utf8'), rulesBefore, logs);
    assert.equal(await stat(files.lockFile).catch(() => null), null);
    assert.deepEqual(job(run, 'gate').killedAtJobEnd, []);
  });
});
