/**
 * The in-process collector: follows the access and error logs from their current end and samples the
 * process groups until `stop`, then finalises collect.json and its files. The detached daemon
 * (daemon.ts) runs exactly this code. The WAF machine is a {@link Host}: the local one, or one reached
 * over SSH (the collector then runs here and reads that host's logs and /proc remotely).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { LocalHost } from '../hosts/local.js';
import type { Host } from '../hosts/types.js';
import { AccessAnalyzer } from './access-analyzer.js';
import { openCollectHost, openFollower, sampleFunction } from './collect-host.js';
import { ErrorLogScanner } from './error-log.js';
import { hostProcConstants } from './host-proc.js';
import { LineSink } from './line-sink.js';
import { LineSplitter } from './line-splitter.js';
import type { FollowedLog, FollowPosition } from './log-follower.js';
import { buildRecordParser, type CollectOptions } from './options.js';
import { ProcSampler, type ProcConstants } from './proc-sampler.js';
import { finaliseResults, resolveStop, seriesRows, type CollectState } from './results.js';
import { SERIES_HEADER } from './stats.js';
import type { CollectResult } from './types.js';

/** Where the logs were when collection started (persisted by the daemon to recover after a crash). */
export interface StartPositions {
  access: FollowPosition;
  error?: FollowPosition;
}

/** What `stop` may add. */
export interface StopOptions {
  /** Trim CPU/memory series to this interval (replay's startedAtMs/endedAtMs). */
  loadedInterval?: { startMs: number; endMs: number };
  /** replay's outcomes.jsonl, to join every request to its log line. */
  outcomesFile?: string;
  /** replay.json: sets loadedInterval and outcomesFile (relative to it) unless given. */
  replayFile?: string;
  /** Keep reading the logs this long for lines still buffered by nginx (`access_log … flush=1s`). @default 1500 */
  settleMs?: number;
  /** Recorded as `stoppedBy`; overrides the start-time choice (the daemon's max-duration stop). */
  stoppedBy?: CollectResult['stoppedBy'];
}

/** A running collection. */
export interface CollectionHandle {
  readonly runId: string;
  readonly startedAtMs: number;
  readonly positions: StartPositions;
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

function resumeOptions(position: FollowPosition | undefined): {
  from?: number;
  expectIno?: number;
} {
  if (!position) return {};
  return position.ino >= 0
    ? { from: position.offset, expectIno: position.ino }
    : { from: position.offset };
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
  const seriesFile = join(options.outDir, 'series.csv');
  let seriesStarted = false;
  const constants =
    deps.sample === false ? { clockTicksPerSec: 100, pageBytes: 4096 } : await procConstants(host);
  const sampler = new ProcSampler(options.groups, constants, (pids, groups) => {
    if (!seriesStarted) {
      mkdirSync(options.outDir, { recursive: true });
      appendFileSync(seriesFile, SERIES_HEADER);
      seriesStarted = true;
    }
    appendFileSync(seriesFile, seriesRows(pids, groups));
  });
  // A failed poll loses nothing (offsets are kept; an SSH host reconnects): only an error that the
  // next polls do not clear is a problem. A failed sample is a gap in the series.
  let pollError: unknown;
  let failedSamples = 0;
  let sampleError: unknown;
  const poll = async (): Promise<void> => {
    try {
      await access.poll();
      await errorFollower?.poll();
      if (pollError !== undefined) logger.info('collect: reading the logs works again');
      pollError = undefined;
    } catch (error) {
      if (pollError === undefined)
        logger.warn(`collect: reading the logs failed: ${(error as Error).message}`);
      pollError = error;
    }
  };
  const takeSample = sampleFunction(host, sampler, Math.max(10_000, options.sampleIntervalMs * 5));
  let inFlight: Promise<void> | undefined;
  const sample = (): Promise<void> => {
    if (inFlight) return inFlight; // a slow remote sample: skip this tick
    inFlight = takeSample()
      .catch((error: unknown) => {
        if (sampleError === undefined)
          logger.warn(
            `collect: sampling /proc on ${host.name} failed: ${(error as Error).message}`,
          );
        sampleError ??= error;
        failedSamples += 1;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const sampling = deps.sample !== false;
  if (sampling) await sample();
  let polling = false;
  const pollTimer = setInterval(() => {
    if (polling) return; // a slow remote read: skip this tick rather than queue reads
    polling = true;
    void poll().finally(() => {
      polling = false;
    });
  }, options.pollIntervalMs);
  const sampleTimer = sampling
    ? setInterval(() => void sample(), options.sampleIntervalMs)
    : undefined;
  let finished = false;

  const halt = async (): Promise<void> => {
    clearInterval(pollTimer);
    if (sampleTimer) clearInterval(sampleTimer);
    deps.signal?.removeEventListener('abort', onAbort);
    await inFlight;
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
      if (sampling) await sample();
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
      constants,
      seriesFile: seriesStarted ? seriesFile : undefined,
      anomalyFiles: anomalySink.written.size > 0,
      formatErrorsFile: formatErrorSink.written.size > 0,
      stoppedBy: stopOptions.stoppedBy ?? deps.stoppedBy ?? 'stop',
      ...(deps.recoveredSeries ? { recoveredSeries: deps.recoveredSeries } : {}),
      problems: [
        ...(pollError === undefined ? [] : [`reading the logs: ${(pollError as Error).message}`]),
        ...(failedSamples === 0
          ? []
          : [
              `${failedSamples} process sample(s) failed (gaps in the series): ${(sampleError as Error).message}`,
            ]),
      ],
    };
    return finaliseResults(state, stopOptions);
  };
  return { runId: options.runId, startedAtMs, positions, stop, abort };
}
