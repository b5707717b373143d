/**
 * The host suite on this machine, twice: through LocalHost (open files, direct /proc reads), and through
 * the same LocalHost seen only as a {@link Host} — which takes the remote code paths (stat + ranged
 * reads, rotated files found by inode, /proc in one exec per sample) without SSH.
 */
import type { Readable } from 'node:stream';
import { LocalHost } from '../../src/hosts/local.ts';
import type { Host, HostExecOptions, HostExecResult, HostFileStat } from '../../src/hosts/types.ts';
import { defineCollectHostSuite } from './host-suite.ts';

/** The real LocalHost behind the plain interface (not `instanceof LocalHost`). */
class PlainHost implements Host {
  readonly name = 'local (as any host)';
  private readonly inner = new LocalHost();
  exec(
    command: string,
    args: readonly string[],
    options?: HostExecOptions,
  ): Promise<HostExecResult> {
    return this.inner.exec(command, args, options);
  }
  readFile(path: string): Promise<Buffer> {
    return this.inner.readFile(path);
  }
  writeFile(path: string, data: string | Buffer, options?: { mode?: number }): Promise<void> {
    return this.inner.writeFile(path, data, options);
  }
  stat(path: string): Promise<HostFileStat | null> {
    return this.inner.stat(path);
  }
  createReadStream(path: string, options?: { start?: number }): Readable {
    return this.inner.createReadStream(path, options);
  }
  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<void> {
    return this.inner.mkdir(path, options);
  }
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void> {
    return this.inner.rm(path, options);
  }
  rename(from: string, to: string): Promise<void> {
    return this.inner.rename(from, to);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

defineCollectHostSuite({ label: 'LocalHost', open: async () => new LocalHost() });
defineCollectHostSuite({ label: 'LocalHost as a plain Host', open: async () => new PlainHost() });
