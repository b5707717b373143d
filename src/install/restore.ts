/**
 * Undoing a run from its state file: files back from their backups, crontab lines uncommented, timers
 * started, then a reload when changed configuration had been loaded. Idempotent; works in a new process
 * after the installing one was killed. The package itself is not rolled back (the state only notes it).
 */
import { rm } from 'node:fs/promises';
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { restoreFileChange } from './configure.js';
import { restoreQuietChange } from './quiet.js';
import { hostStatePath, releaseLock } from './lock.js';
import { describeReload, reloadWaf } from './reload.js';
import { masterChildren, OLD_WORKERS_TIMEOUT_MS, waitForOldWorkers } from './settle.js';
import { readHostState, readState, StateStore } from './state.js';
import type { StateChange } from './types.js';

/** What a restore did. */
export interface RestoreResult {
  /** False when there was no state file (nothing to do). */
  found: boolean;
  restoredFiles: string[];
  restoredCron: number;
  startedTimers: string[];
  reloaded: boolean;
  /** True when this run's lock on the WAF host was released. */
  releasedLock: boolean;
}

/** How a restore ends. */
export interface RestoreOptions {
  /**
   * Keep holding the WAF host's lock (a fresh A/B run restores between two installs of the same run and
   * must not let another run take the host in between).
   */
  keepLock?: boolean;
}

/**
 * Undoes every change recorded in `store`, newest first. Changes that fail stay in the state file (and the
 * error lists them); when all succeed the state file is deleted.
 */
export async function restoreChanges(
  host: Host,
  store: StateStore,
  logger: Logger,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const result: RestoreResult = {
    found: true,
    restoredFiles: [],
    restoredCron: 0,
    startedTimers: [],
    reloaded: false,
    releasedLock: false,
  };
  const failed: { change: StateChange; error: unknown }[] = [];
  for (const change of [...store.state.changes].reverse()) {
    try {
      if (change.kind === 'file') {
        await restoreFileChange(host, change);
        result.restoredFiles.push(change.path);
        logger.info(`Restored ${change.path}.`);
      } else if (change.kind === 'package') {
        logger.info(
          `Package ${change.name} stays at ${change.version} (was ${change.previousVersion ?? 'not installed'}).`,
        );
      } else if (change.kind === 'access-log') {
        /* a cleared log is not put back */
      } else if (change.kind === 'temp') {
        if (change.on === 'host') await host.rm(change.path, { recursive: true, force: true });
        else await rm(change.path, { recursive: true, force: true });
      } else if (await restoreQuietChange(host, change)) {
        if (change.kind === 'timer') result.startedTimers.push(change.unit);
        else result.restoredCron += 1;
        logger.info(
          change.kind === 'timer'
            ? `Started ${change.unit}.`
            : `Restored crontab lines (${change.kind === 'cron-file' ? change.path : (change.user ?? 'current user')}).`,
        );
      }
    } catch (error) {
      failed.push({ change, error });
      logger.warn(
        `Could not restore ${JSON.stringify(change).slice(0, 200)}: ${(error as Error).message}`,
      );
    }
  }
  if (
    store.state.reloaded &&
    result.restoredFiles.length > 0 &&
    store.state.reload.kind !== 'none'
  ) {
    try {
      const pidFile = store.state.masterPidFile;
      const oldWorkers = pidFile === undefined ? [] : await masterChildren(host, pidFile);
      result.reloaded = await reloadWaf(host, store.state.reload);
      // The next measurement must not see the previous configuration's workers exit (a "crash").
      if (result.reloaded && oldWorkers.length > 0)
        await waitForOldWorkers(host, oldWorkers, { timeoutMs: OLD_WORKERS_TIMEOUT_MS, logger });
      logger.info(
        `Reloaded with the restored configuration (${describeReload(store.state.reload)}).`,
      );
    } catch (error) {
      logger.warn(`Reload after restore failed: ${(error as Error).message}`);
    }
  }
  if (failed.length > 0) {
    await store.replaceChanges(failed.map((f) => f.change));
    throw new WafGateError(
      'E_RESTORE',
      `${failed.length} change(s) could not be restored; they stay in ${store.where}`,
      {
        cause: failed[0]!.error,
        context: { host: host.name },
        hint: 'Fix the cause and run `waf-gate install --restore --state-file …` again.',
      },
    );
  }
  await store.remove();
  // Everything is back: the host is free for the next run (only if this run still holds it).
  const lock = store.state.lock;
  if (lock !== undefined && options.keepLock !== true)
    result.releasedLock = await releaseLock(host, lock.path, store.state.runId, logger);
  return result;
}

const NOTHING: RestoreResult = {
  found: false,
  restoredFiles: [],
  restoredCron: 0,
  startedTimers: [],
  reloaded: false,
  releasedLock: false,
};

/** Restores from a state file; a missing file means there is nothing to restore. */
export async function restoreFromStateFile(
  host: Host,
  path: string,
  logger: Logger,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const state = await readState(path);
  if (state === null) {
    logger.info(`No install state at ${path}: nothing to restore.`);
    return { ...NOTHING };
  }
  const copy = state.lock === undefined ? undefined : { host, path: state.lock.statePath };
  return restoreChanges(host, StateStore.of(path, state, copy), logger, options);
}

/**
 * Restores run `runId` from its state copy on the WAF host (next to the lock), for a restore from another
 * runner or a later run that has no runner state file. A missing copy means there is nothing to restore;
 * the lock is still released when `runId` holds it (a run that changed nothing).
 */
export async function restoreFromHost(
  host: Host,
  lockPath: string,
  runId: string,
  logger: Logger,
): Promise<RestoreResult & { hostStateFile: string }> {
  const path = hostStatePath(lockPath, runId);
  const state = await readHostState(host, path);
  if (state === null) {
    logger.info(
      `No install state for run ${runId} at ${path} on ${host.name}: nothing to restore.`,
    );
    const releasedLock = await releaseLock(host, lockPath, runId, logger);
    return { ...NOTHING, releasedLock, hostStateFile: path };
  }
  const result = await restoreChanges(host, StateStore.of(null, state, { host, path }), logger);
  return { ...result, hostStateFile: path };
}
