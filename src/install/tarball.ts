/**
 * A build shipped as a tarball (or a folder, packed into one): its version is a manifest file inside it
 * (default `VERSION`); it is unpacked into `install-dir`, swapped in by rename; versions are ordered by
 * rpmvercmp (a neutral, well-defined ordering).
 */
import { posix } from 'node:path';
import { ConfigError, WafGateError } from '../common/errors.js';
import type { Host } from '../hosts/types.js';
import type { PackageBackend, PackageIdentity } from './package-backend.js';
import { compareRpmVersions } from './rpm-vercmp.js';
import type { InstallOptions } from './types.js';

/**
 * tar's options naming the archive: `--file=PATH` (never an operand, so a `-`-leading name stays a name)
 * and `--force-local` (a `:` in the name would otherwise make tar reach for a remote host over rsh).
 */
function tarFileArgs(file: string, ...mode: string[]): string[] {
  return [...mode, '--force-local', `--file=${file}`];
}

/** Package files on the host are absolute paths (a relative `-x.tar` could still read as an option). */
function requireAbsolute(file: string): void {
  if (!posix.isAbsolute(file)) {
    throw new WafGateError(
      'E_PACKAGE',
      `The package path ${JSON.stringify(file)} is not absolute`,
      {
        hint: 'Pass the package as an absolute path.',
      },
    );
  }
}

/** Tarball/folder builds unpacked into a directory. */
export class TarballBackend implements PackageBackend {
  readonly kind = 'tarball' as const;
  private readonly installDir: string;
  private strip = 0;

  constructor(
    private readonly host: Host,
    private readonly options: InstallOptions,
  ) {
    if (options.installDir === undefined) {
      throw new ConfigError(
        'A tarball or folder build needs install-dir (where it is unpacked on the host).',
        { input: 'install-dir' },
      );
    }
    this.installDir = options.installDir;
  }

  private get manifestPath(): string {
    return posix.join(this.installDir, posix.basename(this.options.manifest));
  }

  async inspect(file: string): Promise<PackageIdentity> {
    requireAbsolute(file);
    const listing = await this.host.exec('tar', [...tarFileArgs(file, '-t')], {});
    const wanted = posix.normalize(this.options.manifest);
    const members = listing.stdout.split('\n').filter((m) => {
      const n = posix.normalize(m);
      return n === wanted || n.endsWith(`/${wanted}`);
    });
    const member = members.sort((a, b) => a.length - b.length)[0];
    if (member === undefined) {
      throw new WafGateError('E_PACKAGE', `${file} has no ${this.options.manifest} manifest`, {
        hint: 'Put a VERSION file in the build, or set manifest to the file that holds the version.',
      });
    }
    // A build packed as `pkg-1.2/...` is unpacked without its top folder.
    this.strip = posix.normalize(member).split('/').length - wanted.split('/').length;
    // `--` and --no-wildcards: a member named `--use-compress-program=…` or `*` is only ever a name.
    const version = (
      await this.host.exec(
        'tar',
        [...tarFileArgs(file, '-x', '-O'), '--no-wildcards', '--', member],
        {},
      )
    ).stdout
      .trim()
      .split('\n')[0]!
      .trim();
    if (version === '')
      throw new WafGateError('E_PACKAGE', `${this.options.manifest} in ${file} is empty`);
    return { name: this.options.packageName ?? posix.basename(this.installDir), version };
  }

  async installedVersion(): Promise<string | null> {
    if ((await this.host.stat(this.manifestPath)) === null) return null;
    return (
      (await this.host.readFile(this.manifestPath))
        .toString('utf8')
        .trim()
        .split('\n')[0]!
        .trim() || null
    );
  }

  compare(a: string, b: string): Promise<-1 | 0 | 1> {
    return Promise.resolve(compareRpmVersions(a, b));
  }

  async install(file: string): Promise<void> {
    const staging = `${this.installDir}.waf-gate-new`;
    const old = `${this.installDir}.waf-gate-old`;
    await this.host.rm(staging, { recursive: true, force: true });
    await this.host.mkdir(staging, { recursive: true });
    requireAbsolute(file);
    await this.host.exec(
      'tar',
      [...tarFileArgs(file, '-x'), `--directory=${staging}`, `--strip-components=${this.strip}`],
      { timeoutMs: this.options.commandTimeoutMs },
    );
    await this.host.rm(old, { recursive: true, force: true });
    if ((await this.host.stat(this.installDir)) !== null)
      await this.host.rename(this.installDir, old);
    await this.host.rename(staging, this.installDir);
    await this.host.rm(old, { recursive: true, force: true });
  }

  aliases(version: string): string[] {
    return [version];
  }
}
