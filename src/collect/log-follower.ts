/**
 * Follows a log file the WAF writes, without moving it: from a byte offset to the end, in 4 MiB reads.
 * Survives rotation by rename (the old inode is kept open and drained until {@link LogFollower.close},
 * then the new file is read from 0) and copytruncate (size below our offset: read from 0). Every file
 * boundary ends a held partial line.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { ConfigError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { LineSplitter } from './line-splitter.js';

const READ_BYTES = 4 * 1024 * 1024;

/** Where following started: enough to resume after a restart. */
export interface FollowPosition {
  path: string;
  ino: number;
  offset: number;
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
  ino: number;
  offset: number;
}

/** Options for {@link LogFollower.open}. */
export interface FollowOptions {
  /** Start offset; `'end'`: the current end of the file (what `start` uses). @default 'end' */
  from?: number | 'end';
  /** Only resume at `from` when the file still has this inode; otherwise start the current file at 0. */
  expectIno?: number;
  /** Input name for errors. @default 'access-log' */
  input?: string;
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
      let offset: number;
      if (options.from === undefined || options.from === 'end') offset = st.size;
      else if (options.expectIno !== undefined && options.expectIno !== st.ino) offset = 0;
      else offset = Math.min(options.from, st.size);
      const follower = new LogFollower(path, splitter, logger, { path, ino: st.ino, offset });
      follower.current = { handle, ino: st.ino, offset };
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
    const cur = this.current;
    if (cur === null) return;
    await this.drain(cur);
    let st;
    try {
      st = await stat(this.path);
    } catch {
      return; // renamed away and not yet reopened by the WAF: keep reading the old inode
    }
    if (st.ino !== cur.ino) {
      this.rotations.renamed += 1;
      this.logger.debug(
        `${this.path}: rotated (inode ${cur.ino} -> ${st.ino}); following the new file from 0`,
      );
      await this.drain(cur);
      this.splitter.flush();
      this.retired.push(cur);
      let handle: FileHandle;
      try {
        handle = await open(this.path, 'r');
      } catch {
        this.current = null;
        return;
      }
      const fresh = (await handle.stat()).ino;
      this.current = { handle, ino: fresh, offset: 0 };
      await this.drain(this.current);
      return;
    }
    if (st.size < cur.offset) {
      this.rotations.truncated += 1;
      this.logger.debug(
        `${this.path}: truncated (${cur.offset} -> ${st.size} bytes); reading from 0`,
      );
      this.splitter.flush();
      cur.offset = 0;
      await this.drain(cur);
    }
  }

  private async drain(t: Tracked): Promise<void> {
    for (;;) {
      const { bytesRead } = await t.handle.read(this.buffer, 0, READ_BYTES, t.offset);
      if (bytesRead === 0) return;
      t.offset += bytesRead;
      this.bytesRead += bytesRead;
      this.splitter.push(this.buffer, bytesRead);
    }
  }
}
