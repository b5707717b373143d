/**
 * collect-metrics over SSH: a real OpenSSH server on loopback (test/helpers/sshd.ts) logs in to this
 * machine, so the logs and /proc read through SshHost are real ones.
 * - the shared host suite (follow, rotation, copytruncate, process group, crash) on SshHost;
 * - the detached collector (start/stop) with `--host ssh://…` against the real lab under a real replay,
 *   with every SSH connection dropped in the middle: every request is joined;
 * - max-duration stops a remote collector by itself; a wrong host key is refused at start.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { collectCommand } from '../../src/cli/commands/collect.ts';
import {
  analyzeLog,
  startDetached,
  stopDetached,
  parseCollectOptions,
  type CollectInputs,
  isCollectorAlive,
  readState,
  type DaemonDone,
  type CollectResult,
  type JoinedRequest,
} from '../../src/collect/index.ts';
import { SshHost } from '../../src/hosts/ssh.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import type { ReplayResult } from '../../src/replay/types.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { makeKeyPair, sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';
import { waitFor } from './helpers.ts';
import { defineCollectHostSuite, labLine } from './host-suite.ts';

const skip = sshdSkipReason();

let sshd: SshdFixture | undefined;
before(async () => {
  if (skip === undefined) sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
});

/** The host inputs every remote collection here uses. */
const hostInputs = (): CollectInputs => ({
  host: sshd!.spec,
  'ssh-key': sshd!.identityFile,
  'known-hosts': sshd!.knownHostsFile,
});

defineCollectHostSuite(
  {
    label: 'a real sshd on loopback (SshHost)',
    open: async () => {
      const host = new SshHost(sshd!.target, sshd!.sshOptions);
      await host.connect();
      return host;
    },
  },
  skip,
);

const CORPUS = [
  'GET /?q=hello HTTP/1.1\r\nHost: app.test\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n',
  'GET /?q=%40%40version HTTP/1.1\r\nHost: app.test\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n',
  "GET /?id=1'%20OR%20'1'='1 HTTP/1.1\r\nHost: app.test\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n",
  'GET /static/app.js HTTP/1.1\r\nHost: app.test\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n',
].join('====****\r\n');

