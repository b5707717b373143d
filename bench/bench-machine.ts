// Helpers for the benchmarks: is the machine quiet (load average, busy processes, CPU used by
// processes other than the bench's own during each run), medians with min–max, and running a
// program with a hard time limit while sampling its CPU time from /proc.
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

/** utime, stime, cutime, cstime (reaped children) and the parent pid of a process, or null. */
function statOf(pid: string): { ticks: number; childTicks: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      ticks: Number(f[11]) + Number(f[12]),
      childTicks: Number(f[13]) + Number(f[14]),
      ppid: Number(f[1]),
    };
  } catch {
    return null;
  }
}

/** Busy CPU ticks of the whole machine since boot (every process, also those that exited). */
function machineBusyTicks(): number {
  try {
    // cpu  user nice system idle iowait irq softirq steal …
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
    return f[1]! + f[2]! + f[3]! + f[6]! + f[7]! + f[8]!;
  } catch {
    return NaN;
  }
}

/**
 * CPU ticks of the process trees under `roots` (the bench itself, its children, the nginx masters it
 * started and their workers), counting children that already exited and were reaped (cutime).
 */
function treeTicks(roots: readonly number[]): number {
  const procs = new Map<number, { ticks: number; childTicks: number; ppid: number }>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const s = statOf(pid);
    if (s) procs.set(Number(pid), s);
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of procs) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  const seen = new Set<number>();
  const stack = [...roots];
  let total = 0;
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const s = procs.get(pid);
    if (!s) continue;
    total += s.ticks + s.childTicks;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * Pids of the kernel's softirq threads (`ksoftirqd/N`): under heavy loopback traffic the kernel hands
 * network processing to them, so during a bench their CPU is the bench's own traffic.
 */
export function softirqThreads(): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('ksoftirqd/'))
        pids.push(Number(pid));
    } catch {
      // gone
    }
  }
  return pids;
}

/**
 * Measures how much CPU processes other than the bench's own used during a run: the machine's busy
 * ticks (/proc/stat, which also counts processes that came and went) minus those of the trees under
 * `roots`. Unlike the load average it does not count the bench's own wrk, replay and nginx, so it
 * says whether *others* disturbed this run. Call the returned function at the end of the run: cores
 * used by others on average (0.25 = a quarter of one core), NaN when /proc cannot be read.
 */
export function othersCpuMeter(roots: () => readonly number[], clkTck: number): () => number {
  const startedAt = performance.now();
  const busy0 = machineBusyTicks();
  const own0 = treeTicks(roots());
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    const others = machineBusyTicks() - busy0 - (treeTicks(roots()) - own0);
    return Math.max(0, others) / clkTck / seconds;
  };
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
 * Says whether the machine is quiet: the 1-minute load average at most 0.5 (only with `checkLoad`:
 * after the bench ran, its own processes are still in the load average for minutes) and no other
 * process using more than 10 % of a core over `sampleMs` (`ownPids`: processes of the bench, not
 * counted). Returns warning lines (empty when quiet).
 */
export async function quietnessWarnings(
  clkTck: number,
  sampleMs = 1000,
  checkLoad = true,
  ownPids: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const warnings: string[] = [];
  const load1 = Number(loadAverage().split(' ')[0]);
  if (checkLoad && !(load1 <= 0.5))
    warnings.push(`load average ${loadAverage()} > 0.5: the machine is not quiet`);
  const before = allTicks();
  await sleep(sampleMs);
  const busy: Array<{ pid: string; comm: string; pct: number }> = [];
  for (const [pid, t] of allTicks()) {
    if (pid === String(process.pid) || ownPids.has(pid)) continue;
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
