/**
 * The kernel shaper's detection on this machine: it answers available or `unavailable: <reason>`
 * (never throws), and the probe network namespace it makes as root is gone afterwards.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { detectNetem, formatKernelShaper } from '../../src/replay/shaping/netem.ts';

function probeNamespaces(): string[] | null {
  try {
    const out = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 });
    return out.split('\n').filter((l) => l.startsWith(`waf-gate-probe-${process.pid}-`));
  } catch {
    return null; // no iproute2: nothing could have been made
  }
}

describe('kernel shaper detection (tc netem in a network namespace)', () => {
  it('reports available or unavailable with a reason, and leaves no namespace behind', async () => {
    const status = await detectNetem();
    const text = formatKernelShaper(status);
    if (status.available) assert.match(text, /^available \(.+\)$/);
    else {
      assert.ok(status.reason.length > 0);
      assert.equal(text, `unavailable: ${status.reason}`);
      if (process.getuid?.() !== 0) assert.match(status.reason, /needs root/);
    }
    const left = probeNamespaces();
    if (left !== null) assert.deepEqual(left, []);
  });
});
