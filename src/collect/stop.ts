/**
 * `collect stop` for the detached collector: signals it, waits until it has exited, then removes its
 * state. The order matters: the state is removed only once the collector is confirmed gone and the
 * results are written. When writing fails (full disk) or the collector does not exit, the state is
 * kept and the error says how to run `stop` again; a second `stop` finalises from the logs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError, WafGateError } from '../common/errors.js';
import { writeJsonFile } from '../common/json-file.js';
import type { Logger } from '../common/logger.js';
import { startCollection } from './collector.js';
import type { CollectOptions } from './options.js';
import {
  deserializeError,
  isCollectorAlive,
  readState,
  statePath,
  type DaemonDone,
  type DaemonState,
} from './run-state.js';
import { parseSeriesCsv } from './analyze/index.js';
import type { StopOptions } from './stop-options.js';
import type { CollectResult } from './types.js';
import { collectWriteError } from './output/index.js';

/** Options for {@link stopDetached}. */
export interface StopDetachedOptions extends StopOptions {
  /** How long to wait for the collector to finalise. @default 300000 */
  waitTimeoutMs?: number;
}

/** What `stop` returns. */
export interface StoppedCollection {
  result: CollectResult;
  /** Folder holding collect.json and its files. */
  outDir: string;
}

/** Error codes of a write that failed: the state is kept so that `stop` can be run again. */
const WRITE_ERRORS = new Set(['E_WRITE', 'E_COLLECT_WRITE']);

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** Re-reads the logs from the recorded start positions and the series from series.csv. */
async function recover(
  options: CollectOptions,
  state: DaemonState,
  stop: StopOptions,
  logger: Logger,
  stoppedBy: 'recovered' | 'max-duration',
  incomplete?: string,
): Promise<CollectResult> {
  const seriesPath = join(options.outDir, 'series.csv');
  const recoveredSeries = existsSync(seriesPath)
    ? parseSeriesCsv(readFileSync(seriesPath, 'utf8'))
    : { samples: [], pids: new Map<string, Set<number>>() };
  const previous = stoppedBy === 'max-duration' ? readPrevious(options.outDir) : undefined;
  const handle = await startCollection(options, {
    logger,
    resumeFrom: state.positions,
    sample: false,
    stoppedBy,
    recoveredSeries,
  });
  const result = await handle.stop({ ...stop, settleMs: 0, stoppedBy });
  if (previous) {
    result.crashes = previous.crashes;
    result.processes.events = previous.processes.events ?? [];
  }
  if (incomplete !== undefined) result.incomplete = incomplete;
  await writeJsonFile(join(options.outDir, 'collect.json'), result);
  return result;
}

function readPrevious(outDir: string): CollectResult | undefined {
  try {
    return JSON.parse(readFileSync(join(outDir, 'collect.json'), 'utf8')) as CollectResult;
  } catch {
    return undefined;
  }
}

function retryHint(stateDir: string, runId: string): string {
  return `The collector state is kept in ${stateDir}: fix the cause, then run \`waf-gate collect stop --run-id ${runId}\` again.`;
}

/** The same error with the retry hint added. */
function keepingState(error: WafGateError, stateDir: string, runId: string): WafGateError {
  const hint = [error.hint, retryHint(stateDir, runId)].filter(Boolean).join(' ');
  return new WafGateError(error.code, error.message, {
    context: { ...error.context, stateDir },
    cause: error,
    hint,
  });
}

/**
 * Stops the collector of `stateDir` and returns the results. Without a started collector: ConfigError.
 * If the collector died: results are recovered from what exists, then `E_COLLECTOR_DIED` is thrown.
 * If its results could not be written, or it would not exit, the state is kept (see the error's hint).
 */
