/**
 * Exact CPU time of a process group between two reads of /proc ("marks"), instead of integrating 1 s
 * samples: the group's cumulative CPU counter is read at each mark and the difference is the CPU the
 * group used in between, up to the truncation of /proc's clock ticks. Pure: marks in, a figure out.
 *
 * The counter of a group = utime+stime of its live members + either
 * - `reaped`: the cutime+cstime of its parent (the nginx master): a worker that exits between the marks
 *   is counted in full when the master reaps it (its last reading leaves the live sum, its whole life
 *   enters the parent's children time), so nothing is lost; or
 * - `last-reading` (no parent known, or it changed): the last reading of each member that went away,
 *   which misses what such a member used after that reading (counted in `uncountedExits`).
 */
import { parseProcStat } from './proc-stat.js';

/** One group's counters at one mark, in clock ticks. */
export interface GroupCpuReading {
  group: string;
  /**
   * utime+stime of the members alive (or not yet reaped) at the mark, plus (marks only) that of the
   * parents' exited children not yet reaped (zombies), which the parent's cutime will include.
   */
  liveTicks: number;
  livePids: number;
  /** Zombie children of the parents counted in `liveTicks`. */
  zombies: number;
  /** Sum of the last readings of members gone since the collection started. */
  exitedTicks: number;
  exitedPids: number;
  /** The group's parent pids (its master) alive at the mark, sorted. */
  parentPids: number[];
  /** cutime+cstime of those parents (CPU of their reaped children); null without a parent. */
  reapedTicks: number | null;
}

/** One explicit read of every group's counters. */
export interface CpuMark {
  /** E.g. `load-start`, `load-end`. */
  name: string;
  /** Wall clock (Unix ms) at the middle of the read. */
  timeMs: number;
  /** How long the read took (for a remote host the SSH round trip): the read happened inside it. */
  readMs: number;
  /** Monotonic clock of the WAF host at the read (ms), when it was read with the counters. */
  clockMs?: number;
  groups: GroupCpuReading[];
}

/** CPU time of one group between two marks. */
export interface ExactCpuTime {
  /** The marks' names. */
  from: string;
  to: string;
  method: 'reaped' | 'last-reading';
  ticks: number;
  cpuMs: number;
  /**
   * Bound of the reading error: /proc truncates each counter to whole ticks, so every counter read
   * (a member's utime+stime, the parent's cutime+cstime) is off by up to 1 tick per mark; plus 1 tick
   * per member gone with CPU not counted (`last-reading`).
   */
  errorTicks: number;
  errorMs: number;
  /** Time between the reads: the WAF host's clock when both marks carry it, else the wall clock. */
  intervalMs: number;
  /** Duration of each read (ms). */
  readMs: { start: number; end: number };
  /** Live members at each mark. */
  pids: { start: number; end: number };
  /** Members gone between the marks whose CPU after their last reading is not in `ticks`. */
  uncountedExits: number;
}

/** The exact CPU of `group` between marks `start` and `end`, or why there is none. */
export function exactCpuBetween(
  start: CpuMark,
  end: CpuMark,
  group: string,
  clockTicksPerSec: number,
): { value: ExactCpuTime } | { missing: string } {
  const s = start.groups.find((g) => g.group === group);
  const e = end.groups.find((g) => g.group === group);
  if (s === undefined || e === undefined)
    return { missing: `the group was not read at mark "${s ? end.name : start.name}"` };
  // No process at a boundary: nothing was measured there, which is not the same as 0 CPU.
  if (s.livePids === 0 || e.livePids === 0)
    return {
      missing: `no process of the group at mark "${s.livePids === 0 ? start.name : end.name}"`,
    };
  const sameParents =
    s.reapedTicks !== null &&
    e.reapedTicks !== null &&
    s.parentPids.length > 0 &&
    s.parentPids.join(',') === e.parentPids.join(',');
  const liveDelta = e.liveTicks - s.liveTicks;
  let ticks: number;
  let errorTicks = s.livePids + e.livePids + s.zombies + e.zombies;
  let uncountedExits = 0;
  if (sameParents) {
    ticks = liveDelta + (e.reapedTicks! - s.reapedTicks!);
    errorTicks += s.parentPids.length + e.parentPids.length;
  } else {
    ticks = liveDelta + (e.exitedTicks - s.exitedTicks);
    uncountedExits = e.exitedPids - s.exitedPids;
    errorTicks += uncountedExits;
  }
  if (ticks < 0)
    return {
      missing: `the CPU counter went backwards between "${start.name}" and "${end.name}" (${ticks} ticks): a pid was reused or the parent changed`,
    };
  const msPerTick = 1000 / clockTicksPerSec;
  return {
    value: {
      from: start.name,
      to: end.name,
      method: sameParents ? 'reaped' : 'last-reading',
      ticks,
      cpuMs: ticks * msPerTick,
      errorTicks,
      errorMs: errorTicks * msPerTick,
      intervalMs:
        start.clockMs !== undefined && end.clockMs !== undefined
          ? end.clockMs - start.clockMs
          : end.timeMs - start.timeMs,
      readMs: { start: start.readMs, end: end.readMs },
      pids: { start: s.livePids, end: e.livePids },
      uncountedExits,
    },
  };
}

/**
 * A group's counters at one read: the members' sums (from the sampler) and its parents' cutime+cstime,
 * when every parent's stat could be read (else `reapedTicks` is null and the parents are not listed).
 */
export function groupReading(
  group: string,
  parents: ReadonlySet<number> | null,
  snap: { stat(pid: number): string | null },
  counts: Pick<
    GroupCpuReading,
    'liveTicks' | 'livePids' | 'exitedTicks' | 'exitedPids' | 'zombies'
  >,
): GroupCpuReading {
  let reapedTicks: number | null = null;
  const parentPids: number[] = [];
  if (parents !== null && parents.size > 0) {
    reapedTicks = 0;
    for (const pid of [...parents].sort((a, b) => a - b)) {
      const text = snap.stat(pid);
      const stat = text === null ? null : parseProcStat(text);
      if (stat === null) {
        reapedTicks = null;
        break;
      }
      parentPids.push(pid);
      reapedTicks += stat.childTicks;
    }
  }
  return { group, ...counts, parentPids: reapedTicks === null ? [] : parentPids, reapedTicks };
}