describe(
  'detached collector over SSH against the lab',
  { skip: skip ?? false, timeout: 240_000 },
  () => {
    let lab: TestLab;
    let dir: string;
    let result: CollectResult;
    let replay: ReplayResult;

    before(async () => {
      lab = await startLab();
      dir = await mkdtemp(join(tmpdir(), 'waf-gate-collect-ssh-lab-'));
      const corpus = join(dir, 'corpus.txt');
      await writeFile(corpus, CORPUS);
      const waf = lab.candidate;
      const options = parseCollectOptions({
        'run-id': 'ssh-lab',
        'access-log': waf.accessLog,
        'error-log': waf.errorLog,
        'log-format': `'${waf.logFormat}'`,
        'out-dir': join(dir, 'collect'),
        'state-dir': join(dir, 'state'),
        'master-pid-file': waf.pidFile,
        interval: '250ms',
        ...hostInputs(),
      });
      await startDetached(options, silentLogger);
      try {
        // Every SSH connection (the collector's) is cut: it must reconnect and lose nothing.
        assert.ok((await sshd!.dropConnections()) > 0, 'the collector holds a connection');
        const replayOptions = parseReplayOptions({
          target: `http://${waf.host}:${waf.port}`,
          corpus,
          domains: lab.domains.join(','),
          repeat: '4',
          connections: '4',
          'out-dir': join(dir, 'replay'),
          'run-id': 'ssh-lab',
          'progress-interval': '0',
        });
        replay = await runReplay(replayOptions, { logger: silentLogger });
      } finally {
        // Always stop (no collector left behind); the lab logs with flush=1s: settle 2.5 s.
        ({ result } = await stopDetached(
          options.stateDir,
          'ssh-lab',
          { replayFile: join(dir, 'replay', 'replay.json'), settleMs: 2500 },
          silentLogger,
        ));
      }
    });

    after(async () => {
      await lab?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('accounts for every request sent, read through SSH', () => {
      assert.equal(result.host, sshd!.spec);
      const j = result.join!;
      assert.equal(j.sent, replay.totals.sent);
      assert.equal(j.joined, j.sent, JSON.stringify(j.missingByReason));
      assert.equal(j.missing, 0);
      assert.equal(j.unexpected, 0);
      assert.equal(result.log.formatErrors, 0);
      assert.equal(result.incomplete, undefined);
    });

    it('agrees with replay on every status; blocked requests carry rule ids from the error log', () => {
      const rows = readFileSync(join(dir, 'collect', 'joined.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as JoinedRequest);
      for (const row of rows) assert.equal(row.wafStatus, row.replayStatus, JSON.stringify(row));
      const blocked = rows.filter((r) => r.blocked);
      assert.ok(blocked.length > 0);
      for (const row of blocked) assert.ok(row.ruleIds?.includes('949110'), JSON.stringify(row));
    });

    it('anomaly count equals an independent count of the raw log', () => {
      const bytes = readFileSync(lab.candidate.accessLog).subarray(result.log.startOffset ?? 0);
      const lines = bytes.toString('utf8').split('\n').filter(Boolean);
      let anomalies = 0;
      for (const line of lines) {
        const status = Number(line.split('"')[2]!.trim().split(' ')[0]);
        const us = / us=(\S+)/.exec(line)![1];
        if ([400, 403, 408, 499, 500, 502, 503].includes(status) && us === '-') anomalies += 1;
      }
      assert.equal(result.log.lines, lines.length);
      assert.equal(result.anomalies.total, anomalies);
      assert.ok(anomalies > 0);
    });

    it('samples the candidate WAF workers through SSH', () => {
      const group = result.processes.groups[0]!;
      assert.equal(group.name, 'nginx-worker');
      assert.equal(group.pids.length, lab.candidate.workers);
      // The replay is shorter than a sample interval, so the series trimmed to it may be empty; the
      // untrimmed series.csv holds every sample, each with the workers' RSS.
      const rows = readFileSync(join(dir, 'collect', 'series.csv'), 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l.split(',')[2] === 'all');
      assert.ok(rows.length > 0);
      for (const row of rows) assert.ok(Number(row.split(',')[4]) > 0, row);
    });
  },
);

describe('remote collector lifecycle', { skip: skip ?? false, timeout: 120_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-collect-ssh-life-'));
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('max-duration stops a remote collector by itself; stop then finalises', async () => {
    const log = join(dir, 'max.log');
    await writeFile(log, labLine('old.test', 200));
    const options = parseCollectOptions({
      'run-id': 'ssh-max',
      'access-log': log,
      'out-dir': join(dir, 'max-out'),
      'state-dir': join(dir, 'max-state'),
      'poll-interval': '100ms',
      interval: '200ms',
      'max-duration': '2s',
      ...hostInputs(),
    });
    const started = await startDetached(options, silentLogger);
    await appendFile(log, labLine('a.test', 403) + labLine('a.test', 200));
    assert.ok(
      await waitFor(() => readState<DaemonDone>(options.stateDir, 'done') !== undefined, 60_000),
      'the collector wrote done.json',
    );
    assert.ok(await waitFor(() => !isCollectorAlive(started.pid, options.stateDir), 30_000));
    const { result } = await stopDetached(
      options.stateDir,
      'ssh-max',
      { settleMs: 0 },
      silentLogger,
    );
    assert.equal(result.stoppedBy, 'max-duration');
    assert.deepEqual(result.statusCounts, { 'a.test': { '200': 1, '403': 1 } });
    assert.equal(existsSync(options.stateDir), false);
  });

  it('stop after a remote collector died: results recovered from the logs over SSH', async () => {
    const log = join(dir, 'died.log');
    await writeFile(log, labLine('old.test', 200));
    const options = parseCollectOptions({
      'run-id': 'ssh-died',
      'access-log': log,
      'out-dir': join(dir, 'died-out'),
      'state-dir': join(dir, 'died-state'),
      'poll-interval': '100ms',
      interval: '200ms',
      ...hostInputs(),
    });
    const started = await startDetached(options, silentLogger);
    await appendFile(log, labLine('b.test', 403) + labLine('b.test', 200));
    process.kill(started.pid, 'SIGKILL');
    assert.ok(await waitFor(() => !isCollectorAlive(started.pid, options.stateDir)));
    await assert.rejects(
      stopDetached(options.stateDir, 'ssh-died', { settleMs: 0 }, silentLogger),
      (error: Error & { code?: string; hint?: string }) => {
        assert.equal(error.code, 'E_COLLECTOR_DIED');
        assert.match(error.hint ?? '', /Partial results were written/);
        return true;
      },
    );
    const result = JSON.parse(
      readFileSync(join(options.outDir, 'collect.json'), 'utf8'),
    ) as CollectResult;
    assert.equal(result.stoppedBy, 'recovered');
    assert.equal(result.host, sshd!.spec);
    assert.deepEqual(result.statusCounts, { 'b.test': { '200': 1, '403': 1 } });
    assert.equal(existsSync(options.stateDir), false);
  });

  it('`collect start --host` refuses a wrong host key, showing the offered fingerprint, and leaves no state', async () => {
    makeKeyPair(join(dir, 'other'));
    const otherKey = (await readFile(join(dir, 'other.pub'), 'utf8')).trim();
    await writeFile(join(dir, 'known_hosts'), `[127.0.0.1]:${sshd!.port} ${otherKey}\n`);
    const log = join(dir, 'key.log');
    await writeFile(log, '');
    const stateDir = join(dir, 'key-state');
    const printed: string[] = [];
    await assert.rejects(
      collectCommand.run(
        [
          'start',
          '--run-id',
          'ssh-key',
          '--access-log',
          log,
          '--state-dir',
          stateDir,
          '--out-dir',
          join(dir, 'key-out'),
          '--host',
          sshd!.spec,
          '--ssh-key',
          sshd!.identityFile,
          '--known-hosts',
          join(dir, 'known_hosts'),
        ],
        {
          logger: silentLogger,
          print: (t) => printed.push(t),
          signal: new AbortController().signal,
        },
      ),
      (error: Error & { code?: string; hint?: string }) => {
        assert.match(error.code ?? '', /^E_SSH_HOST_KEY/);
        assert.ok(
          `${error.message} ${error.hint ?? ''}`.includes(sshd!.fingerprint),
          error.message,
        );
        return true;
      },
    );
    assert.equal(existsSync(stateDir), false);
    assert.deepEqual(printed, []);
  });

  it('analyze over SSH reads a log exactly as locally: binary garbage, a 1 MB line, no final newline', async () => {
    const log = join(dir, 'analyze.log');
    const parts: Buffer[] = [];
    for (let k = 0; k < 2000; k += 1)
      parts.push(Buffer.from(labLine(`d${k % 7}.test`, k % 5 === 0 ? 403 : 200)));
    parts.push(
      Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]),
      Buffer.alloc(1 << 20, 0x61),
      Buffer.from('\n'),
    );
    parts.push(Buffer.from(labLine('last.test', 200).trimEnd()));
    await writeFile(log, Buffer.concat(parts));
    const run = (host: CollectInputs, out: string): Promise<CollectResult> =>
      analyzeLog(
        parseCollectOptions({
          'run-id': 'an',
          'access-log': log,
          'out-dir': join(dir, out),
          ...host,
        }),
        silentLogger,
      );
    const local = await run({}, 'an-local');
    const remote = await run(hostInputs(), 'an-ssh');
    assert.equal(remote.log.lines, 2003);
    assert.equal(remote.log.bytesRead, local.log.bytesRead);
    assert.deepEqual(remote.log, local.log);
    assert.deepEqual(remote.statusCounts, local.statusCounts);
    assert.deepEqual(remote.anomalies, local.anomalies);
    assert.equal(remote.host, sshd!.spec);
  });

  it('a relative log path with a remote host is a ConfigError naming the input', () => {
    assert.throws(
      () =>
        parseCollectOptions({ 'run-id': 'rel', 'access-log': 'logs/access.log', ...hostInputs() }),
      (error: Error & { input?: string }) => {
        assert.equal(error.input, 'access-log');
        assert.match(error.message, /absolute path/);
        return true;
      },
    );
  });
});
