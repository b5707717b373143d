/**
 * A {@link Host} bound to an AbortSignal: every command it runs is stopped (process group, locally or
 * remotely) when the signal aborts, and no new operation starts afterwards. Cancelling a multi-step job
 * (install-waf) is then one wrapper, not a signal threaded through every step.
 */
import type { Readable } from 'node:stream';
import type {
  Host,
  HostExecOptions,
  HostExecResult,
  HostFileStat,
  HostWriteOptions,
} from './types.js';

/** `host` whose operations stop when `signal` aborts. Closing it closes `host`. */
export class AbortableHost implements Host {
  constructor(
    private readonly host: Host,
    private readonly signal: AbortSignal,
  ) {}

  get name(): string {
    return this.host.name;
  }

  async exec(
    command: string,
    args: readonly string[],
    options: HostExecOptions = {},
  ): Promise<HostExecResult> {
    this.signal.throwIfAborted();
    const signal =
      options.signal === undefined ? this.signal : AbortSignal.any([this.signal, options.signal]);
    return this.host.exec(command, args, { ...options, signal });
  }

  async readFile(path: string): Promise<Buffer> {
    this.signal.throwIfAborted();
    return this.host.readFile(path);
  }

  async writeFile(path: string, data: string | Buffer, options?: HostWriteOptions): Promise<void> {
    this.signal.throwIfAborted();
    return this.host.writeFile(path, data, options);
  }

  async stat(path: string): Promise<HostFileStat | null> {
    this.signal.throwIfAborted();
    return this.host.stat(path);
  }

  createReadStream(path: string, options?: { start?: number }): Readable {
    this.signal.throwIfAborted();
    return this.host.createReadStream(path, options);
  }

  async mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<void> {
    this.signal.throwIfAborted();
    return this.host.mkdir(path, options);
  }

  async rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void> {
    this.signal.throwIfAborted();
    return this.host.rm(path, options);
  }

  async rename(from: string, to: string): Promise<void> {
    this.signal.throwIfAborted();
    return this.host.rename(from, to);
  }

  close(): Promise<void> {
    return this.host.close();
  }
}

/** `host` bound to `signal`, or `host` itself without one. */
export function withAbortSignal(host: Host, signal: AbortSignal | undefined): Host {
  return signal === undefined ? host : new AbortableHost(host, signal);
}
