/**
 * Follows a log file the WAF writes, without moving it: from a byte offset to the end, in 4 MiB reads.
 * The decisions are the shared core's (follow-core.ts); this file only does the local I/O:
 * - rotation by rename: the old inode is kept open and drained until {@link LogFollower.close}, then the
 *   new file is read from 0;
 * - copytruncate: the file shrank below our offset, or the bytes before our offset changed (truncated
 *   and written past the old offset between two polls): read from 0.
 * Every file boundary ends a held partial line.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { ConfigError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import {
  decodeFingerprint,
  encodeFingerprint,
  FINGERPRINT_BYTES,
  FollowCursor,
  type RestartReason,
} from './follow-core.js';
import type { LineSplitter } from './line-splitter.js';

const READ_BYTES = 4 * 1024 * 1024;

/** Where following started: enough to resume after a restart. */
export interface FollowPosition {
  path: string;
  ino: number;
  offset: number;
  /** Base64 of the bytes just before `offset` (up to 64): resuming checks the file still has them. */
  fingerprint?: string;
}

/** A log being followed: on the local machine ({@link LogFollower}) or through a Host (host-log-follower.ts). */
export interface FollowedLog {
  readonly path: string;
  /** Where reading started. */
  readonly start: FollowPosition;
  /** Bytes handed to the splitter. */
  readonly bytesRead: number;
  /** Rotations noticed: rename and truncation. */
  readonly rotations: { renamed: number; truncated: number };
  /** Reads whatever was appended since the last poll. */
  poll(): Promise<void>;
  /** Final poll, then ends any partial line and releases files. */
  close(): Promise<void>;
}

interface Tracked {
  handle: FileHandle;
  cursor: FollowCursor;
}

/** Options for {@link LogFollower.open}. */
export interface FollowOptions {
  /** Start offset; `'end'`: the current end of the file (what `start` uses). @default 'end' */
  from?: number | 'end';
  /** Only resume at `from` when the file still has this inode; otherwise start the current file at 0. */
  expectIno?: number;
  /** Only resume at `from` when these bytes (base64) still precede it; otherwise start at 0. */
  expectFingerprint?: string;
  /** Input name for errors. @default 'access-log' */
  input?: string;
}

/** Where to start in a file of `size` bytes and inode `ino`, per the options (before the fingerprint check). */
export function startOffset(options: FollowOptions, ino: number, size: number): number {
  if (options.from === undefined || options.from === 'end') return size;
  if (options.expectIno !== undefined && options.expectIno !== ino) return 0;
  return Math.min(options.from, size);
}

/** True when `actual` ends with the expected fingerprint (both may be shorter near the file start). */
export function fingerprintHolds(expected: string | undefined, actual: Uint8Array): boolean {
  const want = decodeFingerprint(expected);
  if (want === undefined) return true;
  if (actual.length < want.length) return false;
  const from = actual.length - want.length;
  for (let i = 0; i < want.length; i += 1) if (actual[from + i] !== want[i]) return false;
  return true;
}

async function readBefore(handle: FileHandle, offset: number): Promise<Uint8Array> {
  const n = Math.min(FINGERPRINT_BYTES, offset);
  const buf = Buffer.alloc(n);
  const { bytesRead } = await handle.read(buf, 0, n, offset - n);
  return buf.subarray(0, bytesRead);
}

