/**
 * A real nginx with a log_format using every common variable: requests sent over raw sockets carrying
 * the id header, rotation by rename + USR1 in the middle of the run, a worker killed with SIGSEGV.
 * Results are checked against an independent count of the raw log lines.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/common/logger.ts';
import {
  startCollection,
  parseCollectOptions,
  type CollectResult,
  type JoinedRequest,
} from '../../src/collect/index.ts';
import type { RequestOutcome } from '../../src/replay/types.ts';
import { sendAll, startTestNginx, waitFor, type RawRequest, type TestNginx } from './helpers.ts';

const EVERY_VARIABLE_FORMAT =
  `'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" '\n` +
  `'host=$host sn=$server_name m=$request_method ru="$request_uri" u=$uri a="$args" bs=$bytes_sent ms=$msec '\n` +
  `'iso=$time_iso8601 sch=$scheme proto=$server_protocol rt=$request_time us=$upstream_status '\n` +
  `'urt=$upstream_response_time ck=$cookie_session q=$arg_q sh=$sent_http_x_test ref2=$http_referer '\n` +
  `'gid=\${http_x_waf_gate_id} rid=$request_id'`;

const HOSTS = ['app.test', 'shop.test', 'api.test'];
const PATHS = ['/', '/deny', '/bad', '/up/a?q=1', '/gone/x', '/?q=%40%40version&x=1'];

function batch(prefix: string, n: number, withoutId = 0): RawRequest[] {
  const reqs: RawRequest[] = [];
  for (let i = 0; i < n; i += 1) {
    reqs.push({
      host: HOSTS[i % HOSTS.length]!,
      path: PATHS[i % PATHS.length]!,
      id: i < withoutId ? null : `${prefix}-${i}`,
      extraHeaders: i % 2 === 0 ? ['Cookie: session=abc123', 'Referer: http://ref.test/p?a=1'] : [],
    });
  }
  return reqs;
}

/** Independent count: split each raw line on quotes / spaces, nothing shared with the parser. */
function independentCount(
  text: string,
  anomalyStatuses: number[],
): { counts: Record<string, Record<string, number>>; anomalies: number; lines: number } {
  const counts: Record<string, Record<string, number>> = {};
  let anomalies = 0;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    lines += 1;
    const status = line.split('"')[2]!.trim().split(' ')[0]!;
    const host = line.split(' host=')[1]!.split(' ')[0]!;
    const us = line.split(' us=')[1]!.split(' urt=')[0]!;
    counts[host] ??= {};
    counts[host][status] = (counts[host][status] ?? 0) + 1;
    if (anomalyStatuses.includes(Number(status)) && us === '-') anomalies += 1;
  }
  return { counts, anomalies, lines };
}

