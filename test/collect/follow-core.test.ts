/**
 * The rotation-following core (follow-core.ts) on its own, and the local follower on real files where
 * the old follower lost lines: copytruncate followed by more writes than before, between two polls.
 */
import assert from 'node:assert/strict';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  renameSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import {
  FINGERPRINT_BYTES,
  FollowCursor,
  LineSplitter,
  LogFollower,
  HostLogFollower,
} from '../../src/collect/follow/index.ts';
import { LocalHost } from '../../src/hosts/local.ts';

const bytes = (text: string): Buffer => Buffer.from(text);

describe('FollowCursor', () => {
  it('continues on the same file growing, rotates on another inode or device, restarts when shrunk', () => {
    const c = new FollowCursor(7, 1, 100);
    assert.equal(c.observe({ ino: 7, dev: 1, size: 100 }), 'continue');
    assert.equal(c.observe({ ino: 7, dev: 1, size: 150 }), 'continue');
    assert.equal(c.observe({ ino: 7, size: 150 }), 'continue', 'no device over SSH');
    assert.equal(c.observe({ ino: 8, dev: 1, size: 150 }), 'reopen-rotated');
    assert.equal(c.observe({ ino: 7, dev: 2, size: 150 }), 'reopen-rotated');
    assert.equal(c.observe({ ino: 7, dev: 1, size: 99 }), 'truncated-restart');
    assert.equal(c.observe(null), 'missing');
  });

  it('keeps the last bytes read as the fingerprint and checks that a read starts with them', () => {
    const c = new FollowCursor(1, undefined, 0);
    assert.equal(c.readFrom, 0);
    const first = bytes('a'.repeat(30) + '\n');
    assert.deepEqual(c.check(first), { decision: 'continue', dataStart: 0 });
    c.advance(first, 0, first.length);
    assert.equal(c.offset, 31);
    assert.equal(c.readFrom, 0, 'the whole file so far is the fingerprint');
    const second = bytes('b'.repeat(70) + '\n');
    c.advance(second, 0, second.length);
    assert.equal(c.offset, 102);
    assert.equal(c.readFrom, 102 - FINGERPRINT_BYTES);
    assert.deepEqual(
      Buffer.from(c.fingerprint),
      second.subarray(second.length - FINGERPRINT_BYTES),
    );
    const again = Buffer.concat([second.subarray(second.length - FINGERPRINT_BYTES), bytes('c\n')]);
    assert.deepEqual(c.check(again), { decision: 'continue', dataStart: FINGERPRINT_BYTES });
    const rewritten = Buffer.from(again);
    rewritten[3] = 0x7a;
    assert.deepEqual(c.check(rewritten), { decision: 'truncated-restart', reason: 'rewritten' });
    assert.deepEqual(c.check(again, FINGERPRINT_BYTES - 1), {
      decision: 'truncated-restart',
      reason: 'rewritten',
    });
    c.restart();
    assert.equal(c.offset, 0);
    assert.equal(c.readFrom, 0);
  });

  it('a short advance keeps the older fingerprint bytes in front', () => {
    const c = new FollowCursor(1, undefined, 0);
    const a = bytes('x'.repeat(60));
    c.advance(a, 0, a.length);
    const b = bytes('0123456789');
    c.advance(b, 2, 6);
    assert.equal(c.offset, 64);
    assert.equal(Buffer.from(c.fingerprint).toString(), 'x'.repeat(60) + '2345');
    c.advance(b, 0, 10);
    assert.equal(Buffer.from(c.fingerprint).toString(), 'x'.repeat(50) + '2345' + '0123456789');
  });
});

/** Distinct lines (a sequence number in each), as a real log has (times, ids). */
const numbered = (from: number, count: number): string[] =>
  Array.from(
    { length: count },
    (_, i) =>
      `127.0.0.1 - - "GET /item/${from + i} HTTP/1.1" 200 ${(from + i) % 997} seq=${from + i}`,
  );

