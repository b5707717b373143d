/**
 * The QPS-over-time windows behind the Markdown chart and report.html: aligned bins, full bins only.
 * Regression: a partial last window (the burst of in-flight responses after the round's duration) existed
 * in some rounds only and its rate, taken as the median at its index, showed as a spike (1,553 req/s
 * against ~760 sustained in a demo run).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignedWindowRates, nominalWindowMs, qpsTimeline } from '../../src/compare/timeline.js';
import { StatsRecorder } from '../../src/replay/stats.js';
import type { ReplayWindow } from '../../src/replay/types.js';

const SUSTAINED_RPS = 760;

/**
 * One round recorded by the real StatsRecorder: `SUSTAINED_RPS` responses per second for `fullWindows`
 * windows, the window timer firing `lateMs` late each time; then, when `burst` is set, 16 in-flight
 * responses completing within 10 ms after the last roll (the run stopping), closed as a partial window.
 */
function recordRound(fullWindows: number, lateMs: number, burst: boolean): ReplayWindow[] {
  const stats = new StatsRecorder(['app.test']);
  const gapMs = 1000 / SUSTAINED_RPS;
  stats.onSent(0, 100, 0);
  let now = 0;
  let nextRoll = 1000 + lateMs;
  let rolled = 0;
  while (rolled < fullWindows) {
    now += gapMs;
    if (now >= nextRoll) {
      stats.roll(nextRoll);
      rolled += 1;
      nextRoll += 1000 + lateMs;
      if (rolled === fullWindows) break;
    }
    stats.onResponse(0, 200, 1300, 600, now);
  }
  let end = nextRoll - 1000 - lateMs;
  if (burst) {
    for (let i = 0; i < 16; i++) stats.onResponse(0, 200, 1300, 600, end + 0.6 * (i + 1));
    end += 10;
  }
  return stats.snapshot(end).windows;
}

describe('QPS over time: aligned full windows', () => {
  const rounds = [
    recordRound(15, 3, true),
    recordRound(15, 3, true),
    recordRound(15, 3, false),
    recordRound(15, 3, false),
    recordRound(15, 3, false),
  ].map((windows) => ({ replay: { windows } }));

  it('the recorded rounds reproduce the spike: a short last window in two rounds only', () => {
    const last = rounds[0]!.replay.windows.at(-1)!;
    assert.equal(rounds[0]!.replay.windows.length, 16);
    assert.equal(rounds[2]!.replay.windows.length, 15);
    assert.ok(last.durationMs <= 10, `partial window of ${last.durationMs} ms`);
    assert.ok(last.rps > 1400, `the partial window's own rate is ${last.rps} req/s`);
    // The old computation charted the median of windows[15].rps over the rounds that had it: that rate.
  });

  it('charts no spike: every point is the sustained rate, and no partial window becomes a point', () => {
    const timeline = qpsTimeline(rounds, rounds);
    assert.ok(timeline);
    assert.equal(timeline.windowMs, 1000);
    assert.equal(timeline.points.length, 15);
    for (const p of timeline.points) {
      assert.ok(p.baseline !== null && p.candidate !== null);
      assert.ok(
        Math.abs(p.baseline - SUSTAINED_RPS) <= SUSTAINED_RPS * 0.02,
        `t=${p.tSec}s: ${p.baseline} req/s, expected about ${SUSTAINED_RPS}`,
      );
    }
    assert.deepEqual(
      timeline.points.map((p) => p.tSec),
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
  });

  it('spreads drifting windows over aligned bins and keeps only bins covered completely', () => {
    const windows: ReplayWindow[] = [
      { startMs: 10_000, durationMs: 1500, completed: 1500 } as ReplayWindow,
      { startMs: 11_500, durationMs: 1000, completed: 500 } as ReplayWindow,
      { startMs: 12_500, durationMs: 300, completed: 900 } as ReplayWindow,
    ];
    // Bins [0,1000): 1000 of the first window; [1000,2000): 500 + 250; [2000,2500) is not full.
    assert.deepEqual(alignedWindowRates(windows, 1000), [1000, 750]);
    assert.deepEqual(alignedWindowRates([], 1000), []);
    assert.equal(nominalWindowMs(windows), 1300);
    assert.equal(nominalWindowMs(recordRound(4, 7, true)), 1000);
  });

  it('adds overlapping windows merged from several workers', () => {
    const worker = (startMs: number): ReplayWindow[] =>
      [0, 1, 2].map(
        (i) => ({ startMs: startMs + i * 1000, durationMs: 1000, completed: 400 }) as ReplayWindow,
      );
    const rates = alignedWindowRates([...worker(0), ...worker(0)], 1000);
    assert.deepEqual(rates, [800, 800, 800]);
  });

  it('gives no timeline when no round has a full window', () => {
    const short = [
      { replay: { windows: [{ startMs: 0, durationMs: 400, completed: 300 } as ReplayWindow] } },
    ];
    assert.equal(qpsTimeline(short, short), null);
  });
});