export async function stopDetached(
  stateDir: string,
  runId: string,
  stop: StopDetachedOptions,
  logger: Logger,
): Promise<StoppedCollection> {
  const state = readState<DaemonState>(stateDir, 'state');
  const options = readState<CollectOptions>(stateDir, 'options');
  if (!state || !options) {
    // Never remove the state of a collector that still runs (its options.json unreadable).
    const running = state !== undefined && isCollectorAlive(state.pid, stateDir);
    if (existsSync(stateDir) && !running) await rm(stateDir, { recursive: true, force: true });
    throw new ConfigError(`No collector was started for run "${runId}".`, {
      input: 'run-id',
      value: runId,
      hint: `Run \`waf-gate collect start --run-id ${runId} …\` first (state is looked up in ${stateDir}).`,
    });
  }
  const { waitTimeoutMs = 300_000, ...stopOptions } = stop;
  let keepState = false;
  try {
    const before = readState<DaemonDone>(stateDir, 'done');
    if (before?.stoppedBy === 'max-duration' && before.ok) {
      for (const warning of before.warnings ?? []) logger.warn(`collect: ${warning}`);
      logger.warn(
        `collect: the collector had stopped itself after its maximum duration (${state.maxDurationMs} ms); finalising from the logs.`,
      );
      return {
        result: await recover(options, state, stopOptions, logger, 'max-duration'),
        outDir: options.outDir,
      };
    }
    if (before !== undefined && !before.ok && !isCollectorAlive(state.pid, stateDir)) {
      // An earlier stop could not write the results: finalise again from the logs.
      logger.warn(
        `collect: the collector could not write its results the first time (${before.error?.message ?? 'unknown error'}); finalising again from the logs.`,
      );
      return {
        result: await recover(
          options,
          state,
          stopOptions,
          logger,
          'recovered',
          `Finalised by a second stop after the first could not write its results (${before.error?.message ?? 'unknown error'}): logs were re-read from the start offsets; process events and crashes seen only by the sampler are lost.`,
        ),
        outDir: options.outDir,
      };
    }
    if (isCollectorAlive(state.pid, stateDir)) {
      const stopFile = statePath(stateDir, 'stop');
      try {
        await writeFile(stopFile, `${JSON.stringify(stopOptions)}\n`);
      } catch (error) {
        // Without stop.json the collector would finalise without the replay: leave it running.
        await rm(stopFile, { force: true }).catch(() => undefined);
        throw collectWriteError(stopFile, error);
      }
      process.kill(state.pid, 'SIGTERM');
      let exited = await waitUntil(() => !isCollectorAlive(state.pid, stateDir), waitTimeoutMs);
      if (!exited) {
        process.kill(state.pid, 'SIGKILL');
        exited = await waitUntil(() => !isCollectorAlive(state.pid, stateDir), 5000);
      }
      if (!exited)
        throw new WafGateError(
          'E_COLLECT_STOP',
          `The collector for run "${runId}" (pid ${state.pid}) did not exit after SIGTERM and SIGKILL.`,
          { context: { pid: state.pid } },
        );
      const done = readState<DaemonDone>(stateDir, 'done');
      for (const warning of done?.warnings ?? []) logger.warn(`collect: ${warning}`);
      if (done?.ok) {
        const result = readPrevious(options.outDir);
        if (result) return { result, outDir: options.outDir };
      } else if (done?.error) {
        throw deserializeError(done.error);
      }
    }
    const log = existsSync(statePath(stateDir, 'log'))
      ? readFileSync(statePath(stateDir, 'log'), 'utf8').trim().slice(-400)
      : '';
    let recovered: CollectResult | undefined;
    try {
      recovered = await recover(
        options,
        state,
        stopOptions,
        logger,
        'recovered',
        'The collector died before stop: logs were re-read from the start offsets; process events and crashes seen only by the sampler are lost.',
      );
    } catch (error) {
      if (WRITE_ERRORS.has((error as { code?: unknown }).code as string)) throw error;
      logger.warn(`collect: could not recover results: ${(error as Error).message}`);
    }
    throw new WafGateError(
      'E_COLLECTOR_DIED',
      `The collector for run "${runId}" (pid ${state.pid}) died before stop.`,
      {
        context: { log },
        hint: recovered
          ? `Partial results were written to ${options.outDir}/collect.json (logs re-read from the start offsets).`
          : 'No results could be recovered; start a new collection.',
      },
    );
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && (WRITE_ERRORS.has(code) || code === 'E_COLLECT_STOP')) {
      keepState = true;
      throw keepingState(error as WafGateError, stateDir, runId);
    }
    throw error;
  } finally {
    if (!keepState) {
      await rm(stateDir, { recursive: true, force: true });
      await rmdir(dirname(stateDir)).catch(() => undefined); // the run's folder, when nothing else is in it
    }
  }
}
