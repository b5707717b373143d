/**
 * Step processes as the runner runs them: each in its own process group (so a cancel or a timeout kills
 * the whole tree), output captured; and the runner's orphan cleanup at job end — every process whose
 * environment carries the job's RUNNER_TRACKING_ID is killed.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** How a step process ended. */
export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  output: string;
}

/** Grace between SIGTERM and SIGKILL when a step is cancelled or times out. */
const KILL_GRACE_MS = 2_000;
/** How long output pipes held open by a step's background children are read after the step exits. */
const PIPE_DRAIN_GUARD_MS = 500;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Runs `argv` in a new process group; `timeoutMs` and `signal` kill the group (SIGTERM, then SIGKILL
 * after a grace). Resolves when the process exits.
 */
export function runProcess(
  argv: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number; signal: AbortSignal },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const [command, ...args] = argv;
    if (!command) {
      reject(new Error('empty command'));
      return;
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    let cancelled = false;
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let graceTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (child.pid === undefined) return;
      killGroup(child.pid, 'SIGTERM');
      graceTimer ??= setTimeout(() => {
        if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      }, KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      stop();
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('exit', (exitCode, signal) => {
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      options.signal.removeEventListener('abort', onAbort);
      // Background children of the step live on (as on the runner, until the job-end cleanup) and may
      // hold the output pipes open: take what the pipes deliver until they close, bounded by a guard.
      const finish = (): void => {
        clearTimeout(drainGuard);
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ exitCode, signal, timedOut, cancelled, output });
      };
      const drainGuard = setTimeout(finish, PIPE_DRAIN_GUARD_MS);
      child.once('close', finish);
    });
  });
}

/** PIDs of the processes whose environment holds RUNNER_TRACKING_ID=`trackingId`. */
export async function processesWithTrackingId(trackingId: string): Promise<number[]> {
  const needle = `RUNNER_TRACKING_ID=${trackingId}`;
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    let environ: string;
    try {
      environ = await readFile(`/proc/${name}/environ`, 'latin1');
    } catch {
      continue; // exited meanwhile, or not ours to read
    }
    if (environ.split('\0').includes(needle)) found.push(pid);
  }
  return found;
}

/** The runner's job-end cleanup: SIGKILL every process carrying the job's tracking id; returns them. */
export async function killTrackedProcesses(trackingId: string): Promise<number[]> {
  const pids = await processesWithTrackingId(trackingId);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  return pids;
}
