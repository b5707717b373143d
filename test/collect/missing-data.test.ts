/**
 * Missing data is reported as missing, never as a measurement (issue 9): a master pid file that does not
 * exist (real lab, detached collector), a log where nothing parses, an empty log — each a warning and a
 * `missing` entry in collect.json. And the memory cap on distinct Host values.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Logger } from '../../src/common/logger.ts';
import {
  analyzeLog,
  startCollection,
  startDetached,
  stopDetached,
  parseCollectOptions,
} from '../../src/collect/index.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { sendAll } from './helpers.ts';
import { labLine } from './host-suite.ts';

/** A logger that keeps what it is told. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (m) => warnings.push(m),
    error: () => undefined,
  };
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'waf-gate-collect-missing-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a master pid file that does not exist, on the real lab', { timeout: 180_000 }, () => {
  let lab: TestLab;
  before(async () => {
    lab = await startLab();
  });
  after(async () => {
    await lab?.stop();
  });

  it('collect start warns, and stop records the group as missing instead of 0 ms of CPU', async () => {
    const waf = lab.candidate;
    const missingPidFile = join(dir, 'no-such-dir', 'nginx.pid');
    const options = parseCollectOptions({
      'run-id': 'no-pid-file',
      'access-log': waf.accessLog,
      'log-format': `'${waf.logFormat}'`,
      'out-dir': join(dir, 'no-pid', 'out'),
      'state-dir': join(dir, 'no-pid', 'state'),
      'master-pid-file': missingPidFile,
      interval: '200ms',
      'poll-interval': '100ms',
    });
    const logger = recordingLogger();
    await startDetached(options, logger);
    let stopped = false;
    try {
      assert.ok(
        logger.warnings.some(
          (w) => w.includes(missingPidFile) && /does not exist/.test(w) && /nginx-worker/.test(w),
        ),
        logger.warnings.join('\n'),
      );
      const statuses = await sendAll(
        waf.port,
        Array.from({ length: 5 }, (_, i) => ({ host: lab.domains[0]!, path: '/', id: `m-${i}` })),
      );
      assert.ok(
        statuses.every((s) => s === 200),
        String(statuses),
      );
      const stopLogger = recordingLogger();
      const { result } = await stopDetached(
        options.stateDir,
        'no-pid-file',
        { settleMs: 1500 },
        stopLogger,
      );
      stopped = true;
      const group = result.processes.groups.find((g) => g.name === 'nginx-worker')!;
      assert.deepEqual(group.pids, [], 'no worker sampled');
      const missing = result.missing?.find(
        (m) => m.metric === 'processes' && m.group === 'nginx-worker',
      );
      assert.ok(missing, JSON.stringify(result.missing));
      assert.match(missing.reason, /master pid file .*nginx\.pid was missing/);
      assert.equal(missing.code, 'pid-file');
      assert.ok(result.log.parsed >= 5, 'the log itself was read');
      assert.equal(
        result.missing?.some((m) => m.metric === 'access-log'),
        false,
      );
    } finally {
      if (!stopped)
        await stopDetached(options.stateDir, 'no-pid-file', { settleMs: 0 }, recordingLogger());
    }
  });

  it('the real pid file gives no warning and nothing missing', async () => {
    const waf = lab.candidate;
    const options = parseCollectOptions({
      'run-id': 'with-pid-file',
      'access-log': waf.accessLog,
      'log-format': `'${waf.logFormat}'`,
      'out-dir': join(dir, 'with-pid', 'out'),
      'master-pid-file': waf.pidFile,
      interval: '200ms',
      'poll-interval': '100ms',
    });
    const logger = recordingLogger();
    const handle = await startCollection(options, { logger });
    assert.deepEqual(handle.warnings, []);
    await sendAll(waf.port, [{ host: lab.domains[0]!, path: '/', id: 'ok-1' }]);
    await new Promise((r) => setTimeout(r, 600)); // a few samples (a wait, not an assertion)
    const result = await handle.stop({ settleMs: 1500 });
    assert.equal(result.missing, undefined, JSON.stringify(result.missing));
    assert.deepEqual(logger.warnings, []);
    assert.ok(result.processes.groups[0]!.pids.length > 0);
  });
});

describe('logs that give no data', () => {
  it('a log where no line matches the log format: a warning while running and a missing entry', async () => {
    const log = join(dir, 'wrong-format.log');
    writeFileSync(log, '');
    const options = parseCollectOptions({
      'run-id': 'wrong-format',
      'access-log': log,
      'out-dir': join(dir, 'wrong-format'),
      'poll-interval': '50ms',
    });
    const logger = recordingLogger();
    const handle = await startCollection(options, { logger, sample: false });
    writeFileSync(
      log,
      Array.from({ length: 30 }, (_, i) => `{"status":200,"host":"a.test","n":${i}}\n`).join(''),
    );
    const result = await handle.stop({ settleMs: 300 });
    assert.equal(result.log.lines, 30);
    assert.equal(result.log.parsed, 0);
    const missing = result.missing?.find((m) => m.metric === 'access-log');
    assert.ok(missing, JSON.stringify(result.missing));
    assert.match(missing.reason, /none of the 30 lines .* matched the log format "waf-gate-lab"/);
    assert.equal(missing.code, 'no-parse');
    assert.ok(
      logger.warnings.some((w) => /none of the first \d+ lines .* matched the log format/.test(w)),
      logger.warnings.join('\n'),
    );
  });

  it('an empty log: missing, and processes not sampled in an analysis are missing too', async () => {
    const log = join(dir, 'empty.log');
    writeFileSync(log, '');
    const options = parseCollectOptions({
      'run-id': 'empty',
      'access-log': log,
      'out-dir': join(dir, 'empty'),
    });
    const logger = recordingLogger();
    const result = await analyzeLog(options, logger);
    assert.deepEqual(
      result.missing?.map((m) => [m.metric, m.code, m.group ?? null]),
      [
        ['processes', 'not-sampled', 'nginx-worker'],
        ['access-log', 'no-lines', null],
      ],
    );
    assert.match(result.missing[1]!.reason, /no log line was read/);
    assert.equal(logger.warnings.length, 2, logger.warnings.join('\n'));
  });
});

describe('distinct Host values are capped', () => {
  it('counts hosts beyond the cap as "(other hosts)" and warns once with the count', async () => {
    const log = join(dir, 'random-hosts.log');
    const lines: string[] = [];
    for (let i = 0; i < 3000; i += 1)
      lines.push(labLine(`r${(i * 7919) % 100_003}-${i}.random.test`, i % 2 ? 200 : 403));
    lines.push(labLine('r0-0.random.test', 200)); // a host counted before the cap stays its own
    writeFileSync(log, lines.join(''));
    const options = parseCollectOptions({
      'run-id': 'hosts',
      'access-log': log,
      'out-dir': join(dir, 'hosts'),
      'max-hosts': '50',
    });
    const logger = recordingLogger();
    const result = await analyzeLog(options, logger);
    const hosts = Object.keys(result.statusCounts);
    assert.equal(hosts.length, 51);
    assert.deepEqual(result.statusCounts['r0-0.random.test'], { '200': 1, '403': 1 });
    const other = result.statusCounts['(other hosts)']!;
    assert.equal((other['200'] ?? 0) + (other['403'] ?? 0), 2950);
    assert.deepEqual(result.hostsOverflow, { maxHosts: 50, lines: 2950 });
    const overflowWarnings = logger.warnings.filter((w) => w.includes('distinct Host values'));
    assert.equal(overflowWarnings.length, 1);
    assert.match(overflowWarnings[0]!, /more than 50 distinct Host values: 2950 lines/);
    assert.equal(result.log.parsed, 3001);
  });

  it('the default cap is 1,000 hosts and a bad max-hosts value is refused', () => {
    const options = parseCollectOptions({ 'run-id': 'd', 'access-log': '/tmp/x.log' });
    assert.equal(options.maxHosts, 1000);
    assert.throws(
      () => parseCollectOptions({ 'run-id': 'd', 'access-log': '/tmp/x.log', 'max-hosts': '0' }),
      (error: Error & { input?: string }) => error.input === 'max-hosts',
    );
  });
});
