/** Parsing /proc/<pid>/stat (proc(5)). */

/**
 * State (`R`, `S`, `Z`…), ppid, utime+stime ticks, cutime+cstime ticks (reaped children) and rss pages
 * from /proc/<pid>/stat (fields after the `(comm)`, which may itself hold spaces and parentheses).
 */
export function parseProcStat(text: string): {
  state: string;
  ppid: number;
  ticks: number;
  childTicks: number;
  rssPages: number;
} | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const f = text.slice(close + 2).split(' ');
  // f[0] = state (field 3), ppid = field 4, utime = 14, stime = 15, cutime = 16, cstime = 17, rss = 24.
  const ppid = Number(f[1]);
  const ticks = Number(f[11]) + Number(f[12]);
  const childTicks = Number(f[13]) + Number(f[14]);
  const rssPages = Number(f[21]);
  if (f.length < 22 || ![ppid, ticks, childTicks, rssPages].every((x) => Number.isFinite(x)))
    return null;
  return { state: f[0]!, ppid, ticks, childTicks, rssPages };
}
