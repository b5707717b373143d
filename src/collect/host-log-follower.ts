/**
 * Follows a log file through a {@link Host} (a WAF host over SSH): polls `host.stat` and reads what was
 * appended with `host.createReadStream(path, {start})`, in chunks of at most 8 MiB. No file stays open
 * between polls, so every chunk is checked against a second `stat`: if the inode changed or the file
 * shrank while it was read, the bytes are ambiguous and are read again from the right file.
 * - Rotation by rename (inode changes or the path vanishes): the old inode is looked up next to the path
 *   (`find <dir> -maxdepth 1 -inum N`, e.g. access.log.1) and drained while the WAF may still write to
 *   it; then the new file is read from 0. An old file moved elsewhere or compressed at once is lost from
 *   the moment of the rename (logged).
 * - Copytruncate (size below our offset): read from 0.
 * Every file boundary ends a held partial line.
 */
import { dirname } from 'node:path';
import { ConfigError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Host, HostFileStat } from '../hosts/types.js';
import type { LineSplitter } from './line-splitter.js';
import type { FollowedLog, FollowOptions, FollowPosition } from './log-follower.js';

const CHUNK_BYTES = 8 * 1024 * 1024;
/** A rotated file that did not grow for this many polls is no longer watched. */
const RETIRED_IDLE_POLLS = 20;
const MAX_RETIRED = 4;

interface Tracked {
  /** Where the inode was last found; null when it could not be found. */
  path: string | null;
  ino: number;
  offset: number;
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
  ) {
    this.current = { path, ino: start.ino, offset: start.offset, idlePolls: 0 };
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
    // stat does not prove read permission: open it (reading nothing, from the end).
    await readChunk(host, path, st.size, 1).catch((error: unknown) => {
      throw unreadable(path, host, input, error);
    });
    let offset: number;
    if (options.from === undefined || options.from === 'end') offset = st.size;
    else if (options.expectIno !== undefined && options.expectIno !== st.ino) offset = 0;
    else offset = Math.min(options.from, st.size);
    return new HostLogFollower(host, path, splitter, logger, { path, ino: st.ino, offset });
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

  private push(ino: number, parts: Buffer[]): void {
    if (this.lastSource !== undefined && this.lastSource !== ino) this.splitter.flush();
    this.lastSource = ino;
    for (const part of parts) {
      this.bytesRead += part.length;
      this.splitter.push(part);
    }
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
    if (cur !== null && (st === null || st.ino !== cur.ino)) {
      this.rotations.renamed += 1;
      const found = await this.locate(cur.ino);
      this.logger.debug(
        `${this.path}: rotated (inode ${cur.ino} ${st ? `-> ${st.ino}` : 'gone'}); ${found ? `draining ${found}` : 'old file not found next to it'}`,
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
      this.current = { path: this.path, ino: st.ino, offset: 0, idlePolls: 0 };
    return this.drain(this.current, st);
  }

  /** Reads `t` (at `t.path`, currently `st`) to its end; true when a read turned out ambiguous. */
  private async drain(t: Tracked, first: HostFileStat): Promise<boolean> {
    let st = first;
    for (;;) {
      if (st.size < t.offset) {
        this.rotations.truncated += 1;
        this.logger.debug(`${t.path}: truncated (${t.offset} -> ${st.size} bytes); reading from 0`);
        this.splitter.flush();
        t.offset = 0;
      }
      if (st.size <= t.offset || t.path === null) return false;
      const chunk = await readChunk(this.host, t.path, t.offset, CHUNK_BYTES);
      const after = await this.host.stat(t.path);
      if (after === null || after.ino !== t.ino || after.size < t.offset + chunk.bytes) return true;
      if (chunk.bytes === 0) return false;
      this.push(t.ino, chunk.parts);
      t.offset += chunk.bytes;
      t.idlePolls = 0;
      st = after;
    }
  }

  private async drainRetired(old: Tracked): Promise<void> {
    let st = old.path === null ? null : await this.host.stat(old.path);
    if (st === null || st.ino !== old.ino) {
      old.path = await this.locate(old.ino); // rotated again (access.log.1 -> .2)
      st = old.path === null ? null : await this.host.stat(old.path);
    }
    old.idlePolls += 1;
    if (st === null || st.ino !== old.ino || (await this.drain(old, st))) {
      if (st === null || st.ino !== old.ino || old.idlePolls > RETIRED_IDLE_POLLS) this.forget(old);
      return;
    }
    if (old.idlePolls > RETIRED_IDLE_POLLS) this.forget(old);
  }

  private forget(old: Tracked): void {
    const k = this.retired.indexOf(old);
    if (k >= 0) this.retired.splice(k, 1);
  }

  /** Where inode `ino` is now, next to the followed path (null when it is not there). */
  private async locate(ino: number): Promise<string | null> {
    const result = await this.host
      .exec('find', [dirname(this.path), '-maxdepth', '1', '-inum', String(ino)], {
        allowFailure: true,
        timeoutMs: 30_000,
      })
      .catch(() => null);
    const line = result?.stdout.split('\n').find((l) => l !== '' && l !== this.path);
    return line ?? null;
  }
}
