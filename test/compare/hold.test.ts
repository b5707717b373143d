/**
 * compare-baseline on the long-lived connection phase (hold.json of each build, written per the
 * contract): a build that drops connections the baseline held, breaks upgrades or loses pushes fails;
 * an identical build passes; noisy values warn only; a missing side is missing, never zero.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isConfigError } from '../../src/common/errors.js';
import {
  compareRuns,
  defaultPolicy,
  parsePolicy,
  applyPolicyInputs,
} from '../../src/compare/index.js';
import { HOLD_BUILDS, writeHoldRun, type HoldFixture } from './hold-fixture-builder.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'hold');

describe('compare: long-lived connections (hold.json)', () => {
  let dir: string;
  let n = 0;
  const run = (f: HoldFixture): Promise<string> => writeHoldRun(join(dir, `run-${(n += 1)}`), f);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-hold-compare-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails a short proxy_read_timeout build: 10 unexpected drops where the baseline held all', async () => {
    const cmp = await compareRuns(
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-short-timeout'),
      defaultPolicy(),
    );
    assert.equal(cmp.verdict, 'fail');
    const drops = cmp.hold!.checks.find((c) => c.id === 'unexpectedDrops')!;
    assert.equal(drops.result, 'fail');
    assert.equal(drops.baseline, 0);
    assert.equal(drops.candidate, 10);
    assert.equal(cmp.hold!.candidate!.heldToEnd, 10);
    const failing = cmp.reasons.filter((r) => r.severity === 'fail');
    assert.equal(failing.length, 1, JSON.stringify(cmp.reasons));
    assert.equal(failing[0]!.area, 'connections');
    assert.match(failing[0]!.message, /Unexpected drops: candidate 10 of 20 connections/);
  });

  it('passes an identical build whose RTT and WAF cost moved by noise', async () => {
    const cmp = await compareRuns(
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-twin'),
      defaultPolicy(),
    );
    assert.equal(cmp.verdict, 'pass', JSON.stringify(cmp.reasons));
    assert.deepEqual(
      cmp.hold!.checks.filter((c) => c.result !== 'ok').map((c) => c.id),
      [],
    );
    assert.match(cmp.reasons[0]!.message, /no long-lived connection lost/);
  });

  it('passes the baseline against itself (A/A)', async () => {
    const b = join(fixtures, 'baseline-pl1');
    const cmp = await compareRuns(b, b, defaultPolicy());
    assert.equal(cmp.verdict, 'pass');
    assert.ok(cmp.hold!.checks.every((c) => c.result === 'ok'));
  });

  it('fails refused upgrades and lost or disordered pushes', async () => {
    const base = await run(HOLD_BUILDS.baseline);
    const refused = await run({ ...HOLD_BUILDS.baseline, refusedByStatus: { '403': 3 } });
    let cmp = await compareRuns(base, refused, defaultPolicy());
    assert.equal(cmp.verdict, 'fail');
    const up = cmp.hold!.checks.find((c) => c.id === 'upgradeFailures')!;
    assert.deepEqual([up.result, up.baseline, up.candidate], ['fail', 0, 3]);
    assert.deepEqual(cmp.hold!.candidate!.refusedByStatus, { '403': 3 });

    const lost = await run({ ...HOLD_BUILDS.baseline, push: { received: 78, lost: 2 } });
    cmp = await compareRuns(base, lost, defaultPolicy());
    assert.equal(cmp.hold!.checks.find((c) => c.id === 'pushLost')!.result, 'fail');
    assert.equal(cmp.verdict, 'fail');

    const dup = await run({ ...HOLD_BUILDS.baseline, push: { received: 81, duplicated: 1 } });
    cmp = await compareRuns(base, dup, defaultPolicy());
    assert.equal(cmp.hold!.checks.find((c) => c.id === 'pushDisorder')!.result, 'fail');
  });

  it('does not count a reconnect the client cut off at the end of the hold as a failed upgrade', async () => {
    const base = await run(HOLD_BUILDS.baseline);
    const cutOff = await run({ ...HOLD_BUILDS.baseline, failedByError: { 'hold-ended': 2 } });
    let cmp = await compareRuns(base, cutOff, defaultPolicy());
    assert.equal(cmp.hold!.checks.find((c) => c.id === 'upgradeFailures')!.result, 'ok');
    assert.equal(cmp.hold!.candidate!.failed, 0);
    assert.deepEqual(cmp.hold!.candidate!.failedByError, { 'hold-ended': 2 });
    // A reset by the WAF next to it still counts.
    const reset = await run({
      ...HOLD_BUILDS.baseline,
      failedByError: { 'hold-ended': 2, reset: 1 },
    });
    cmp = await compareRuns(base, reset, defaultPolicy());
    assert.equal(cmp.hold!.candidate!.failed, 1);
    assert.equal(cmp.hold!.checks.find((c) => c.id === 'upgradeFailures')!.result, 'fail');
  });

  it('counts against the baseline rate: drops the baseline had too are noise, more are not', async () => {
    const base = await run({ ...HOLD_BUILDS.baseline, dropped: { error: 1 } });
    const same = await run({ ...HOLD_BUILDS.baseline, dropped: { error: 1 } });
    assert.equal((await compareRuns(base, same, defaultPolicy())).verdict, 'pass');
    const more = await run({ ...HOLD_BUILDS.baseline, dropped: { error: 2 } });
    const cmp = await compareRuns(base, more, defaultPolicy());
    assert.equal(cmp.verdict, 'fail');
    // A policy allowance of 10 percentage points (2 of 20 connections) lets one more drop pass.
    const lenient = applyPolicyInputs(defaultPolicy(), { 'hold-drop-increase-pct': 10 });
    assert.equal((await compareRuns(base, more, lenient)).verdict, 'pass');
    // Planned drops (client/server side) are not unexpected.
    const planned = await run({
      ...HOLD_BUILDS.baseline,
      settings: { clientDropShare: 0.1, serverDropShare: 0.1 },
      dropped: { 'client-planned': 2, 'server-planned': 2 },
    });
    const plannedBase = await run({
      ...HOLD_BUILDS.baseline,
      settings: { clientDropShare: 0.1, serverDropShare: 0.1 },
      dropped: { 'client-planned': 2, 'server-planned': 2 },
    });
    assert.equal((await compareRuns(plannedBase, planned, defaultPolicy())).verdict, 'pass');
  });

  it('warns (does not fail) on a slower heartbeat, unless the policy makes RTT gating', async () => {
    const base = await run(HOLD_BUILDS.baseline);
    const slow = await run({
      ...HOLD_BUILDS.baseline,
      heartbeat: { sent: 40, answered: 40, p50Us: 30_000, p99Us: 90_000 },
    });
    let cmp = await compareRuns(base, slow, defaultPolicy());
    assert.equal(cmp.verdict, 'pass');
    assert.equal(cmp.hold!.checks.find((c) => c.id === 'rttP99Us')!.result, 'warn');
    assert.ok(
      cmp.reasons.some((r) =>
        /^Warning, long-lived connections: Heartbeat RTT p99/.test(r.message),
      ),
    );
    cmp = await compareRuns(
      base,
      slow,
      applyPolicyInputs(defaultPolicy(), { 'hold-rtt-fail-pct': 100 }),
    );
    assert.equal(cmp.verdict, 'fail');
    const policy = parsePolicy(
      'hold:\n  rssPerConnection: { failPct: 10, minDelta: 100 }\n',
      'p.yml',
    );
    const fat = await run({ ...HOLD_BUILDS.baseline, waf: { rssBytesPerConnection: 20_000 } });
    cmp = await compareRuns(base, fat, policy);
    assert.equal(cmp.hold!.checks.find((c) => c.id === 'rssPerConnection')!.result, 'fail');
    assert.equal(cmp.verdict, 'fail');
  });

  it('reports a side without hold.json as missing (neutral), never as zero', async () => {
    const base = await run(HOLD_BUILDS.baseline);
    const none = join(dir, 'no-hold');
    await writeHoldRun(none, HOLD_BUILDS.twin);
    const record = JSON.parse(
      await (await import('node:fs/promises')).readFile(join(none, 'run.json'), 'utf8'),
    ) as Record<string, unknown>;
    delete record.hold;
    await rm(join(none, 'hold'), { recursive: true });
    await writeFile(join(none, 'run.json'), JSON.stringify(record));
    const cmp = await compareRuns(base, none, defaultPolicy());
    assert.equal(cmp.verdict, 'neutral');
    assert.equal(cmp.hold!.candidate, null);
    assert.equal(cmp.hold!.checks.length, 0);
    assert.ok(
      cmp.reasons.some(
        (r) => r.severity === 'neutral' && /candidate has no hold.json/.test(r.message),
      ),
    );
  });

  it('leaves WAF figures unknown when the hold phase was not collected; gating ones keep it neutral', async () => {
    const base = await run(HOLD_BUILDS.baseline);
    const uncollected = await run({ ...HOLD_BUILDS.baseline, waf: null });
    let cmp = await compareRuns(base, uncollected, defaultPolicy());
    const rss = cmp.hold!.checks.find((c) => c.id === 'rssPerConnection')!;
    assert.equal(rss.result, 'unknown');
    assert.equal(rss.candidate, null);
    assert.match(rss.message, /candidate: the hold phase has no collect.json/);
    assert.equal(cmp.verdict, 'pass'); // warn-only by default: context, not a verdict
    const policy = parsePolicy('hold:\n  fdsPerConnection: { failPct: 50 }\n', 'p.yml');
    cmp = await compareRuns(base, uncollected, policy);
    assert.equal(cmp.verdict, 'neutral');
  });

  it('says when the origin did not report pushes for some connections (not counted as lost)', async () => {
    const base = await run(HOLD_BUILDS.baseline);
    const unreported = await run({
      ...HOLD_BUILDS.baseline,
      push: { sent: 72, received: 72, unreportedConnections: 1 },
    });
    const cmp = await compareRuns(base, unreported, defaultPolicy());
    assert.equal(cmp.hold!.checks.find((c) => c.id === 'pushLost')!.result, 'ok');
    assert.ok(
      cmp.hold!.notes.some((m) => /candidate's origin never reported .* 1 connection/.test(m)),
    );
    assert.equal(cmp.verdict, 'pass');
  });

  it('does not compare hold phases with different settings', async () => {
    const base = await run(HOLD_BUILDS.baseline);
    const other = await run({ ...HOLD_BUILDS.baseline, settings: { pingIntervalMs: 1000 } });
    const cmp = await compareRuns(base, other, defaultPolicy());
    assert.equal(cmp.hold!.comparable, false);
    assert.equal(cmp.verdict, 'neutral');
    assert.ok(cmp.hold!.missing.some((m) => m.includes('pingIntervalMs 3000 → 1000')));
  });

  it('refuses a damaged hold.json with the file and the field', async () => {
    const bad = await run(HOLD_BUILDS.baseline);
    const file = join(bad, 'hold', 'hold.json');
    const doc = JSON.parse(await (await import('node:fs/promises')).readFile(file, 'utf8')) as {
      counts: Record<string, unknown>;
    };
    doc.counts.heldToEnd = 'ten';
    await writeFile(file, JSON.stringify(doc));
    await assert.rejects(compareRuns(bad, bad, defaultPolicy()), (error: unknown) => {
      assert.ok(isConfigError(error));
      assert.match((error as Error).message, /counts\.heldToEnd should be a number/);
      return true;
    });
  });

  it('reads hold thresholds from a policy file and refuses unknown keys with the line', () => {
    const policy = parsePolicy(
      'hold:\n  unexpectedDrops:\n    maxNew: 2\n  heartbeatsLost: { fail: true }\n',
      'policy.yml',
    );
    assert.equal(policy.hold.unexpectedDrops.maxNew, 2);
    assert.equal(policy.hold.unexpectedDrops.maxIncreasePct, 0.1);
    assert.equal(policy.hold.heartbeatsLost.fail, true);
    assert.throws(
      () => parsePolicy('hold:\n  drops: 1\n', 'policy.yml'),
      (error: unknown) => {
        assert.ok(isConfigError(error));
        assert.match((error as Error).message, /Unknown key "drops" in "hold"/);
        assert.equal((error as { line?: number }).line, 2);
        return true;
      },
    );
  });
});
