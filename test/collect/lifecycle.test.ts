/**
 * The detached collector: start returns at once, stop finalises; start twice is refused; stop without
 * start says so; stop after the collector died recovers what it can and says so; bad input leaves no
 * state behind. Uses real files and the real daemon process (under tsx).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfigError, isWafGateError, type WafGateError } from '../../src/common/errors.ts';
import { silentLogger } from '../../src/common/logger.ts';
import {
  startDetached,
  stopDetached,
  parseCollectOptions,
  type CollectInputs,
  isCollectorAlive,
  readState,
  type CollectResult,
  type DaemonState,
} from '../../src/collect/index.ts';
import { waitFor } from './helpers.ts';

const LINE = (host: string, status: number, us: string, gid: string): string =>
  `127.0.0.1 - - [21/Nov/2026:11:34:28 +0000] "GET /x HTTP/1.1" ${status} 10 "-" "ua" host=${host} rt=0.001 us=${us} urt=- gid=${gid} rid=0123456789abcdef0123456789abcdef port=40000\n`;

describe('detached collector lifecycle', { timeout: 120_000 }, () => {
  let dir: string;
  let log: string;
  const inputs = (runId: string, extra: CollectInputs = {}): CollectInputs => ({
    'run-id': runId,
    'access-log': log,
    'out-dir': join(dir, runId, 'out'),
    'state-dir': join(dir, runId, 'state'),
    'poll-interval': '100ms',
    interval: '200ms',
    ...extra,
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-collect-life-'));
    log = join(dir, 'access.log');
    await writeFile(log, LINE('old.test', 200, '200', 'old-1'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("starts the collector without the job's RUNNER_TRACKING_ID, so it outlives the job that started it", async () => {
    const previous = process.env.RUNNER_TRACKING_ID;
    process.env.RUNNER_TRACKING_ID = 'github_job_tracking_id_test';
    try {
      const options = parseCollectOptions(inputs('tracked'));
      const started = await startDetached(options, silentLogger);
      const environ = readFileSync(`/proc/${started.pid}/environ`, 'utf8').split('\0');
      assert.ok(environ.length > 1, 'the collector has an environment');
      assert.ok(
        !environ.some((entry) => entry.startsWith('RUNNER_TRACKING_ID=')),
        'a runner would kill a process carrying the job tracking id at job end',
      );
      await stopDetached(options.stateDir, 'tracked', { settleMs: 0 }, silentLogger);
    } finally {
      if (previous === undefined) delete process.env.RUNNER_TRACKING_ID;
      else process.env.RUNNER_TRACKING_ID = previous;
    }
  });

  it('start returns while the collector runs; stop finalises the lines written in between', async () => {
    const options = parseCollectOptions(inputs('r1'));
    const started = await startDetached(options, silentLogger);
    assert.ok(isCollectorAlive(started.pid, options.stateDir));
    await appendFile(
      log,
      LINE('a.test', 403, '-', 'g1') + LINE('a.test', 200, '200', 'g2') + 'not a log line\n',
    );
    const { result, outDir } = await stopDetached(
      options.stateDir,
      'r1',
      { settleMs: 200 },
      silentLogger,
    );
    assert.equal(outDir, options.outDir);
    assert.equal(result.stoppedBy, 'stop');
    assert.equal(result.log.lines, 3);
    assert.equal(result.log.formatErrors, 1);
    assert.deepEqual(result.statusCounts, { 'a.test': { '200': 1, '403': 1 } });
    assert.equal(result.anomalies.total, 1);
    assert.ok(existsSync(join(outDir, 'collect.json')));
    assert.equal(readFileSync(join(outDir, 'format-errors.log'), 'utf8'), 'not a log line\n');
    assert.equal(existsSync(options.stateDir), false, 'state removed');
    assert.equal(await waitFor(() => !isCollectorAlive(started.pid, options.stateDir)), true);
  });

  it('refuses a second start for a live run id, and the first keeps running', async () => {
    const options = parseCollectOptions(inputs('r2'));
    const started = await startDetached(options, silentLogger);
    await assert.rejects(startDetached(options, silentLogger), (error: WafGateError) => {
      assert.equal(error.code, 'E_COLLECT_RUNNING');
      assert.match(error.message, /already running/);
      assert.match(error.hint ?? '', /collect stop --run-id r2/);
      return true;
    });
    assert.ok(isCollectorAlive(started.pid, options.stateDir));
    await stopDetached(options.stateDir, 'r2', { settleMs: 0 }, silentLogger);
  });

  it('stop without start says no collector was started', async () => {
    await assert.rejects(
      stopDetached(join(dir, 'nothing', 'state'), 'nothing', {}, silentLogger),
      (error: unknown) => {
        assert.ok(isConfigError(error));
        assert.match(error.message, /No collector was started for run "nothing"/);
        return true;
      },
    );
  });

  it('stop after the collector died: clear error, results recovered from the logs, no state left', async () => {
    const options = parseCollectOptions(inputs('r3'));
    const started = await startDetached(options, silentLogger);
    await appendFile(log, LINE('b.test', 502, '-', 'g3') + LINE('b.test', 200, '200', 'g4'));
    await waitFor(() => existsSync(join(options.outDir, 'series.csv')));
    process.kill(started.pid, 'SIGKILL');
    assert.ok(await waitFor(() => !isCollectorAlive(started.pid, options.stateDir)));
    await assert.rejects(
      stopDetached(options.stateDir, 'r3', { settleMs: 0 }, silentLogger),
      (error: unknown) => {
        assert.ok(isWafGateError(error));
        assert.equal(error.code, 'E_COLLECTOR_DIED');
        assert.match(error.hint ?? '', /Partial results were written/);
        return true;
      },
    );
    const result = JSON.parse(
      readFileSync(join(options.outDir, 'collect.json'), 'utf8'),
    ) as CollectResult;
    assert.equal(result.stoppedBy, 'recovered');
    assert.match(result.incomplete ?? '', /died/);
    assert.deepEqual(result.statusCounts, { 'b.test': { '200': 1, '502': 1 } });
    assert.equal(existsSync(options.stateDir), false);
  });

  it('an unreadable access log is a ConfigError and leaves no state', async () => {
    const options = parseCollectOptions(inputs('r4', { 'access-log': join(dir, 'missing.log') }));
    await assert.rejects(startDetached(options, silentLogger), (error: unknown) => {
      assert.ok(isConfigError(error), String(error));
      assert.match(error.message, /Cannot read the log file: ENOENT/);
      assert.equal(error.input, 'access-log');
      return true;
    });
    assert.equal(existsSync(options.stateDir), false);
    assert.equal(existsSync(options.outDir), false);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.log');
      await writeFile(locked, '');
      await chmod(locked, 0);
      const o2 = parseCollectOptions(inputs('r5', { 'access-log': locked }));
      await assert.rejects(startDetached(o2, silentLogger), /EACCES/);
      assert.equal(existsSync(o2.stateDir), false);
    }
  });

  it('an unknown log_format variable is a ConfigError before anything starts', () => {
    assert.throws(
      () =>
        parseCollectOptions(inputs('r6', { 'log-format': `'$remote_addr [$time_local] $stauts'` })),
      (error: unknown) => {
        assert.ok(isConfigError(error));
        assert.match(
          error.message,
          /Unknown variable "\$stauts" at character 28 of the log_format/,
        );
        return true;
      },
    );
    assert.equal(existsSync(join(dir, 'r6')), false);
  });

  it('the collector stops itself after its maximum duration; stop then finalises', async () => {
    const options = parseCollectOptions(inputs('r7', { 'max-duration': '1s' }));
    const started = await startDetached(options, silentLogger);
    await appendFile(log, LINE('c.test', 200, '200', 'g5'));
    assert.ok(
      await waitFor(() => !isCollectorAlive(started.pid, options.stateDir), 15_000),
      'stopped by itself',
    );
    assert.equal(readState<DaemonState>(options.stateDir, 'state')?.pid, started.pid);
    const { result } = await stopDetached(options.stateDir, 'r7', { settleMs: 0 }, silentLogger);
    assert.equal(result.stoppedBy, 'max-duration');
    assert.deepEqual(result.statusCounts, { 'c.test': { '200': 1 } });
    assert.equal(existsSync(options.stateDir), false);
  });
});
