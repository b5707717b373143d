/**
 * One WAF host, one run at a time: a lock file on the WAF host itself, held from install to restore
 * across jobs, runners and processes. It is created exclusively (the Host's `exclusive` write: the file
 * appears complete or not at all), names its holder, and carries a lease so a dead run cannot hold the
 * host forever: an expired lease is taken over with a warning. The run id is the unit: every job of one
 * workflow run shares it, so an install, a later collect and a restore in other jobs hold the same lock.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { posix } from 'node:path';
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';

const FORMAT = 'waf-gate-lock/1';

/** What the lock file holds: who holds the host, since when, and until when. */
export interface LockHolder {
  format: typeof FORMAT;
  runId: string;
  /** `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID` when run by GitHub Actions. */
  runUrl?: string;
  /** `$GITHUB_JOB` when run by GitHub Actions. */
  job?: string;
  /** Host name of the machine that took the lock (the runner). */
  runner: string;
  pid: number;
  startedAt: string;
  renewedAt: string;
  leaseMs: number;
  /** After this instant any other run may take the lock over. */
  expiresAt: string;
}

/** Where the lock lives and how long a lease lasts. */
export interface LockOptions {
  /** Lock file on the WAF host. */
  path: string;
  leaseMs: number;
}

/** Restore state copies live next to the lock: `<dir of lock>/state/<run id>.json`. */
export function hostStatePath(lockPath: string, runId: string): string {
  return posix.join(posix.dirname(lockPath), 'state', `${runId}.json`);
}

/** The link to a GitHub Actions run from the environment, if any. */
function runUrlFromEnv(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}

function newHolder(runId: string, leaseMs: number, startedAt: string, nowMs: number): LockHolder {
  const url = runUrlFromEnv();
  const job = process.env.GITHUB_JOB;
  return {
    format: FORMAT,
    runId,
    ...(url === undefined ? {} : { runUrl: url }),
    ...(job ? { job } : {}),
    runner: hostname(),
    pid: process.pid,
    startedAt,
    renewedAt: new Date(nowMs).toISOString(),
    leaseMs,
    expiresAt: new Date(nowMs + leaseMs).toISOString(),
  };
}

/** Reads the lock; null when there is none. A file that is not a lock is a holder of unknown identity. */
export async function readLock(host: Host, path: string): Promise<LockHolder | null> {
  let text: string;
  try {
    text = (await host.readFile(path)).toString('utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw lockError(
      'E_LOCK',
      `Cannot read the lock file ${path} on ${host.name}`,
      host,
      path,
      error,
    );
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    if (holder.format === FORMAT && typeof holder.runId === 'string') return holder;
  } catch {
    /* described below */
  }
  // Unknown content: nobody can prove they hold it, so it expires a lease after its modification time.
  const mtimeMs = (await host.stat(path))?.mtimeMs ?? Date.now();
  return {
    format: FORMAT,
    runId: `unknown (${path} is not a waf-gate lock)`,
    runner: 'unknown',
    pid: 0,
    startedAt: new Date(mtimeMs).toISOString(),
    renewedAt: new Date(mtimeMs).toISOString(),
    leaseMs: 0,
    expiresAt: new Date(mtimeMs).toISOString(),
  };
}

function lockError(
  code: string,
  message: string,
  host: Host,
  path: string,
  cause?: unknown,
): WafGateError {
  return new WafGateError(code, message, {
    ...(cause === undefined ? {} : { cause }),
    context: { host: host.name, lockFile: path },
    hint: `The lock's folder must be writable by the user waf-gate logs in as (or set lock-file to another path, or none).`,
  });
}

/** `1 h 5 min`, `42 s`: how long, for messages. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** Names a holder: run id, link, job, runner and pid. */
export function describeHolder(holder: LockHolder): string {
  return [
    `run ${holder.runId}`,
    holder.runUrl,
    holder.job === undefined ? undefined : `job ${holder.job}`,
    `on runner ${holder.runner} (pid ${holder.pid})`,
  ]
    .filter((p) => p !== undefined)
    .join(', ');
}

/** What {@link acquireLock} did. */
export interface AcquiredLock {
  holder: LockHolder;
  /** `new`, `renewed` (this run already held it) or `taken-over` (the previous lease had expired). */
  how: 'new' | 'renewed' | 'taken-over';
  /** The holder whose expired lease was taken over. */
  previous?: LockHolder;
}

/**
 * Takes the lock for `runId`: creates it, renews it when this run already holds it, or takes over an
 * expired lease (with a warning).
 * @throws WafGateError `E_LOCK_HELD` naming the holder, how long it has held the host and when its lease
 *   expires; `E_LOCK` when the lock file cannot be written.
 */
