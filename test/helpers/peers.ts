/**
 * Tests that need an outside tool (nginx, dpkg, rpm, zip, sshd, crontab, an IPv6 loopback) skip when it
 * is missing on a developer's machine — but never in CI: with `WAF_GATE_REQUIRE_PEERS=1` (set by
 * scripts/test-all.sh, which `.ci/run` runs) a missing tool is an error, so a test cannot hide.
 *
 *   describe('over ssh', { skip: peerSkip(sshdMissing()) }, …)      // reason or undefined
 *   export function rpmSkipReason() { … return missingPeer('rpmbuild not found'); }
 *   if (!v6) return t.skip(missingPeer('no IPv6 loopback'));
 */

/** The variable that turns a missing tool from a skip into a failure. */
export const REQUIRE_PEERS_ENV = 'WAF_GATE_REQUIRE_PEERS';

/** True when missing tools must fail the tests (`WAF_GATE_REQUIRE_PEERS=1`). */
export function peersRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[REQUIRE_PEERS_ENV] === '1';
}

/**
 * A tool is missing: returns `reason` to skip with, or throws under `WAF_GATE_REQUIRE_PEERS=1` — at
 * import time when called from a `describe`/`it` option, so the whole test file fails.
 */
export function missingPeer(reason: string, env: NodeJS.ProcessEnv = process.env): string {
  if (peersRequired(env)) {
    throw new Error(
      `A test needs a tool that is missing: ${reason}. ${REQUIRE_PEERS_ENV}=1 (CI) does not skip tests; install it.`,
    );
  }
  return reason;
}

/** The `skip` option of a test that needs a tool: `false` when `reason` is undefined, see {@link missingPeer}. */
export function peerSkip(
  reason: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | false {
  return reason === undefined ? false : missingPeer(reason, env);
}
