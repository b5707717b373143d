/**
 * `replay --mode hold` on the real lab (nginx + ModSecurity + CRS, the lab's WebSocket origin): exact
 * counts for a WAF that holds everything, planned drops per cause, a build whose /ws
 * proxy_read_timeout is shorter than the heartbeat interval (installed with install-waf, as a user
 * would), a refused upgrade, the CLI. No timed assertions: counts only.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { parseOutputFile } from '../helpers/action-runner.ts';
import { executeInstall } from '../../src/install/run.ts';
import { parseInstallOptions, rawInputsFrom } from '../../src/install/options.ts';
import {
  LAB_WS_SHORT_TIMEOUT_BUILD,
  labInstallInputs,
  writeLabBuild,
} from '../../src/lab/builds.ts';
import type { WafInstanceState } from '../../src/lab/types.ts';
import { decodeHistogram } from '../../src/replay/histogram.ts';
import {
  HOLD_RESULT_FILE,
  holdOptions,
  runHold,
  type HoldOptionsInit,
  type HoldResult,
} from '../../src/replay/hold/index.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

const sum = (record: Readonly<Record<string, number>>): number =>
  Object.values(record).reduce((a, b) => a + b, 0);

/** Every attempt ends in exactly one state; every upgraded connection in exactly one end. */
function assertExact(r: HoldResult): void {
  const c = r.counts;
  assert.equal(c.attempted, c.upgraded + sum(c.refusedByStatus) + sum(c.failedByError), 'attempts');
  assert.equal(c.upgraded, c.heldToEnd + sum(c.droppedByCause), 'upgraded connections');
  assert.equal(r.heartbeat.sent, r.heartbeat.answered + r.heartbeat.lost, 'heartbeats');
  assert.equal(decodeHistogram(r.heartbeat.rttHistogram).totalCount, r.heartbeat.answered);
  const windowDrops = r.windows.reduce((a, w) => a + sum(w.droppedByCause), 0);
  assert.equal(windowDrops, sum(c.droppedByCause), 'windows hold every drop');
}

