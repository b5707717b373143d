/** The open-files limit (RLIMIT_NOFILE) of this process, read from /proc/self/limits (Linux). */
import { readFile } from 'node:fs/promises';

/** Soft and hard limits; `null` when the platform does not say (no /proc). "unlimited" is Infinity. */
export async function readNoFileLimit(): Promise<{ soft: number; hard: number } | null> {
  const text = await readFile('/proc/self/limits', 'utf8').catch(() => '');
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  if (!m) return null;
  const value = (s: string): number => (s === 'unlimited' ? Infinity : Number(s));
  const soft = value(m[1]!);
  const hard = value(m[2]!);
  return Number.isNaN(soft) || Number.isNaN(hard) ? null : { soft, hard };
}
