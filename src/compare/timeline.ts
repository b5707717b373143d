/**
 * QPS over time from replay windows, on aligned full windows only. The engine closes a window when a
 * timer finds it due (so windows last a little more than their nominal width and drift), and closes a
 * last, partial window when the run stops: its rate over a few milliseconds is noise (one demo run charted
 * 1,553 req/s against ~760 sustained, because that partial window existed in some rounds only and the
 * median at its index was taken over those). Here the counts are spread over fixed bins from the round's
 * first window, and only bins the windows cover completely are kept. Pure.
 */
import type { ReplayWindow } from '../replay/types.js';
import type { QpsTimeline } from './comparison.js';
import { median } from './stats.js';

/** The replay windows' nominal width when none can be read. */
export const DEFAULT_WINDOW_MS = 1000;

/** Most QPS timeline points kept in the comparison. */
const MAX_TIMELINE_POINTS = 600;

/**
 * The nominal window width: the median duration of every window but the last (which is partial), rounded
 * to 100 ms (timer lateness makes windows a few ms longer than nominal).
 */
export function nominalWindowMs(windows: readonly ReplayWindow[]): number {
  const full = windows.slice(0, -1).map((w) => w.durationMs);
  if (full.length === 0) return DEFAULT_WINDOW_MS;
  const rounded = Math.round(median(full) / 100) * 100;
  return rounded > 0 ? rounded : DEFAULT_WINDOW_MS;
}

/**
 * Completed requests per second in bins of `windowMs` from the first window's start; only bins the
 * windows cover completely. A window's completions are spread evenly over its span (the finest
 * resolution the windows keep). Overlapping windows (results merged from several workers) add up.
 */
export function alignedWindowRates(windows: readonly ReplayWindow[], windowMs: number): number[] {
  if (windows.length === 0 || !(windowMs > 0)) return [];
  const originMs = Math.min(...windows.map((w) => w.startMs));
  const coveredUntilMs = Math.max(...windows.map((w) => w.startMs + Math.max(0, w.durationMs)));
  const bins = Math.floor((coveredUntilMs - originMs) / windowMs + 1e-9);
  if (bins <= 0) return [];
  const counts = new Array<number>(bins).fill(0);
  for (const w of windows) {
    const from = w.startMs - originMs;
    const to = from + Math.max(0, w.durationMs);
    if (to <= from) {
      const k = Math.floor(from / windowMs);
      if (k < bins) counts[k]! += w.completed;
      continue;
    }
    for (let k = Math.floor(from / windowMs); k < bins && k * windowMs < to; k++) {
      const overlap = Math.min(to, (k + 1) * windowMs) - Math.max(from, k * windowMs);
      if (overlap > 0) counts[k]! += (w.completed * overlap) / (to - from);
    }
  }
  return counts.map((c) => Math.round((c * 1000 * 100) / windowMs) / 100);
}

/** Rounds of one build as the timeline needs them. */
export interface TimelineRound {
  replay: { windows: readonly ReplayWindow[] };
}

/**
 * QPS per aligned window, the median over rounds at each window index (over the rounds that have a full
 * window there). The window width comes from the first round that has windows.
 */
export function qpsTimeline(
  baseline: readonly TimelineRound[],
  candidate: readonly TimelineRound[],
): QpsTimeline | null {
  const first = [...baseline, ...candidate].find((r) => r.replay.windows.length > 0);
  if (!first) return null;
  const windowMs = nominalWindowMs(first.replay.windows);
  const series = (rounds: readonly TimelineRound[]): number[] => {
    const rates = rounds.map((r) => alignedWindowRates(r.replay.windows, windowMs));
    const length = Math.max(0, ...rates.map((r) => r.length));
    return Array.from({ length }, (_, i) =>
      median(rates.flatMap((r) => (r[i] === undefined ? [] : [r[i]]))),
    );
  };
  const b = series(baseline);
  const c = series(candidate);
  const length = Math.min(MAX_TIMELINE_POINTS, Math.max(b.length, c.length));
  if (length === 0) return null;
  const points = Array.from({ length }, (_, i) => ({
    tSec: ((i + 1) * windowMs) / 1000,
    baseline: b[i] ?? null,
    candidate: c[i] ?? null,
  }));
  return { windowMs, points };
}
