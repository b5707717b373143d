/** Series statistics and per-group resource summaries over the loaded interval (pure). */
import type { GroupSample } from '../proc/index.js';
import type { ProcessGroupStats, SeriesStats } from '../types.js';

/** mean / p50 / p95 / max (nearest rank); all zero for an empty series. */
export function seriesStats(values: readonly number[]): SeriesStats {
  if (values.length === 0) return { samples: 0, mean: 0, p50: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    samples: sorted.length,
    mean: round(mean),
    p50: round(rank(0.5)),
    p95: round(rank(0.95)),
    max: round(sorted[sorted.length - 1]!),
  };
}

/**
 * True when a sample belongs to the interval. A sample at time t covers (t - intervalMs, t]; it is kept
 * when at least half of that span lies inside [startMs, endMs].
 */
export function inInterval(
  sample: GroupSample,
  interval?: { startMs: number; endMs: number },
): boolean {
  if (!interval) return true;
  const from = sample.timeMs - sample.intervalMs;
  const overlap = Math.min(sample.timeMs, interval.endMs) - Math.max(from, interval.startMs);
  return overlap >= sample.intervalMs / 2 && sample.intervalMs > 0;
}

/**
 * One {@link ProcessGroupStats} per group over the samples inside `interval`. File descriptors are
 * summarised only when every kept sample has them; otherwise `fdsMissing` says why (`fdsWhy`, the
 * sampler's reason per group, or a generic one).
 */
export function groupStats(
  groups: readonly string[],
  samples: readonly GroupSample[],
  pidsSeen: ReadonlyMap<string, Iterable<number>>,
  interval?: { startMs: number; endMs: number },
  fdsWhy: ReadonlyMap<string, string> = new Map(),
): ProcessGroupStats[] {
  return groups.map((name) => {
    const kept = samples.filter((s) => s.group === name && inInterval(s, interval));
    const stats: ProcessGroupStats = {
      name,
      pids: [...(pidsSeen.get(name) ?? [])].sort((a, b) => a - b),
      cpuPct: seriesStats(kept.map((s) => s.cpuPct)),
      rssBytes: seriesStats(kept.map((s) => s.rssBytes)),
      cpuTimeMs: Math.round(kept.reduce((a, s) => a + s.cpuMs, 0)),
    };
    const fds = kept.flatMap((s) => (s.fds === null ? [] : [s.fds]));
    if (kept.length > 0 && fds.length === kept.length) stats.fds = seriesStats(fds);
    else if (kept.length > 0)
      stats.fdsMissing = `open file descriptors not read in ${kept.length - fds.length} of ${kept.length} samples: ${fdsWhy.get(name) ?? 'not recorded (series.csv without fds)'}`;
    return stats;
  });
}

/** Header of series.csv. */
export const SERIES_HEADER = 'timeMs,group,pid,cpuPct,rssBytes,cpuMs,intervalMs,fds\n';

/** Reads the group rows (`pid` = `all`) and member pids back from series.csv (collector died). */
export function parseSeriesCsv(text: string): {
  samples: GroupSample[];
  pids: Map<string, Set<number>>;
} {
  const samples: GroupSample[] = [];
  const pids = new Map<string, Set<number>>();
  for (const line of text.split('\n').slice(1)) {
    const f = line.split(',');
    if (f.length < 7) continue;
    const [t, group, pid, cpu, rss, cpuMs, iv, fds] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    if (pid === 'all') {
      samples.push({
        timeMs: Number(t),
        group,
        cpuPct: Number(cpu),
        rssBytes: Number(rss),
        cpuMs: Number(cpuMs),
        intervalMs: Number(iv),
        members: 0,
        // Older series have no fds column; an empty cell is a sample whose fds were not readable.
        fds: fds === undefined || fds.trim() === '' ? null : Number(fds),
      });
    } else {
      let set = pids.get(group);
      if (!set) pids.set(group, (set = new Set()));
      set.add(Number(pid));
    }
  }
  return { samples, pids };
}
