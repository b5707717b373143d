/**
 * The running build is the installed build. A package manager replaces the nginx binary by writing a new
 * file and renaming it over the old path; a reload (HUP) keeps the old master, which forks new workers from
 * its own, now deleted, code, while `nginx -v` prints the new version. So after install + reload every
 * process (the master from its pid file, the workers = its children) must run the installed file:
 * `/proc/<pid>/exe` not `(deleted)` and the same file (device + inode, or SHA-256 when it cannot be
 * stat'ed) as the installed binary. Read through the Host, so it works locally and over SSH.
 */
import { posix } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { describeReload } from './reload.js';
import type { ReloadSpec, RunningCheckOptions } from './types.js';

/** What one nginx process runs. */
export interface ProcessBinary {
  pid: number;
  role: 'master' | 'worker';
  /** `readlink /proc/<pid>/exe`, e.g. `/usr/sbin/nginx (deleted)`. */
  exe: string;
  deleted: boolean;
  /** True when it is the installed file. */
  same: boolean;
}

/** The processes found and whether they all run the installed binary. */
export interface RunningState {
  master: number;
  processes: ProcessBinary[];
  /** Processes not running the installed file. */
  stale: ProcessBinary[];
}

/** Reads the pid in `pidFile`; null when the file is missing. */
export async function readPid(host: Host, pidFile: string): Promise<number | null> {
  let text: string;
  try {
    text = (await host.readFile(pidFile)).toString('utf8').trim();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
  if (!/^\d+$/.test(text)) {
    throw new WafGateError(
      'E_RUNNING_BINARY',
      `The pid file ${pidFile} does not hold a process id`,
      {
        context: { host: host.name, content: text.slice(0, 40) },
      },
    );
  }
  return Number(text);
}

/** The PIDs whose parent is `pid` (the nginx master's workers), from `ps` on the host. */
export async function childPids(host: Host, pid: number): Promise<number[]> {
  const ps = await host.exec('ps', ['-o', 'pid=', '--ppid', String(pid)], { allowFailure: true });
  return ps.stdout
    .split(/\s+/)
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}

/** True while `pid` exists and is not a zombie (a reparented daemon may stay unreaped). */
async function alive(host: Host, pid: number): Promise<boolean> {
  const ps = await host.exec('ps', ['-o', 'stat=', '-p', String(pid)], { allowFailure: true });
  const stat = ps.stdout.trim();
  return ps.exitCode === 0 && stat !== '' && !stat.startsWith('Z');
}

/** `dev:inode` of what `path` resolves to, or null when it cannot be stat'ed. */
async function fileId(host: Host, path: string): Promise<string | null> {
  const r = await host.exec('stat', ['-L', '-c', '%d:%i', '--', path], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

async function sha256(host: Host, path: string): Promise<string | null> {
  const r = await host.exec('sha256sum', ['--', path], { allowFailure: true });
  return r.exitCode === 0 ? (r.stdout.trim().split(/\s+/)[0] ?? null) : null;
}

/**
 * Lists the master (from `pidFile`) and its children with the file each runs; null without a pid file.
 * @throws WafGateError `E_RUNNING_BINARY` when the installed binary is missing or the master is gone.
 */
export async function inspectRunning(
  host: Host,
  binary: string,
  pidFile: string,
): Promise<RunningState | null> {
  const master = await readPid(host, pidFile);
  if (master === null) return null;
  if (!(await alive(host, master))) {
    throw new WafGateError(
      'E_RUNNING_BINARY',
      `The nginx master ${master} named in ${pidFile} is not running on ${host.name}`,
      { context: { host: host.name, pidFile }, hint: 'Start nginx, or fix nginx-pid-file.' },
    );
  }
  const binaryId = await fileId(host, binary);
  if (binaryId === null) {
    throw new WafGateError(
      'E_RUNNING_BINARY',
      `The installed binary ${binary} is missing on ${host.name}`,
      {
        context: { host: host.name },
        hint: 'Set nginx-binary to the path the package installs nginx to.',
      },
    );
  }
  let binaryHash: string | null | undefined;
  const workers = await childPids(host, master);
  const processes: ProcessBinary[] = [];
  for (const [pid, role] of [
    [master, 'master'] as const,
    ...workers.map((w) => [w, 'worker'] as const),
  ]) {
    const link = await host.exec('readlink', ['--', `/proc/${pid}/exe`], { allowFailure: true });
    if (link.exitCode !== 0 && role === 'worker') continue; // exited between ps and readlink
    const exe = link.stdout.trim();
    const deleted = exe.endsWith(' (deleted)') || exe === '';
    const id = deleted ? null : await fileId(host, `/proc/${pid}/exe`);
    // An old worker finishing after a reload may exit between ps and here: it runs nothing now.
    if (id === null && role === 'worker' && !(await alive(host, pid))) continue;
    let same = id !== null && id === binaryId;
    if (!deleted && id === null) {
      // Not stat-able (another user's process): compare the content instead.
      binaryHash ??= await sha256(host, binary);
      same = binaryHash !== null && (await sha256(host, `/proc/${pid}/exe`)) === binaryHash;
    }
    processes.push({ pid, role, exe: exe === '' ? '(unreadable)' : exe, deleted, same });
  }
  return { master, processes, stale: processes.filter((p) => !p.same) };
}

/** `pid 12 (master) runs /usr/sbin/nginx (deleted)`, for messages. */
export function describeStale(stale: ProcessBinary[]): string {
  return stale.map((p) => `pid ${p.pid} (${p.role}) runs ${p.exe}`).join('; ');
}

/** Polls `check` every 100 ms until it holds or `timeoutMs` passes. */
async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await delay(100);
  }
}

async function signal(host: Host, name: string, pid: number): Promise<void> {
  await host.exec('kill', ['-s', name, '--', String(pid)]);
}

/** Waits for a new live master in `pidFile` (not `old`). */
async function waitNewMaster(
  host: Host,
  pidFile: string,
  old: number,
  timeoutMs: number,
): Promise<void> {
  const ok = await waitUntil(async () => {
    const pid = await readPid(host, pidFile).catch(() => null);
    return pid !== null && pid !== old && (await alive(host, pid));
  }, timeoutMs);
  if (!ok) {
    throw new WafGateError(
      'E_RUNNING_BINARY',
      `No new nginx master appeared in ${pidFile} on ${host.name}`,
      {
        context: { host: host.name, oldMaster: old },
        hint: 'Check the nginx error log; binary-upgrade needs nginx started with an absolute binary path.',
      },
    );
  }
}

/** Stops the old master and starts nginx again with the reload method's restart (or start-command). */
async function restart(
  host: Host,
  options: RunningCheckOptions,
  reload: ReloadSpec,
  master: number,
  timeoutMs: number,
): Promise<void> {
  if (reload.kind === 'systemctl') {
    await host.exec('systemctl', ['restart', reload.unit], { timeoutMs });
  } else if (reload.kind === 'service') {
    await host.exec('service', [reload.name, 'restart'], { timeoutMs });
  } else if (options.startCommand !== undefined) {
    await signal(host, 'QUIT', master);
    if (!(await waitUntil(async () => !(await alive(host, master)), timeoutMs))) {
      throw new WafGateError('E_RUNNING_BINARY', `nginx master ${master} did not stop after QUIT`, {
        context: { host: host.name },
      });
    }
    const [command, ...args] = options.startCommand;
    await host.exec(command!, args, { timeoutMs });
  } else {
    throw new WafGateError(
      'E_RUNNING_BINARY',
      `Cannot restart nginx on ${host.name}: reload ${describeReload(reload)} has no restart`,
      {
        context: { host: host.name },
        hint: 'Give start-command (how to start nginx after a stop), or set reload-mismatch: binary-upgrade.',
      },
    );
  }
  await waitNewMaster(host, options.pidFile, master, timeoutMs);
}

/** nginx's on-the-fly binary upgrade: USR2, wait for the new master and `.oldbin`, WINCH, QUIT the old. */
async function binaryUpgrade(
  host: Host,
  pidFile: string,
  master: number,
  timeoutMs: number,
): Promise<void> {
  await signal(host, 'USR2', master);
  await waitNewMaster(host, pidFile, master, timeoutMs);
  const oldbin = await waitUntil(
    async () => (await readPid(host, `${pidFile}.oldbin`).catch(() => null)) === master,
    timeoutMs,
  );
  if (!oldbin) {
    throw new WafGateError(
      'E_RUNNING_BINARY',
      `nginx wrote no ${pidFile}.oldbin for the old master ${master}`,
      {
        context: { host: host.name },
      },
    );
  }
  await signal(host, 'WINCH', master);
  await signal(host, 'QUIT', master);
  if (!(await waitUntil(async () => !(await alive(host, master)), timeoutMs))) {
    throw new WafGateError(
      'E_RUNNING_BINARY',
      `The old nginx master ${master} did not exit after QUIT`,
      {
        context: { host: host.name },
      },
    );
  }
}

/**
 * Proves every nginx process runs `options.binary`; on a mismatch restarts (or binary-upgrades) and
 * checks again. Returns what it found for the result (`ok …`, `fixed by restart …`, `skipped: …`).
 * @throws WafGateError `E_RUNNING_BINARY` naming the PIDs still running another (deleted) binary.
 */
export async function ensureRunningBinary(
  host: Host,
  options: RunningCheckOptions,
  reload: ReloadSpec,
  logger: Logger,
  timeoutMs = 30_000,
): Promise<string> {
  if (options.check === 'none') return 'skipped: running-check none';
  const first = await inspectRunning(host, options.binary, options.pidFile);
  if (first === null) {
    logger.warn(`No nginx pid file at ${options.pidFile}: cannot check which binary runs.`);
    return `skipped: no pid file at ${options.pidFile}`;
  }
  const summary = (s: RunningState): string =>
    `master ${s.master} and ${s.processes.length - 1} child process(es) run ${options.binary}`;
  if (first.stale.length === 0) return `ok: ${summary(first)}`;
  logger.warn(`Not the installed ${options.binary}: ${describeStale(first.stale)}.`);
  const fail = (stale: ProcessBinary[], after: string): WafGateError =>
    new WafGateError(
      'E_RUNNING_BINARY',
      `nginx on ${host.name} does not run the installed ${options.binary}${after}: ${describeStale(stale)}`,
      {
        context: { host: host.name, pids: stale.map((p) => p.pid).join(' ') },
        hint:
          `Restart nginx so it runs the new binary (e.g. systemctl restart nginx), or set reload-mismatch: ` +
          `restart (with start-command for a pid-file reload) or binary-upgrade.`,
      },
    );
  if (options.onMismatch === 'fail') throw fail(first.stale, '');
  if (options.onMismatch === 'restart')
    await restart(host, options, reload, first.master, timeoutMs);
  else await binaryUpgrade(host, options.pidFile, first.master, timeoutMs);
  const second = await inspectRunning(host, options.binary, options.pidFile);
  if (second === null)
    throw fail(first.stale, ` (no pid file at ${options.pidFile} after ${options.onMismatch})`);
  if (second.stale.length > 0) throw fail(second.stale, ` after ${options.onMismatch}`);
  logger.info(`After ${options.onMismatch}: ${summary(second)}.`);
  return `fixed by ${options.onMismatch}: ${summary(second)}`;
}

/** Runs `<binary> -v` and returns the version `regex` (group 1) finds in its output, or null. */
export async function binaryVersion(
  host: Host,
  binary: string,
  regex: string,
): Promise<string | null> {
  const out = await host.exec(binary, ['-v'], { allowFailure: true });
  return new RegExp(regex).exec(`${out.stdout}\n${out.stderr}`)?.[1] ?? null;
}

/** True when the version probe reads the version of `binary` itself (so its regex applies to `-v`). */
export function probeReadsBinary(argv: readonly string[], binary: string): boolean {
  const first = argv[0];
  return (
    first !== undefined && (first === binary || posix.basename(first) === posix.basename(binary))
  );
}
