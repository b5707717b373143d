/**
 * Counters of one engine: totals, per-domain status and error counts (typed arrays, no maps on the hot
 * path), the whole-run histogram and 1 s windows with their own encoded histograms.
 */
import { performance } from 'node:perf_hooks';
import { createHistogram, encodeHistogram, type LatencyHistogram } from './histogram.js';
import type { ReplayErrorKind, ReplayWindow } from './types.js';

/** Error kinds in counter order. */
export const ERROR_KINDS: readonly ReplayErrorKind[] = [
  'refused',
  'reset',
  'timeout-connect',
  'timeout-first-byte',
  'timeout-total',
  'malformed-response',
  'tls',
  'other',
];
/** Counter index of each error kind. */
export const ERR = {
  refused: 0,
  reset: 1,
  timeoutConnect: 2,
  timeoutFirstByte: 3,
  timeoutTotal: 4,
  malformed: 5,
  tls: 6,
  other: 7,
} as const;
const STATUS_SLOTS = 600;

/** Wall-clock epoch ms of a `performance.now()` reading. */
export function epochMs(now: number): number {
  return Math.round(performance.timeOrigin + now);
}

/** A plain snapshot of {@link StatsRecorder}, passed between threads and turned into a ReplayResult. */
export interface StatsSnapshot {
  domains: string[];
  startedAtMs: number;
  endedAtMs: number;
  sent: number;
  completed: number;
  errors: number;
  unjoinable: number;
  cancelled: number;
  bytesSent: number;
  bytesReceived: number;
  /** Per domain: status -> count. */
  status: Array<Record<string, number>>;
  /** Per domain: error kind -> count. */
  errorKinds: Array<Record<string, number>>;
  sentPerDomain: number[];
  histogram: string;
  windows: ReplayWindow[];
}

/** Records outcomes; methods are called on the hot path and allocate nothing. */
export class StatsRecorder {
  sent = 0;
  completed = 0;
  errors = 0;
  unjoinable = 0;
  cancelled = 0;
  bytesSent = 0;
  bytesReceived = 0;
  /** performance.now() of the first send and of the last response/error; -1 before. */
  firstSendAt = -1;
  lastEventAt = -1;
  readonly statusCounts: Float64Array;
  readonly errorCounts: Float64Array;
  readonly sentPerDomain: Float64Array;
  private readonly total: LatencyHistogram = createHistogram();
  private window: LatencyHistogram = createHistogram();
  private windowStart = -1;
  private windowCompleted = 0;
  private windowErrors = 0;
  readonly windows: ReplayWindow[] = [];

  constructor(
    readonly domains: string[],
    readonly windowMs = 1000,
  ) {
    this.statusCounts = new Float64Array(domains.length * STATUS_SLOTS);
    this.errorCounts = new Float64Array(domains.length * ERROR_KINDS.length);
    this.sentPerDomain = new Float64Array(domains.length);
  }

  /** A request was written. */
  onSent(domain: number, bytes: number, now: number): void {
    if (this.firstSendAt < 0) {
      this.firstSendAt = now;
      this.windowStart = now;
    }
    this.sent++;
    this.sentPerDomain[domain]!++;
    this.bytesSent += bytes;
  }

  /** A response completed. */
  onResponse(domain: number, status: number, latencyUs: number, bytes: number, now: number): void {
    this.completed++;
    this.windowCompleted++;
    this.bytesReceived += bytes;
    this.lastEventAt = now;
    this.statusCounts[domain * STATUS_SLOTS + (status < STATUS_SLOTS ? status : 0)]!++;
    this.window.recordValue(latencyUs < 1 ? 1 : latencyUs);
  }

  /** A request failed. */
  onError(domain: number, kind: number, bytes: number, now: number): void {
    this.errors++;
    this.windowErrors++;
    this.bytesReceived += bytes;
    this.lastEventAt = now;
    this.errorCounts[domain * ERROR_KINDS.length + kind]!++;
  }

  /** Closes the current window when it is due (or `force`); called from a timer, not per request. */
  roll(now: number, force = false): void {
    if (this.windowStart < 0) return;
    const elapsed = now - this.windowStart;
    if (!force && elapsed < this.windowMs) return;
    if (elapsed <= 0 && this.windowCompleted === 0 && this.windowErrors === 0) return;
    // Percentiles only: the full summary (mean) is not needed per window and costs more.
    const empty = this.window.totalCount === 0;
    const durationMs = Math.max(1, Math.round(elapsed));
    this.windows.push({
      startMs: epochMs(this.windowStart),
      durationMs,
      completed: this.windowCompleted,
      errors: this.windowErrors,
      rps: Math.round((this.windowCompleted * 1000 * 100) / durationMs) / 100,
      p50Us: empty ? 0 : this.window.getValueAtPercentile(50),
      p99Us: empty ? 0 : this.window.getValueAtPercentile(99),
      histogram: encodeHistogram(this.window),
    });
    this.total.add(this.window);
    this.window.reset();
    this.windowStart = now;
    this.windowCompleted = 0;
    this.windowErrors = 0;
  }

  /** Everything recorded, as plain data (closes the open window). */
  snapshot(now: number): StatsSnapshot {
    this.roll(now, true);
    const status: Array<Record<string, number>> = [];
    const errorKinds: Array<Record<string, number>> = [];
    for (let d = 0; d < this.domains.length; d++) {
      const s: Record<string, number> = {};
      for (let code = 0; code < STATUS_SLOTS; code++) {
        const n = this.statusCounts[d * STATUS_SLOTS + code]!;
        if (n > 0) s[String(code)] = n;
      }
      status.push(s);
      const e: Record<string, number> = {};
      ERROR_KINDS.forEach((kind, k) => {
        const n = this.errorCounts[d * ERROR_KINDS.length + k]!;
        if (n > 0) e[kind] = n;
      });
      errorKinds.push(e);
    }
    const started = this.firstSendAt < 0 ? now : this.firstSendAt;
    const ended = this.lastEventAt < 0 ? started : this.lastEventAt;
    return {
      domains: this.domains,
      startedAtMs: epochMs(started),
      endedAtMs: epochMs(ended),
      sent: this.sent,
      completed: this.completed,
      errors: this.errors,
      unjoinable: this.unjoinable,
      cancelled: this.cancelled,
      bytesSent: this.bytesSent,
      bytesReceived: this.bytesReceived,
      status,
      errorKinds,
      sentPerDomain: Array.from(this.sentPerDomain),
      histogram: encodeHistogram(this.total),
      windows: this.windows,
    };
  }

  /** Live numbers for progress reports. */
  live(): { sent: number; completed: number; errors: number } {
    return { sent: this.sent, completed: this.completed, errors: this.errors };
  }
}
