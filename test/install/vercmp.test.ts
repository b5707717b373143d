import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { LocalHost } from '../../src/hosts/local.ts';
import { DebBackend } from '../../src/install/backends.ts';
import { compareRpmVersions, parseEvr, rpmvercmp } from '../../src/install/rpm-vercmp.ts';
import { missingPeer } from '../helpers/peers.ts';

// [a, b, expected] from rpm's own test suite (tests/rpmvercmp.at) and the tilde/caret additions.
const RPM_PAIRS: [string, string, -1 | 0 | 1][] = [
  ['1.0', '1.0', 0],
  ['1.0', '2.0', -1],
  ['2.0', '1.0', 1],
  ['2.0.1', '2.0.1', 0],
  ['2.0', '2.0.1', -1],
  ['2.0.1a', '2.0.1', 1],
  ['5.5p1', '5.5p2', -1],
  ['5.5p10', '5.5p2', 1],
  ['10xyz', '10.1xyz', -1],
  ['xyz10', 'xyz10.1', -1],
  ['xyz.4', '8', -1],
  ['xyz.4', '2', -1],
  ['5.5p2', '5.6p1', -1],
  ['5.6p1', '6.5p1', -1],
  ['6.0.rc1', '6.0', 1],
  ['10b2', '10a1', 1],
  ['1.0aa', '1.0a', 1],
  ['10.0001', '10.1', 0],
  ['10.0001', '10.0039', -1],
  ['4.999.9', '5.0', -1],
  ['20101121', '20101122', -1],
  ['2_0', '2_0', 0],
  ['2.0', '2_0', 0],
  ['a', 'a', 0],
  ['a+', 'a+', 0],
  ['a+', 'a_', 0],
  ['+a', '_a', 0],
  ['+_', '_+', 0],
  ['1.2.10', '1.2.3', 1], // the original prepare.sh's awk string comparison gets this one wrong
  ['1.0~rc1', '1.0~rc1', 0],
  ['1.0~rc1', '1.0', -1],
  ['1.0~rc1', '1.0~rc2', -1],
  ['1.0~rc1~git123', '1.0~rc1', -1],
  ['1.0^', '1.0^', 0],
  ['1.0^', '1.0', 1],
  ['1.0', '1.0^', -1],
  ['1.0^git1', '1.0', 1],
  ['1.0^git1', '1.01', -1],
  ['1.0^git1', '1.0^git2', -1],
  ['1.0^git1', '1.0.1', -1],
  ['1.0^git1~pre', '1.0^git1', -1],
  ['1.0^git1', '1.0~rc1', 1],
  ['1.0~rc1^git1', '1.0~rc1', 1],
  ['1.0~rc1^git1', '1.0', -1],
];

describe('rpmvercmp', () => {
  for (const [a, b, expected] of RPM_PAIRS) {
    it(`${a} vs ${b} = ${expected}`, () => {
      assert.equal(rpmvercmp(a, b), expected);
      assert.equal(rpmvercmp(b, a), -expected || 0, 'antisymmetric');
    });
  }

  it(
    'agrees with librpm itself (rpm.vercmp through rpm --eval) on every pair',
    {
      skip: spawnSync('rpm', ['--version']).status === 0 ? false : missingPeer('rpm not installed'),
    },
    () => {
      const lua = RPM_PAIRS.map(
        ([a, b]) => `print(rpm.vercmp(${JSON.stringify(a)}, ${JSON.stringify(b)}) .. " ")`,
      ).join(' ');
      const out = spawnSync('rpm', ['--eval', `%{lua: ${lua}}`], { encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      const got = out.stdout.trim().split(/\s+/).map(Number);
      assert.deepEqual(
        got,
        RPM_PAIRS.map(([, , expected]) => expected),
      );
    },
  );

  it('compares epoch, then version, then release', () => {
    assert.equal(compareRpmVersions('1:1.0-1', '2.0-1'), 1);
    assert.equal(compareRpmVersions('0:2.0-1', '2.0-1'), 0);
    assert.equal(compareRpmVersions('1.2.3-1.el6', '1.2.3-2.el6'), -1);
    assert.equal(compareRpmVersions('1.2.3-10.el6', '1.2.3-9.el6'), 1);
    assert.equal(compareRpmVersions('1.2.3', '1.2.3-9.el6'), 0, 'a missing release matches any');
    assert.deepEqual(parseEvr('(none):1.0-1'), { epoch: 0, version: '1.0', release: '1' });
    assert.deepEqual(parseEvr('3:1.0-2-rc'), { epoch: 3, version: '1.0-2', release: 'rc' });
  });
});

// dpkg's own ordering, through the backend that runs `dpkg --compare-versions` on the host.
const DEB_PAIRS: [string, string, -1 | 0 | 1][] = [
  ['1.2.3-1', '1.2.10-1', -1],
  ['1.0~rc1-1', '1.0-1', -1],
  ['1.0-1', '1.0-1+b1', -1],
  ['1.0-1~bpo12+1', '1.0-1', -1],
  ['1:0.9-1', '2.0-1', 1],
  ['1.0', '1.0-0', 0],
  ['1.0a-1', '1.0-1', 1],
  ['1.0+dfsg-1', '1.0-1', 1],
  ['1.0.0-1', '1.0-1', 1],
  ['2.0-1', '2.0-1', 0],
  ['1.22.1-9+deb12u11', '1.22.1-9+deb12u2', 1],
];

describe(
  'dpkg --compare-versions through DebBackend',
  { skip: spawnSync('dpkg', ['--version']).status === 0 ? false : missingPeer('dpkg not found') },
  () => {
    const backend = new DebBackend(new LocalHost(), 'dpkg', 60_000);
    for (const [a, b, expected] of DEB_PAIRS) {
      it(`${a} vs ${b} = ${expected}`, async () => {
        assert.equal(await backend.compare(a, b), expected);
        assert.equal(await backend.compare(b, a), -expected || 0);
      });
    }

    it('offers the versions a probe may print', () => {
      assert.deepEqual(backend.aliases('1:1.2.3-1'), ['1:1.2.3-1', '1.2.3-1', '1.2.3']);
    });
  },
);
