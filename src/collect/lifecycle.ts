/**
 * `collect start` / `collect stop` with a detached collector: start launches it and returns once it
 * follows the logs; stop (stop.ts) signals it, waits, and returns the results. Start leaves no state
 * behind on failure.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { CollectOptions } from './options.js';
import {
  deserializeError,
  isCollectorAlive,
  readState,
  statePath,
  type DaemonMessage,
  type DaemonState,
} from './run-state.js';

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

/**
 * The collector's environment: the caller's, without `RUNNER_TRACKING_ID`. At the end of every job
 * the GitHub runner kills each process carrying that job's tracking id; without it the collector
 * survives the job that started it, so `collect-metrics` stop can run in a later job (the two-runner
 * topology). It stays bounded by `max-duration` and is found again by its run id.
 */
export function collectorEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { RUNNER_TRACKING_ID: _tracked, ...rest } = env;
  return rest;
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
      env: collectorEnv(process.env),
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
    for (const warning of state.warnings ?? []) logger.warn(warning);
    logger.info(
      `collect: collector for run ${options.runId} running here (pid ${state.pid}), reading ${options.host ?? 'local'}; results will go to ${options.outDir}`,
    );
    return { runId: options.runId, pid: state.pid, stateDir, outDir: options.outDir, state };
  } catch (error) {
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
}

export { deserializeError } from './run-state.js';
export { stopDetached, type StopDetachedOptions, type StoppedCollection } from './stop.js';
