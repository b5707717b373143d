/**
 * Follows a log file through a {@link Host} (a WAF host over SSH): polls `host.stat` and reads what was
 * appended with `host.createReadStream(path, {start})`, in chunks of at most 8 MiB. No file stays open
 * between polls, so every chunk is checked against a second `stat`: if the inode changed or the file
 * shrank while it was read, the bytes are ambiguous and are read again from the right file.
 * - Rotation by rename (inode changes or the path vanishes): the old inode is looked up next to the path
 *   (`find <dir> -maxdepth 1 -inum N`, e.g. access.log.1) and drained while the WAF may still write to
 *   it; then the new file is read from 0. An old file moved elsewhere or compressed at once is lost from
 *   the moment of the rename (logged).
 * - Copytruncate: the file shrank below our offset, or the bytes before our offset changed (truncated
 *   and written past the old offset between two polls): read from 0.
 * The decisions are the shared core's (follow-core.ts); this file only does the remote I/O. Every read
 * starts at the cursor's fingerprint, so checking it costs no extra round trip.
 * Every file boundary ends a held partial line.
 */
import { dirname, isAbsolute } from 'node:path';
import { ConfigError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Host, HostFileStat } from '../../hosts/types.js';
import {
  encodeFingerprint,
  FINGERPRINT_BYTES,
  FollowCursor,
  type RestartReason,
} from './follow-core.js';
import type { LineSplitter } from './line-splitter.js';
import {
  fingerprintHolds,
  startOffset,
  type FollowedLog,
  type FollowOptions,
  type FollowPosition,
} from './log-follower.js';

const CHUNK_BYTES = 8 * 1024 * 1024;
/** A rotated file that did not grow for this many polls is no longer watched. */
const RETIRED_IDLE_POLLS = 20;
const MAX_RETIRED = 4;

interface Tracked {
  /** Where the inode was last found; null when it could not be found. */
  path: string | null;
  cursor: FollowCursor;
  idlePolls: number;
}

/** Reads at most `maxBytes` from `start` (fewer at the end of the file). */
function readChunk(
  host: Host,
  path: string,
  start: number,
  maxBytes: number,
): Promise<{ parts: Buffer[]; bytes: number }> {
  return new Promise((resolve, reject) => {
    const stream = host.createReadStream(path, { start });
    const parts: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      stream.destroy();
      if (error) reject(error);
      else resolve({ parts, bytes });
    };
    stream.on('data', (chunk: Buffer) => {
      if (done) return;
      const take = Math.min(chunk.length, maxBytes - bytes);
      if (take > 0) parts.push(take < chunk.length ? chunk.subarray(0, take) : chunk);
      bytes += take;
      if (bytes >= maxBytes) finish();
    });
    stream.on('end', () => finish());
    stream.on('error', (error: Error) => finish(error));
    stream.on('close', () => finish());
  });
}

function unreadable(path: string, host: Host, input: string, error: unknown): ConfigError {
  const code = (error as { code?: unknown } | null)?.code;
  return new ConfigError(
    `Cannot read the log file on ${host.name}: ${typeof code === 'string' ? code : (error as Error).message}.`,
    {
      input,
      value: path,
      file: path,
      cause: error,
      hint: 'Give the absolute path of the log the WAF writes, readable by the SSH user (or log in as the WAF user).',
    },
  );
}

/** Follows one log file (and its rotated predecessors) on a host into a {@link LineSplitter}. */
export class HostLogFollower implements FollowedLog {
  bytesRead = 0;
  rotations = { renamed: 0, truncated: 0 };
  private current: Tracked | null;
  private readonly retired: Tracked[] = [];
  private lastSource: number | undefined;
  private busy: Promise<void> = Promise.resolve();

  private constructor(
    private readonly host: Host,
    readonly path: string,
    private readonly splitter: LineSplitter,
    private readonly logger: Logger,
    readonly start: FollowPosition,
    fingerprint: Uint8Array,
  ) {
    this.current = {
      path,
      cursor: new FollowCursor(start.ino, undefined, start.offset, fingerprint),
      idlePolls: 0,
    };
  }

  /** Opens `path` on the host; a missing or unreadable file is a ConfigError naming it. */
  static async open(
    host: Host,
    path: string,
    splitter: LineSplitter,
    logger: Logger,
    options: FollowOptions = {},
  ): Promise<HostLogFollower> {
    const input = options.input ?? 'access-log';
    // Paths reach remote commands (`find <dir> …`, which takes no `--`): only absolute ones.
    if (!isAbsolute(path))
      throw new ConfigError(`The log path on ${host.name} must be absolute.`, {
        input,
        value: path,
        hint: 'Give the full path on that host, e.g. /var/log/nginx/access.log.',
      });
    let st: HostFileStat | null;
    try {
      st = await host.stat(path);
      if (st === null) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    } catch (error) {
      throw unreadable(path, host, input, error);
    }
    if (!st.isFile)
      throw new ConfigError(`The log path on ${host.name} is not a regular file.`, {
        input,
        value: path,
        file: path,
      });
    let offset = startOffset(options, st.ino, st.size);
    // Reading the fingerprint before the offset also proves read permission (stat does not).
    const n = Math.min(FINGERPRINT_BYTES, offset);
    const read = await readChunk(host, path, offset - n, Math.max(1, n)).catch((error: unknown) => {
      throw unreadable(path, host, input, error);
    });
    let before: Uint8Array = Buffer.concat(read.parts).subarray(0, n);
    if (
      offset > 0 &&
      typeof options.from === 'number' &&
      !fingerprintHolds(options.expectFingerprint, before)
    ) {
      logger.debug(`${path}: rewritten since byte ${offset} was recorded; reading from 0`);
      offset = 0;
      before = new Uint8Array(0);
    }
    const start: FollowPosition = { path, ino: st.ino, offset };
    if (before.length > 0) start.fingerprint = encodeFingerprint(before);
    return new HostLogFollower(host, path, splitter, logger, start, before);
  }

