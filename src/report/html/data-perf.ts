/**
 * The page's time and distribution charts, from the replay and collect results of each build: QPS over
 * time per round, latency percentile curves (merged HDR histograms), CPU % and RSS per process group.
 * Pure.
 */
import { alignedWindowRates, nominalWindowMs } from '../../compare/timeline.js';
import { median } from '../../compare/stats.js';
import { createHistogram, decodeHistogram } from '../../replay/histogram.js';
import type { HtmlInputs, HtmlRunInput, ResourceSample } from './load.js';
import type { HtmlLine, HtmlLineChart, Side } from './types.js';

/** Highest 1/(1-p) drawn: the 99.999th percentile. */
const MAX_PERCENTILE_X = 100_000;
/** Points per decade of the percentile axis. */
const POINTS_PER_DECADE = 20;

type Sides = [Side, HtmlRunInput][];

function sidesOf(inputs: HtmlInputs): Sides {
  const out: Sides = [];
  if (inputs.baseline) out.push(['baseline', inputs.baseline]);
  if (inputs.candidate) out.push(['candidate', inputs.candidate]);
  return out;
}

/** QPS per aligned full window of every round, with the median per build. */
export function qpsChart(inputs: HtmlInputs, missing: string[]): HtmlLineChart | null {
  const sides = sidesOf(inputs);
  const first = sides.flatMap(([, r]) => r.rounds).find((r) => r.replay.windows.length > 0);
  if (!first) {
    missing.push(
      'QPS over time: no pressure round has time windows (run pressure rounds to get this chart).',
    );
    return null;
  }
  const windowMs = nominalWindowMs(first.replay.windows);
  const lines: HtmlLine[] = [];
  for (const [side, run] of sides) {
    const rates = run.rounds.map((r) => ({
      round: r.round,
      values: alignedWindowRates(r.replay.windows, windowMs),
    }));
    for (const r of rates)
      lines.push({ side, name: `round ${r.round}`, emphasis: false, values: r.values });
    const length = Math.max(0, ...rates.map((r) => r.values.length));
    if (rates.length > 1)
      lines.push({
        side,
        name: 'median',
        emphasis: true,
        values: Array.from({ length }, (_, i) => {
          const at = rates.flatMap((r) => (r.values[i] === undefined ? [] : [r.values[i]]));
          return at.length === 0 ? null : median(at);
        }),
      });
  }
  const length = Math.max(0, ...lines.map((l) => l.values.length));
  if (length === 0) {
    missing.push('QPS over time: no round lasted one full window.');
    return null;
  }
  return {
    id: 'qps',
    title: 'Throughput over time, every pressure round',
    xLabel: 'time since the round started (s)',
    yLabel: 'completed requests per second (req/s)',
    xKind: 'seconds',
    yFormat: 'number',
    x: Array.from({ length }, (_, i) => ((i + 1) * windowMs) / 1000),
    lines: lines.map((l) => ({
      ...l,
      values: Array.from({ length }, (_, i) => l.values[i] ?? null),
    })),
    caption: `Completed responses per second in aligned ${windowMs / 1000} s windows counted from each round's first request; only full windows are drawn (the partial window at a round's end is left out). Thin lines: single rounds; thick lines: the median over a build's rounds.`,
  };
}

function mergedHistogram(
  run: HtmlRunInput,
): { histogram: ReturnType<typeof createHistogram>; source: string } | null {
  const encoded = run.rounds.map((r) => r.replay.latency.histogram).filter((h) => h !== '');
  if (encoded.length > 0) {
    const total = createHistogram();
    for (const e of encoded) total.add(decodeHistogram(e));
    return { histogram: total, source: `${encoded.length} pressure round(s)` };
  }
  if (run.quality && run.quality.latency.histogram !== '')
    return { histogram: decodeHistogram(run.quality.latency.histogram), source: 'the quality run' };
  return null;
}

