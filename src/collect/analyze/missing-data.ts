/**
 * Missing data is reported as missing, never as a measurement: a process group nobody sampled has no
 * CPU time (not 0 ms), a log with no line read or none parsed has no counts (not 0 anomalies). Warnings
 * at start where it can already be seen (pid file missing, no process matching), and the list recorded
 * in collect.json at stop ({@link MissingData}), which compare turns into "unknown".
 */
import type { ProcessGroupSpec } from '../proc/index.js';
import type { MissingData, ProcessGroupStats } from '../types.js';

/** What the sampler knows about one group. */
export interface GroupEvidence {
  spec: ProcessGroupSpec;
  /** Samples in which the parent pid file was missing or empty. */
  pidFileMisses: number;
  /** Pids seen in the group during the run. */
  pidsSeen: number;
}

function describe(spec: ProcessGroupSpec): string {
  const match =
    spec.match.kind === 'regex'
      ? `command line matching /${spec.match.pattern}/`
      : `command line starting with "${spec.match.pattern}"`;
  const parent =
    spec.parentPidFile !== undefined
      ? `, child of the pid in ${spec.parentPidFile}`
      : spec.parentPid !== undefined
        ? `, child of pid ${spec.parentPid}`
        : '';
  return `${match}${parent}`;
}

/** Warnings after the first sample at start (empty when every group has a process). */
export function startWarnings(groups: readonly GroupEvidence[]): string[] {
  const out: string[] = [];
  for (const g of groups) {
    if (g.spec.parentPidFile !== undefined && g.pidFileMisses > 0) {
      out.push(
        `collect: the master pid file ${g.spec.parentPidFile} (group "${g.spec.name}") does not exist or holds no pid: no process of the group can be sampled until it does, and its CPU and memory will be reported as missing. Check --master-pid-file.`,
      );
    } else if (g.pidsSeen === 0) {
      out.push(
        `collect: no process matches group "${g.spec.name}" (${describe(g.spec)}): its CPU and memory will be reported as missing unless one appears. Check --groups / --master-pid.`,
      );
    }
  }
  return out;
}

/** What {@link findMissing} looks at. */
export interface MissingInput {
  /** false: processes were not sampled at all (log analysis only). */
  sampled: boolean;
  /** Samples taken (0 when recovered from series.csv). */
  samples: number;
  groups: readonly GroupEvidence[];
  stats: readonly ProcessGroupStats[];
  log: { path: string; format: string; lines: number; parsed: number; skipped: number };
}

/** The metrics without data at stop. */
export function findMissing(input: MissingInput): MissingData[] {
  const out: MissingData[] = [];
  for (const [k, g] of input.groups.entries()) {
    const name = g.spec.name;
    const stats = input.stats[k];
    let found: Pick<MissingData, 'code' | 'reason'> | undefined;
    if (!input.sampled) {
      found = { code: 'not-sampled', reason: 'processes were not sampled (log analysis only)' };
    } else if (stats === undefined || stats.pids.length === 0) {
      found =
        g.pidFileMisses > 0
          ? {
              code: 'pid-file',
              reason: `the master pid file ${g.spec.parentPidFile} was missing or empty in ${g.pidFileMisses} of ${input.samples} samples, and no process of the group was sampled`,
            }
          : {
              code: 'no-process',
              reason: `no process matched (${describe(g.spec)}) in ${input.samples} samples`,
            };
    } else if (g.pidFileMisses > 0) {
      found = {
        code: 'pid-file',
        reason: `the master pid file ${g.spec.parentPidFile} was missing or empty in ${g.pidFileMisses} of ${input.samples} samples: CPU and memory of those samples are missing`,
      };
    } else if (stats.cpuPct.samples === 0) {
      found = {
        code: 'outside-interval',
        reason:
          'no sample of the group falls inside the loaded interval (shorter than the sampling interval?)',
      };
    }
    if (found !== undefined) out.push({ metric: 'processes', group: name, ...found });
  }
  const { log } = input;
  const counted = log.lines - log.skipped;
  if (counted <= 0) {
    out.push({
      metric: 'access-log',
      code: 'no-lines',
      reason: `no log line was read from ${log.path} between start and stop: is it the log this WAF writes, and was traffic sent?`,
    });
  } else if (log.parsed === 0) {
    out.push({
      metric: 'access-log',
      code: 'no-parse',
      reason: `none of the ${counted} lines of ${log.path} matched the log format "${log.format}" (see format-errors.log): check --log-format against the log_format in nginx.conf`,
    });
  }
  return out;
}
