/**
 * The Debian packages the lab runs on, and installing them when missing (as root) or saying exactly how.
 */
import { ConfigError } from '../common/errors.js';
import { runCommand } from '../common/exec.js';
import type { Logger } from '../common/logger.js';
import { pathExists } from '../common/fs.js';

/** Debian packages of the lab. */
export const LAB_PACKAGES = ['nginx', 'libnginx-mod-http-modsecurity', 'modsecurity-crs'] as const;

/** Files the lab needs, and the package that ships each. */
export const LAB_FILES = {
  nginx: { path: '/usr/sbin/nginx', pkg: 'nginx' },
  module: {
    path: '/usr/lib/nginx/modules/ngx_http_modsecurity_module.so',
    pkg: 'libnginx-mod-http-modsecurity',
  },
  modsecurityConf: { path: '/etc/nginx/modsecurity.conf', pkg: 'libnginx-mod-http-modsecurity' },
  unicodeMapping: { path: '/etc/nginx/unicode.mapping', pkg: 'libnginx-mod-http-modsecurity' },
  crsSetup: { path: '/etc/modsecurity/crs/crs-setup.conf', pkg: 'modsecurity-crs' },
  crsRules: { path: '/usr/share/modsecurity-crs/rules', pkg: 'modsecurity-crs' },
} as const;

/** A file the lab needs and the package that ships it. */
export interface LabFile {
  path: string;
  pkg: string;
}

/** Packages whose files are missing. */
export async function missingLabPackages(
  files: Record<string, LabFile> = LAB_FILES,
): Promise<string[]> {
  const missing = new Set<string>();
  for (const file of Object.values(files)) {
    if (!(await pathExists(file.path))) missing.add(file.pkg);
  }
  return [...missing];
}

/** The command a user runs to install `packages`. */
export function installCommandFor(packages: readonly string[]): string {
  return `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(' ')}`;
}

/**
 * Makes sure the lab's packages are there: installs them with apt-get when running as root and
 * `install` is true, otherwise throws a ConfigError with the exact command to run.
 */
export async function ensureLabPackages(
  install: boolean,
  logger: Logger,
  files: Record<string, LabFile> = LAB_FILES,
): Promise<void> {
  const missing = await missingLabPackages(files);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!install || !isRoot) {
    throw new ConfigError(
      `The lab needs the Debian packages ${missing.join(', ')}, which are not installed.`,
      {
        hint: `Install them with: ${installCommandFor(missing)}${isRoot ? '' : ' (or run waf-gate as root to let it install them)'}.`,
      },
    );
  }
  logger.info(`Installing ${missing.join(', ')} with apt-get (running as root)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runCommand('apt-get', ['update'], { env, timeoutMs: 600_000 });
  await runCommand('apt-get', ['install', '-y', '--no-install-recommends', ...LAB_PACKAGES], {
    env,
    timeoutMs: 900_000,
  });
  const still = await missingLabPackages(files);
  if (still.length > 0) {
    throw new ConfigError(`apt-get finished but ${still.join(', ')} still look missing.`, {
      hint: `Check with: dpkg -L ${still.join(' ')}`,
    });
  }
}

/** Installed versions of nginx, libmodsecurity and CRS, from the package database. */
export async function labVersions(): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const pkg of [
    'nginx',
    'libmodsecurity3',
    'libnginx-mod-http-modsecurity',
    'modsecurity-crs',
  ]) {
    const result = await runCommand('dpkg-query', ['-W', '-f', '${Version}', pkg], {
      allowFailure: true,
      timeoutMs: 10_000,
    }).catch(() => null);
    if (result && result.exitCode === 0 && result.stdout.trim())
      versions[pkg] = result.stdout.trim();
  }
  return versions;
}
