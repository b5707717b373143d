/**
 * The bug of issue 11 item 2, reproduced: a private nginx started from a copy of /usr/sbin/nginx (the
 * "installed binary"), that copy then replaced the way rpm does (a new file written under a temp name and
 * renamed over the old path), then HUP: the master and its new workers still run the old, deleted file.
 */
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, readFile, readlink, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { makeNginxPrefix, type NginxPrefix } from './nginx-prefix.ts';

/** A private nginx running a binary that was swapped underneath it. */
export interface SwappedNginx {
  nginx: NginxPrefix;
  /** The "installed binary": the path the new file now sits at. */
  binary: string;
  /** Starts nginx from `binary` (absolute path, as systemd does) with the prefix's arguments. */
  startCommand: string[];
  /** The master before the swap. */
  master: number;
  /** Its workers after the HUP (forked from the deleted code). */
  workers: number[];
  /** Stops every nginx this fixture started (old and new masters). */
  stop(): Promise<void>;
}

/** Children of `pid` (ps --ppid). */
export function childrenOf(pid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return r.stdout
    .split(/\s+/)
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}

async function readPid(file: string): Promise<number | null> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return /^\d+\s*$/.test(text) ? Number(text) : null;
}

/** Polls (bounded) until `check` holds. */
export async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await delay(50);
  }
  throw new Error(`never happened: ${what}`);
}

/** Builds the scenario under `dir`. */
export async function startSwappedNginx(dir: string): Promise<SwappedNginx> {
  await mkdir(join(dir, 'sbin'), { recursive: true });
  const binary = join(dir, 'sbin/nginx');
  await copyFile('/usr/sbin/nginx', binary);
  await chmod(binary, 0o755);
  const nginx = await makeNginxPrefix(join(dir, 'prefix'));
  const startCommand = [
    binary,
    '-p',
    nginx.prefix,
    '-c',
    'conf/nginx.conf',
    '-e',
    'logs/error.log',
  ];
  const started = spawnSync(startCommand[0]!, startCommand.slice(1), { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`nginx failed to start: ${started.stderr}`);
  await until(async () => (await readPid(nginx.pidFile)) !== null, 'nginx pid file');
  const master = (await readPid(nginx.pidFile))!;
  await until(() => childrenOf(master).length > 0, 'nginx workers');
  const before = childrenOf(master);
  // rpm: write the new file under a temp name, rename() it over the old path.
  const temp = `${binary};6543abcd`;
  await copyFile('/usr/sbin/nginx', temp);
  await chmod(temp, 0o755);
  await rename(temp, binary);
  process.kill(master, 'SIGHUP');
  await until(() => {
    const now = childrenOf(master);
    return now.length > 0 && now.every((pid) => !before.includes(pid));
  }, 'new workers after HUP');
  const workers = childrenOf(master);
  const masters = new Set<number>([master]);
  return {
    nginx,
    binary,
    startCommand,
    master,
    workers,
    async stop() {
      const current = await readPid(nginx.pidFile);
      if (current !== null) masters.add(current);
      for (const pid of masters) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {
          /* already gone */
        }
      }
    },
  };
}

/** `readlink /proc/<pid>/exe` read directly (not through the code under test). */
export function exeOf(pid: number): Promise<string> {
  return readlink(`/proc/${pid}/exe`);
}
