/** Turns engine snapshots into the `replay.json` contract, and merges results exactly. */
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  summarizeHistogram,
} from './histogram.js';
import type { StatsSnapshot } from './stats.js';
import type { DomainStats, LoadShape, ReplayResult, ReplayWindow } from './types.js';

/** What a result needs besides the counters. */
export interface ResultContext {
  runId: string;
  label?: string;
  target: ReplayResult['target'];
  corpus: ReplayResult['corpus'];
  loadShape: LoadShape;
  idHeader: string | null;
  outcomesFile?: string;
}

const rate = (count: number, ms: number): number =>
  ms > 0 ? Math.round((count * 100_000) / ms) / 100 : 0;

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** A {@link ReplayResult} from one engine's snapshot. */
export function resultFromSnapshot(snapshot: StatsSnapshot, context: ResultContext): ReplayResult {
  const perDomain: Record<string, DomainStats> = {};
  const statusCounts: Record<string, number> = {};
  const errorCounts: Record<string, number> = {};
  snapshot.domains.forEach((domain, d) => {
    const status = snapshot.status[d] ?? {};
    const errors = snapshot.errorKinds[d] ?? {};
    const completed = Object.values(status).reduce((a, b) => a + b, 0);
    const errorTotal = Object.values(errors).reduce((a, b) => a + b, 0);
    perDomain[domain === '' ? '*' : domain] = {
      sent: snapshot.sentPerDomain[d] ?? 0,
      completed,
      errors: errorTotal,
      statusCounts: { ...status },
      errorCounts: { ...errors },
    };
    addCounts(statusCounts, status);
    addCounts(errorCounts, errors);
  });
  const durationMs = Math.max(0, snapshot.endedAtMs - snapshot.startedAtMs);
  const result: ReplayResult = {
    schema: 'waf-gate/replay@1',
    runId: context.runId,
    target: context.target,
    corpus: context.corpus,
    domains: snapshot.domains.map((d) => (d === '' ? '*' : d)),
    loadShape: context.loadShape,
    idHeader: context.idHeader,
    startedAtMs: snapshot.startedAtMs,
    endedAtMs: snapshot.endedAtMs,
    durationMs,
    totals: {
      sent: snapshot.sent,
      completed: snapshot.completed,
      errors: snapshot.errors,
      unjoinable: snapshot.unjoinable,
      bytesSent: snapshot.bytesSent,
      bytesReceived: snapshot.bytesReceived,
      cancelled: snapshot.cancelled,
    },
    rps: rate(snapshot.completed, durationMs),
    statusCounts,
    errorCounts,
    perDomain,
    latency: {
      histogram: snapshot.histogram,
      summary: summarizeHistogram(decodeHistogram(snapshot.histogram)),
    },
    windows: snapshot.windows,
  };
  if (context.label !== undefined) result.label = context.label;
  if (context.outcomesFile !== undefined) result.outcomesFile = context.outcomesFile;
  return result;
}

function mergeWindows(results: readonly ReplayResult[]): ReplayWindow[] {
  const all = results.flatMap((r) => r.windows);
  if (all.length === 0) return [];
  const origin = Math.min(...all.map((w) => w.startMs));
  const size = Math.max(1, Math.min(...all.map((w) => w.durationMs).filter((d) => d > 0), 1000));
  const buckets = new Map<number, ReplayWindow[]>();
  for (const w of all) {
    const key = Math.round((w.startMs - origin) / size);
    const list = buckets.get(key) ?? [];
    list.push(w);
    buckets.set(key, list);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, list]) => {
      const h = createHistogram();
      for (const w of list) if (w.histogram) h.add(decodeHistogram(w.histogram));
      const summary = summarizeHistogram(h);
      const completed = list.reduce((a, w) => a + w.completed, 0);
      const durationMs = Math.max(...list.map((w) => w.durationMs));
      return {
        startMs: Math.min(...list.map((w) => w.startMs)),
        durationMs,
        completed,
        errors: list.reduce((a, w) => a + w.errors, 0),
        rps: rate(completed, durationMs),
        p50Us: summary.p50Us,
        p99Us: summary.p99Us,
        histogram: encodeHistogram(h),
      };
    });
}

/**
 * Merges results of several workers or bench machines exactly: counts are summed, histograms merged
 * (percentiles re-read from the merged histogram, never averaged), windows aligned by start time.
 * Identity fields (run id, target, corpus, id header) come from the first result; connections and
 * rates add up. Pure: the inputs are not changed.
 */
export function mergeReplayResults(results: readonly ReplayResult[]): ReplayResult {
  const first = results[0];
  if (!first) throw new Error('mergeReplayResults needs at least one result');
  if (results.length === 1) return structuredClone(first);
  const total = createHistogram();
  for (const r of results) total.add(decodeHistogram(r.latency.histogram));
  const perDomain: Record<string, DomainStats> = {};
  const statusCounts: Record<string, number> = {};
  const errorCounts: Record<string, number> = {};
  const domains: string[] = [];
  for (const r of results) {
    addCounts(statusCounts, r.statusCounts);
    addCounts(errorCounts, r.errorCounts);
    for (const d of r.domains) if (!domains.includes(d)) domains.push(d);
    for (const [d, s] of Object.entries(r.perDomain)) {
      const into = (perDomain[d] ??= {
        sent: 0,
        completed: 0,
        errors: 0,
        statusCounts: {},
        errorCounts: {},
      });
      into.sent += s.sent;
      into.completed += s.completed;
      into.errors += s.errors;
      addCounts(into.statusCounts, s.statusCounts);
      addCounts(into.errorCounts, s.errorCounts);
    }
  }
  const sum = (f: (r: ReplayResult) => number | undefined): number =>
    results.reduce((a, r) => a + (f(r) ?? 0), 0);
  const startedAtMs = Math.min(...results.map((r) => r.startedAtMs));
  const endedAtMs = Math.max(...results.map((r) => r.endedAtMs));
  const durationMs = Math.max(0, endedAtMs - startedAtMs);
  const completed = sum((r) => r.totals.completed);
  const loadShape: LoadShape = {
    ...first.loadShape,
    connections: sum((r) => r.loadShape.connections),
  };
  if (first.loadShape.rateRps !== undefined) loadShape.rateRps = sum((r) => r.loadShape.rateRps);
  const merged: ReplayResult = {
    ...structuredClone(first),
    domains,
    loadShape,
    startedAtMs,
    endedAtMs,
    durationMs,
    totals: {
      sent: sum((r) => r.totals.sent),
      completed,
      errors: sum((r) => r.totals.errors),
      unjoinable: sum((r) => r.totals.unjoinable),
      bytesSent: sum((r) => r.totals.bytesSent),
      bytesReceived: sum((r) => r.totals.bytesReceived),
      cancelled: sum((r) => r.totals.cancelled),
    },
    workers: sum((r) => r.workers ?? 1),
    rps: rate(completed, durationMs),
    statusCounts,
    errorCounts,
    perDomain,
    latency: { histogram: encodeHistogram(total), summary: summarizeHistogram(total) },
    windows: mergeWindows(results),
  };
  return merged;
}
