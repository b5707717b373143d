/**
 * After a reload, nginx's old workers finish their connections and exit; until they do, a measurement
 * would count their exit as a crash and lose connections queued on their closing reuseport sockets.
 * install-waf therefore notes the master's children before it reloads and waits (bounded) until every
 * one of them has exited before it reports the host ready.
 */
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { childPids, readPid } from './running-binary.js';

/** How long install and restore wait for the workers of the previous configuration to exit after a reload. */
export const OLD_WORKERS_TIMEOUT_MS = 30_000;

/** The child PIDs of the nginx master named in `pidFile`; empty without a pid file or master. */
export async function masterChildren(host: Host, pidFile: string): Promise<number[]> {
  const master = await readPid(host, pidFile).catch(() => null);
  return master === null ? [] : childPids(host, master);
}

/** Which of `pids` still run (zombies count as gone: their parent reaps them). */
async function stillRunning(host: Host, pids: readonly number[]): Promise<number[]> {
  if (pids.length === 0) return [];
  const ps = await host.exec('ps', ['-o', 'pid=,stat=', '-p', pids.join(',')], {
    allowFailure: true,
  });
  return ps.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, stat]) => pid !== undefined && /^\d+$/.test(pid) && !stat?.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

/**
 * Waits until none of `oldPids` runs, polling every `pollMs`, for at most `timeoutMs`. Resolves to the
 * PIDs still running then (a warning names them: the measurement may see their exit).
 */
export async function waitForOldWorkers(
  host: Host,
  oldPids: readonly number[],
  options: { timeoutMs: number; pollMs?: number; logger: Logger; signal?: AbortSignal },
): Promise<number[]> {
  const deadline = Date.now() + options.timeoutMs;
  let left = await stillRunning(host, oldPids);
  while (left.length > 0 && Date.now() < deadline) {
    options.signal?.throwIfAborted();
    await new Promise((done) => setTimeout(done, options.pollMs ?? 100));
    left = await stillRunning(host, left);
  }
  if (left.length > 0)
    options.logger.warn(
      `Old nginx worker(s) ${left.join(', ')} still run ${options.timeoutMs} ms after the reload (long-lived connections?); a measurement may count their exit.`,
    );
  return left;
}
