/**
 * Test helpers for commands that start other processes: which processes of a process group are still
 * alive (read from /proc, so it works for groups started over SSH on this machine too), and a hang guard.
 */
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/** Pids of live processes (not zombies) whose process group is `pgid`. */
export async function groupMembers(pgid: number): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) found.push(Number(name));
  }
  return found;
}

/** True while `pid` exists and is not a zombie. */
export async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

/**
 * Waits (bounded) until `check` holds; returns whether it did. A hang guard, not a timing assertion:
 * the bound is generous and only stops a regression from hanging the suite.
 */
export async function eventually(
  check: () => Promise<boolean>,
  boundMs = 10_000,
): Promise<boolean> {
  const until = Date.now() + boundMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await delay(50);
  }
}

/** `promise`, or a rejection naming `what` when it has not settled within `boundMs` (a hang guard). */
export async function settlesWithin<T>(
  promise: Promise<T>,
  boundMs: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not settle within ${boundMs} ms`)),
      boundMs,
    );
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills leftover test processes (best effort) so a failing assertion leaves nothing running. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}
