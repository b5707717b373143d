/**
 * The in-process collector: follows the access and error logs from their current end and samples the
 * process groups until `stop`, then finalises collect.json and its files. The detached daemon
 * (daemon.ts) runs exactly this code. The WAF machine is a {@link Host}: the local one, or one reached
 * over SSH (the collector then runs here and reads that host's logs and /proc remotely).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { LocalHost } from '../hosts/local.js';
import type { Host } from '../hosts/types.js';
import { AccessAnalyzer, OTHER_HOSTS, ErrorLogScanner, startWarnings } from './analyze/index.js';
import { openCollectHost, openFollower } from './collect-host.js';
import { hostProcConstants, ProcSampler, type ProcConstants } from './proc/index.js';
import { LineSink } from './output/index.js';
import {
  LineSplitter,
  type FollowedLog,
  type FollowOptions,
  type FollowPosition,
} from './follow/index.js';
import { buildRecordParser, type CollectOptions } from './options.js';
import { finaliseResults, resolveStop, type CollectState } from './results.js';
import { SampleLoop, SeriesWriter } from './sampling.js';
import type { StartPositions, StopOptions } from './stop-options.js';
import type { CollectResult } from './types.js';

export type { StartPositions, StopOptions } from './stop-options.js';

/** A running collection. */
export interface CollectionHandle {
  readonly runId: string;
  readonly startedAtMs: number;
  readonly positions: StartPositions;
  /** Warnings at start: missing data already visible (pid file missing, no process matching). */
  readonly warnings: readonly string[];
  /**
   * Reads every process group's cumulative CPU counters now as mark `name`. The pipeline marks
   * `load-start` just before a replay and `load-end` just after it; collect.json then carries each
   * group's exact CPU time between them (`exactCpu`). Never rejects: a failed read leaves that figure
   * missing. Without sampling (log analysis) it does nothing.
   */
  mark(name: string): Promise<void>;
  /** Stops sampling and reading, writes collect.json (+ files) into outDir and returns it. */
  stop(options?: StopOptions): Promise<CollectResult>;
  /** Stops without results and removes what was written. */
  abort(): Promise<void>;
}

/** Dependencies and modes of {@link startCollection}. */
export interface StartDeps {
  logger: Logger;
  /** Aborting stops the collection without results. */
  signal?: AbortSignal;
  /** Resume from these positions instead of the current ends (recovery, `analyze`). */
  resumeFrom?: StartPositions;
  /** Sample processes. @default true */
  sample?: boolean;
  /** Recorded as `stoppedBy` by stop. @default 'stop' */
  stoppedBy?: CollectResult['stoppedBy'];
  /** Process series read back from series.csv (recovery after the collector died). */
  recoveredSeries?: CollectState['recoveredSeries'];
  /**
   * The WAF machine, owned by the caller (not closed). Without it, `options.host` is opened (default:
   * the local machine) and closed when the collection ends.
   */
  host?: Host;
}

function resumeOptions(position: FollowPosition | undefined): FollowOptions {
  if (!position) return {};
  const options: FollowOptions = { from: position.offset };
  if (position.ino >= 0) options.expectIno = position.ino;
  if (position.fingerprint !== undefined) options.expectFingerprint = position.fingerprint;
  return options;
}

/**
 * Reads CLK_TCK and PAGESIZE once (`getconf` on the host); falls back to 100 and 4096 (Linux defaults).
 * @param host @default the local machine
 */
export function procConstants(host: Host = new LocalHost()): Promise<ProcConstants> {
  return hostProcConstants(host);
}

/** Starts collecting. An unreadable log or bad format fails here, before anything is written. */
export async function startCollection(
  options: CollectOptions,
  deps: StartDeps,
): Promise<CollectionHandle> {
  const parser = buildRecordParser(options);
  const host = deps.host ?? (await openCollectHost(options, deps.logger));
  try {
    return await collectOn(host, deps.host === undefined, parser, options, deps);
  } catch (error) {
    if (deps.host === undefined) await host.close();
    throw error;
  }
}

