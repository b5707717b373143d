/** The /proc view a sample reads: the local one (local-proc.ts) or a remote dump (host-proc.ts). */

/** What one sample reads of /proc: the pids, and per pid its `stat` and raw (NUL-separated) `cmdline`. */
export interface ProcSnapshot {
  pids: Iterable<number>;
  stat(pid: number): string | null;
  cmdline(pid: number): string | null;
  /** Content of a parent pid file, null when missing. */
  pidFile(path: string): string | null;
  /**
   * Open file descriptors of a pid (entries of `/proc/<pid>/fd`), null when that folder cannot be read
   * (another user's process, the pid gone). Absent: this snapshot does not read descriptors.
   */
  fdCount?(pid: number): number | null;
  /**
   * Monotonic clock of the sampled machine when it was read (ms; a remote host's /proc/uptime): CPU %
   * intervals come from it, so network latency does not skew them. Absent: the caller's `nowMs`.
   */
  clockMs?: number;
}