describe('local follower: copytruncate with a burst past the old offset', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-follow-core-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every line exactly once when the truncated file grows past the old offset between polls', async () => {
    const log = join(dir, 'burst.log');
    writeFileSync(log, '');
    const seen: string[] = [];
    const splitter = new LineSplitter(
      (buf, start, end) => seen.push(buf.toString('latin1', start, end)),
      () => assert.fail('no overlong line'),
    );
    const follower = await LogFollower.open(log, splitter, silentLogger);
    const first = numbered(0, 100);
    appendFileSync(log, first.map((l) => `${l}\n`).join(''));
    await follower.poll();
    assert.equal(seen.length, 100);
    // logrotate's copytruncate, then a burst of 300 lines before the next poll (400 in all).
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    const burst = numbered(100, 300);
    appendFileSync(log, burst.map((l) => `${l}\n`).join(''));
    await follower.poll();
    const tail = numbered(400, 5);
    appendFileSync(log, tail.map((l) => `${l}\n`).join(''));
    await follower.close();
    assert.deepEqual(seen, [...first, ...burst, ...tail]);
    assert.deepEqual(follower.rotations, { renamed: 0, truncated: 1 });
  });

  it('resuming from a recorded position whose bytes were rewritten starts the file from 0', async () => {
    const log = join(dir, 'resume.log');
    writeFileSync(
      log,
      numbered(0, 20)
        .map((l) => `${l}\n`)
        .join(''),
    );
    const first = await LogFollower.open(
      log,
      new LineSplitter(
        () => undefined,
        () => undefined,
      ),
      silentLogger,
    );
    const recorded = first.start;
    await first.close();
    assert.ok(recorded.fingerprint, 'the start position carries a fingerprint');
    // Truncated and written again past the recorded offset with other lines.
    const rewritten = numbered(500, 40);
    writeFileSync(log, rewritten.map((l) => `${l}\n`).join(''));
    const seen: string[] = [];
    const resumed = await LogFollower.open(
      log,
      new LineSplitter(
        (buf, s, e) => seen.push(buf.toString('latin1', s, e)),
        () => undefined,
      ),
      silentLogger,
      {
        from: recorded.offset,
        expectIno: recorded.ino,
        ...(recorded.fingerprint ? { expectFingerprint: recorded.fingerprint } : {}),
      },
    );
    await resumed.close();
    assert.deepEqual(seen, rewritten);
  });
});

describe('remote follower: paths reaching remote commands', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-follow-remote-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const sink = (seen: string[]): LineSplitter =>
    new LineSplitter(
      (buf, s, e) => seen.push(buf.toString('latin1', s, e)),
      () => undefined,
    );

  it('refuses a relative log path (find takes no "--" before its folder)', async () => {
    await assert.rejects(
      HostLogFollower.open(new LocalHost(), '-delete/access.log', sink([]), silentLogger),
      (error: Error & { input?: string }) => {
        assert.equal(error.input, 'access-log');
        assert.match(error.message, /must be absolute/);
        return true;
      },
    );
  });

  it('finds a renamed log by inode in a folder whose name starts with "-"', async () => {
    const folder = join(dir, '-delete');
    mkdirSync(folder);
    const log = join(folder, 'access.log');
    writeFileSync(log, '');
    const keep = join(folder, 'keep.txt');
    writeFileSync(keep, 'mine');
    const seen: string[] = [];
    const follower = await HostLogFollower.open(new LocalHost(), log, sink(seen), silentLogger);
    appendFileSync(log, 'one\n');
    await follower.poll();
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, 'two\n'); // still written by the WAF after the rename
    writeFileSync(log, 'three\n');
    await follower.close();
    assert.deepEqual(seen, ['one', 'two', 'three']);
    assert.equal(follower.rotations.renamed, 1);
    assert.ok(existsSync(keep), 'nothing deleted');
  });
});
