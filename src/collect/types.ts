/**
 * The collect-metrics stage's results: the contract compare-baseline reads.
 * Changing a field's meaning means bumping `schema`.
 */
import type { ExactCpuTime } from './proc/index.js';

export type { ExactCpuTime };

/** mean / p50 / p95 / max of a series. */
export interface SeriesStats {
  samples: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

/** Resource use of one process group over the loaded interval. */
export interface ProcessGroupStats {
  /** Group name, e.g. `nginx-worker`. */
  name: string;
  /** Every PID seen in the group during the run. */
  pids: number[];
  /** CPU % of one core, summed over the group's PIDs, per sample. */
  cpuPct: SeriesStats;
  /** Resident memory of the group (sum over PIDs), bytes. */
  rssBytes: SeriesStats;
  /**
   * CPU time (user+system) the group used inside the loaded interval, ms, integrated from the 1 s
   * samples kept (those at least half inside the interval): off by up to a sample at each end.
   */
  cpuTimeMs: number;
  /**
   * CPU time between the marks `load-start` and `load-end` (read just before and after the replay),
   * exact up to /proc's clock ticks, with its error bound. Absent when the run has no such marks.
   */
  exactCpu?: ExactCpuTime;
  /** Why `exactCpu` is missing although marks were taken (no process at a mark, a failed read…). */
  exactCpuMissing?: string;
  /**
   * Open file descriptors of the group (sum over its PIDs, `/proc/<pid>/fd` entries) per sample in the
   * loaded interval. Absent when they could not be read (see {@link fdsMissing}).
   */
  fds?: SeriesStats;
  /** Why `fds` is missing (a worker's fd folder not readable, a remote host, no sample). */
  fdsMissing?: string;
}

/**
 * What the WAF's held connections cost (collect stopped with a hold.json, the long-lived connection
 * phase): the group's growth from its last sample before the ramp to the sample with the most
 * connections open, divided by those connections, and its CPU over the connection-hours held.
 */
export interface HeldConnectionCost {
  group: string;
  /** Sum over the hold's 1 s windows of the connections open. */
  connectionSeconds: number;
  /** Most connections open in one window. */
  peakOpen: number;
  /** CPU of the group inside the hold per connection-hour held, ms; null when missing. */
  cpuMsPerConnectionHour: number | null;
  /** `exact` (marks around the hold) or `sampled` (1 s samples inside it); null when missing. */
  cpuSource: 'exact' | 'sampled' | null;
  rssBytesIdle: number | null;
  rssBytesPeak: number | null;
  /** (peak − idle) / connections open at the peak sample; null when missing. */
  rssBytesPerConnection: number | null;
  fdsIdle: number | null;
  fdsPeak: number | null;
  fdsPerConnection: number | null;
  /** Why figures are null, for a person. Empty when all are there. */
  missing: string[];
}

/** An explicit read of the CPU counters (collect.json keeps when and how long, not the counters). */
export interface CpuMarkInfo {
  name: string;
  /** Unix ms at the middle of the read. */
  timeMs: number;
  /** Duration of the read, ms. */
  readMs: number;
}

/** A process that vanished while its parent lived: a crash or a respawn. */
export interface ProcessCrash {
  pid: number;
  group: string;
  /** Unix epoch ms when it was last seen / noticed gone. */
  lastSeenMs: number;
  goneAtMs: number;
  /** From the error log when it says so, e.g. `SIGSEGV` (signal 11). */
  signal?: string;
  detail: string;
}

/** A line of the error log that needs a human: alert/emerg/crit, a worker exit on signal, sanitizer output. */
export interface ErrorLogFinding {
  kind: 'alert' | 'emerg' | 'crit' | 'worker-signal' | 'sanitizer';
  /** The line, shortened to 500 characters. */
  line: string;
  /** 1-based, counted from where reading started (the offset at `start`). */
  lineNumber: number;
}

/** One replayed request joined with its access-log line. */
export interface JoinedRequest {
  id: string;
  domain: string;
  entryKey: string;
  /** Status the replay client saw (null: no response). */
  replayStatus: number | null;
  /** Status in the WAF's log (`$status`), null when no log line was found. */
  wafStatus: number | null;
  /** `$upstream_status` as logged (`-` when the WAF answered itself). */
  upstreamStatus: string | null;
  /** True when the WAF answered itself with a status in the anomaly set. */
  blocked: boolean;
  /** Rule ids that fired for this request, when the error or audit log provides them. */
  ruleIds?: string[];
  /**
   * Set when the request was not joined: `no-id`, `no-log-line`, `duplicate` (id on several lines), or
   * after a failed join by connection `no-id-no-port-match`, `ambiguous-port`, `port-lines-dropped`.
   */
  missingReason?:
    | 'no-id'
    | 'no-log-line'
    | 'duplicate'
    | 'no-id-no-port-match'
    | 'ambiguous-port'
    | 'port-lines-dropped';
  /** `port`: joined by connection (`$remote_port` and the log time), not by the id. Absent: by id. */
  joinedBy?: 'port';
  /** Number (1-based) of the request among outcomes.jsonl's records, for requests sent without an id. */
  outcomeLine?: number;
}

/** A process of a group appearing or going away during the run. */
export interface ProcessEvent {
  pid: number;
  group: string;
  kind: 'appeared' | 'gone';
  /** Unix epoch ms of the sample that noticed it. */
  atMs: number;
  /** For `gone`: whether the parent (master) was still alive. */
  parentAlive?: boolean;
}

/**
 * Data a run should have and has not: a metric that cannot be computed is listed here and never reported
 * as a measurement (compare shows it as unknown).
 * - `processes`: CPU and memory of `group` (no process sampled, master pid file missing, not sampled);
 * - `access-log`: counts, anomalies and the join (no line read, or no line matched the log format).
 */
export interface MissingData {
  metric: 'processes' | 'access-log';
  /**
   * What is missing, for machines: `pid-file` (the master pid file was missing or empty), `no-process`
   * (nothing matched the group), `not-sampled` (log analysis), `outside-interval` (no sample inside the
   * loaded interval: a run shorter than the sampling interval), `no-lines`, `no-parse`.
   */
  code: 'pid-file' | 'no-process' | 'not-sampled' | 'outside-interval' | 'no-lines' | 'no-parse';
  /** The process group, for `processes`. */
  group?: string;
  /** Why, for a person: what was missing and what to check. */
  reason: string;
}

/** `collect.json`: what the WAF did during one run, and what it cost. */
export interface CollectResult {
  schema: 'waf-gate/collect@1';
  runId: string;
  label?: string;
  /** The WAF machine read, when not the local one: `ssh://user@host:port`. */
  host?: string;
  startedAtMs: number;
  endedAtMs: number;
  /** The interval the series were trimmed to (from replay's start/end), when known. */
  loadedInterval?: { startMs: number; endMs: number };
  log: {
    path: string;
    /** Format name (`combined`, `waf-gate-lab`, `waf-marker`, `json`) or `custom`. */
    format: string;
    bytesRead: number;
    lines: number;
    parsed: number;
    formatErrors: number;
    /** Lines that did not parse (relative path). */
    formatErrorsFile?: string;
    /** Lines ignored on purpose (the `waf-marker` preset's `pepp4_` lines). */
    skipped?: number;
    /** Lines longer than the limit (counted in formatErrors, not parsed). */
    overlong?: number;
    /** Rotations noticed while following: by rename (new inode) and by truncation (copytruncate). */
    rotations?: { renamed: number; truncated: number };
    /** Byte offset (and inode) where reading started. */
    startOffset?: number;
  };
  /** The error log scan, when an error log was given. */
  errorLog?: { path: string; bytesRead: number; lines: number; findingsDropped: number };
  /** domain -> status -> count, over every parsed line. */
  statusCounts: Record<string, Record<string, number>>;
  anomalies: {
    /** WAF statuses that count as an anomaly when the upstream status is `-`. */
    statuses: number[];
    perDomain: Record<string, Record<string, number>>;
    total: number;
    /** Folder with one file of anomalous lines per domain (relative path). */
    linesDir?: string;
  };
  join?: {
    sent: number;
    /** Joined by id plus joined by connection. */
    joined: number;
    /** Of `joined`, joined by connection (`$remote_port`); absent when the log has no `$remote_port`. */
    joinedByPort?: number;
    /** Sent requests with no log line. */
    missing: number;
    /** Log lines with an id no request carried. */
    unexpected: number;
    missingByReason: Record<string, number>;
    /** The first unexpected ids (up to 100). */
    unexpectedIds?: string[];
    /** JSONL of {@link JoinedRequest} (relative path). */
    joinedFile?: string;
  };
  processes: {
    intervalMs: number;
    groups: ProcessGroupStats[];
    /** CSV of samples: time, group, pid, cpu %, rss (relative path). */
    seriesFile?: string;
    /** PIDs appearing and going away during the run. */
    events?: ProcessEvent[];
    /** Clock ticks per second used for CPU % (`getconf CLK_TCK`). */
    clockTicksPerSec?: number;
    /** Explicit counter reads (see {@link ProcessGroupStats.exactCpu}), in order. */
    marks?: CpuMarkInfo[];
  };
  crashes: ProcessCrash[];
  findings: ErrorLogFinding[];
  /** How collection ended: `stop`, `max-duration` (stopped itself), `recovered` (collector died; partial). */
  stoppedBy?: 'stop' | 'max-duration' | 'recovered' | 'analyze';
  /** Why the results are incomplete, when they are. */
  incomplete?: string;
  /** Metrics without data (absent when nothing is missing). */
  missing?: MissingData[];
  /** Per process group, when collect was stopped with the hold phase's hold.json. */
  perHeldConnection?: HeldConnectionCost[];
  /** Distinct Host values beyond `maxHosts`, counted together as `(other hosts)` in statusCounts. */
  hostsOverflow?: { maxHosts: number; lines: number };
}
