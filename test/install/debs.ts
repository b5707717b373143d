/**
 * Builds small real Debian packages for the install tests with `dpkg-deb --build`: package
 * `waf-gate-test-waf` installs `/usr/lib/waf-gate-test/version` and `/usr/bin/waf-gate-test-waf`, whose
 * `-v` prints `waf-gate-test-waf version: wswaf/<upstream>` to stderr like `nginx -v`.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { missingPeer } from '../helpers/peers.ts';

/** The test package's name. */
export const TEST_PACKAGE = 'waf-gate-test-waf';

/** Why the real-package tests cannot run here, or undefined. */
export function debSkipReason(): string | undefined {
  if (process.getuid?.() !== 0)
    return missingPeer('not root: installing real packages with dpkg needs root (CI runs as root)');
  if (spawnSync('dpkg-deb', ['--version']).status !== 0)
    return missingPeer('dpkg-deb not found (install dpkg)');
  return undefined;
}

/**
 * Builds `<dir>/<name>_<version>_all.deb`. `probeVersion` is what `-v` prints (default: the upstream part
 * of `version`), so a test can build a package whose binary lies about its version.
 */
export async function buildDeb(
  dir: string,
  version: string,
  probeVersion?: string,
  name = TEST_PACKAGE,
): Promise<string> {
  const upstream = version.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
  const root = join(dir, `${name}-${version.replace(/[:~]/g, '_')}-root`);
  await mkdir(join(root, 'DEBIAN'), { recursive: true });
  await mkdir(join(root, 'usr/lib/waf-gate-test'), { recursive: true });
  await mkdir(join(root, 'usr/bin'), { recursive: true });
  await writeFile(
    join(root, 'DEBIAN/control'),
    [
      `Package: ${name}`,
      `Version: ${version}`,
      'Architecture: all',
      'Maintainer: waf-gate tests <tests@example.invalid>',
      'Description: waf-gate install test package',
      '',
    ].join('\n'),
  );
  await writeFile(join(root, 'usr/lib/waf-gate-test/version'), `${version}\n`);
  const bin = join(root, 'usr/bin', name);
  await writeFile(
    bin,
    `#!/bin/sh\necho "${name} version: wswaf/${probeVersion ?? upstream}" >&2\n`,
  );
  await chmod(bin, 0o755);
  const out = join(dir, `${name}_${version.replace(/:/g, '%3a')}_all.deb`);
  const result = spawnSync('dpkg-deb', ['--root-owner-group', '--build', root, out], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`dpkg-deb --build failed: ${result.stderr}`);
  return out;
}

/** Removes the test package from the dpkg database (ignores "not installed"). */
export function purgeTestPackage(name = TEST_PACKAGE): void {
  spawnSync('dpkg', ['--purge', name], { encoding: 'utf8' });
}
