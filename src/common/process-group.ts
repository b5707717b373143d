/** Signalling a whole process group (a command and everything it started that did not leave the group). */

/**
 * Sends `signal` to the process group led by `pid` (`kill(-pid)`), falling back to the process alone
 * when it leads no group. Returns false when nothing was there to signal.
 */
export function killProcessGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined || pid <= 0) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false; // already gone
    }
  }
}
