/**
 * Issue 13's systems through the actions as users run them (action.yml + dist, no node_modules) on one
 * real lab WAF: replay-traffic in hold mode (WebSocket connections held through the WAF with
 * heartbeats, sequenced pushes and planned drops; exact counts in hold.json, output hold-result),
 * replay-traffic with per-connection shaping (recorded in replay.json's load shape), and the root
 * action's fresh A/B run over the go-ftw corpus replayed as captured with go-ftw's overrides file
 * (the PL2 build newly fails 942480-1; 942480-4 is overridden; the host is restored).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { ResultsFile } from '../../src/compare/index.ts';
import { labInstallInputs, writeLabBuild } from '../../src/lab/builds.ts';
import type { HoldResult } from '../../src/replay/hold/types.ts';
import type { ReplayResult } from '../../src/replay/types.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { runWorkflow, type WorkflowRun } from './executor.ts';
import { fixture, job, jobLogs, repoDir, step, twoRunners } from './harness.ts';

/** File `file` of artifact `name` (the job's RUNNER_TEMP is gone once a later job ran on its runner). */
async function artifactFile(run: WorkflowRun, name: string, file: string): Promise<string> {
  const artifact = run.artifacts.list().find((a) => a.name === name);
  assert.ok(artifact, `artifact ${name} uploaded`);
  assert.ok(artifact.files.includes(file), `${name} holds ${file}: ${artifact.files.join(', ')}`);
  return readFile(join(artifact.dir, file), 'utf8');
}

const sum = (counts: Readonly<Record<string, number>>): number =>
  Object.values(counts).reduce((a, b) => a + b, 0);

describe("issue 13's systems through the actions (real lab)", { timeout: 600_000 }, () => {
  let dir: string;
  let lab: TestLab | undefined;
  let run: WorkflowRun;
  let rulesBefore: string;
  let files: { stateFile: string; lockFile: string };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-issue13-'));
    lab = await startLab({ wafs: [{ name: 'waf', paranoiaLevel: 1, workers: 1 }] });
    const waf = lab.wafs[0]!;
    rulesBefore = await readFile(waf.rulesFile, 'utf8');
    const builds = join(dir, 'builds');
    const pl1 = await writeLabBuild(builds, { name: 'pl1', version: 'lab-pl1', paranoiaLevel: 1 });
    const pl2 = await writeLabBuild(builds, { name: 'pl2', version: 'lab-pl2', paranoiaLevel: 2 });
    files = { stateFile: join(dir, 'unused-state.json'), lockFile: join(dir, 'waf-lock.json') };
    const { 'state-file': _state, ...settings } = labInstallInputs(lab, waf, files);
    const installConfig = join(dir, 'install.yml');
    await writeFile(installConfig, stringify(settings));
    run = await runWorkflow(fixture('sub-actions-issue13.yml'), {
      repoDir,
      repository: 'acme/waf-gate',
      runners: twoRunners(dir),
      runDir: join(dir, 'service'),
      eventName: 'workflow_dispatch',
      runId: 1313,
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

  it('replay-traffic mode hold: hold-result names hold.json with exact, consistent counts', async () => {
    assert.equal(job(run, 'hold').result, 'success', jobLogs(run, 'hold'));
    const path = run.needs.hold?.outputs['hold-result'] ?? '';
    assert.equal(basename(path), 'hold.json', `output hold-result: ${path}`);
    const hold = JSON.parse(await artifactFile(run, 'hold-results', 'hold.json')) as HoldResult;
    assert.equal(hold.schema, 'waf-gate/hold@1');
    const c = hold.counts;
    // Every attempt ends in exactly one state.
    assert.equal(c.attempted, c.upgraded + sum(c.refusedByStatus) + sum(c.failedByError));
    assert.equal(c.upgraded, c.heldToEnd + sum(c.droppedByCause));
    assert.equal(c.attempted, 10);
    assert.equal(c.upgraded, 10);
    assert.deepEqual(c.droppedByCause, {
      'client-planned': 2,
      'server-planned': 2,
      'unexpected-close': 0,
      error: 0,
    });
    assert.equal(c.heldToEnd, 6);
    assert.equal(c.reconnected, 0);
    assert.ok(hold.heartbeat.answered > 0, JSON.stringify(hold.heartbeat));
    assert.equal(hold.heartbeat.lost, 0);
    assert.ok(hold.push.received > 0, JSON.stringify(hold.push));
    assert.deepEqual([hold.push.lost, hold.push.duplicated, hold.push.outOfOrder], [0, 0, 0]);
    assert.equal(hold.push.sent, hold.push.received);
  });

  it('replay-traffic with delay and slow-body: replay.json records the shaping', async () => {
    assert.equal(job(run, 'shaped').result, 'success', jobLogs(run, 'shaped'));
    const outputs = run.needs.shaped!.outputs;
    assert.equal(basename(outputs['results-path'] ?? ''), 'replay.json');
    const replay = JSON.parse(
      await artifactFile(run, 'shaped-results', 'replay.json'),
    ) as ReplayResult;
    assert.deepEqual(replay.loadShape.shaping, {
      delayMs: 20,
      slowBody: { bytes: 256, intervalMs: 5 },
    });
    assert.ok(replay.totals.sent > 0);
    assert.equal(outputs.total, String(replay.totals.sent));
    assert.equal(replay.totals.errors, 0, JSON.stringify(replay.totals));
    assert.equal(replay.totals.completed, replay.totals.sent);
  });

  it('go-ftw corpus as captured, fresh A/B PL2 against PL1 with overrides: fail on 942480-1', async () => {
    const pl2 = step(run, 'ftw', 'pl2');
    assert.deepEqual([pl2.outcome, pl2.conclusion], ['failure', 'success'], jobLogs(run, 'ftw'));
    assert.equal(pl2.outputs.verdict, 'fail');
    const compare = step(run, 'ftw', 'compare', 'pl2').outputs;
    assert.match(compare.summary ?? '', /1 go-ftw tests? the baseline passed/);
    const results = JSON.parse(await readFile(compare['results-path']!, 'utf8')) as ResultsFile;
    const ftw = results.comparison.ftw!;
    assert.ok(ftw, 'the comparison has a go-ftw part');
    assert.deepEqual(
      ftw.newFailures.map((f) => f.test),
      ['942480-1'],
    );
    assert.equal(ftw.candidate.tests.find((t) => t.test === '942480-4')?.outcome, 'overridden');
    assert.equal(ftw.baseline!.counts.failed, 0);
    const report = await readFile(compare['report-path']!, 'utf8');
    assert.match(report, /### go-ftw tests/);
    assert.match(report, /942480-1 \*\*\(new failure\)\*\*/);
    const goFtw = JSON.parse(
      await readFile(join(compare['out-dir']!, 'ftw-results.json'), 'utf8'),
    ) as { failed: string[]; ignored: string[] };
    assert.deepEqual(goFtw.failed, ['942480-1']);
    assert.deepEqual(goFtw.ignored, ['942480-4']);
    assert.match(job(run, 'ftw').summary, /go-ftw/);
  });

  it('leaves the WAF configuration restored and the host lock released', async () => {
    assert.equal(await readFile(lab!.wafs[0]!.rulesFile, 'utf8'), rulesBefore, jobLogs(run, 'ftw'));
    assert.equal(await stat(files.lockFile).catch(() => null), null);
    for (const id of ['hold', 'shaped', 'ftw']) assert.deepEqual(job(run, id).killedAtJobEnd, []);
  });
});
