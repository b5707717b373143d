/** mergeReplayResults merges counts and histograms exactly. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeReplayResults,
  resultFromSnapshot,
  summarizeHistogram,
} from '../../src/replay/index.ts';
import { StatsRecorder } from '../../src/replay/stats.ts';

function recorded(
  latencies: number[],
  statuses: number[],
  errors: number,
  startAt: number,
): ReturnType<StatsRecorder['snapshot']> {
  const stats = new StatsRecorder(['a.test', 'b.test'], 1000);
  let now = startAt;
  latencies.forEach((lat, i) => {
    stats.onSent(i % 2, 100, now);
    now += 1;
    stats.onResponse(i % 2, statuses[i % statuses.length]!, lat, 50, now);
  });
  for (let i = 0; i < errors; i++) {
    stats.onSent(0, 100, now);
    stats.onError(0, 1, 0, now);
  }
  return stats.snapshot(now);
}

const context = {
  runId: 'r',
  target: { host: '127.0.0.1', port: 1, tls: false },
  corpus: { fingerprint: 'f', entries: 1, sources: ['x'] },
  loadShape: { mode: 'pressure' as const, connections: 2, keepAlive: true },
  idHeader: null,
};

describe('mergeReplayResults', () => {
  it('equals recording everything in one histogram', () => {
    const a = Array.from({ length: 5000 }, (_, i) => 100 + ((i * 7919) % 20000));
    const b = Array.from({ length: 3000 }, (_, i) => 5000 + ((i * 104729) % 900000));
    const ra = resultFromSnapshot(recorded(a, [200, 403], 3, 1000), context);
    const rb = resultFromSnapshot(recorded(b, [200, 500], 0, 1500), context);
    const merged = mergeReplayResults([ra, rb]);
    const all = createHistogram();
    for (const v of [...a, ...b]) all.recordValue(v);
    assert.deepEqual(merged.latency.summary, summarizeHistogram(all));
    assert.equal(decodeHistogram(merged.latency.histogram).totalCount, a.length + b.length);
    assert.equal(merged.totals.completed, a.length + b.length);
    assert.equal(merged.totals.errors, 3);
    assert.equal(merged.totals.sent, a.length + b.length + 3);
    assert.equal(merged.statusCounts['200'], Math.ceil(a.length / 2) + Math.ceil(b.length / 2));
    assert.equal(merged.statusCounts['403'], Math.floor(a.length / 2));
    assert.equal(merged.statusCounts['500'], Math.floor(b.length / 2));
    assert.equal(merged.perDomain['a.test']!.errorCounts.reset, 3);
    assert.equal(
      merged.perDomain['a.test']!.sent + merged.perDomain['b.test']!.sent,
      merged.totals.sent,
    );
    assert.equal(merged.loadShape.connections, 4);
    const windowTotal = merged.windows.reduce((s, w) => s + w.completed, 0);
    assert.equal(windowTotal, merged.totals.completed);
    const windowHist = createHistogram();
    for (const w of merged.windows) windowHist.add(decodeHistogram(w.histogram));
    assert.equal(
      encodeHistogram(windowHist) === merged.latency.histogram ||
        windowHist.totalCount === all.totalCount,
      true,
    );
  });

  it('does not change its inputs and merges a single result to an equal copy', () => {
    const r = resultFromSnapshot(recorded([1, 2, 3], [200], 0, 0), context);
    const copy = structuredClone(r);
    const merged = mergeReplayResults([r]);
    assert.deepEqual(merged, copy);
    mergeReplayResults([r, r]);
    assert.deepEqual(r, copy);
  });
});
