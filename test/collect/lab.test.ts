/**
 * Against the real lab (nginx + ModSecurity + CRS, PL2) under a real replay: every request sent is
 * accounted for by the join (sent = joined + missing), blocked requests carry their rule ids, and the
 * anomaly count equals an independent count of the raw log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/common/logger.ts';
import {
  startCollection,
  parseCollectOptions,
  type CollectResult,
  type JoinedRequest,
} from '../../src/collect/index.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import type { ReplayResult } from '../../src/replay/types.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

const CORPUS = [
  'GET /?q=hello HTTP/1.1\r\nHost: app.test\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n',
  'GET /?q=%40%40version HTTP/1.1\r\nHost: app.test\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n',
  "GET /?id=1'%20OR%20'1'='1 HTTP/1.1\r\nHost: app.test\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n",
  'GET /static/app.js HTTP/1.1\r\nHost: app.test\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n',
  'GET /?user=admin%27%20%23 HTTP/1.1\r\nHost: app.test\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n',
].join('====****\r\n');

describe('collect against the lab under replay', { timeout: 180_000 }, () => {
  let lab: TestLab;
  let dir: string;
  let result: CollectResult;
  let replay: ReplayResult;

  before(async () => {
    lab = await startLab();
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-collect-lab-'));
    const corpus = join(dir, 'corpus.txt');
    await writeFile(corpus, CORPUS);
    const waf = lab.candidate;
    const options = parseCollectOptions({
      'run-id': 'lab-test',
      'access-log': waf.accessLog,
      'error-log': waf.errorLog,
      'log-format': `'${waf.logFormat}'`,
      'out-dir': join(dir, 'collect'),
      'master-pid-file': waf.pidFile,
      interval: '250ms',
    });
    const handle = await startCollection(options, { logger: silentLogger });
    try {
      const replayOptions = parseReplayOptions({
        target: `http://${waf.host}:${waf.port}`,
        corpus,
        domains: lab.domains.join(','),
        repeat: '4',
        connections: '4',
        'out-dir': join(dir, 'replay'),
        'run-id': 'lab-test',
        'progress-interval': '0',
      });
      replay = await runReplay(replayOptions, { logger: silentLogger });
    } catch (error) {
      await handle.abort();
      throw error;
    }
    // The lab logs with buffer=64k flush=1s: stop keeps reading for the settle time.
    result = await handle.stop({ replayFile: join(dir, 'replay', 'replay.json'), settleMs: 2500 });
  });

  after(async () => {
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('accounts for every request sent', () => {
    const j = result.join!;
    assert.equal(j.sent, replay.totals.sent);
    assert.equal(j.joined + j.missing, j.sent);
    assert.equal(j.missing, 0, JSON.stringify(j.missingByReason));
    assert.equal(j.unexpected, 0);
    assert.equal(result.log.formatErrors, 0);
    assert.deepEqual(result.loadedInterval, {
      startMs: replay.startedAtMs,
      endMs: replay.endedAtMs,
    });
  });

  it('agrees with replay on every status and attaches rule ids to blocked requests', () => {
    const rows = readFileSync(join(dir, 'collect', 'joined.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JoinedRequest);
    for (const row of rows) assert.equal(row.wafStatus, row.replayStatus, JSON.stringify(row));
    const blocked = rows.filter((r) => r.blocked);
    assert.ok(blocked.length > 0);
    for (const row of blocked) assert.ok(row.ruleIds?.includes('949110'), JSON.stringify(row));
    assert.ok(
      blocked.some((r) => r.ruleIds?.includes('942480')),
      'PL2-only rule for @@version',
    );
  });

  it('anomaly count equals an independent count of the raw log', async () => {
    const text = readFileSync(lab.candidate.accessLog, 'utf8');
    const from = result.log.startOffset ?? 0;
    assert.ok((await stat(lab.candidate.accessLog)).size >= from);
    const lines = Buffer.from(text).subarray(from).toString('utf8').split('\n').filter(Boolean);
    let anomalies = 0;
    for (const line of lines) {
      const status = Number(line.split('"')[2]!.trim().split(' ')[0]);
      const us = / us=(\S+)/.exec(line)![1];
      if ([400, 403, 408, 499, 500, 502, 503].includes(status) && us === '-') anomalies += 1;
    }
    assert.equal(lines.length, result.log.lines);
    assert.equal(result.anomalies.total, anomalies);
    assert.ok(anomalies > 0);
  });

  it('samples the candidate WAF worker only', () => {
    const group = result.processes.groups[0]!;
    assert.equal(group.name, 'nginx-worker');
    assert.equal(group.pids.length, lab.candidate.workers);
    assert.ok(group.rssBytes.max > 0);
  });
});
