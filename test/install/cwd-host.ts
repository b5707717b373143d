/**
 * `host` as if its login folder were `dir`: commands run there and relative file paths resolve there.
 * Over SSH a relative path would otherwise land in the remote user's home; tests that feed relative,
 * `-`-leading names use this so that a regression damages only their own temp folder.
 */
import { isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import type {
  Host,
  HostExecOptions,
  HostExecResult,
  HostFileStat,
  HostWriteOptions,
} from '../../src/hosts/types.ts';

/** A host whose working directory is `dir`. */
export class CwdHost implements Host {
  constructor(
    private readonly host: Host,
    private readonly dir: string,
  ) {}

  get name(): string {
    return this.host.name;
  }

  private at(path: string): string {
    return isAbsolute(path) ? path : join(this.dir, path);
  }

  exec(
    command: string,
    args: readonly string[],
    options: HostExecOptions = {},
  ): Promise<HostExecResult> {
    return this.host.exec(command, args, { cwd: this.dir, ...options });
  }

  readFile(path: string): Promise<Buffer> {
    return this.host.readFile(this.at(path));
  }

  writeFile(path: string, data: string | Buffer, options?: HostWriteOptions): Promise<void> {
    return this.host.writeFile(this.at(path), data, options);
  }

  stat(path: string): Promise<HostFileStat | null> {
    return this.host.stat(this.at(path));
  }

  createReadStream(path: string, options?: { start?: number }): Readable {
    return this.host.createReadStream(this.at(path), options);
  }

  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<void> {
    return this.host.mkdir(this.at(path), options);
  }

  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void> {
    return this.host.rm(this.at(path), options);
  }

  rename(from: string, to: string): Promise<void> {
    return this.host.rename(this.at(from), this.at(to));
  }

  close(): Promise<void> {
    return this.host.close();
  }
}
