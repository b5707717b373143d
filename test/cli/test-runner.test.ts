/**
 * scripts/run-tests.mjs and test/helpers/peers.ts: a test that needs a missing tool skips on a
 * developer's machine, and fails the run in CI (WAF_GATE_REQUIRE_PEERS=1); the runner prints the skips.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { missingPeer, peerSkip, peersRequired } from '../helpers/peers.ts';

function runTests(root: string, requirePeers: boolean): { status: number | null; out: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, WAF_GATE_TEST_ROOT: root };
  delete env.NODE_TEST_CONTEXT; // else the inner runner thinks it runs inside this test and runs nothing
  if (requirePeers) env.WAF_GATE_REQUIRE_PEERS = '1';
  else delete env.WAF_GATE_REQUIRE_PEERS;
  const r = spawnSync(process.execPath, ['scripts/run-tests.mjs'], {
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('peer helper', () => {
  it('skips with the reason, or throws under WAF_GATE_REQUIRE_PEERS=1', () => {
    assert.equal(peerSkip(undefined, {}), false);
    assert.equal(peerSkip('zip not found', {}), 'zip not found');
    assert.equal(peerSkip(undefined, { WAF_GATE_REQUIRE_PEERS: '1' }), false);
    assert.throws(
      () => peerSkip('zip not found', { WAF_GATE_REQUIRE_PEERS: '1' }),
      /needs a tool that is missing: zip not found.*WAF_GATE_REQUIRE_PEERS=1/,
    );
    assert.throws(() => missingPeer('sshd not found', { WAF_GATE_REQUIRE_PEERS: '1' }), /sshd/);
    assert.equal(peersRequired({ WAF_GATE_REQUIRE_PEERS: '0' }), false);
  });
});

describe('scripts/run-tests.mjs', { timeout: 240_000 }, () => {
  it('prints the skipped tests with their reasons and passes on a developer machine', () => {
    const r = runTests('test/fixtures/runner/peer-skip', false);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /run-tests: 1 skipped/);
    assert.match(r.out, /skipped: needs the frobnicator \(frobnicator not found \(fixture\)\)/);
  });

  it('fails the run when a needed tool is missing under WAF_GATE_REQUIRE_PEERS=1', () => {
    const r = runTests('test/fixtures/runner/peer-skip', true);
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, /needs a tool that is missing: frobnicator not found/);
  });

  it('fails the run on any other skip under WAF_GATE_REQUIRE_PEERS=1, and not without it', () => {
    const relaxed = runTests('test/fixtures/runner/plain-skip', false);
    assert.equal(relaxed.status, 0, relaxed.out);
    assert.match(relaxed.out, /run-tests: 1 skipped/);
    const strict = runTests('test/fixtures/runner/plain-skip', true);
    assert.equal(strict.status, 1, strict.out);
    assert.match(strict.out, /1 test\(s\) skipped with WAF_GATE_REQUIRE_PEERS=1/);
  });
});
