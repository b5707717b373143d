/** Real RPMs through rpm: install, upgrade (incl. an epoch), downgrade with --oldpackage, unchanged. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import { runInstall } from '../../src/install/install.ts';
import { parseInstallOptions, rawInputsFrom } from '../../src/install/options.ts';
import { restoreFromStateFile } from '../../src/install/restore.ts';
import { buildRpm, eraseTestRpm, rpmSkipReason, TEST_RPM } from './rpms.ts';

describe('install-waf with real rpms', { skip: rpmSkipReason() ?? false, timeout: 120_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-rpm-'));
    eraseTestRpm();
  });
  after(async () => {
    eraseTestRpm();
    await rm(dir, { recursive: true, force: true });
  });

  it('installs, upgrades, downgrades (--oldpackage) and leaves an exact version, by rpm ordering', async () => {
    const v123 = await buildRpm(dir, '1.2.3', '1.el6');
    const v1210 = await buildRpm(dir, '1.2.10', '1.el6');
    const epoch = await buildRpm(dir, '1.0', '1.el6', 1);
    const steps: [string, string, string | null, string][] = [
      [v123, 'installed', null, '1.2.3-1.el6'],
      [v1210, 'upgraded', '1.2.3-1.el6', '1.2.10-1.el6'],
      [v123, 'downgraded', '1.2.10-1.el6', '1.2.3-1.el6'],
      [v123, 'unchanged', '1.2.3-1.el6', '1.2.3-1.el6'],
      [epoch, 'upgraded', '1.2.3-1.el6', '1:1.0-1.el6'], // the epoch outranks the version
    ];
    const stateFile = join(dir, 'state.json');
    for (const [file, action, previous, version] of steps) {
      const options = await parseInstallOptions(
        rawInputsFrom({
          package: file,
          'pause-cron': 'none',
          'pause-timers': 'none',
          'state-file': stateFile,
          'lock-file': `${stateFile}.lock`,
        }),
      );
      const result = await runInstall(new LocalHost(), options, silentLogger);
      assert.deepEqual(
        [result.action, result.previousVersion, result.version, result.probedVersion],
        [action, previous, version, version],
      );
      const db = spawnSync('rpm', ['-q', '--qf', '%{VERSION}-%{RELEASE}', TEST_RPM], {
        encoding: 'utf8',
      });
      assert.equal(db.stdout, version.replace(/^\d+:/, ''), 'the real rpm database agrees');
      await restoreFromStateFile(new LocalHost(), stateFile, silentLogger);
    }
  });

  it('installs a package file named -x.rpm (rpm -qp / -ivh get it after --)', async () => {
    eraseTestRpm();
    const file = join(dir, '-x.rpm');
    await copyFile(await buildRpm(dir, '4.5.6', '1.el6'), file);
    const stateFile = join(dir, 'dash-state.json');
    const options = await parseInstallOptions(
      rawInputsFrom({
        package: file,
        'pause-cron': 'none',
        'pause-timers': 'none',
        'state-file': stateFile,
        'lock-file': `${stateFile}.lock`,
      }),
    );
    const result = await runInstall(new LocalHost(), options, silentLogger);
    assert.deepEqual([result.action, result.version], ['installed', '4.5.6-1.el6']);
    await restoreFromStateFile(new LocalHost(), stateFile, silentLogger);
  });
});
