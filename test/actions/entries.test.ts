/**
 * The bundled action entries run the way the runner runs them (INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files), chained against the real lab: collect start → replay → collect stop,
 * then the gate's measuring step for both builds and compare-baseline on the two run directories.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runActionEntry } from '../helpers/action-runner.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

const CORPUS = resolve('corpus/demo');

describe('action entries, run like the runner does', { timeout: 300_000 }, () => {
  let lab: TestLab;
  let work: string;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'waf-gate-entries-'));
    lab = await startLab();
  });
  after(async () => {
    await lab?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('collect-metrics start, replay-traffic (quality), collect-metrics stop join every request', async () => {
    const stateDir = join(work, 'collect-state');
    const started = await runActionEntry('collect-metrics', {
      mode: 'start',
      'run-id': 'entries-1',
      label: 'candidate',
      'access-log': lab.candidate.accessLog,
      'error-log': lab.candidate.errorLog,
      'master-pid-file': lab.candidate.pidFile,
      'out-dir': join(work, 'collect'),
      'state-dir': stateDir,
    });
    assert.equal(started.exitCode, 0, started.stdout + started.stderr);
    assert.match(started.outputs.pid ?? '', /^\d+$/);

    const replay = await runActionEntry('replay-traffic', {
      target: `http://127.0.0.1:${lab.candidate.port}`,
      corpus: CORPUS,
      domains: lab.domains.join(','),
      mode: 'quality',
      'out-dir': join(work, 'replay'),
      label: 'candidate',
    });
    assert.equal(replay.exitCode, 0, replay.stdout + replay.stderr);
    assert.equal(replay.outputs.total, String(40 * lab.domains.length));
    assert.equal(replay.outputs.errors, '0');
    assert.ok(existsSync(replay.outputs['results-path']!));
    assert.equal(
      readFileSync(replay.outputs['outcomes-path']!, 'utf8').trim().split('\n').length,
      120,
    );
    assert.match(replay.summary, /403/);

    const stopped = await runActionEntry('collect-metrics', {
      mode: 'stop',
      'run-id': 'entries-1',
      'state-dir': stateDir,
      'replay-results': replay.outputs['results-path']!,
    });
    assert.equal(stopped.exitCode, 0, stopped.stdout + stopped.stderr);
    assert.equal(stopped.outputs.sent, '120');
    // Every request is accounted for: joined to its log line, or missing with a reason. nginx rejects
    // `GET /static/..%2f..%2f..` at the request line (400), before it reads the id header.
    const collect = JSON.parse(readFileSync(stopped.outputs['results-path']!, 'utf8')) as {
      join: {
        sent: number;
        joined: number;
        missing: number;
        missingByReason: Record<string, number>;
      };
    };
    assert.equal(collect.join.joined + collect.join.missing, 120);
    assert.ok(collect.join.missing <= lab.domains.length, JSON.stringify(collect.join));
    const reasons = Object.values(collect.join.missingByReason).reduce((a, b) => a + b, 0);
    assert.equal(reasons, collect.join.missing, JSON.stringify(collect.join.missingByReason));
    assert.equal(stopped.outputs.crashes, '0');
    assert.ok(Number(stopped.outputs['anomalies-total']) > 0);
    assert.ok(existsSync(stopped.outputs['results-path']!));
  });

  it('the gate measures both builds and compare-baseline fails PL2 with the new blocks counted', async () => {
    const runDirs: Record<string, string> = {};
    for (const waf of [lab.baseline, lab.candidate]) {
      const measured = await runActionEntry('gate', {
        target: `http://127.0.0.1:${waf.port}`,
        label: waf.name,
        version: `lab:crs-pl${waf.paranoiaLevel}`,
        'access-log': waf.accessLog,
        'error-log': waf.errorLog,
        'master-pid-file': waf.pidFile,
        corpus: CORPUS,
        domains: lab.domains.join(','),
        rounds: '1',
        duration: '1s',
        connections: '8',
        'out-dir': join(work, 'gate'),
        'run-id': `entries-${waf.name}`,
      });
      assert.equal(measured.exitCode, 0, measured.stdout + measured.stderr);
      assert.equal(measured.outputs.rounds, '1');
      runDirs[waf.name] = measured.outputs['run-dir']!;
    }
    const compared = await runActionEntry('compare-baseline', {
      'baseline-dir': runDirs.baseline!,
      'candidate-dir': runDirs.candidate!,
      'out-dir': join(work, 'report'),
      post: 'false',
    });
    assert.equal(compared.outputs.verdict, 'fail');
    assert.equal(compared.outputs['new-blocks'], String(4 * lab.domains.length));
    assert.equal(compared.outputs['new-passes'], '0');
    assert.equal(compared.exitCode, 1, 'a failing gate fails the step');
    assert.ok(compared.annotations.some((a) => a.startsWith('::error::')));
    assert.match(readFileSync(compared.outputs['report-path']!, 'utf8'), /FAIL/);
  });

  it('a bad input fails the step with one paragraph naming the input and value, no stack trace', async () => {
    const run = await runActionEntry('replay-traffic', {
      target: `http://127.0.0.1:${lab.candidate.port}`,
      corpus: CORPUS,
      connections: 'many',
    });
    assert.equal(run.exitCode, 1);
    const error = run.annotations.find((a) => a.startsWith('::error::')) ?? '';
    assert.match(error, /connections/);
    assert.match(error, /many/);
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at .*\(.*:\d+:\d+\)/);
  });
});
