/**
 * Package managers behind one interface: read name and version from the package file, read the installed
 * version from the package database, order versions by the manager's own rules, install.
 * deb: dpkg-deb / dpkg-query / `dpkg --compare-versions` on the host; rpm: rpm, ordered by rpmvercmp in TS.
 */
import { posix } from 'node:path';
import { WafGateError } from '../common/errors.js';
import type { Host } from '../hosts/types.js';
import { compareRpmVersions, parseEvr } from './rpm-vercmp.js';
import type { PackageBackend, PackageIdentity } from './package-backend.js';
import { TarballBackend } from './tarball.js';
import type { InstallAction, InstallOptions, PackageKind } from './types.js';

export type { PackageBackend, PackageIdentity } from './package-backend.js';

/**
 * Package files on the host are absolute paths: `--` already ends the options, and apt-get takes only
 * paths starting with `/` or `./` as files (anything else is a package name from the archive).
 */
function absolute(file: string): string {
  if (!posix.isAbsolute(file)) {
    throw new WafGateError(
      'E_PACKAGE',
      `The package path ${JSON.stringify(file)} is not absolute`,
      {
        hint: 'Pass the package as an absolute path.',
      },
    );
  }
  return file;
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Debian packages through dpkg (or apt-get for dependency resolution). */
export class DebBackend implements PackageBackend {
  readonly kind = 'deb' as const;
  constructor(
    private readonly host: Host,
    private readonly installer: 'dpkg' | 'apt',
    private readonly timeoutMs: number,
  ) {}

  async inspect(file: string): Promise<PackageIdentity> {
    const out = await this.host.exec('dpkg-deb', ['-f', '--', file, 'Package', 'Version'], {});
    const fields = Object.fromEntries(
      lines(out.stdout).map((l) => [
        l.slice(0, l.indexOf(':')),
        l.slice(l.indexOf(':') + 1).trim(),
      ]),
    );
    if (!fields.Package || !fields.Version) {
      throw new WafGateError('E_PACKAGE', `${file} has no Package/Version control fields`, {
        context: { host: this.host.name },
      });
    }
    return { name: fields.Package, version: fields.Version };
  }

  async installedVersion(name: string): Promise<string | null> {
    const out = await this.host.exec(
      'dpkg-query',
      ['-W', '-f', '${Status}\t${Version}', '--', name],
      { allowFailure: true },
    );
    if (out.exitCode !== 0) return null;
    const [status = '', version = ''] = out.stdout.split('\t');
    return /\binstalled$/.test(status.trim()) && version.trim() !== '' ? version.trim() : null;
  }

  async compare(a: string, b: string): Promise<-1 | 0 | 1> {
    const is = async (op: string): Promise<boolean> =>
      (
        await this.host.exec('dpkg', ['--compare-versions', '--', a, op, b], {
          allowFailure: true,
        })
      ).exitCode === 0;
    if (await is('lt')) return -1;
    return (await is('eq')) ? 0 : 1;
  }

  async install(file: string): Promise<void> {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    // dpkg -i installs, upgrades and downgrades alike; keep the admin's conffiles.
    if (this.installer === 'apt') {
      await this.host.exec(
        'apt-get',
        [
          'install',
          '-y',
          '--allow-downgrades',
          '-o',
          'Dpkg::Options::=--force-confold',
          '--',
          absolute(file),
        ],
        {
          env,
          timeoutMs: this.timeoutMs,
        },
      );
    } else {
      await this.host.exec(
        'dpkg',
        ['-i', '--force-confdef', '--force-confold', '--', absolute(file)],
        {
          env,
          timeoutMs: this.timeoutMs,
        },
      );
    }
  }

  aliases(version: string): string[] {
    const noEpoch = version.replace(/^\d+:/, '');
    const upstream = noEpoch.includes('-') ? noEpoch.slice(0, noEpoch.lastIndexOf('-')) : noEpoch;
    return [...new Set([version, noEpoch, upstream])];
  }
}

/** RPM packages: `rpm -ivh` / `-Uvh` / `-Uvh --oldpackage`, ordered by rpmvercmp. */
export class RpmBackend implements PackageBackend {
  readonly kind = 'rpm' as const;
  constructor(
    private readonly host: Host,
    private readonly timeoutMs: number,
  ) {}

  private static evr(epoch: string, version: string, release: string): string {
    const e = epoch === '(none)' || epoch === '' ? '' : `${epoch}:`;
    return `${e}${version}${release === '' || release === '(none)' ? '' : `-${release}`}`;
  }

  async inspect(file: string): Promise<PackageIdentity> {
    const out = await this.host.exec(
      'rpm',
      [
        '-qp',
        '--nosignature',
        '--qf',
        '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\n',
        '--',
        file,
      ],
      {},
    );
    const [name = '', epoch = '', version = '', release = ''] = (lines(out.stdout)[0] ?? '').split(
      '\t',
    );
    if (name === '' || version === '')
      throw new WafGateError('E_PACKAGE', `Cannot read name and version of ${file}`);
    return { name, version: RpmBackend.evr(epoch, version, release) };
  }

  async installedVersion(name: string): Promise<string | null> {
    const out = await this.host.exec(
      'rpm',
      ['-q', '--qf', '%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\n', '--', name],
      { allowFailure: true },
    );
    if (out.exitCode !== 0) return null;
    const all = lines(out.stdout).map((l) => {
      const [epoch = '', version = '', release = ''] = l.split('\t');
      return RpmBackend.evr(epoch, version, release);
    });
    // Several installed versions (multilib, kernels): the newest counts.
    return all.sort(compareRpmVersions).at(-1) ?? null;
  }

  compare(a: string, b: string): Promise<-1 | 0 | 1> {
    return Promise.resolve(compareRpmVersions(a, b));
  }

  async install(file: string, action: Exclude<InstallAction, 'unchanged'>): Promise<void> {
    const flags =
      action === 'installed'
        ? ['-ivh']
        : action === 'upgraded'
          ? ['-Uvh']
          : ['-Uvh', '--oldpackage'];
    await this.host.exec('rpm', [...flags, '--', file], { timeoutMs: this.timeoutMs });
  }

  aliases(version: string): string[] {
    const evr = parseEvr(version);
    const vr = evr.release === '' ? evr.version : `${evr.version}-${evr.release}`;
    return [...new Set([version, vr, evr.version])];
  }
}

/** The backend for a package kind on a host. */
export function backendFor(kind: PackageKind, host: Host, options: InstallOptions): PackageBackend {
  switch (kind) {
    case 'deb':
      return new DebBackend(host, options.debInstaller, options.commandTimeoutMs);
    case 'rpm':
      return new RpmBackend(host, options.commandTimeoutMs);
    case 'tarball':
    case 'directory':
      return new TarballBackend(host, options);
  }
}