/** Reads one log file (and its rotated predecessors) incrementally into a {@link LineSplitter}. */
export class LogFollower implements FollowedLog {
  /** Bytes handed to the splitter. */
  bytesRead = 0;
  /** Rotations noticed: rename and truncation. */
  rotations = { renamed: 0, truncated: 0 };
  private current: Tracked | null = null;
  private readonly retired: Tracked[] = [];
  private readonly buffer = Buffer.allocUnsafe(READ_BYTES);
  private busy: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly splitter: LineSplitter,
    private readonly logger: Logger,
    /** Where reading started. */
    readonly start: FollowPosition,
  ) {}

  /** Opens `path`; an unreadable file is a ConfigError naming it. */
  static async open(
    path: string,
    splitter: LineSplitter,
    logger: Logger,
    options: FollowOptions = {},
  ): Promise<LogFollower> {
    const input = options.input ?? 'access-log';
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw new ConfigError(
        `Cannot read the log file: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
        {
          input,
          value: path,
          file: path,
          cause: error,
          hint: 'Give the path of the log the WAF writes, readable by this user (run as the WAF user or with sudo).',
        },
      );
    }
    try {
      const st = await handle.stat();
      if (!st.isFile())
        throw new ConfigError('The log path is not a regular file.', {
          input,
          value: path,
          file: path,
        });
      let offset = startOffset(options, st.ino, st.size);
      let before = await readBefore(handle, offset);
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
      const follower = new LogFollower(path, splitter, logger, start);
      follower.current = { handle, cursor: new FollowCursor(st.ino, st.dev, offset, before) };
      return follower;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Reads whatever was appended since the last poll, noticing rotation. Calls are serialised. */
  poll(): Promise<void> {
    const next = this.busy.then(() => this.pollOnce());
    this.busy = next.catch(() => undefined);
    return next;
  }

  /** Final poll, then ends any partial line and closes every file. */
  async close(): Promise<void> {
    try {
      await this.poll();
    } finally {
      this.splitter.flush();
      for (const t of [...this.retired, ...(this.current ? [this.current] : [])])
        await t.handle.close().catch(() => undefined);
      this.retired.length = 0;
      this.current = null;
    }
  }

  private async pollOnce(): Promise<void> {
    for (const old of this.retired) await this.drain(old);
    if (this.current === null && !(await this.reopen())) return;
    const cur = this.current!;
    const st = await stat(this.path).catch(() => null);
    const decision = cur.cursor.observe(st && { ino: st.ino, dev: st.dev, size: st.size });
    if (decision === 'reopen-rotated') {
      this.rotations.renamed += 1;
      this.logger.debug(
        `${this.path}: rotated (inode ${cur.cursor.ino} -> ${st!.ino}); following the new file from 0`,
      );
      await this.drain(cur);
      this.splitter.flush();
      this.retired.push(cur);
      this.current = null;
      if (await this.reopen()) await this.drain(this.current!);
      return;
    }
    if (decision === 'truncated-restart') this.restart(cur, 'shrank', st!.size);
    // 'missing': renamed away and not yet reopened by the WAF: keep reading the old inode.
    await this.drain(cur);
  }

  /** Opens the file now at the path, from 0; false when there is none yet. */
  private async reopen(): Promise<boolean> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return false;
    }
    const st = await handle.stat();
    this.current = { handle, cursor: new FollowCursor(st.ino, st.dev, 0) };
    return true;
  }

  private restart(t: Tracked, reason: RestartReason, size: number): void {
    this.rotations.truncated += 1;
    this.logger.debug(
      `${this.path}: ${reason === 'shrank' ? 'truncated' : 'truncated and rewritten'} (offset ${t.cursor.offset}, now ${size} bytes); reading from 0`,
    );
    this.splitter.flush();
    t.cursor.restart();
  }

  private async drain(t: Tracked): Promise<void> {
    for (;;) {
      const from = t.cursor.readFrom;
      const { bytesRead } = await t.handle.read(this.buffer, 0, READ_BYTES, from);
      const check = t.cursor.check(this.buffer, bytesRead);
      if (check.decision === 'truncated-restart') {
        this.restart(t, check.reason, from + bytesRead);
        continue; // the fingerprint is empty now: the next check passes
      }
      if (bytesRead <= check.dataStart) return;
      this.splitter.push(this.buffer.subarray(check.dataStart, bytesRead));
      t.cursor.advance(this.buffer, check.dataStart, bytesRead);
      this.bytesRead += bytesRead - check.dataStart;
    }
  }
}