export async function acquireLock(
  host: Host,
  options: LockOptions,
  runId: string,
  logger: Logger,
): Promise<AcquiredLock> {
  const { path, leaseMs } = options;
  try {
    await host.mkdir(posix.dirname(path), { recursive: true, mode: 0o755 });
  } catch (error) {
    throw lockError('E_LOCK', `Cannot create the lock folder on ${host.name}`, host, path, error);
  }
  let previous: LockHolder | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const nowMs = Date.now();
    const holder = newHolder(runId, leaseMs, new Date(nowMs).toISOString(), nowMs);
    try {
      await host.writeFile(path, `${JSON.stringify(holder, null, 2)}\n`, {
        exclusive: true,
        mode: 0o644,
      });
      return previous === undefined
        ? { holder, how: 'new' }
        : { holder, how: 'taken-over', previous };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST')
        throw lockError(
          'E_LOCK',
          `Cannot create the lock ${path} on ${host.name}`,
          host,
          path,
          error,
        );
    }
    const current = await readLock(host, path);
    if (current === null) continue; // released meanwhile
    if (current.runId === runId) {
      return { holder: await renewLock(host, options, runId), how: 'renewed' };
    }
    const heldMs = nowMs - Date.parse(current.startedAt);
    const expiresMs = Date.parse(current.expiresAt);
    if (!(expiresMs <= nowMs)) {
      throw new WafGateError(
        'E_LOCK_HELD',
        `${host.name} is in use by ${describeHolder(current)}: held for ${formatDuration(heldMs)} ` +
          `(since ${current.startedAt}); its lease expires at ${current.expiresAt} (in ${formatDuration(expiresMs - nowMs)}).`,
        {
          context: { host: host.name, lockFile: path, holder: current.runId },
          hint:
            `Wait for that run to restore (or use a concurrency group keyed by the WAF host). If it is dead, ` +
            `restore it: waf-gate install --mode restore --host ${host.name} --run-id ${current.runId}` +
            ` (that also releases the lock), or wait for the lease to expire.`,
        },
      );
    }
    logger.warn(
      `Taking over the lock on ${host.name}: the lease of ${describeHolder(current)} expired at ` +
        `${current.expiresAt} (held for ${formatDuration(heldMs)}).`,
    );
    // Move the stale lock aside (rename is atomic: one taker wins), then check it is the one we judged.
    const aside = `${path}.expired-${randomBytes(4).toString('hex')}`;
    try {
      await host.rename(path, aside);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') continue;
      throw lockError('E_LOCK', `Cannot move the expired lock ${path} aside`, host, path, error);
    }
    const moved = await readLock(host, aside);
    if (moved !== null && moved.runId !== current.runId) {
      // Another taker replaced it between our read and our rename: put theirs back, then try again.
      await host
        .writeFile(path, await host.readFile(aside), { exclusive: true, mode: 0o644 })
        .catch(() => undefined);
    } else previous = current;
    await host.rm(aside, { force: true });
  }
  throw lockError('E_LOCK', `Could not take the lock ${path} after 5 attempts`, host, path);
}

/**
 * Extends this run's lease (install, collect and every later step that touches the host call it).
 * @throws WafGateError `E_LOCK_LOST` when another run holds the lock now (or nobody does).
 */
export async function renewLock(
  host: Host,
  options: LockOptions,
  runId: string,
): Promise<LockHolder> {
  const current = await readLock(host, options.path);
  if (current === null || current.runId !== runId) {
    throw new WafGateError(
      'E_LOCK_LOST',
      current === null
        ? `Run ${runId} no longer holds ${host.name}: the lock ${options.path} is gone`
        : `Run ${runId} no longer holds ${host.name}: ${describeHolder(current)} took it over`,
      {
        context: { host: host.name, lockFile: options.path },
        hint: 'The lease expired before this run renewed it; give lock-lease a longer duration.',
      },
    );
  }
  const nowMs = Date.now();
  const holder = { ...newHolder(runId, options.leaseMs, current.startedAt, nowMs) };
  await host.writeFile(options.path, `${JSON.stringify(holder, null, 2)}\n`, { mode: 0o644 });
  return holder;
}

/**
 * Releases the lock if `runId` holds it. Returns false (and touches nothing) when it is missing or held
 * by another run.
 */
export async function releaseLock(
  host: Host,
  path: string,
  runId: string,
  logger: Logger,
): Promise<boolean> {
  const current = await readLock(host, path);
  if (current === null) {
    logger.info(`No lock at ${path} on ${host.name}: nothing to release.`);
    return false;
  }
  if (current.runId !== runId) {
    logger.info(
      `The lock on ${host.name} is held by ${describeHolder(current)}, not run ${runId}: left alone.`,
    );
    return false;
  }
  await host.rm(path, { force: true });
  logger.info(`Released the lock on ${host.name} (${path}).`);
  return true;
}
