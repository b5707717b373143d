/** The local /proc as a {@link ProcSnapshot}, read lazily: only the files the sampler asks for. */
import { closeSync, opendirSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import type { ProcSnapshot } from './snapshot.js';

const scratch = Buffer.allocUnsafe(16 * 1024);

function readSmall(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const n = readSync(fd, scratch, 0, scratch.length, 0);
    return scratch.toString('latin1', 0, n);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Entries of a folder without building their names into an array (a worker may hold 10,000 fds). */
function countEntries(path: string): number | null {
  let dir;
  try {
    dir = opendirSync(path);
  } catch {
    return null; // not ours to read (EACCES) or gone (ENOENT)
  }
  let n = 0;
  try {
    while (dir.readSync() !== null) n += 1;
    return n;
  } catch {
    return null;
  } finally {
    dir.closeSync();
  }
}

/** Lists the pids of `procDir` now; stat, cmdline, fds and pid files are read when asked for. */
export function localSnapshot(procDir: string): ProcSnapshot {
  const pids: number[] = [];
  for (const name of readdirSync(procDir)) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name));
  }
  return {
    pids,
    stat: (pid) => readSmall(`${procDir}/${pid}/stat`),
    cmdline: (pid) => readSmall(`${procDir}/${pid}/cmdline`),
    fdCount: (pid) => countEntries(`${procDir}/${pid}/fd`),
    pidFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null; // pid file gone (master stopped)
      }
    },
  };
}