describe('replay --mode hold on the lab', () => {
  let lab: TestLab;
  let outRoot: string;
  const hold = (waf: WafInstanceState, name: string, init: Partial<HoldOptionsInit>) =>
    runHold(
      holdOptions({
        target: { host: waf.host, port: waf.port, tls: false },
        domain: lab.domains[0],
        hatchRateCps: 1000,
        outDir: join(outRoot, name),
        ...init,
      }),
      { logger: silentLogger },
    );

  before(async () => {
    lab = await startLab({
      wafs: [
        { name: 'baseline', paranoiaLevel: 1, workers: 1 },
        { name: 'candidate', paranoiaLevel: 1, workers: 1 },
      ],
    });
    outRoot = join(lab.dir, '..', 'out');
  });
  after(() => lab.stop());

  it('holds every connection with every heartbeat answered and pushes exact', async () => {
    const r = await hold(lab.baseline, 'steady', {
      connections: 200,
      holdMs: 3000,
      // Generous: a pong later than this (a loaded machine) would count as lost.
      pingIntervalMs: 1000,
      pushRateMps: 20,
      pushShare: 0.5,
    });
    assertExact(r);
    assert.equal(r.counts.attempted, 200);
    assert.equal(r.counts.upgraded, 200);
    assert.equal(r.counts.heldToEnd, 200);
    assert.equal(r.counts.reconnected, 0);
    assert.ok(r.heartbeat.sent >= 200, `every connection pinged (${r.heartbeat.sent})`);
    assert.equal(r.heartbeat.lost, 0);
    assert.ok(r.push.sent > 0);
    assert.equal(r.push.received, r.push.sent);
    assert.deepEqual([r.push.lost, r.push.duplicated, r.push.outOfOrder], [0, 0, 0]);
    assert.equal(r.push.unreportedConnections, undefined);
    assert.ok(r.client.noFileLimit.soft >= 264);
    const file = JSON.parse(
      readFileSync(join(outRoot, 'steady', HOLD_RESULT_FILE), 'utf8'),
    ) as HoldResult;
    assert.equal(file.schema, 'waf-gate/hold@1');
    assert.deepEqual(file.counts, r.counts);
  });

  it('counts planned drops per cause exactly, without reconnecting them', async () => {
    const r = await hold(lab.baseline, 'planned', {
      connections: 100,
      holdMs: 2000,
      pingIntervalMs: 1000,
      serverDropShare: 0.1,
      clientDropShare: 0.15,
      reconnectAttempts: 3,
      reconnectBackoffMs: 100,
    });
    assertExact(r);
    assert.deepEqual(r.counts.droppedByCause, {
      'client-planned': 15,
      'server-planned': 10,
      'unexpected-close': 0,
      error: 0,
    });
    assert.equal(r.counts.heldToEnd, 75);
    assert.equal(r.counts.attempted, 100);
    assert.equal(r.counts.reconnected, 0);
  });

  it('a build whose /ws proxy_read_timeout is shorter than the ping interval drops connections', async () => {
    // Installed like a user installs a build: folder package, install-waf edits, nginx -t, reload.
    const pkg = await writeLabBuild(join(lab.dir, '..', 'packages'), LAB_WS_SHORT_TIMEOUT_BUILD);
    const inputs = labInstallInputs(lab, lab.candidate, {
      stateFile: join(lab.dir, '..', 'install-state.json'),
      lockFile: join(lab.dir, '..', 'install-lock.json'),
    });
    const options = await parseInstallOptions(
      rawInputsFrom({ ...inputs, package: pkg, 'run-id': 'hold-short' }),
    );
    await executeInstall(options, silentLogger);
    const init = {
      connections: 40,
      holdMs: 4000,
      pingIntervalMs: 3000,
      reconnectAttempts: 2,
      reconnectBackoffMs: 100,
    };
    const short = await hold(lab.candidate, 'short', init);
    assertExact(short);
    assert.ok(short.counts.droppedByCause['unexpected-close'] > 0, JSON.stringify(short.counts));
    assert.ok(short.counts.reconnected > 0, JSON.stringify(short.counts));
    assert.ok(short.counts.attempted > 40);
    // The same settings through the unchanged baseline: nothing dropped.
    const steady = await hold(lab.baseline, 'long', init);
    assertExact(steady);
    assert.equal(steady.counts.heldToEnd, 40);
    assert.equal(sum(steady.counts.droppedByCause), 0);
  });

  it('counts refused upgrades by status', async () => {
    const missing = await hold(lab.baseline, 'missing', {
      connections: 10,
      holdMs: 300,
      path: '/ws-missing',
      reconnectAttempts: 0,
    });
    assertExact(missing);
    assert.deepEqual(missing.counts.refusedByStatus, { '404': 10 });
    assert.equal(missing.counts.upgraded, 0);
    const blocked = await hold(lab.baseline, 'blocked', {
      connections: 10,
      holdMs: 300,
      path: '/ws?q=%3Cscript%3Ealert(1)%3C/script%3E',
    });
    assertExact(blocked);
    assert.deepEqual(blocked.counts.refusedByStatus, { '403': 10 });
  });

  it('the CLI runs hold mode without a corpus and prints the summary', () => {
    const out = join(outRoot, 'cli');
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'replay',
        '--mode',
        'hold',
        '--target',
        `http://127.0.0.1:${lab.baseline.port}`,
        '--domains',
        'app.test',
        '--connections',
        '5',
        '--hold-duration',
        '500ms',
        '--ping-interval',
        '200ms',
        '--out-dir',
        out,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /held to the end\s+5\n/);
    const file = JSON.parse(readFileSync(join(out, HOLD_RESULT_FILE), 'utf8')) as HoldResult;
    assert.equal(file.counts.heldToEnd, 5);
  });

  it('the replay-traffic action runs hold mode and sets hold-result', () => {
    const out = join(outRoot, 'action');
    const outputFile = join(outRoot, 'action-output');
    const summaryFile = join(outRoot, 'action-summary');
    mkdirSync(outRoot, { recursive: true });
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const inputs: Record<string, string> = {
      target: `http://127.0.0.1:${lab.baseline.port}`,
      mode: 'hold',
      domains: 'app.test',
      connections: '4',
      'hold-duration': '500ms',
      'ping-interval': '200ms',
      'out-dir': out,
    };
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/actions/replay-traffic.ts'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...env, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
    assert.equal(outputs['hold-result'], join(out, HOLD_RESULT_FILE));
    assert.equal(outputs['out-dir'], out);
    const file = JSON.parse(readFileSync(outputs['hold-result'], 'utf8')) as HoldResult;
    assert.equal(file.counts.heldToEnd, 4);
    assert.match(
      readFileSync(summaryFile, 'utf8'),
      /### WebSocket hold[\s\S]*\| held to the end \| 4 \|/,
    );
  });

  it('refuses more connections than the open-files limit allows', () => {
    const run = spawnSync(
      'bash',
      [
        '-c',
        // Node raises its soft limit to the hard one at start: the hard limit is what applies.
        'ulimit -n 100 && exec "$0" --import tsx src/cli/main.ts replay --mode hold --target http://127.0.0.1:9 --connections 50 --out-dir "$1"',
        process.execPath,
        join(outRoot, 'nofile'),
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(run.status, 2, run.stderr);
    assert.match(
      run.stderr,
      /50 connections need more open files than this process may have \(soft limit 100/,
    );
    assert.match(run.stderr, /Give at most 36 connections, or raise the hard limit/);
  });
});
