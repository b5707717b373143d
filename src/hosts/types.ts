/**
 * A machine waf-gate acts on: the local one, or a WAF host over SSH. Commands are argument arrays, never
 * shell strings built from inputs (over SSH each argument is quoted for the remote POSIX shell).
 */
import type { Readable } from 'node:stream';

/** Options for {@link Host.exec}. */
export interface HostExecOptions {
  cwd?: string;
  /** Extra environment variables for the command. */
  env?: Record<string, string>;
  /** @default 60000 */
  timeoutMs?: number;
  input?: string | Buffer;
  /** Resolve on non-zero exit instead of throwing. @default false */
  allowFailure?: boolean;
  /**
   * Aborting stops the command like a timeout (its process group: TERM, then KILL) and rejects with
   * `E_ABORTED`; an already aborted signal runs nothing.
   */
  signal?: AbortSignal;
}

/** Options for {@link Host.writeFile}. */
export interface HostWriteOptions {
  /** Permission bits, applied exactly (not masked by the umask). @default the replaced file's */
  mode?: number;
  /**
   * Create only: fail with `code` `EEXIST` when `path` already exists. The file appears complete or not
   * at all (written to a temp name, then hard-linked), so two writers racing for it cannot both succeed
   * and a reader never sees it half written: a lock primitive.
   * @default false
   */
  exclusive?: boolean;
}

/** What a finished command left behind. */
export interface HostExecResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** File metadata; null from `stat` when the path does not exist. */
export interface HostFileStat {
  size: number;
  /** Modification time; whole seconds over SSH (SFTP v3 carries no fractions). */
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
  /** Inode number, to notice rotation by rename (over SSH from `stat -c %i`: SFTP has none). */
  ino: number;
  /** `st_mode`: file type and permission bits. */
  mode: number;
}

/**
 * The machine waf-gate acts on. Paths should be absolute. File operations reject with an error whose
 * `code` is `ENOENT` (missing path), `EEXIST` (mkdir of an existing path) or `EACCES` on both hosts.
 */
export interface Host {
  /** `local` or `ssh://user@host:port`, for messages. */
  readonly name: string;
  /**
   * Runs a program with arguments.
   * @throws WafGateError `E_EXEC_NOT_FOUND`, `E_EXEC_TIMEOUT`, `E_ABORTED`, `E_EXEC_FAILED` (unless
   *   allowFailure), `E_SSH_*` for transport failures.
   */
  exec(
    command: string,
    args: readonly string[],
    options?: HostExecOptions,
  ): Promise<HostExecResult>;
  readFile(path: string): Promise<Buffer>;
  /**
   * Writes atomically (temp file next to `path`, then rename). Keeps the replaced file's permission bits
   * unless `mode` is given; `mode` is applied exactly (not masked by the umask). With `exclusive`, creates
   * `path` or fails with `EEXIST`.
   */
  writeFile(path: string, data: string | Buffer, options?: HostWriteOptions): Promise<void>;
  stat(path: string): Promise<HostFileStat | null>;
  /** Streams a file from byte `start` (default 0) to its current end; errors arrive on the stream. */
  createReadStream(path: string, options?: { start?: number }): Readable;
  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<void>;
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Releases connections. Safe to call twice. */
  close(): Promise<void>;
}
