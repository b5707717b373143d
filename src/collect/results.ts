/**
 * Finalising a collection: join, crashes (sampler + error log), series statistics over the loaded
 * interval, and collect.json with its supporting files (paths relative to outDir).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isConfigError } from '../common/errors.js';
import { JsonShape, readJsonFile, writeJsonFile } from '../common/json-file.js';
import type { ReplayResult } from '../replay/types.js';
import {
  type AccessAnalyzer,
  type ErrorLogScanner,
  type WorkerSignal,
  findMissing,
  groupStats,
  heldConnectionCosts,
  type HoldTimeline,
} from './analyze/index.js';
import type { StartPositions, StopOptions } from './stop-options.js';
import { joinOutcomes } from './join/index.js';
import type { FollowedLog } from './follow/index.js';
import type { CollectOptions } from './options.js';
import {
  exactCpuBetween,
  type CpuMark,
  type GroupSample,
  type PidEvent,
  type PidSample,
  type ProcConstants,
  type ProcSampler,
} from './proc/index.js';
import { collectWriteError } from './output/index.js';
import type { CollectResult, ProcessCrash, ProcessGroupStats } from './types.js';

/** Everything a finished collection holds. */
export interface CollectState {
  options: CollectOptions;
  startedAtMs: number;
  endedAtMs: number;
  positions: StartPositions;
  analyzer: AccessAnalyzer;
  access: FollowedLog;
  errorFollower: FollowedLog | undefined;
  scanner: ErrorLogScanner;
  sampler: ProcSampler;
  /** Marks whose read failed: name → why. */
  markFailures?: ReadonlyMap<string, string>;
  constants: ProcConstants;
  seriesFile: string | undefined;
  anomalyFiles: boolean;
  formatErrorsFile: boolean;
  stoppedBy: NonNullable<CollectResult['stoppedBy']>;
  problems: string[];
  /** Whether processes were sampled (or their series recovered); false for a log analysis. */
  sampled: boolean;
  /** Samples and pids read back from series.csv (recovery), used instead of the sampler's. */
  recoveredSeries?: { samples: GroupSample[]; pids: Map<string, Set<number>> };
}

/** series.csv rows of one sample (per PID, then per group as `all`). */
export function seriesRows(pids: PidSample[], groups: GroupSample[]): string {
  const fmt = (x: number): string => String(Math.round(x * 100) / 100);
  let text = '';
  const fds = (n: number | null): string => (n === null ? '' : String(n));
  for (const p of pids)
    text += `${p.timeMs},${p.group},${p.pid},${fmt(p.cpuPct)},${p.rssBytes},,,${fds(p.fds)}\n`;
  for (const g of groups)
    text += `${g.timeMs},${g.group},all,${fmt(g.cpuPct)},${g.rssBytes},${fmt(g.cpuMs)},${g.intervalMs},${fds(g.fds)}\n`;
  return text;
}

/** The timeline collect needs of a hold.json (schema `waf-gate/hold@1`); a damaged one is a ConfigError. */
async function readHoldTimeline(file: string): Promise<HoldTimeline> {
  const doc = await readJsonFile<unknown>(file, 'hold results (hold.json)');
  const s = new JsonShape(file, 'hold results (hold.json)');
  const o = s.object(doc, '(document)');
  s.oneOf(o.schema, 'schema', ['waf-gate/hold@1'] as const);
  const time = (v: unknown, p: string): number => {
    const ms = Date.parse(s.string(v, p));
    if (!Number.isFinite(ms)) s.fail(p, 'an ISO date', v);
    return ms;
  };
  const windows = s.list(o.windows, 'windows', (v, p) => {
    const w = s.object(v, p);
    return {
      startMs: s.number(w.startMs, `${p}.startMs`, { min: 0 }),
      open: s.number(w.open, `${p}.open`, { min: 0 }),
    };
  });
  return { startMs: time(o.startedAt, 'startedAt'), endMs: time(o.endedAt, 'endedAt'), windows };
}

