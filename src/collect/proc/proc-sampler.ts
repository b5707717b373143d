/**
 * Samples process groups from /proc directly (no top/ps): CPU % from utime+stime deltas and RSS from
 * /proc/<pid>/stat, per PID and per group. Tracks every PID appearing and disappearing; a member that
 * vanishes while its parent (the master) lives is a crash or respawn. Locally /proc is read file by file
 * (cmdline only for pids not classified yet); a remote host's /proc arrives as one {@link ProcSnapshot}
 * (host-proc.ts) and goes through the same {@link ProcSampler.sampleFrom}. {@link ProcSampler.markFrom}
 * reads the groups' cumulative CPU counters between samples (cpu-marks.ts) without touching the series.
 */
import { groupReading, type CpuMark, type GroupCpuReading } from './cpu-marks.js';
import { localSnapshot } from './local-proc.js';
import type { ProcSnapshot } from './snapshot.js';

export type { ProcSnapshot };
import { parseProcStat } from './proc-stat.js';
import type { ProcessGroupSpec } from './process-groups.js';

/** Kernel constants; Linux x86-64/arm64 defaults unless measured with `getconf`. */
export interface ProcConstants {
  /** Clock ticks per second (`getconf CLK_TCK`). @default 100 */
  clockTicksPerSec: number;
  /** Bytes per page (`getconf PAGESIZE`). @default 4096 */
  pageBytes: number;
}

/** One group's totals at one sample. */
export interface GroupSample {
  timeMs: number;
  group: string;
  /** Sum over members of CPU % of one core since the previous sample. */
  cpuPct: number;
  rssBytes: number;
  /** CPU ms the members used since the previous sample. */
  cpuMs: number;
  /** Milliseconds since the previous sample. */
  intervalMs: number;
  members: number;
  /**
   * Open file descriptors summed over the members; null when any member's could not be read (or the
   * snapshot reads none, e.g. a remote host) — a partial sum would read as a measurement.
   */
  fds: number | null;
}

/** One member's values at one sample. */
export interface PidSample {
  timeMs: number;
  group: string;
  pid: number;
  cpuPct: number;
  rssBytes: number;
  /** Open file descriptors; null when not readable. */
  fds: number | null;
}

/** A PID appearing or going away. */
export interface PidEvent {
  pid: number;
  group: string;
  kind: 'appeared' | 'gone';
  atMs: number;
  /** For `gone`: the parent pid and whether it was still alive. */
  ppid?: number;
  parentAlive?: boolean;
  lastSeenMs?: number;
}

interface Member {
  group: number;
  ppid: number;
  /** utime+stime at the last regular sample (the series' deltas start here). */
  ticks: number;
  /** utime+stime at the last read of any kind (sample or mark). */
  lastTicks: number;
  firstSeenMs: number;
  lastSeenMs: number;
}

interface Candidate {
  group: number; // -1: not a member
  checks: number;
}

/** Samples the configured groups; call {@link ProcSampler.sample} once per interval. */
export class ProcSampler {
  readonly events: PidEvent[] = [];
  readonly groupSamples: GroupSample[] = [];
  /** Every pid seen per group. */
  readonly pidsSeen: Set<number>[];
  /** Per group: samples in which its parent pid file was missing or held no pid. */
  readonly pidFileMisses: number[];
  /** Explicit counter reads ({@link markFrom}), in order. */
  readonly marks: CpuMark[] = [];
  /** Per group: why its file descriptors were not read, the first time they were not. */
  readonly fdsMissing: (string | undefined)[];
  /** Per group: last readings of members gone so far, and how many. */
  private readonly exitedTicks: number[];
  private readonly exitedPids: number[];
  private readonly members = new Map<number, Member>();
  private readonly candidates = new Map<number, Candidate>();
  private lastMs = 0;
  private lastClockMs: number | undefined;
  private samples = 0;
  private readonly matchers: ((cmdline: string) => boolean)[];

  constructor(
    private readonly groups: readonly ProcessGroupSpec[],
    private readonly constants: ProcConstants = { clockTicksPerSec: 100, pageBytes: 4096 },
    /** Receives per-PID and per-group rows of each sample (e.g. the series CSV writer). */
    private readonly onRows?: (pids: PidSample[], groups: GroupSample[]) => void,
    private readonly procDir = '/proc',
  ) {
    this.pidsSeen = groups.map(() => new Set<number>());
    this.pidFileMisses = groups.map(() => 0);
    this.fdsMissing = groups.map(() => undefined);
    this.exitedTicks = groups.map(() => 0);
    this.exitedPids = groups.map(() => 0);
    this.matchers = groups.map((g) =>
      g.match.kind === 'regex'
        ? (
            (re: RegExp) => (c: string) =>
              re.test(c)
          )(new RegExp(g.match.pattern))
        : (c: string) => c.startsWith(g.match.pattern),
    );
  }

