/**
 * Shaped quality replay through the real lab WAF (nginx + ModSecurity + CRS): with slow head and body,
 * a delay and a download cap, well within nginx's timeouts, every request gets the same verdict as
 * unshaped, and every id still joins the WAF's access log.
 */
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
  `POST /search HTTP/1.1\r\nHost: captured.example\r\n${UA}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 36\r\n\r\nq=<script>alert(document.cookie)</>\n`,
].join('====****\n');

describe('shaped quality replay through the lab WAF', () => {
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

  async function verdicts(name: string, shaping: Record<string, string>) {
    const outDir = join(tmp.dir, name);
    const result = await runReplay(
      parseReplayOptions({
        target: `http://${lab.baseline.host}:${lab.baseline.port}`,
        corpus: await tmp.write('lab.txt', CORPUS),
        domains: lab.domains.join(','),
        connections: '4',
        'run-id': name,
        'out-dir': outDir,
        'progress-interval': '0',
        ...shaping,
      }),
      { logger: silentLogger },
    );
    const outcomes = (await readFile(join(outDir, 'outcomes.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RequestOutcome);
    const byKey = new Map(outcomes.map((o) => [`${o.entryKey}@${o.domain}`, o.status]));
    return { result, outcomes, byKey };
  }

  it(
    'same verdict per request as unshaped; every id in the access log',
    { timeout: 120_000 },
    async () => {
      const plain = await verdicts('plain', {});
      const shaped = await verdicts('shaped', {
        'slow-header': '40/20ms',
        'slow-body': '8/20ms',
        delay: '20ms',
        'download-rate': '16KiB/s',
      });
      const expected = 4 * lab.domains.length;
      assert.equal(shaped.result.totals.sent, expected);
      assert.equal(shaped.result.totals.errors, 0, JSON.stringify(shaped.result.errorCounts));
      assert.deepEqual(shaped.result.loadShape.shaping, {
        downloadRateBps: 16 * 1024,
        delayMs: 20,
        slowHeader: { bytes: 40, intervalMs: 20 },
        slowBody: { bytes: 8, intervalMs: 20 },
      });
      assert.deepEqual([...shaped.byKey.entries()].sort(), [...plain.byKey.entries()].sort());
      // The CRS verdicts themselves: the page passes, the injections are blocked.
      const d = lab.domains[0]!;
      const status = (target: string): number | null =>
        shaped.outcomes.find((o) => o.target === target && o.domain === d)?.status ?? null;
      assert.equal(status('/index.html'), 200);
      assert.equal(status('/?q=ls%20-la'), 403);
      const statuses = new Set(shaped.outcomes.filter((o) => o.domain === d).map((o) => o.status));
      assert.ok(statuses.has(403), 'CRS blocked something');
      const ids = shaped.outcomes.map((o) => o.id).filter((id): id is string => id !== null);
      assert.equal(ids.length, expected);
      let log = '';
      for (let i = 0; i < 50 && !ids.every((id) => log.includes(`gid=${id} `)); i++) {
        await sleep(200);
        log = await readFile(lab.baseline.accessLog, 'utf8').catch(() => '');
      }
      for (const id of ids) assert.ok(log.includes(`gid=${id} `), `id ${id} not in the access log`);
    },
  );
});