/** Fills loadedInterval and outcomesFile from replay.json (or the hold's timeline from hold.json). */
export async function resolveStop(options: StopOptions): Promise<StopOptions> {
  if (options.holdFile && !options.holdTimeline) {
    const holdTimeline = await readHoldTimeline(options.holdFile);
    options = {
      ...options,
      holdTimeline,
      loadedInterval: options.loadedInterval ?? {
        startMs: holdTimeline.startMs,
        endMs: holdTimeline.endMs,
      },
    };
  }
  if (!options.replayFile) return options;
  const replay = await readJsonFile<ReplayResult>(
    options.replayFile,
    'replay result (replay.json)',
  );
  const resolved: StopOptions = { ...options };
  resolved.loadedInterval ??= { startMs: replay.startedAtMs, endMs: replay.endedAtMs };
  if (!resolved.outcomesFile && replay.outcomesFile)
    resolved.outcomesFile = resolve(dirname(options.replayFile), replay.outcomesFile);
  return resolved;
}

/** The marks bracketing the load. */
export const LOAD_START_MARK = 'load-start';
export const LOAD_END_MARK = 'load-end';

/**
 * Adds each group's exact CPU between the `load-start` and `load-end` marks, or why it is missing
 * when a mark was attempted. Runs without marks (old collectors, `collect start/stop`) get neither.
 */
export function addExactCpu(
  groups: ProcessGroupStats[],
  marks: readonly CpuMark[],
  failures: ReadonlyMap<string, string>,
  clockTicksPerSec: number,
): void {
  const start = marks.find((m) => m.name === LOAD_START_MARK);
  const end = marks.findLast((m) => m.name === LOAD_END_MARK);
  const failed = [LOAD_START_MARK, LOAD_END_MARK].find((n) => failures.has(n));
  if (start === undefined && end === undefined && failed === undefined) return;
  for (const g of groups) {
    if (failed !== undefined)
      g.exactCpuMissing = `reading the CPU counters at mark "${failed}" failed: ${failures.get(failed)}`;
    else if (start === undefined || end === undefined)
      g.exactCpuMissing = `no "${start === undefined ? LOAD_START_MARK : LOAD_END_MARK}" mark was taken`;
    else {
      const exact = exactCpuBetween(start, end, g.name, clockTicksPerSec);
      if ('value' in exact) g.exactCpu = exact.value;
      else g.exactCpuMissing = exact.missing;
    }
  }
}

/** Crashes: members gone while their parent lived, enriched with the error log's signal lines. */
export function crashesFrom(
  events: readonly PidEvent[],
  signals: readonly WorkerSignal[],
  defaultGroup: string,
): ProcessCrash[] {
  const bySignal = new Map(signals.map((s) => [s.pid, s]));
  const crashes: ProcessCrash[] = [];
  const reported = new Set<number>();
  for (const e of events) {
    if (e.kind !== 'gone') continue;
    const sig = bySignal.get(e.pid);
    if (!e.parentAlive && sig === undefined) continue; // the whole instance stopped: not a crash
    const crash: ProcessCrash = {
      pid: e.pid,
      group: e.group,
      lastSeenMs: e.lastSeenMs ?? e.atMs,
      goneAtMs: e.atMs,
      detail: sig
        ? sig.line
        : `pid ${e.pid} vanished while its parent ${e.ppid ?? '?'} lived (crash or respawn; the error log says nothing)`,
    };
    if (sig) crash.signal = sig.signal;
    crashes.push(crash);
    reported.add(e.pid);
  }
  for (const sig of signals) {
    if (reported.has(sig.pid)) continue;
    crashes.push({
      pid: sig.pid,
      group: defaultGroup,
      lastSeenMs: 0,
      goneAtMs: 0,
      signal: sig.signal,
      detail: `${sig.line} (from the error log; not seen by the sampler)`,
    });
  }
  return crashes;
}

