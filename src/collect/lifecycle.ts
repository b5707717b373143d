/**
 * `collect start` / `collect stop` with a detached collector: start launches it and returns once it
 * follows the logs; stop signals it, waits, and returns the results. Both leave no state behind on
 * failure; stop removes the state directory in every outcome.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, WafGateError } from '../common/errors.js';
import { writeJsonFile } from '../common/json-file.js';
import type { Logger } from '../common/logger.js';
import { startCollection, type StopOptions } from './collector.js';
import type { CollectOptions } from './options.js';
import {
  isCollectorAlive,
  readState,
  statePath,
  type DaemonDone,
  type DaemonMessage,
  type DaemonState,
  type SerializedError,
} from './run-state.js';
import { parseSeriesCsv } from './stats.js';
import type { CollectResult } from './types.js';

/** How to run the collector: dist/collector.js when bundled, daemon.ts under tsx from source. */
export function collectorCommand(stateDir: string): {
  command: string;
  args: string[];
  cwd: string;
} {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname(here);
  if (here.endsWith('.ts')) {
    const root = resolve(dir, '..', '..');
    return {
      command: process.execPath,
      args: ['--import', 'tsx', join(dir, 'daemon.ts'), stateDir],
      cwd: root,
    };
  }
  const bundled = [join(dir, 'collector.js'), join(dir, '..', 'collector.js')].find((p) =>
    existsSync(p),
  );
  if (!bundled) {
    throw new WafGateError('E_COLLECT_BUNDLE', `dist/collector.js not found next to ${here}.`, {
      hint: 'Rebuild with `node scripts/build.mjs`.',
    });
  }
  return { command: process.execPath, args: [bundled, stateDir], cwd: dirname(bundled) };
}

/** Rebuilds an error sent by the daemon. */
export function deserializeError(e: SerializedError): WafGateError {
  if (e.code === 'E_CONFIG') {
    return new ConfigError(e.message, {
      ...(e.input !== undefined ? { input: e.input } : {}),
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.file !== undefined ? { file: e.file } : {}),
      ...(e.hint !== undefined ? { hint: e.hint } : {}),
    });
  }
  return new WafGateError(e.code, e.message, e.hint !== undefined ? { hint: e.hint } : {});
}

/** What `start` returns. */
export interface StartedCollector {
  runId: string;
  pid: number;
  stateDir: string;
  outDir: string;
  state: DaemonState;
}

async function claimStateDir(options: CollectOptions): Promise<void> {
  const { stateDir, runId } = options;
  await mkdir(dirname(stateDir), { recursive: true });
  try {
    await mkdir(stateDir, { mode: 0o700 }); // options.json may hold SSH key text
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const state = readState<DaemonState>(stateDir, 'state');
  if (state && isCollectorAlive(state.pid, stateDir)) {
    throw new WafGateError(
      'E_COLLECT_RUNNING',
      `A collector for run "${runId}" is already running (pid ${state.pid}).`,
      {
        context: { stateDir },
        hint: `Stop it first: waf-gate collect stop --run-id ${runId}, or use another run id.`,
      },
    );
  }
  if (state) {
    throw new WafGateError(
      'E_COLLECT_STALE',
      `A previous collector for run "${runId}" ended without being stopped.`,
      {
        context: { stateDir, pid: state.pid },
        hint: `Run \`waf-gate collect stop --run-id ${runId}\` to finalise and clean it up, then start again.`,
      },
    );
  }
  // A start that never got going (no state.json, no live collector): take the directory over.
  await rm(stateDir, { recursive: true, force: true });
  await mkdir(stateDir, { mode: 0o700 });
}

/** Launches the detached collector and resolves once it follows the logs (or rejects with its error). */
export async function startDetached(
  options: CollectOptions,
  logger: Logger,
  readyTimeoutMs = 30_000,
): Promise<StartedCollector> {
  await claimStateDir(options);
  const { stateDir } = options;
  try {
    await writeFile(statePath(stateDir, 'options'), `${JSON.stringify(options, null, 2)}\n`, {
      mode: 0o600,
    });
    const { command, args, cwd } = collectorCommand(stateDir);
    const logFd = openSync(statePath(stateDir, 'log'), 'a');
    const child = spawn(command, args, {
      cwd,
      detached: true,
      stdio: ['ignore', logFd, logFd, 'ipc'],
    });
    closeSync(logFd);
    const state = await new Promise<DaemonState>((resolveReady, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new WafGateError(
            'E_COLLECT_START',
            `The collector did not report ready within ${readyTimeoutMs} ms.`,
            { context: { stateDir } },
          ),
        );
      }, readyTimeoutMs);
      child.on('message', (message: DaemonMessage) => {
        clearTimeout(timer);
        if (message.type === 'ready') resolveReady(message.state);
        else reject(deserializeError(message.error));
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(
          new WafGateError('E_COLLECT_START', `Cannot launch the collector: ${error.message}`, {
            cause: error,
          }),
        );
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        const log = existsSync(statePath(stateDir, 'log'))
          ? readFileSync(statePath(stateDir, 'log'), 'utf8').trim().slice(-600)
          : '';
        reject(
          new WafGateError(
            'E_COLLECT_START',
            `The collector exited before it was ready (${signal ?? `code ${code}`}).`,
            { context: { log } },
          ),
        );
      });
    });
    child.removeAllListeners();
    if (child.connected) child.disconnect();
    child.unref();
    logger.info(
      `collect: collector for run ${options.runId} running here (pid ${state.pid}), reading ${options.host ?? 'local'}; results will go to ${options.outDir}`,
    );
    return { runId: options.runId, pid: state.pid, stateDir, outDir: options.outDir, state };
  } catch (error) {
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
}

