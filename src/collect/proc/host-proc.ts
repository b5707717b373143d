/**
 * Reading /proc of a remote WAF host in ONE exec per sample: a fixed POSIX-sh program (a constant here,
 * never built from inputs; pid files arrive as its arguments) runs `head` once over /proc/uptime, the pid
 * files, every /proc/<pid>/stat and every /proc/<pid>/cmdline. `head` separates files with
 * `==> name <==` headers; {@link parseProcDump} splits them back into a {@link ProcSnapshot}. Then the
 * shell itself (builtins only: a glob per pid) counts each readable `/proc/<pid>/fd` into a last
 * `==> fd-counts <==` section of `pid count` lines; a folder it may not read (another user's process)
 * gives no line: missing, not 0.
 * Two processes per sample on the WAF host (sh + head), one SSH round trip.
 */
import type { Host } from '../../hosts/types.js';
import type { ProcConstants, ProcSnapshot } from './proc-sampler.js';

/**
 * The sampling program, run as `sh -c PROC_DUMP_SCRIPT sh <pid files…>`. Files that vanish between the
 * glob and the read (processes exiting) are skipped by head (stderr discarded).
 */
export const PROC_DUMP_SCRIPT = [
  'cd /proc || exit 97',
  'head -c 8192 -- /proc/uptime "$@" [0-9]*/stat [0-9]*/cmdline 2>/dev/null',
  "printf '\\n==> fd-counts <==\\n'",
  // An empty folder (a kernel thread) counts 0; one we may not read gives no line.
  'for d in [0-9]*/fd; do if [ -r "$d" ]; then set -- "$d"/*; if [ -L "$1" ] || [ -e "$1" ]; then echo "${d%/fd} $#"; else echo "${d%/fd} 0"; fi; fi; done 2>/dev/null',
].join('\n');

/** The section of the dump holding `pid count` lines of open file descriptors. */
const FD_COUNTS = 'fd-counts';

const HEADER = /(?:^|\n)==> (.*?) <==\n/g;

/** Splits `head`'s multi-file output into file name → content (the separator newline removed). */
function splitHeadOutput(text: string): Map<string, string> {
  const files = new Map<string, string>();
  let name: string | undefined;
  let from = 0;
  HEADER.lastIndex = 0;
  for (let m = HEADER.exec(text); m !== null; m = HEADER.exec(text)) {
    if (name !== undefined) files.set(name, text.slice(from, m.index));
    name = m[1]!;
    from = m.index + m[0].length;
  }
  if (name !== undefined) files.set(name, text.slice(from).replace(/\n$/, ''));
  return files;
}

/** Parses the output of {@link PROC_DUMP_SCRIPT} into a snapshot. */
export function parseProcDump(text: string): ProcSnapshot {
  const files = splitHeadOutput(text);
  const stats = new Map<number, string>();
  const cmdlines = new Map<number, string>();
  const pidFiles = new Map<string, string>();
  let clockMs: number | undefined;
  let fdCounts: Map<number, number> | undefined;
  for (const [name, content] of files) {
    if (name === FD_COUNTS) {
      fdCounts = new Map();
      for (const line of content.split('\n')) {
        const [pid, count] = line.trim().split(' ').map(Number);
        if (Number.isInteger(pid) && Number.isInteger(count)) fdCounts.set(pid!, count!);
      }
      continue;
    }
    const slash = name.indexOf('/');
    if (slash > 0 && name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57) {
      const pid = Number(name.slice(0, slash));
      const kind = name.slice(slash + 1);
      if (!Number.isInteger(pid)) continue;
      if (kind === 'stat') stats.set(pid, content);
      else if (kind === 'cmdline') cmdlines.set(pid, content);
    } else if (name === '/proc/uptime') {
      const seconds = Number(content.split(' ')[0]);
      if (Number.isFinite(seconds)) clockMs = seconds * 1000;
    } else {
      pidFiles.set(name, content);
    }
  }
  return {
    pids: stats.keys(),
    stat: (pid) => stats.get(pid) ?? null,
    cmdline: (pid) => cmdlines.get(pid) ?? null,
    pidFile: (path) => pidFiles.get(path) ?? null,
    // A dump without the section (the shell stopped early) reads no descriptors at all.
    ...(fdCounts === undefined ? {} : { fdCount: (pid: number) => fdCounts.get(pid) ?? null }),
    ...(clockMs === undefined ? {} : { clockMs }),
  };
}

/** Takes /proc snapshots of a host with one exec each. */
export class HostProcReader {
  constructor(
    private readonly host: Host,
    /** Limit for one sample's exec. @default 10000 */
    private readonly timeoutMs = 10_000,
  ) {}

  /** One snapshot; `pidFiles` are read in the same exec (absolute paths on the host). */
  async snapshot(pidFiles: readonly string[]): Promise<ProcSnapshot> {
    const result = await this.host.exec('sh', ['-c', PROC_DUMP_SCRIPT, 'sh', ...pidFiles], {
      allowFailure: true, // head exits 1 when a process vanished between the glob and the read
      timeoutMs: this.timeoutMs,
    });
    if (result.exitCode === 97 || !result.stdout.includes('==> /proc/uptime <=='))
      throw new Error(
        `reading /proc on ${this.host.name} failed (exit ${result.exitCode}${result.stderr ? `: ${result.stderr.trim().slice(0, 200)}` : ''})`,
      );
    return parseProcDump(result.stdout);
  }
}

/** Reads CLK_TCK and PAGESIZE on the host once; falls back to 100 and 4096 (Linux defaults). */
export async function hostProcConstants(host: Host): Promise<ProcConstants> {
  const read = async (name: string, fallback: number): Promise<number> => {
    try {
      const r = await host.exec('getconf', [name], { timeoutMs: 10_000 });
      const n = Number(r.stdout.trim());
      return Number.isInteger(n) && n > 0 ? n : fallback;
    } catch {
      return fallback;
    }
  };
  return { clockTicksPerSec: await read('CLK_TCK', 100), pageBytes: await read('PAGESIZE', 4096) };
}
