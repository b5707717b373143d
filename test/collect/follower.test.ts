/**
 * Following a log the WAF writes, with real files: copytruncate in the middle of a run, rename without
 * reopen, partial last lines, a 1 MB line, a line over the limit, and chunk boundaries.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { appendFile, copyFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/common/logger.ts';
import {
  startCollection,
  type CollectionHandle,
  parseCollectOptions,
} from '../../src/collect/index.ts';
import { waitFor } from './helpers.ts';

const line = (host: string, status: number, ua = 'ua', gid = '-'): string =>
  `127.0.0.1 - - [21/Nov/2026:11:34:28 +0000] "GET /x HTTP/1.1" ${status} 10 "-" "${ua}" host=${host} rt=0.001 us=${status === 403 ? '-' : '200'} urt=- gid=${gid} rid=0123456789abcdef0123456789abcdef port=40000\n`;

/** Waits long enough for the collector to poll (100 ms interval) a few times. */
const settle = (): Promise<boolean> => waitFor(() => false, 350);

describe('log following', { timeout: 60_000 }, () => {
  let dir: string;
  let n = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-collect-follow-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function start(
    initial = line('before.test', 200),
  ): Promise<{ log: string; out: string; handle: CollectionHandle }> {
    n += 1;
    const log = join(dir, `access-${n}.log`);
    const out = join(dir, `out-${n}`);
    await writeFile(log, initial);
    const options = parseCollectOptions({
      'run-id': `f${n}`,
      'access-log': log,
      'out-dir': out,
      'poll-interval': '100ms',
    });
    const handle = await startCollection(options, { logger: silentLogger, sample: false });
    return { log, out, handle };
  }

  it('copytruncate in the middle of a run: reads the truncated file from 0', async () => {
    const { log, handle } = await start();
    await appendFile(log, line('a.test', 200) + line('a.test', 403) + line('a.test', 200));
    await settle();
    await copyFile(log, `${log}.1`);
    await truncate(log, 0);
    await settle();
    await appendFile(log, line('b.test', 403) + line('b.test', 200));
    const result = await handle.stop({ settleMs: 250 });
    assert.equal(result.log.rotations?.truncated, 1);
    assert.equal(result.log.lines, 5);
    assert.deepEqual(result.statusCounts, {
      'a.test': { '200': 2, '403': 1 },
      'b.test': { '200': 1, '403': 1 },
    });
    assert.equal(result.anomalies.total, 2);
  });

  it('rename without a reopen yet: keeps reading the old inode, then the new file from 0', async () => {
    const { log, handle } = await start();
    await appendFile(log, line('a.test', 200));
    await settle();
    await rename(log, `${log}.1`);
    await settle();
    await appendFile(`${log}.1`, line('a.test', 403)); // the WAF still writes to the old file
    await writeFile(log, line('c.test', 200)); // then reopens (new inode)
    await settle();
    await appendFile(`${log}.1`, line('a.test', 200)); // late buffered flush to the old inode
    const result = await handle.stop({ settleMs: 250 });
    assert.equal(result.log.rotations?.renamed, 1);
    assert.deepEqual(result.statusCounts, {
      'a.test': { '200': 2, '403': 1 },
      'c.test': { '200': 1 },
    });
  });

  it('holds a partial last line until it is complete, or until stop', async () => {
    const { log, handle } = await start();
    const full = line('p.test', 200);
    await appendFile(log, full.slice(0, 40));
    await settle();
    await appendFile(log, full.slice(40));
    await appendFile(log, line('p.test', 403).slice(0, -1)); // no newline yet at stop
    const result = await handle.stop({ settleMs: 250 });
    assert.equal(result.log.lines, 2);
    assert.equal(result.log.formatErrors, 0);
    assert.deepEqual(result.statusCounts, { 'p.test': { '200': 1, '403': 1 } });
  });

  it('parses a 1 MB line, keeps only the head of a line over the limit, and goes on', async () => {
    const { log, out, handle } = await start();
    const big = 'M'.repeat(1024 * 1024);
    await appendFile(log, line('big.test', 200, big, 'g-big'));
    await appendFile(log, `${'x'.repeat(5 * 1024 * 1024)}\n`);
    await appendFile(log, line('after.test', 200));
    const result = await handle.stop({ settleMs: 300 });
    assert.equal(result.log.lines, 3);
    assert.equal(result.log.parsed, 2);
    assert.equal(result.log.overlong, 1);
    assert.equal(result.log.formatErrors, 1);
    assert.deepEqual(result.statusCounts, { 'after.test': { '200': 1 }, 'big.test': { '200': 1 } });
    const kept = readFileSync(join(out, 'format-errors.log'));
    assert.equal(kept.length, 8192 + 1);
  });

  it('counts exactly across 4 MiB read boundaries', async () => {
    const { log, handle } = await start('');
    const parts: string[] = [];
    for (let i = 0; i < 40_000; i += 1)
      parts.push(
        line(
          `h${i % 7}.test`,
          i % 5 === 0 ? 403 : 200,
          'Mozilla/5.0 (X11; Linux x86_64)',
          `id-${i}`,
        ),
      );
    await appendFile(log, parts.join(''));
    const result = await handle.stop({ settleMs: 300 });
    assert.equal(result.log.lines, 40_000);
    assert.equal(result.log.parsed, 40_000);
    assert.equal(result.anomalies.total, 8000);
    assert.ok(result.log.bytesRead > 4 * 1024 * 1024, 'crosses a 4 MiB read');
  });
});