  /** The parent pid files the groups name (a remote reader fetches them with the sample). */
  get pidFiles(): string[] {
    return [...new Set(this.groups.flatMap((g) => (g.parentPidFile ? [g.parentPidFile] : [])))];
  }

  /** Samples taken so far (the first one only sets the baseline of CPU ticks). */
  get samplesTaken(): number {
    return this.samples;
  }

  private parents(g: number, snap: ProcSnapshot, countMiss = true): Set<number> | null {
    const group = this.groups[g]!;
    if (group.parentPid === undefined && group.parentPidFile === undefined) return null;
    const set = new Set<number>();
    if (group.parentPid !== undefined) set.add(group.parentPid);
    if (group.parentPidFile !== undefined) {
      // A missing pid file (master stopped, or a wrong path): no members until it is back.
      const text = snap.pidFile(group.parentPidFile);
      const pid = Number((text ?? '').trim());
      if (text !== null && text.trim() !== '' && Number.isInteger(pid) && pid > 0) set.add(pid);
      else if (countMiss) this.pidFileMisses[g] = this.pidFileMisses[g]! + 1;
    }
    return set;
  }

  private classify(
    pid: number,
    ppid: number,
    parents: (Set<number> | null)[],
    snap: ProcSnapshot,
  ): number {
    const raw = snap.cmdline(pid);
    if (raw === null || raw === '') return -1;
    const cmdline = raw.replace(/\0+$/, '').replace(/\0/g, ' ');
    for (let g = 0; g < this.groups.length; g += 1) {
      const allowed = parents[g];
      if (allowed !== null && allowed !== undefined && !allowed.has(ppid)) continue;
      if (this.matchers[g]!(cmdline)) return g;
    }
    return -1;
  }

  /** Takes one sample of the local /proc now. */
  sample(nowMs = Date.now()): void {
    this.sampleFrom(localSnapshot(this.procDir), nowMs);
  }

  /** Takes one sample from a snapshot read at `nowMs` (wall clock, for the series). */
  sampleFrom(snap: ProcSnapshot, nowMs = Date.now()): void {
    this.read(snap, nowMs, false);
  }

  /** Reads the local /proc's CPU counters now as mark `name` (see {@link markFrom}). */
  mark(name: string): CpuMark {
    const before = performance.now();
    const snap = localSnapshot(this.procDir);
    const timeMs = Date.now();
    const groups = this.read(snap, timeMs, true);
    const mark: CpuMark = { name, timeMs, readMs: performance.now() - before, groups };
    this.marks.push(mark);
    return mark;
  }

  /**
   * Records mark `name` from a snapshot: every group's cumulative CPU counters (cpu-marks.ts). New and
   * gone members are tracked as in a sample, but the series (CPU % per interval) is left alone.
   * @param timeMs wall clock at the middle of the read
   * @param readMs how long the read took
   */
  markFrom(name: string, snap: ProcSnapshot, timeMs: number, readMs: number): CpuMark {
    const groups = this.read(snap, timeMs, true);
    const mark: CpuMark = {
      name,
      timeMs,
      readMs,
      ...(snap.clockMs === undefined ? {} : { clockMs: snap.clockMs }),
      groups,
    };
    this.marks.push(mark);
    return mark;
  }

  /** A member's open descriptors, or null (and why, once per group) when they cannot be read. */
  private readFds(snap: ProcSnapshot, pid: number, group: number): number | null {
    if (snap.fdCount === undefined) {
      this.fdsMissing[group] ??= 'the /proc read on this host does not list file descriptors';
      return null;
    }
    const n = snap.fdCount(pid);
    if (n === null)
      this.fdsMissing[group] ??=
        `/proc/${pid}/fd was not readable (another user's process: run collect as that user or root)`;
    return n;
  }