/** Builds collect.json (+ joined.jsonl), writes it into outDir and returns it. */
export async function finaliseResults(
  state: CollectState,
  stop: StopOptions,
): Promise<CollectResult> {
  const { options, analyzer, scanner, sampler } = state;
  await mkdir(options.outDir, { recursive: true }).catch((error: unknown) => {
    throw collectWriteError(options.outDir, error);
  });
  const groupNames = options.groups.map((g) => g.name);
  const samples = state.recoveredSeries?.samples ?? sampler.groupSamples;
  const pids =
    state.recoveredSeries?.pids ?? new Map(groupNames.map((n, k) => [n, sampler.pidsSeen[k]!]));
  const result: CollectResult = {
    schema: 'waf-gate/collect@1',
    runId: options.runId,
    startedAtMs: state.startedAtMs,
    endedAtMs: state.endedAtMs,
    log: {
      path: options.accessLog,
      format: options.logFormat.name,
      bytesRead: state.access.bytesRead,
      lines: analyzer.lines,
      parsed: analyzer.parsed,
      formatErrors: analyzer.formatErrors,
      skipped: analyzer.skipped,
      overlong: analyzer.overlong,
      rotations: { ...state.access.rotations },
      startOffset: state.positions.access.offset,
    },
    statusCounts: analyzer.statusCounts(),
    anomalies: {
      statuses: [...options.anomalyStatuses],
      perDomain: analyzer.anomalyCountsByDomain(),
      total: analyzer.anomalyTotal,
    },
    processes: {
      intervalMs: options.sampleIntervalMs,
      groups: groupStats(
        groupNames,
        samples,
        pids,
        stop.loadedInterval,
        new Map(
          groupNames.flatMap((n, k) => {
            const why = sampler.fdsMissing[k];
            return why === undefined ? [] : [[n, why] as const];
          }),
        ),
      ),
      events: sampler.events.map((e) => ({
        pid: e.pid,
        group: e.group,
        kind: e.kind,
        atMs: e.atMs,
        ...(e.parentAlive === undefined ? {} : { parentAlive: e.parentAlive }),
      })),
      clockTicksPerSec: state.constants.clockTicksPerSec,
    },
    crashes: crashesFrom(sampler.events, scanner.workerSignals, groupNames[0] ?? 'nginx-worker'),
    findings: scanner.findings,
    stoppedBy: state.stoppedBy,
  };
  addExactCpu(
    result.processes.groups,
    sampler.marks,
    state.markFailures ?? new Map(),
    state.constants.clockTicksPerSec,
  );
  if (sampler.marks.length > 0)
    result.processes.marks = sampler.marks.map((m) => ({
      name: m.name,
      timeMs: m.timeMs,
      readMs: Math.round(m.readMs * 100) / 100,
    }));
  if (options.label !== undefined) result.label = options.label;
  if (options.host !== undefined && options.host !== 'local') result.host = options.host;
  if (stop.loadedInterval) result.loadedInterval = { ...stop.loadedInterval };
  if (state.formatErrorsFile) result.log.formatErrorsFile = 'format-errors.log';
  if (state.anomalyFiles) result.anomalies.linesDir = 'anomalies';
  if (state.seriesFile) result.processes.seriesFile = 'series.csv';
  if (state.errorFollower && options.errorLog) {
    result.errorLog = {
      path: options.errorLog,
      bytesRead: state.errorFollower.bytesRead,
      lines: scanner.lines,
      findingsDropped: scanner.droppedFindings,
    };
  }
  if (stop.outcomesFile) {
    const joinedFile = join(options.outDir, 'joined.jsonl');
    const summary = await joinOutcomes(analyzer, {
      outcomesFile: stop.outcomesFile,
      joinedFile,
      anomalyStatuses: options.anomalyStatuses,
      ruleIds: scanner.ruleIds,
    }).catch((error: unknown) => {
      if (isConfigError(error)) throw error; // the outcomes file, named by the join
      throw collectWriteError(joinedFile, error);
    });
    result.join = { ...summary, joinedFile: 'joined.jsonl' };
  }
  if (stop.holdTimeline)
    result.perHeldConnection = heldConnectionCosts(
      result.processes.groups,
      samples,
      stop.holdTimeline,
    );
  if (state.problems.length > 0) result.incomplete = state.problems.join('; ');
  if (analyzer.hostsOverflowLines > 0)
    result.hostsOverflow = { maxHosts: analyzer.maxHosts, lines: analyzer.hostsOverflowLines };
  const missing = findMissing({
    sampled: state.sampled,
    samples: state.recoveredSeries
      ? new Set(state.recoveredSeries.samples.map((s) => s.timeMs)).size
      : sampler.samplesTaken,
    groups: options.groups.map((spec, k) => ({
      spec,
      pidFileMisses: state.recoveredSeries ? 0 : (sampler.pidFileMisses[k] ?? 0),
      pidsSeen: pids.get(spec.name)?.size ?? 0,
    })),
    stats: result.processes.groups,
    log: {
      path: options.accessLog,
      format: options.logFormat.name,
      lines: analyzer.lines,
      parsed: analyzer.parsed,
      skipped: analyzer.skipped,
    },
  });
  if (missing.length > 0) result.missing = missing;
  await writeJsonFile(join(options.outDir, 'collect.json'), result); // E_WRITE names the file
  return result;
}
