/** Builds small real noarch RPMs for the install tests with `rpmbuild` (Debian: apt-get install rpm). */
import { spawnSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { missingPeer } from '../helpers/peers.ts';

/** The test rpm's name. */
export const TEST_RPM = 'waf-gate-test-rpm';

/** Why the rpm tests cannot run here, or undefined. */
export function rpmSkipReason(): string | undefined {
  if (process.getuid?.() !== 0)
    return missingPeer('not root: installing real packages with rpm needs root');
  if (spawnSync('rpmbuild', ['--version']).status !== 0)
    return missingPeer('rpmbuild not found (Debian: apt-get install rpm)');
  return undefined;
}

/** Builds `waf-gate-test-rpm-[epoch:]version-release.noarch.rpm` into `dir` and returns its path. */
export async function buildRpm(
  dir: string,
  version: string,
  release: string,
  epoch?: number,
): Promise<string> {
  const top = join(dir, `rpm-${epoch ?? 0}-${version}-${release}`);
  const spec = join(dir, `${TEST_RPM}.spec`);
  await writeFile(
    spec,
    [
      `Name: ${TEST_RPM}`,
      ...(epoch === undefined ? [] : [`Epoch: ${epoch}`]),
      'Version: %{ver}',
      'Release: %{rel}',
      'Summary: waf-gate install test package',
      'License: MIT',
      'BuildArch: noarch',
      'AutoReqProv: no',
      '%description',
      'waf-gate install test package',
      '%install',
      `mkdir -p %{buildroot}/usr/lib/${TEST_RPM}`,
      `echo %{ver}-%{rel} > %{buildroot}/usr/lib/${TEST_RPM}/version`,
      '%files',
      `/usr/lib/${TEST_RPM}/version`,
      '',
    ].join('\n'),
  );
  const r = spawnSync(
    'rpmbuild',
    [
      '-bb',
      '--quiet',
      '--define',
      `_topdir ${top}`,
      '--define',
      `ver ${version}`,
      '--define',
      `rel ${release}`,
      spec,
    ],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`rpmbuild failed: ${r.stderr}`);
  const name = (await readdir(join(top, 'RPMS/noarch')))[0];
  if (!name) throw new Error('rpmbuild produced no package');
  return join(top, 'RPMS/noarch', name);
}

/** Erases the test rpm (ignores "not installed"). */
export function eraseTestRpm(): void {
  spawnSync('rpm', ['-e', '--allmatches', TEST_RPM], { encoding: 'utf8' });
}