  private read(snap: ProcSnapshot, nowMs: number, isMark: boolean): GroupCpuReading[] {
    const { clockTicksPerSec, pageBytes } = this.constants;
    const first = this.samples === 0;
    const intervalMs = first
      ? 0
      : snap.clockMs !== undefined && this.lastClockMs !== undefined
        ? Math.max(0, snap.clockMs - this.lastClockMs)
        : nowMs - this.lastMs;
    const parents = this.groups.map((_, g) => this.parents(g, snap, !isMark));
    const listing = new Set<number>(snap.pids);
    const cpuTicks = new Float64Array(this.groups.length);
    const rss = new Float64Array(this.groups.length);
    const count = new Int32Array(this.groups.length);
    const liveTicks = new Float64Array(this.groups.length);
    const zombies = new Int32Array(this.groups.length);
    const fds = new Float64Array(this.groups.length);
    const fdsUnread = new Uint8Array(this.groups.length);
    const pidRows: PidSample[] = [];
    for (const pid of listing) {
      const member = this.members.get(pid);
      const cand = member ? undefined : this.candidates.get(pid);
      // A mark reads every pid: it must see the parents' unreaped (zombie) children.
      if (!isMark && !member && cand && (cand.group < 0 ? cand.checks >= 3 : false)) continue;
      const statText = snap.stat(pid);
      const stat = statText === null ? null : parseProcStat(statText);
      if (stat === null) continue;
      let m = member;
      if (m === undefined && isMark && stat.state === 'Z') {
        // Exited, not yet reaped (a zombie has no cmdline, so it is no member): its CPU enters the
        // parent's cutime when reaped, so until then it counts as live, or that would be counted twice.
        const g = parents.findIndex((set) => set !== null && set.has(stat.ppid));
        if (g >= 0) {
          liveTicks[g] = liveTicks[g]! + stat.ticks;
          zombies[g] = zombies[g]! + 1;
        }
        continue;
      }
      if (m === undefined) {
        // New pids are re-checked a few times: a forked worker briefly shows its master's cmdline.
        const group = this.classify(pid, stat.ppid, parents, snap);
        if (group < 0) {
          this.candidates.set(pid, { group: -1, checks: (cand?.checks ?? 0) + 1 });
          continue;
        }
        this.candidates.delete(pid);
        m = {
          group,
          ppid: stat.ppid,
          // Before the first sample a member's CPU so far is the baseline; after it, a new member's
          // whole life falls inside the collection.
          ticks: first ? stat.ticks : 0,
          lastTicks: stat.ticks,
          firstSeenMs: nowMs,
          lastSeenMs: nowMs,
        };
        this.members.set(pid, m);
        this.pidsSeen[group]!.add(pid);
        if (!first)
          this.events.push({ pid, group: this.groups[group]!.name, kind: 'appeared', atMs: nowMs });
      }
      m.lastTicks = stat.ticks;
      m.lastSeenMs = nowMs;
      m.ppid = stat.ppid;
      liveTicks[m.group] = liveTicks[m.group]! + stat.ticks;
      count[m.group] = count[m.group]! + 1;
      if (isMark) continue;
      const delta = Math.max(0, stat.ticks - m.ticks);
      m.ticks = stat.ticks;
      const rssBytes = stat.rssPages * pageBytes;
      cpuTicks[m.group] = cpuTicks[m.group]! + delta;
      rss[m.group] = rss[m.group]! + rssBytes;
      const pidFds = first ? null : this.readFds(snap, pid, m.group);
      if (pidFds === null) fdsUnread[m.group] = 1;
      else fds[m.group] = fds[m.group]! + pidFds;
      if (!first) {
        const cpuPct = intervalMs > 0 ? (delta / clockTicksPerSec / (intervalMs / 1000)) * 100 : 0;
        pidRows.push({
          timeMs: nowMs,
          group: this.groups[m.group]!.name,
          pid,
          cpuPct,
          rssBytes,
          fds: pidFds,
        });
      }
    }
    for (const [pid, m] of this.members) {
      if (listing.has(pid) && m.lastSeenMs === nowMs) continue;
      this.members.delete(pid);
      this.exitedTicks[m.group] = this.exitedTicks[m.group]! + m.lastTicks;
      this.exitedPids[m.group] = this.exitedPids[m.group]! + 1;
      this.events.push({
        pid,
        group: this.groups[m.group]!.name,
        kind: 'gone',
        atMs: nowMs,
        ppid: m.ppid,
        parentAlive: listing.has(m.ppid),
        lastSeenMs: m.lastSeenMs,
      });
    }
    for (const pid of this.candidates.keys()) if (!listing.has(pid)) this.candidates.delete(pid);
    const readings = this.groups.map((g, k) =>
      groupReading(g.name, parents[k] ?? null, snap, {
        liveTicks: liveTicks[k]!,
        livePids: count[k]!,
        exitedTicks: this.exitedTicks[k]!,
        exitedPids: this.exitedPids[k]!,
        zombies: zombies[k]!,
      }),
    );
    if (isMark) return readings;
    this.samples += 1;
    this.lastMs = nowMs;
    this.lastClockMs = snap.clockMs;
    if (first) return readings;
    const groupRows: GroupSample[] = this.groups.map((g, k) => {
      const cpuMs = (cpuTicks[k]! / clockTicksPerSec) * 1000;
      return {
        timeMs: nowMs,
        group: g.name,
        cpuPct: intervalMs > 0 ? (cpuMs / intervalMs) * 100 : 0,
        rssBytes: rss[k]!,
        cpuMs,
        intervalMs,
        members: count[k]!,
        fds: fdsUnread[k] === 1 || count[k] === 0 ? null : fds[k]!,
      };
    });
    this.groupSamples.push(...groupRows);
    this.onRows?.(pidRows, groupRows);
    return readings;
  }
}
