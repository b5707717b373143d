/** Quality mode against the real lab WAF: every request once per domain, unique ids, joinable log lines. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import type { RequestOutcome } from '../../src/replay/types.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';
import { tempDir } from './raw-servers.ts';

const UA = 'User-Agent: Mozilla/5.0 waf-gate-test\r\nAccept: */*\r\n';
const CORPUS = [
  `GET /index.html HTTP/1.1\r\nHost: captured.example\r\n${UA}\r\n`,
  `GET /?q=ls%20-la HTTP/1.1\r\nHost: captured.example\r\n${UA}\r\n`,
  `POST /login HTTP/1.1\r\nHost: captured.example\r\n${UA}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 19\r\n\r\nuser=a&pass=b%27or1\n`,
  `GET http://captured.example/abs?x=1 HTTP/1.1\nHost: captured.example\n${UA.replaceAll('\r\n', '\n')}\n`,
  'GET /zero-nine\r\n',
].join('====****\n');

describe('quality mode against the lab', () => {
  let lab: TestLab;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    lab = await startLab();
    tmp = await tempDir();
  });
  after(async () => {
    await lab?.stop();
    await tmp?.cleanup();
  });

  it(
    'sends every request once per domain with a unique id; outcomes has one line per request',
    { timeout: 120_000 },
    async () => {
      const corpus = await tmp.write('quality.txt', CORPUS);
      const outDir = join(tmp.dir, 'out');
      const domains = lab.domains;
      const result = await runReplay(
        parseReplayOptions({
          target: `http://${lab.baseline.host}:${lab.baseline.port}`,
          corpus,
          domains: domains.join(','),
          mode: 'quality',
          connections: '4',
          'run-id': 'labtest',
          'out-dir': outDir,
          'progress-interval': '0',
        }),
        { logger: silentLogger },
      );
      const expected = 5 * domains.length;
      assert.equal(result.totals.sent, expected);
      assert.equal(result.totals.completed + result.totals.errors, expected);
      assert.equal(result.totals.unjoinable, domains.length);
      for (const d of domains) assert.equal(result.perDomain[d]!.sent, 5);
      const outcomes = (await readFile(join(outDir, 'outcomes.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as RequestOutcome);
      assert.equal(outcomes.length, expected);
      const ids = outcomes.map((o) => o.id).filter((id): id is string => id !== null);
      assert.equal(new Set(ids).size, ids.length);
      assert.equal(ids.length, expected - domains.length);
      const keys = new Set(outcomes.map((o) => `${o.entryKey}@${o.domain}`));
      assert.equal(keys.size, expected);
      // The WAF blocks a command-injection probe at PL1 and passes the plain page.
      const status = (target: string, domain: string): number | null =>
        outcomes.find((o) => o.target === target && o.domain === domain)?.status ?? null;
      assert.equal(status('/index.html', domains[0]!), 200);
      assert.equal(status('/?q=ls%20-la', domains[0]!), 403);
      // Every id shows up in the WAF's access log (gid=…), so log lines join to requests exactly.
      let log = '';
      for (let i = 0; i < 50 && !ids.every((id) => log.includes(`gid=${id}`)); i++) {
        await sleep(200);
        log = await readFile(lab.baseline.accessLog, 'utf8').catch(() => '');
      }
      for (const id of ids) assert.ok(log.includes(`gid=${id} `), `id ${id} not in the access log`);
    },
  );
});