async function collectOn(
  host: Host,
  ownsHost: boolean,
  parser: ReturnType<typeof buildRecordParser>,
  options: CollectOptions,
  deps: StartDeps,
): Promise<CollectionHandle> {
  const { logger } = deps;
  const startedAtMs = Date.now();
  const anomalySink = LineSink.perKey(join(options.outDir, 'anomalies'), options.keepLineBytes);
  const formatErrorSink = new LineSink(
    () => join(options.outDir, 'format-errors.log'),
    options.keepLineBytes,
  );
  const analyzer = new AccessAnalyzer({
    parser,
    anomalyStatuses: options.anomalyStatuses,
    anomalySink,
    formatErrorSink,
    keepRequestIds: options.ruleIds,
    maxHosts: options.maxHosts,
  });
  const access = await openFollower(
    host,
    options.accessLog,
    new LineSplitter(
      analyzer.onLine,
      analyzer.onOverlong,
      options.maxLineBytes,
      options.keepLineBytes,
    ),
    logger,
    resumeOptions(deps.resumeFrom?.access),
  );
  const scanner = new ErrorLogScanner(options.ruleIds);
  let errorFollower: FollowedLog | undefined;
  try {
    if (options.errorLog) {
      errorFollower = await openFollower(
        host,
        options.errorLog,
        new LineSplitter(
          scanner.onLine,
          scanner.onOverlong,
          options.maxLineBytes,
          options.keepLineBytes,
        ),
        logger,
        { input: 'error-log', ...resumeOptions(deps.resumeFrom?.error) },
      );
    }
  } catch (error) {
    await access.close();
    throw error;
  }
  const positions: StartPositions = errorFollower
    ? { access: access.start, error: errorFollower.start }
    : { access: access.start };
  const constants =
    deps.sample === false ? { clockTicksPerSec: 100, pageBytes: 4096 } : await procConstants(host);
  const series = new SeriesWriter(options.outDir, logger);
  const sampler = new ProcSampler(options.groups, constants, series.onRows);
  const sampling = deps.sample !== false;
  const loop = new SampleLoop(host, sampler, options.sampleIntervalMs, logger);
  // A failed poll loses nothing (offsets are kept; an SSH host reconnects): only an error that the
  // next polls do not clear is a problem. A failed sample is a gap in the series.
  let pollError: unknown;
  let formatWarned = false;
  const poll = async (): Promise<void> => {
    try {
      await access.poll();
      await errorFollower?.poll();
      if (!formatWarned && analyzer.parsed === 0 && analyzer.lines - analyzer.skipped >= 20) {
        formatWarned = true;
        logger.warn(
          `collect: none of the first ${analyzer.lines - analyzer.skipped} lines of ${options.accessLog} matched the log format "${options.logFormat.name}": check --log-format against the log_format in nginx.conf (lines kept in ${join(options.outDir, 'format-errors.log')})`,
        );
      }
      if (pollError !== undefined) logger.info('collect: reading the logs works again');
      pollError = undefined;
    } catch (error) {
      if (pollError === undefined)
        logger.warn(`collect: reading the logs failed: ${(error as Error).message}`);
      pollError = error;
    }
  };
  const warnings: string[] = [];
  if (sampling) {
    await loop.sample();
    if (loop.failed === 0)
      warnings.push(
        ...startWarnings(
          options.groups.map((spec, k) => ({
            spec,
            pidFileMisses: sampler.pidFileMisses[k] ?? 0,
            pidsSeen: sampler.pidsSeen[k]?.size ?? 0,
          })),
        ),
      );
    for (const w of warnings) logger.warn(w);
  }
  let polling = false;
  const pollTimer = setInterval(() => {
    if (polling) return; // a slow remote read: skip this tick rather than queue reads
    polling = true;
    void poll().finally(() => {
      polling = false;
    });
  }, options.pollIntervalMs);
  if (sampling) loop.start();
  let finished = false;

  const halt = async (): Promise<void> => {
    clearInterval(pollTimer);
    deps.signal?.removeEventListener('abort', onAbort);
    await loop.stop();
  };
  const release = async (): Promise<void> => {
    if (ownsHost) await host.close().catch(() => undefined);
  };
  const abort = async (): Promise<void> => {
    if (finished) return;
    finished = true;
    await halt();
    await access.close().catch(() => undefined);
    await errorFollower?.close().catch(() => undefined);
    await release();
    anomalySink.close();
    formatErrorSink.close();
    await rm(options.outDir, { recursive: true, force: true });
  };
  const onAbort = (): void => void abort();
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  logger.debug(`collect: following ${options.accessLog} from byte ${access.start.offset}`);

  const stop = async (stopInput: StopOptions = {}): Promise<CollectResult> => {
    if (finished)
      throw new WafGateError(
        'E_COLLECT_STOPPED',
        `Collection for run "${options.runId}" was already stopped.`,
      );
    finished = true;
    await halt();
    let stopOptions: StopOptions;
    try {
      stopOptions = await resolveStop(stopInput);
      if (sampling) await loop.sample();
      const settleUntil = Date.now() + (stopOptions.settleMs ?? 1500);
      while (Date.now() < settleUntil) {
        await poll();
        await new Promise((r) => setTimeout(r, 100));
      }
      // The final read: its failure (e.g. the SSH host unreachable) leaves the results incomplete.
      for (const follower of [access, errorFollower]) {
        try {
          await follower?.close();
          if (follower === access) pollError = undefined;
        } catch (error) {
          logger.warn(
            `collect: the final read of ${follower?.path} failed: ${(error as Error).message}`,
          );
          pollError ??= error;
        }
      }
    } finally {
      await release();
      anomalySink.close();
      formatErrorSink.close();
    }
    const state: CollectState = {
      options,
      startedAtMs,
      endedAtMs: Date.now(),
      positions,
      analyzer,
      access,
      errorFollower,
      scanner,
      sampler,
      markFailures: loop.markFailures,
      constants,
      seriesFile: series.started ? series.path : undefined,
      anomalyFiles: anomalySink.written.size > 0,
      formatErrorsFile: formatErrorSink.written.size > 0,
      stoppedBy: stopOptions.stoppedBy ?? deps.stoppedBy ?? 'stop',
      sampled: sampling || deps.recoveredSeries !== undefined,
      ...(deps.recoveredSeries ? { recoveredSeries: deps.recoveredSeries } : {}),
      problems: [
        ...(pollError === undefined ? [] : [`reading the logs: ${(pollError as Error).message}`]),
        ...(loop.failed === 0
          ? []
          : [
              `${loop.failed} process sample(s) failed (gaps in the series): ${(loop.firstError as Error).message}`,
            ]),
        ...(series.error === undefined ? [] : [`cannot write ${series.path}: ${series.error}`]),
        ...[...anomalySink.failures, ...formatErrorSink.failures].map(
          ([file, code]) => `cannot write ${file}: ${code} (its lines were dropped)`,
        ),
      ],
    };
    const result = await finaliseResults(state, stopOptions);
    // A run shorter than the sampling interval (a quick quality pass) is a known gap, not a mistake.
    for (const m of result.missing ?? [])
      logger[m.code === 'outside-interval' ? 'info' : 'warn'](
        `collect: missing ${m.metric}${m.group ? ` of group "${m.group}"` : ''}: ${m.reason}`,
      );
    if (result.hostsOverflow)
      logger.warn(
        `collect: more than ${result.hostsOverflow.maxHosts} distinct Host values: ${result.hostsOverflow.lines} lines of further hosts were counted together as "${OTHER_HOSTS}" (raise --max-hosts to count them apart, 4 KB each)`,
      );
    return result;
  };
  const mark = async (name: string): Promise<void> => {
    if (sampling && !finished) await loop.mark(name);
  };
  return { runId: options.runId, startedAtMs, positions, warnings, mark, stop, abort };
}
