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
import { describeReload, reloadWaf } from './reload.js';
import { readState, StateStore } from './state.js';
import type { StateChange } from './types.js';

/** What a restore did. */
export interface RestoreResult {
  /** False when there was no state file (nothing to do). */
  found: boolean;
  restoredFiles: string[];
  restoredCron: number;
  startedTimers: string[];
  reloaded: boolean;
}

/**
 * Undoes every change recorded in `store`, newest first. Changes that fail stay in the state file (and the
 * error lists them); when all succeed the state file is deleted.
 */
export async function restoreChanges(
  host: Host,
  store: StateStore,
  logger: Logger,
): Promise<RestoreResult> {
  const result: RestoreResult = {
    found: true,
    restoredFiles: [],
    restoredCron: 0,
    startedTimers: [],
    reloaded: false,
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
      result.reloaded = await reloadWaf(host, store.state.reload);
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
      `${failed.length} change(s) could not be restored; they stay in ${store.path}`,
      {
        cause: failed[0]!.error,
        context: { host: host.name },
        hint: 'Fix the cause and run `waf-gate install --restore --state-file …` again.',
      },
    );
  }
  await store.remove();
  return result;
}

/** Restores from a state file; a missing file means there is nothing to restore. */
export async function restoreFromStateFile(
  host: Host,
  path: string,
  logger: Logger,
): Promise<RestoreResult> {
  const state = await readState(path);
  if (state === null) {
    logger.info(`No install state at ${path}: nothing to restore.`);
    return { found: false, restoredFiles: [], restoredCron: 0, startedTimers: [], reloaded: false };
  }
  return restoreChanges(host, StateStore.of(path, state), logger);
}