/** Options for {@link stopDetached}. */
export interface StopDetachedOptions extends StopOptions {
  /** How long to wait for the collector to finalise. @default 300000 */
  waitTimeoutMs?: number;
}

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
  if (stoppedBy === 'recovered') {
    result.incomplete =
      'The collector died before stop: logs were re-read from the start offsets; process events and crashes seen only by the sampler are lost.';
  }
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

/** What `stop` returns. */
export interface StoppedCollection {
  result: CollectResult;
  /** Folder holding collect.json and its files. */
  outDir: string;
}

/**
 * Stops the collector of `stateDir` and returns the results. Without a started collector: ConfigError.
 * If the collector died: results are recovered from what exists, then `E_COLLECTOR_DIED` is thrown.
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
    const existed = existsSync(stateDir);
    if (existed) await rm(stateDir, { recursive: true, force: true });
    throw new ConfigError(`No collector was started for run "${runId}".`, {
      input: 'run-id',
      value: runId,
      hint: `Run \`waf-gate collect start --run-id ${runId} …\` first (state is looked up in ${stateDir}).`,
    });
  }
  const { waitTimeoutMs = 300_000, ...stopOptions } = stop;
  try {
    if (readState<DaemonDone>(stateDir, 'done')?.stoppedBy === 'max-duration') {
      logger.warn(
        `collect: the collector had stopped itself after its maximum duration (${state.maxDurationMs} ms); finalising from the logs.`,
      );
      return {
        result: await recover(options, state, stopOptions, logger, 'max-duration'),
        outDir: options.outDir,
      };
    }
    if (isCollectorAlive(state.pid, stateDir)) {
      await writeFile(statePath(stateDir, 'stop'), `${JSON.stringify(stopOptions)}\n`);
      process.kill(state.pid, 'SIGTERM');
      const exited = await waitUntil(() => !isCollectorAlive(state.pid, stateDir), waitTimeoutMs);
      if (!exited) {
        process.kill(state.pid, 'SIGKILL');
        await waitUntil(() => !isCollectorAlive(state.pid, stateDir), 5000);
      }
      const done = readState<DaemonDone>(stateDir, 'done');
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
      recovered = await recover(options, state, stopOptions, logger, 'recovered');
    } catch (error) {
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
  } finally {
    await rm(stateDir, { recursive: true, force: true });
    await rmdir(dirname(stateDir)).catch(() => undefined); // the run's folder, when nothing else is in it
  }
}
