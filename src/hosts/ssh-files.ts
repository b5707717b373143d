/**
 * File operations over the connection's SFTP session, with LocalHost's semantics: atomic writes (temp file
 * + POSIX rename), `mkdir -p`, `rm -r`/`-f`, streaming from an offset, and errors whose `code` is `ENOENT`,
 * `EEXIST`, `EACCES` like Node's (anything else is `E_SSH_CHANNEL`). SFTP (v3) has no inode numbers, so
 * `stat` asks `stat -L -c %i` (falling back to `ls -diL`) over exec. Paths should be absolute (relative
 * ones resolve against the remote user's home directory).
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { SFTPWrapper, Stats } from 'ssh2';
import { WafGateError } from '../common/errors.js';
import type { SshConnection } from './ssh-connection.js';
import type { HostExecOptions, HostExecResult, HostFileStat, HostWriteOptions } from './types.js';

type Exec = (
  command: string,
  args: readonly string[],
  options?: HostExecOptions,
) => Promise<HostExecResult>;

const SFTP_CODES: Record<number, string> = { 2: 'ENOENT', 3: 'EACCES' };

/** Runs one callback-style SFTP call as a promise (some calls throw synchronously, e.g. when not connected). */
function call<T>(
  start: (done: (error: Error | null | undefined, value?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      start((error, value) => (error ? reject(error) : resolve(value as T)));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** SFTP file access on one {@link SshConnection}. */
export class SftpFiles {
  constructor(
    private readonly connection: SshConnection,
    private readonly exec: Exec,
  ) {}

  /** Coded error for a failed SFTP operation (keeps `ENOENT`-style codes for the caller to test). */
  private error(operation: string, path: string, cause: unknown, code?: string): WafGateError {
    const status = (cause as { code?: unknown } | null)?.code;
    const resolved =
      code ?? (typeof status === 'number' ? SFTP_CODES[status] : undefined) ?? 'E_SSH_CHANNEL';
    const text = cause instanceof Error ? cause.message : String(cause);
    return new WafGateError(
      resolved,
      `${operation} ${path} on ${this.connection.name} failed: ${text}`,
      {
        cause,
        context: { ...this.connection.context, path },
      },
    );
  }

  private with<T>(
    operation: string,
    path: string,
    idempotent: boolean,
    body: (sftp: SFTPWrapper) => Promise<T>,
  ): Promise<T> {
    return this.connection.run(async (_client, live) => {
      const sftp = await this.connection.sftp(live);
      try {
        return await body(sftp);
      } catch (error) {
        if (error instanceof WafGateError) throw error;
        throw this.error(operation, path, error);
      }
    }, idempotent);
  }

  private static missing(error: unknown): boolean {
    return (
      (error as { code?: unknown } | null)?.code === 2 ||
      (error as { code?: unknown } | null)?.code === 'ENOENT'
    );
  }

  private async statOrNull(sftp: SFTPWrapper, path: string, follow = true): Promise<Stats | null> {
    try {
      return await call<Stats>((done) => (follow ? sftp.stat(path, done) : sftp.lstat(path, done)));
    } catch (error) {
      if (SftpFiles.missing(error)) return null;
      throw error;
    }
  }

  readFile(path: string): Promise<Buffer> {
    return this.with('read', path, true, (sftp) =>
      call<Buffer>((done) => sftp.readFile(path, done)),
    );
  }

  /**
   * Temp file next to `path`, then POSIX rename over it; keeps the old file's mode unless one is given.
   * `exclusive`: hard-link the temp file to `path` instead (fails when it exists: `EEXIST`). Not retried
   * after a reconnect, where a first attempt that did link would then look like a lost race.
   */
  writeFile(path: string, data: string | Buffer, options: HostWriteOptions = {}): Promise<void> {
    const exclusive = options.exclusive === true;
    return this.with('write', path, !exclusive, async (sftp) => {
      const existing =
        options.mode === undefined && !exclusive ? await this.statOrNull(sftp, path) : null;
      const mode = options.mode ?? (existing ? existing.mode & 0o7777 : undefined);
      const temp = `${path}.waf-gate-${randomBytes(6).toString('hex')}.tmp`;
      try {
        await call<void>((done) =>
          sftp.writeFile(temp, data, mode === undefined ? {} : { mode }, done),
        );
        // Exact mode, not masked by the server's umask (as LocalHost does).
        if (mode !== undefined) await call<void>((done) => sftp.chmod(temp, mode, done));
        if (exclusive) {
          await this.linkWith(sftp, temp, path);
          await call<void>((done) => sftp.unlink(temp, done));
        } else await this.renameWith(sftp, temp, path);
      } catch (error) {
        await call<void>((done) => sftp.unlink(temp, done)).catch(() => undefined);
        throw error;
      }
    });
  }

  async stat(path: string): Promise<HostFileStat | null> {
    const stats = await this.with('stat', path, true, (sftp) => this.statOrNull(sftp, path));
    if (stats === null) return null;
    return {
      size: stats.size,
      mtimeMs: stats.mtime * 1000,
      isFile: stats.isFile(),
      isDirectory: stats.isDirectory(),
      ino: await this.inode(path),
      mode: stats.mode,
    };
  }

  private async inode(path: string): Promise<number> {
    const viaStat = await this.exec('stat', ['-L', '-c', '%i', '--', path], {
      allowFailure: true,
      timeoutMs: 30_000,
    }).catch(() => null);
    let text = viaStat?.exitCode === 0 ? viaStat.stdout : undefined;
    if (text === undefined) {
      const viaLs = await this.exec('ls', ['-diL', '--', path], {
        allowFailure: true,
        timeoutMs: 30_000,
      });
      if (viaLs.exitCode !== 0)
        throw this.error(
          'stat (inode)',
          path,
          new Error(viaLs.stderr.trim() || `ls exit code ${viaLs.exitCode}`),
        );
      text = viaLs.stdout;
    }
    const ino = Number(/^\s*(\d+)/.exec(text)?.[1]);
    if (!Number.isSafeInteger(ino))
      throw this.error(
        'stat (inode)',
        path,
        new Error(`unexpected output ${JSON.stringify(text.slice(0, 80))}`),
      );
    return ino;
  }

  /** Streams from byte `start`; errors arrive on the stream (`ENOENT`, `E_SSH_*`). */
  createReadStream(path: string, options: { start?: number } = {}): Readable {
    const out = new PassThrough();
    this.with('read', path, true, (sftp) => Promise.resolve(sftp))
      .then((sftp) => {
        if (out.destroyed) return;
        const source = sftp.createReadStream(path, { start: options.start ?? 0 });
        source.on('error', (error: unknown) => out.destroy(this.error('read', path, error)));
        out.on('close', () => source.destroy());
        source.pipe(out);
      })
      .catch((error: unknown) =>
        out.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    return out;
  }

  mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): Promise<void> {
    return this.with('mkdir', path, options.recursive === true, (sftp) =>
      this.makeDirectory(sftp, path, options.recursive === true, options.mode),
    );
  }

  private async makeDirectory(
    sftp: SFTPWrapper,
    path: string,
    recursive: boolean,
    mode: number | undefined,
  ): Promise<void> {
    if (recursive) {
      const existing = await this.statOrNull(sftp, path);
      if (existing?.isDirectory()) return;
      if (existing) throw this.error('mkdir', path, new Error('a file is in the way'), 'EEXIST');
      const parent = posix.dirname(path);
      if (parent !== path) await this.makeDirectory(sftp, parent, true, mode);
    }
    try {
      await call<void>((done) => sftp.mkdir(path, mode === undefined ? {} : { mode }, done));
    } catch (error) {
      const existing = await this.statOrNull(sftp, path);
      if (recursive && existing?.isDirectory()) return; // created meanwhile
      throw this.error('mkdir', path, error, existing ? 'EEXIST' : undefined);
    }
  }

  rm(path: string, options: { recursive?: boolean; force?: boolean } = {}): Promise<void> {
    return this.with('rm', path, options.force === true, async (sftp) => {
      const stats = await this.statOrNull(sftp, path, false);
      if (stats === null) {
        if (options.force) return;
        throw this.error('rm', path, new Error('no such file or directory'), 'ENOENT');
      }
      if (stats.isDirectory() && !options.recursive) {
        throw this.error('rm', path, new Error('is a directory (use recursive)'), 'ERR_FS_EISDIR');
      }
      await this.remove(sftp, path, stats.isDirectory());
    });
  }

  private async remove(sftp: SFTPWrapper, path: string, directory: boolean): Promise<void> {
    if (!directory) {
      await call<void>((done) => sftp.unlink(path, done));
      return;
    }
    const entries = await call<Array<{ filename: string; attrs: Stats }>>((done) =>
      sftp.readdir(path, done),
    );
    for (const entry of entries) {
      if (entry.filename === '.' || entry.filename === '..') continue;
      await this.remove(sftp, posix.join(path, entry.filename), entry.attrs.isDirectory());
    }
    await call<void>((done) => sftp.rmdir(path, done));
  }

  rename(from: string, to: string): Promise<void> {
    return this.with('rename', from, false, (sftp) => this.renameWith(sftp, from, to));
  }

  /** POSIX rename (replaces `to`) via OpenSSH's extension, else `mv -f` over exec. */
  private async renameWith(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
    let supported = true;
    try {
      await call<void>((done) => {
        try {
          sftp.ext_openssh_rename(from, to, done);
        } catch (error) {
          supported = false;
          throw error;
        }
      });
      return;
    } catch (error) {
      if (supported) throw error;
    }
    await this.exec('mv', ['-f', '--', from, to], { timeoutMs: 30_000 });
  }

  /**
   * link(2) via OpenSSH's hardlink extension, else `ln` over exec (both refuse an existing `to`). SFTP v3
   * reports that as a generic failure, so an existing `to` afterwards is what makes it `EEXIST`.
   */
  private async linkWith(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
    let supported = true;
    try {
      await call<void>((done) => {
        try {
          sftp.ext_openssh_hardlink(from, to, done);
        } catch (error) {
          supported = false;
          throw error;
        }
      });
      return;
    } catch (error) {
      if (supported) {
        if ((await this.statOrNull(sftp, to, false)) !== null)
          throw this.error('create', to, error, 'EEXIST');
        throw error;
      }
    }
    const ln = await this.exec('ln', ['--', from, to], { timeoutMs: 30_000, allowFailure: true });
    if (ln.exitCode === 0) return;
    if ((await this.statOrNull(sftp, to, false)) !== null)
      throw this.error('create', to, ln.stderr.trim(), 'EEXIST');
    throw this.error('create', to, ln.stderr.trim());
  }
}
