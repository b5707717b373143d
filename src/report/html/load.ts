/**
 * Reads what report.html draws beyond the comparison itself: each build's replay results (QPS windows,
 * latency histograms) and the process samples of its collect runs (`series.csv`). A run directory or a
 * file that is gone is noted as missing, never an error: the comparison is already written.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Comparison } from '../../compare/comparison.js';
import { loadRunDir, type LoadedRun } from '../../compare/run-dir.js';
import type { Logger } from '../../common/logger.js';
import type { ReplayResult } from '../../replay/types.js';
import type { Side } from './types.js';

/** One process group's sample (the group total over its PIDs). */
export interface ResourceSample {
  /** Unix epoch ms of the sample. */
  timeMs: number;
  group: string;
  /** CPU % of one core. */
  cpuPct: number;
  rssBytes: number;
}

/** One pressure round as the page needs it. */
export interface HtmlRoundInput {
  round: number;
  replay: ReplayResult;
  /** Null when collect wrote no series (or it could not be read). */
  samples: ResourceSample[] | null;
}

/** One build's runs. */
export interface HtmlRunInput {
  quality: ReplayResult | null;
  rounds: HtmlRoundInput[];
  /** The hold phase's 1 s windows (hold.json): connections open per window; absent without one. */
  holdWindows?: { startMs: number; open: number }[];
}

/** Both builds' runs; null for a side whose run directory could not be read. */
export interface HtmlInputs {
  baseline: HtmlRunInput | null;
  candidate: HtmlRunInput | null;
  /** Why something could not be read. */
  missing: string[];
}

const COLUMNS = ['timeMs', 'group', 'pid', 'cpuPct', 'rssBytes'] as const;

/**
 * The group rows (`pid` = `all`) of collect's `series.csv`; columns are found by their header names.
 * Returns null when the header lacks a needed column.
 */
export function parseSeriesCsv(text: string): ResourceSample[] | null {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').trim().split(',');
  const at = COLUMNS.map((c) => header.indexOf(c));
  if (at.some((i) => i < 0)) return null;
  const [t, g, p, cpu, rss] = at as [number, number, number, number, number];
  const out: ResourceSample[] = [];
  for (const line of lines.slice(1)) {
    const f = line.trim().split(',');
    if (f.length < header.length || f[p] !== 'all') continue;
    const sample = {
      timeMs: Number(f[t]),
      group: f[g]!,
      cpuPct: Number(f[cpu]),
      rssBytes: Number(f[rss]),
    };
    if ([sample.timeMs, sample.cpuPct, sample.rssBytes].every(Number.isFinite)) out.push(sample);
  }
  return out;
}

async function readSamples(
  run: LoadedRun,
  round: number,
  side: Side,
  missing: string[],
): Promise<ResourceSample[] | null> {
  const ref = run.record.rounds.find((r) => r.round === round);
  const collect = run.rounds.find((r) => r.round === round)?.collect;
  if (!ref || !collect) return null;
  const name = collect.processes.seriesFile;
  if (!name) {
    missing.push(`${side} round ${round}: collect wrote no process series (series.csv).`);
    return null;
  }
  const file = resolve(dirname(resolve(run.dir, ref.collectFile)), name);
  try {
    const samples = parseSeriesCsv(await readFile(file, 'utf8'));
    if (samples === null) missing.push(`${file}: not a series.csv (unexpected header).`);
    return samples;
  } catch (error) {
    missing.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    return null;
  }
}

async function loadSide(
  dir: string,
  side: Side,
  logger: Logger,
  missing: string[],
): Promise<HtmlRunInput | null> {
  let run: LoadedRun;
  try {
    run = await loadRunDir(dir, logger);
  } catch (error) {
    missing.push(
      `The ${side} run directory ${join(dir, 'run.json')} could not be read (${error instanceof Error ? error.message : String(error)}): its charts are left out.`,
    );
    return null;
  }
  const rounds: HtmlRoundInput[] = [];
  for (const r of run.rounds) {
    rounds.push({
      round: r.round,
      replay: r.replay,
      samples: await readSamples(run, r.round, side, missing),
    });
  }
  const holdWindows = run.hold?.result.windows.map((w) => ({ startMs: w.startMs, open: w.open }));
  return {
    quality: run.quality?.replay ?? null,
    rounds,
    ...(holdWindows === undefined ? {} : { holdWindows }),
  };
}

/** Reads both builds' run directories named in the comparison (relative to the working directory). */
export async function loadHtmlInputs(comparison: Comparison, logger: Logger): Promise<HtmlInputs> {
  const missing: string[] = [];
  const baseline = comparison.baseline
    ? await loadSide(comparison.baseline.dir, 'baseline', logger, missing)
    : null;
  const candidate = await loadSide(comparison.candidate.dir, 'candidate', logger, missing);
  return { baseline, candidate, missing };
}