/** Latency against percentile per build, from the merged HDR histograms of its rounds. */
export function latencyChart(inputs: HtmlInputs, missing: string[]): HtmlLineChart | null {
  const merged: { side: Side; count: number; at: (p: number) => number; source: string }[] = [];
  for (const [side, run] of sidesOf(inputs)) {
    const m = mergedHistogram(run);
    if (!m || m.histogram.totalCount === 0) {
      missing.push(`Latency percentiles: the ${side} has no latency histogram with values.`);
      continue;
    }
    const h = m.histogram;
    merged.push({
      side,
      count: h.totalCount,
      at: (p) => h.getValueAtPercentile(p),
      source: m.source,
    });
  }
  if (merged.length === 0) return null;
  const maxX = Math.min(MAX_PERCENTILE_X, Math.max(...merged.map((m) => m.count)));
  const x: number[] = [];
  for (let k = 0; 10 ** (k / POINTS_PER_DECADE) <= maxX * (1 + 1e-9); k++)
    x.push(10 ** (k / POINTS_PER_DECADE));
  return {
    id: 'latency',
    title: 'Latency by percentile',
    xLabel: 'percentile (log scale of 1/(1−p))',
    yLabel: 'latency (ms)',
    xKind: 'percentile',
    yFormat: 'ms',
    x,
    lines: merged.map((m) => ({
      side: m.side,
      name: `${m.source}, ${m.count.toLocaleString('en-US')} responses`,
      emphasis: true,
      // A percentile needs about 1/(1-p) samples to exist; beyond that the curve stops.
      values: x.map((v) => (v <= m.count ? Math.round(m.at(100 * (1 - 1 / v))) / 1000 : null)),
    })),
    caption:
      'Each build’s latency histograms (HDR, microsecond resolution) merged over its pressure rounds; the x axis spreads the tail so p99 and p99.9 get as much room as the median.',
  };
}

function seriesChart(
  id: string,
  title: string,
  yLabel: string,
  yFormat: HtmlLineChart['yFormat'],
  rows: { side: Side; round: number; points: [number, number][] }[],
  caption: string,
): HtmlLineChart {
  const x = [...new Set(rows.flatMap((r) => r.points.map(([t]) => t)))].sort((a, b) => a - b);
  const index = new Map(x.map((t, i) => [t, i]));
  return {
    id,
    title,
    xLabel: 'time since the round started (s)',
    yLabel,
    xKind: 'seconds',
    yFormat,
    x,
    lines: rows.map((r) => {
      const values = new Array<number | null>(x.length).fill(null);
      for (const [t, v] of r.points) values[index.get(t)!] = v;
      return { side: r.side, name: `round ${r.round}`, emphasis: false, values };
    }),
    caption,
  };
}

/** CPU % and RSS over time per process group, every round of both builds. */
export function resourceCharts(inputs: HtmlInputs, missing: string[]): HtmlLineChart[] {
  const rows: { side: Side; round: number; startMs: number; samples: ResourceSample[] }[] = [];
  for (const [side, run] of sidesOf(inputs))
    for (const r of run.rounds)
      if (r.samples && r.samples.length > 0)
        rows.push({ side, round: r.round, startMs: r.replay.startedAtMs, samples: r.samples });
  if (rows.length === 0) {
    if (sidesOf(inputs).some(([, r]) => r.rounds.length > 0))
      missing.push('CPU and memory over time: no round has process samples (series.csv).');
    return [];
  }
  // The busiest group (the WAF's workers) first.
  const peak = new Map<string, number>();
  for (const s of rows.flatMap((r) => r.samples))
    peak.set(s.group, Math.max(peak.get(s.group) ?? 0, s.cpuPct));
  const groups = [...peak.keys()].sort((a, b) => peak.get(b)! - peak.get(a)! || a.localeCompare(b));
  const seconds = (timeMs: number, startMs: number): number =>
    Math.round((timeMs - startMs) / 100) / 10;
  return groups.flatMap((group) => {
    const of = (pick: (s: ResourceSample) => number) =>
      rows.map((r) => ({
        side: r.side,
        round: r.round,
        points: r.samples
          .filter((s) => s.group === group)
          .map((s): [number, number] => [seconds(s.timeMs, r.startMs), pick(s)]),
      }));
    return [
      seriesChart(
        `cpu:${group}`,
        `CPU of ${group}`,
        'CPU (% of one core)',
        'pct',
        of((s) => Math.round(s.cpuPct * 10) / 10),
        `CPU time of the ${group} process group per sample interval, summed over its processes, for every round; samples before 0 s and after the round's end show the idle WAF.`,
      ),
      seriesChart(
        `rss:${group}`,
        `Memory (RSS) of ${group}`,
        'resident memory (MiB)',
        'mib',
        of((s) => Math.round((s.rssBytes / 1024 / 1024) * 100) / 100),
        `Resident memory of the ${group} process group, summed over its processes, for every round.`,
      ),
    ];
  });
}
