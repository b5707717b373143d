/**
 * The join by connection on the real lab (nginx + ModSecurity + CRS; the lab logs `$remote_port`):
 * requests nginx answers before it reads their id header — HTTP/3.0 (505), a method nginx rejects
 * (400) — and HTTP/0.9 (no headers at all) are replayed on connections of their own and joined to
 * their access-log line by the client's port and the log time.
 *
 * What happens, precisely: the 505 and 400 lines are found; ModSecurity logged nothing for them (nginx
 * answered the request line itself), so their ftw expectations (status, and `no_log_contains`) are
 * decided on the joined record and pass, as under go-ftw. HTTP/0.9 is seen by ModSecurity (920430,
 * 920280 → 949110, 403 in the log); the client gets a body without a status line, so replay records no
 * HTTP response (`reset`), which the test's `expect_error: true` expects; its rule ids come through
 * the port join all the same.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { CollectResult, JoinedRequest } from '../../src/collect/types.ts';
import { silentLogger } from '../../src/common/logger.ts';
import { compareRuns, defaultPolicy } from '../../src/compare/index.ts';
import { parseMeasureInputs } from '../../src/pipeline/options.ts';
import { runPipeline } from '../../src/pipeline/index.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import type { RequestOutcome } from '../../src/replay/types.ts';
import { writeComparison } from '../../src/report/write.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { tempDir } from '../replay/raw-servers.ts';

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'ftw', 'port-join');

async function jsonLines<T>(file: string): Promise<T[]> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);
}

describe('the join by connection on the real lab', { timeout: 300_000 }, () => {
  let lab: TestLab;
  let out: string;
  before(async () => {
    lab = await startLab({ wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1 }] });
    out = join(lab.dir, '..', 'out');
    const waf = lab.wafs[0]!;
    const { target, pipeline } = parseMeasureInputs({
      target: `http://${waf.host}:${waf.port}`,
      label: waf.name,
      version: 'lab-pl1',
      'access-log': waf.accessLog,
      'error-log': waf.errorLog,
      'master-pid-file': waf.pidFile,
      'log-format': 'waf-gate-lab',
      corpus: CORPUS,
      domains: 'as-captured',
      'out-dir': out,
      'run-id': 'port-join',
    });
    await runPipeline([target], pipeline, { logger: silentLogger });
  });
  after(() => lab?.stop());

  it('joins the 505, the 400 and the HTTP/0.9 request by port; the ftw tests are decided', async () => {
    const quality = join(out, 'baseline', 'quality');
    const outcomes = await jsonLines<RequestOutcome>(join(quality, 'outcomes.jsonl'));
    const byTarget = (method: string, target: string): RequestOutcome =>
      outcomes.find((o) => o.method === method && o.target === target)!;
    const http3 = outcomes.find((o) => o.status === 505)!;
    const badMethod = byTarget('G@T', '/');
    const http09 = outcomes.find((o) => o.id === null)!;
    for (const o of [http3, badMethod, http09]) {
      assert.equal(o.ownConnection, true, `${o.entryKey} goes on a connection of its own`);
      assert.equal(o.reusedConnection, false);
      assert.equal(o.localAddress, '127.0.0.1');
      assert.ok(typeof o.localPort === 'number' && o.localPort > 0);
    }
    assert.equal(byTarget('GET', '/ok-before').ownConnection, undefined);
    const joined = await jsonLines<JoinedRequest>(join(quality, 'joined.jsonl'));
    const row = (o: RequestOutcome): JoinedRequest =>
      joined.find((j) => (o.id === null ? j.id === '' : j.id === o.id))!;
    assert.deepEqual(
      [http3, badMethod, http09].map((o) => [row(o).joinedBy, row(o).wafStatus]),
      [
        ['port', 505],
        ['port', 400],
        ['port', 403],
      ],
    );
    assert.deepEqual(row(http3).ruleIds, undefined, 'ModSecurity never saw the 505');
    assert.deepEqual(row(badMethod).ruleIds, undefined, 'nor the 400');
    assert.deepEqual(row(http09).ruleIds, ['920430', '920280', '949110']);
    assert.equal(http09.status, null);
    assert.equal(http09.error, 'reset');
    const collect = JSON.parse(
      await readFile(join(quality, 'collect.json'), 'utf8'),
    ) as CollectResult;
    assert.equal(collect.join!.sent, 6);
    assert.equal(collect.join!.joined, 6);
    assert.equal(collect.join!.joinedByPort, 3);

    const c = await compareRuns(join(out, 'baseline'), join(out, 'baseline'), defaultPolicy());
    const ftw = c.ftw!.candidate;
    assert.deepEqual(Object.fromEntries(ftw.tests.map((t) => [t.test, t.outcome])), {
      '920430-1': 'passed',
      '920430-2': 'passed',
      '920430-3': 'passed',
      '920430-4': 'passed',
      '920430-5': 'passed',
      '920430-6': 'passed',
    });
    assert.deepEqual(ftw.joins, { byId: 3, byConnection: 3, notJoined: {} });
    assert.deepEqual(ftw.unjoinedRequests, {});
    assert.deepEqual(c.quality!.joins!.candidate, { byId: 3, byConnection: 3, notJoined: {} });
    const written = await writeComparison(c, join(out, 'report'));
    const report = await readFile(written.reportFile, 'utf8');
    assert.match(
      report,
      /Log join — baseline: 3 by request id, 3 by connection \(\$remote_port\), 0 not joined; candidate: 3 by request id, 3 by connection/,
    );
    assert.match(
      report,
      /ftw requests joined to their log line — candidate: 3 by request id, 3 by connection/,
    );
  });

  it('one connection: an isolated request closes the connection before it and opens none after it', async () => {
    const tmp = await tempDir();
    try {
      const ua = 'User-Agent: waf-gate-test\r\nAccept: */*\r\n';
      const ok = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${ua}\r\n`;
      const corpus = await tmp.write(
        'c.txt',
        [ok('/a'), ok('/b'), 'GET / HTTP/3.0\r\nHost: localhost\r\n\r\n', ok('/c'), ok('/d')].join(
          '====****\n',
        ),
      );
      const waf = lab.wafs[0]!;
      await runReplay(
        parseReplayOptions({
          target: `http://${waf.host}:${waf.port}`,
          corpus,
          domains: 'localhost',
          mode: 'quality',
          connections: '1',
          'run-id': 'isolation',
          'out-dir': join(tmp.dir, 'out'),
          'progress-interval': '0',
        }),
        { logger: silentLogger },
      );
      const outcomes = await jsonLines<RequestOutcome>(join(tmp.dir, 'out', 'outcomes.jsonl'));
      const seen = outcomes.map((o) => [o.target, o.reusedConnection, o.ownConnection ?? false]);
      assert.deepEqual(seen, [
        ['/a', false, false],
        ['/b', true, false],
        ['/', false, true],
        ['/c', false, false],
        ['/d', true, false],
      ]);
      const ports = outcomes.map((o) => o.localPort!);
      assert.equal(ports[0], ports[1], '/a and /b share a connection');
      assert.equal(ports[3], ports[4], '/c and /d share a connection');
      assert.equal(
        new Set([ports[0], ports[2], ports[3]]).size,
        3,
        'the HTTP/3.0 request is alone',
      );
      // The access log names the same port for the 505 line (the WAF buffers its log for up to 1 s).
      let log = '';
      for (let i = 0; i < 50 && !log.includes('isolation-0-4'); i++) {
        await sleep(100);
        log = await readFile(waf.accessLog, 'utf8');
      }
      const line = log
        .split('\n')
        .find((l) => l.includes(`port=${ports[2]}`) && l.includes(' 505 '));
      assert.ok(line, `a 505 line with port=${ports[2]}`);
      assert.match(line, /gid=- /);
    } finally {
      await tmp.cleanup();
    }
  });
});
