/** The machine waf-gate runs on, behind the same {@link Host} interface as a remote one. */
import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { WafGateError } from '../common/errors.js';
import { runCommand } from '../common/exec.js';
import { validateEnvNames } from './remote-command.js';
import type {
  Host,
  HostExecOptions,
  HostExecResult,
  HostFileStat,
  HostWriteOptions,
} from './types.js';

/** The local machine. */
export class LocalHost implements Host {
  readonly name = 'local';

  async exec(
    command: string,
    args: readonly string[],
    options: HostExecOptions = {},
  ): Promise<HostExecResult> {
    if (options.env !== undefined) validateEnvNames(options.env); // the same names SshHost accepts
    const result = await runCommand(command, args, {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.env === undefined ? {} : { env: { ...process.env, ...options.env } }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.input === undefined ? {} : { input: options.input }),
      ...(options.allowFailure === undefined ? {} : { allowFailure: options.allowFailure }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return { ...result, signal: result.signal };
  }

  readFile(path: string): Promise<Buffer> {
    return readFile(path);
  }

  /**
   * Temp file next to `path`, then rename over it; keeps the old file's mode unless one is given.
   * `exclusive`: hard-link the temp file to `path` instead (link(2) fails with EEXIST), so the file
   * appears complete and only one of several racing writers wins.
   */
  async writeFile(
    path: string,
    data: string | Buffer,
    options: HostWriteOptions = {},
  ): Promise<void> {
    const existing =
      options.mode === undefined && options.exclusive !== true ? await this.stat(path) : null;
    const mode = options.mode ?? (existing ? existing.mode & 0o7777 : undefined);
    const temp = `${path}.waf-gate-${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data, mode === undefined ? {} : { mode });
      if (mode !== undefined) await chmod(temp, mode); // exact, not masked by the umask
      if (options.exclusive === true) {
        await link(temp, path);
        await rm(temp, { force: true });
      } else await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      // Node's message for a full disk names no file ("ENOSPC: no space left on device, write").
      const code = (error as NodeJS.ErrnoException).code ?? 'E_WRITE';
      throw new WafGateError(code, `Cannot write ${path}: ${(error as Error).message}`, {
        cause: error,
        context: { path },
      });
    }
  }

  async stat(path: string): Promise<HostFileStat | null> {
    try {
      const s = await stat(path);
      return {
        size: s.size,
        mtimeMs: s.mtimeMs,
        isFile: s.isFile(),
        isDirectory: s.isDirectory(),
        ino: s.ino,
        mode: s.mode,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  createReadStream(path: string, options: { start?: number } = {}): Readable {
    return createReadStream(path, { start: options.start ?? 0 });
  }

  async mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): Promise<void> {
    await mkdir(path, {
      recursive: options.recursive ?? false,
      ...(options.mode === undefined ? {} : { mode: options.mode }),
    });
  }

  rm(path: string, options: { recursive?: boolean; force?: boolean } = {}): Promise<void> {
    return rm(path, { recursive: options.recursive ?? false, force: options.force ?? false });
  }

  rename(from: string, to: string): Promise<void> {
    return rename(from, to);
  }

  async close(): Promise<void> {
    /* nothing to release */
  }
}