  /** Reads whatever was appended since the last poll, noticing rotation. Calls are serialised. */
  poll(): Promise<void> {
    const next = this.busy.then(() => this.pollOnce());
    this.busy = next.catch(() => undefined);
    return next;
  }

  /** Final poll (also of rotated files), then ends any partial line. */
  async close(): Promise<void> {
    try {
      await this.poll();
    } finally {
      this.splitter.flush();
      this.retired.length = 0;
      this.current = null;
    }
  }

  private push(ino: number, bytes: Buffer): void {
    if (this.lastSource !== undefined && this.lastSource !== ino) this.splitter.flush();
    this.lastSource = ino;
    this.bytesRead += bytes.length;
    this.splitter.push(bytes);
  }

  private async pollOnce(): Promise<void> {
    for (const old of [...this.retired]) await this.drainRetired(old);
    // A chunk found ambiguous (rotated while read) is re-read in the next round.
    for (let round = 0; round < 4; round += 1) if (!(await this.step())) return;
  }

  /** One look at the path; true when something changed under a read and it should be looked at again. */
  private async step(): Promise<boolean> {
    const st = await this.host.stat(this.path);
    const cur = this.current;
    const decision = cur?.cursor.observe(st && { ino: st.ino, size: st.size });
    // No file stays open here: a path gone or holding another inode means the old file must be found.
    if (cur && (decision === 'missing' || decision === 'reopen-rotated')) {
      this.rotations.renamed += 1;
      const found = await this.locate(cur.cursor.ino);
      this.logger.debug(
        `${this.path}: rotated (inode ${cur.cursor.ino} ${st ? `-> ${st.ino}` : 'gone'}); ${found ? `draining ${found}` : 'old file not found next to it'}`,
      );
      if (found === null)
        this.logger.warn(
          `collect: ${this.path} on ${this.host.name} was rotated and its old file is not next to it; lines written to it after the last poll are lost`,
        );
      const old: Tracked = { ...cur, path: found, idlePolls: 0 };
      this.current = null;
      if (found !== null) {
        this.retired.push(old);
        if (this.retired.length > MAX_RETIRED) this.retired.shift();
        await this.drainRetired(old);
      }
    }
    if (st === null) return false; // renamed away and not yet reopened by the WAF
    if (this.current === null)
      this.current = {
        path: this.path,
        cursor: new FollowCursor(st.ino, undefined, 0),
        idlePolls: 0,
      };
    return this.drain(this.current, st);
  }

  private restart(t: Tracked, reason: RestartReason, size: number): void {
    this.rotations.truncated += 1;
    this.logger.debug(
      `${t.path}: ${reason === 'shrank' ? 'truncated' : 'truncated and rewritten'} (offset ${t.cursor.offset}, now ${size} bytes); reading from 0`,
    );
    this.splitter.flush();
    t.cursor.restart();
  }

  /** Reads `t` (at `t.path`, currently `st`) to its end; true when a read turned out ambiguous. */
  private async drain(t: Tracked, first: HostFileStat): Promise<boolean> {
    let st = first;
    for (;;) {
      if (t.cursor.observe({ ino: st.ino, size: st.size }) === 'truncated-restart')
        this.restart(t, 'shrank', st.size);
      if (st.size <= t.cursor.offset || t.path === null) return false;
      const from = t.cursor.readFrom;
      const chunk = await readChunk(this.host, t.path, from, CHUNK_BYTES);
      const after = await this.host.stat(t.path);
      if (after === null || after.ino !== t.cursor.ino || after.size < from + chunk.bytes)
        return true;
      const bytes = chunk.parts.length === 1 ? chunk.parts[0]! : Buffer.concat(chunk.parts);
      const check = t.cursor.check(bytes);
      if (check.decision === 'truncated-restart') {
        this.restart(t, check.reason, after.size);
        st = after;
        continue;
      }
      if (bytes.length <= check.dataStart) return false;
      this.push(t.cursor.ino, bytes.subarray(check.dataStart));
      t.cursor.advance(bytes, check.dataStart, bytes.length);
      t.idlePolls = 0;
      st = after;
    }
  }

  private async drainRetired(old: Tracked): Promise<void> {
    const ino = old.cursor.ino;
    let st = old.path === null ? null : await this.host.stat(old.path);
    if (st === null || st.ino !== ino) {
      old.path = await this.locate(ino); // rotated again (access.log.1 -> .2)
      st = old.path === null ? null : await this.host.stat(old.path);
    }
    old.idlePolls += 1;
    if (st === null || st.ino !== ino || (await this.drain(old, st))) {
      if (st === null || st.ino !== ino || old.idlePolls > RETIRED_IDLE_POLLS) this.forget(old);
      return;
    }
    if (old.idlePolls > RETIRED_IDLE_POLLS) this.forget(old);
  }

  private forget(old: Tracked): void {
    const k = this.retired.indexOf(old);
    if (k >= 0) this.retired.splice(k, 1);
  }

  /**
   * Where inode `ino` is now, next to the followed path (null when it is not there). `find` takes no
   * `--` before its starting point: an absolute path cannot be read as an option or expression.
   */
  private async locate(ino: number): Promise<string | null> {
    const dir = dirname(this.path); // absolute: checked by open
    const result = await this.host
      .exec('find', [dir, '-maxdepth', '1', '-inum', String(ino)], {
        allowFailure: true,
        timeoutMs: 30_000,
      })
      .catch(() => null);
    const line = result?.stdout.split('\n').find((l) => l !== '' && l !== this.path);
    return line ?? null;
  }
}
