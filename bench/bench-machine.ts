// Helpers for the benchmarks: is the machine quiet (load average, busy processes), medians with
// min–max, and running a program with a hard time limit while sampling its CPU time from /proc.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The 1-, 5- and 15-minute load averages, as /proc/loadavg prints them. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/** utime + stime of a process in clock ticks, or null when it is gone. */
export function cpuTicksOf(pid: number | string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** The command line of a process (NULs as spaces, at most 60 characters). */
function commandOf(pid: string): string {
  try {
    const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return (line || readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).slice(0, 60);
  } catch {
    return '?';
  }
}

function allTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const t = cpuTicksOf(pid);
    if (t !== null) ticks.set(pid, t);
  }
  return ticks;
}

/**
 * Says whether the machine is quiet: the 1-minute load average at most 0.5 and no other process
 * using more than 10 % of a core over `sampleMs`. Returns warning lines (empty when quiet).
 */
export async function quietnessWarnings(clkTck: number, sampleMs = 1000): Promise<string[]> {
  const warnings: string[] = [];
  const load1 = Number(loadAverage().split(' ')[0]);
  if (!(load1 <= 0.5))
    warnings.push(`load average ${loadAverage()} > 0.5: the machine is not quiet`);
  const before = allTicks();
  await sleep(sampleMs);
  const busy: Array<{ pid: string; comm: string; pct: number }> = [];
  for (const [pid, t] of allTicks()) {
    if (pid === String(process.pid)) continue;
    const t0 = before.get(pid);
    if (t0 === undefined) continue;
    const pct = ((t - t0) / clkTck / (sampleMs / 1000)) * 100;
    if (pct > 10) busy.push({ pid, comm: commandOf(pid), pct });
  }
  busy.sort((a, b) => b.pct - a.pct);
  if (busy.length > 0)
    warnings.push(
      `busy processes: ${busy
        .slice(0, 5)
        .map((b) => `${b.comm} (pid ${b.pid}) ${b.pct.toFixed(0)} %`)
        .join(', ')}`,
    );
  return warnings;
}

/** Median, min and max of finite values (NaN when none). */
export function summary(values: number[]): { median: number; min: number; max: number } {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN };
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  return { median, min: xs[0]!, max: xs[xs.length - 1]! };
}

/** Runs a program with a hard time limit; samples its CPU ticks every 20 ms while it runs. */
export async function runBounded(
  cmd: string,
  args: string[],
  limitMs: number,
): Promise<{ stdout: string; stderr: string; cpuTicks: number; killed: boolean }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let ticks = 0;
  const sampler = setInterval(() => {
    const t = child.pid ? cpuTicksOf(child.pid) : null;
    if (t !== null && Number.isFinite(t)) ticks = t;
  }, 20);
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, limitMs);
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  clearInterval(sampler);
  clearTimeout(killer);
  return { stdout, stderr, cpuTicks: ticks, killed };
}
