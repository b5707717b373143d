/** A WAF host reached over SSH, behind the same {@link Host} interface as the local machine. */
import type { Readable } from 'node:stream';
import type { Logger } from '../common/logger.js';
import { silentLogger } from '../common/logger.js';
import { SshConnection } from './ssh-connection.js';
import { execOverSsh } from './ssh-exec.js';
import { SftpFiles } from './ssh-files.js';
import type { SshOptions, SshTarget } from './ssh-options.js';
import type {
  Host,
  HostExecOptions,
  HostExecResult,
  HostFileStat,
  HostWriteOptions,
} from './types.js';

/**
 * A remote machine over one reused SSH connection (`ssh2`): key or agent authentication, the host key
 * checked against known_hosts or a pinned fingerprint, keepalive, reconnect on drop. The connection opens
 * on the first operation (or {@link SshHost.connect}); {@link SshHost.close} releases it.
 * The remote login shell must be POSIX-compatible (commands are sent as one quoted command line).
 */
export class SshHost implements Host {
  readonly name: string;
  private readonly connection: SshConnection;
  private readonly files: SftpFiles;

  constructor(target: SshTarget, options: SshOptions = {}, logger: Logger = silentLogger) {
    this.connection = new SshConnection(target, options, logger);
    this.name = this.connection.name;
    this.files = new SftpFiles(this.connection, (command, args, execOptions) =>
      this.exec(command, args, execOptions),
    );
  }

  /**
   * Connects now instead of on first use, to fail early on a wrong host key or credentials.
   * @throws WafGateError `E_SSH_CONNECT`, `E_SSH_AUTH`, `E_SSH_HOST_KEY`; ConfigError for bad options.
   */
  async connect(): Promise<void> {
    await this.connection.run(() => Promise.resolve(), true);
  }

  exec(
    command: string,
    args: readonly string[],
    options: HostExecOptions = {},
  ): Promise<HostExecResult> {
    return execOverSsh(this.connection, command, args, options);
  }

  readFile(path: string): Promise<Buffer> {
    return this.files.readFile(path);
  }

  writeFile(path: string, data: string | Buffer, options: HostWriteOptions = {}): Promise<void> {
    return this.files.writeFile(path, data, options);
  }

  stat(path: string): Promise<HostFileStat | null> {
    return this.files.stat(path);
  }

  createReadStream(path: string, options: { start?: number } = {}): Readable {
    return this.files.createReadStream(path, options);
  }

  mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): Promise<void> {
    return this.files.mkdir(path, options);
  }

  rm(path: string, options: { recursive?: boolean; force?: boolean } = {}): Promise<void> {
    return this.files.rm(path, options);
  }

  rename(from: string, to: string): Promise<void> {
    return this.files.rename(from, to);
  }

  /** Ends the SSH connection. Safe to call twice; operations afterwards fail with `E_SSH_CONNECT`. */
  close(): Promise<void> {
    return this.connection.close();
  }
}