describe('collect against a real nginx (every common variable)', { timeout: 120_000 }, () => {
  let nginx: TestNginx;
  let out: string;
  let result: CollectResult;
  let sent: RawRequest[] = [];
  let crashedPid = 0;
  let rotatedPath = '';

  before(async () => {
    nginx = await startTestNginx({ logFormat: EVERY_VARIABLE_FORMAT, workers: 2 });
    out = await mkdtemp(join(tmpdir(), 'waf-gate-collect-out-'));
    // Lines from before the start must not be counted.
    await sendAll(nginx.port, batch('before', 5));
    const options = parseCollectOptions({
      'run-id': 'nginx-test',
      'access-log': nginx.paths.accessLog,
      'error-log': nginx.paths.errorLog,
      'log-format': EVERY_VARIABLE_FORMAT,
      'out-dir': out,
      'master-pid-file': nginx.paths.pidFile,
      interval: '200ms',
      'poll-interval': '100ms',
    });
    const handle = await startCollection(options, { logger: silentLogger });
    const b1 = batch('b1', 30, 2);
    await sendAll(nginx.port, b1);
    // Rotation by rename + USR1 (what logrotate and the original scripts do), mid-run.
    await waitFor(() => false, 400); // let the collector poll the old file at least once
    rotatedPath = `${nginx.paths.accessLog}.1`;
    await rename(nginx.paths.accessLog, rotatedPath);
    const b2 = batch('b2', 12);
    await sendAll(nginx.port, b2.slice(0, 6)); // still written to the renamed file
    process.kill(nginx.masterPid, 'SIGUSR1');
    assert.ok(
      await waitFor(() => existsSync(nginx.paths.accessLog)),
      'nginx reopened the access log',
    );
    await sendAll(nginx.port, b2.slice(6));
    // A worker killed with SIGSEGV: the master logs it and starts another one.
    await waitFor(() => false, 500); // two samples see the worker alive
    const workers = await nginx.workers();
    crashedPid = workers[0]!;
    process.kill(crashedPid, 'SIGSEGV');
    assert.ok(
      await waitFor(async () => {
        const now = await nginx.workers();
        return !now.includes(crashedPid) && now.length === workers.length;
      }),
      'the master respawned the worker',
    );
    await waitFor(() => false, 500);
    const b3 = batch('b3', 18);
    await sendAll(nginx.port, b3);
    sent = [...b1, ...b2, ...b3];
    const outcomes: RequestOutcome[] = sent.map((r, i) => ({
      id: r.id,
      domain: r.host,
      origin: { file: 'test', index: i, line: i + 1 },
      entryKey: `test#${i % PATHS.length}`,
      method: 'GET',
      target: r.path,
      status: 200,
      error: null,
      latencyUs: 100,
      bytesSent: 100,
      bytesReceived: 100,
      reusedConnection: false,
      startedAtMs: Date.now(),
    }));
    // One request the WAF never saw (e.g. refused before logging).
    outcomes.push({ ...outcomes[outcomes.length - 1]!, id: 'never-logged' });
    const outcomesFile = join(out, 'outcomes.jsonl');
    await writeFile(outcomesFile, outcomes.map((o) => JSON.stringify(o)).join('\n') + '\n');
    result = await handle.stop({ outcomesFile, settleMs: 300 });
  });

  after(async () => {
    await nginx?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('parses every line of the format, from the start offset only, across the rotation', () => {
    const bad = join(out, 'format-errors.log');
    assert.equal(
      result.log.formatErrors,
      0,
      existsSync(bad) ? readFileSync(bad, 'utf8').slice(0, 500) : '',
    );
    assert.equal(result.log.lines, sent.length);
    assert.equal(result.log.parsed, sent.length);
    assert.equal(result.log.rotations?.renamed, 1);
  });

  it('counts statuses and anomalies exactly like an independent split of the raw log', () => {
    const raw =
      readFileSync(rotatedPath, 'utf8').split('\n').slice(5).join('\n') +
      readFileSync(nginx.paths.accessLog, 'utf8');
    const expected = independentCount(raw, result.anomalies.statuses);
    assert.equal(expected.lines, sent.length);
    assert.deepEqual(result.statusCounts, expected.counts);
    assert.equal(result.anomalies.total, expected.anomalies);
    assert.ok(result.anomalies.total > 0);
    const perDomain = Object.values(result.anomalies.perDomain)
      .flatMap((s) => Object.values(s))
      .reduce((a, b) => a + b, 0);
    assert.equal(perDomain, result.anomalies.total);
    for (const domain of Object.keys(result.anomalies.perDomain)) {
      const kept = readFileSync(join(out, 'anomalies', `${domain}.log`), 'utf8')
        .trim()
        .split('\n');
      assert.equal(
        kept.length,
        Object.values(result.anomalies.perDomain[domain]!).reduce((a, b) => a + b, 0),
      );
    }
  });

  it('joins every request sent: sent = joined + missing, with reasons', () => {
    const join_ = result.join!;
    assert.equal(join_.sent, sent.length + 1);
    assert.equal(join_.joined + join_.missing, join_.sent);
    assert.equal(join_.joined, sent.filter((r) => r.id !== null).length);
    assert.deepEqual(join_.missingByReason, { 'no-id': 2, 'no-log-line': 1 });
    assert.equal(join_.unexpected, 0);
    const rows = readFileSync(join(out, 'joined.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JoinedRequest);
    assert.equal(rows.length, join_.sent);
    const deny = rows.find((r) => r.id === 'b1-7')!; // 7 % 6 = 1: /deny
    assert.equal(deny.wafStatus, 403);
    assert.equal(deny.upstreamStatus, '-');
    assert.equal(deny.blocked, true);
    const proxied = rows.find((r) => r.id === 'b1-9')!; // 9 % 6 = 3: /up/a?q=1, upstream 200
    assert.equal(proxied.wafStatus, 200);
    assert.equal(proxied.upstreamStatus, '200');
    assert.equal(proxied.blocked, false);
  });

  it('reports the SIGSEGV worker as a crash with the error log line', () => {
    const crash = result.crashes.find((c) => c.pid === crashedPid);
    assert.ok(crash, JSON.stringify(result.crashes));
    assert.equal(crash.signal, 'SIGSEGV');
    assert.match(crash.detail, /exited on signal 11/);
    assert.equal(crash.group, 'nginx-worker');
    assert.ok(
      result.findings.some(
        (f) => f.kind === 'worker-signal' && f.line.includes(String(crashedPid)),
      ),
    );
    const group = result.processes.groups[0]!;
    assert.ok(group.pids.includes(crashedPid));
    assert.ok(group.pids.length >= 3, 'old workers and the respawned one');
    assert.ok(group.cpuPct.samples > 0);
    assert.ok(group.rssBytes.max > 0);
    assert.ok(result.processes.events?.some((e) => e.kind === 'appeared'));
  });
});
