/**
 * install-waf end to end on one host: quiet the machine, install the exact build, apply and validate
 * configuration, reload, wait for health, clear the access log. Any failure (or abort) restores every
 * recorded change before the error propagates; on success the changes stay until `restore`.
 * An abort stops the running command at once (its whole process group, locally or over SSH) and no
 * later step starts; the restore itself runs on the unbound host, so it is not cut short.
 */
import { ConfigError, WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { withAbortSignal } from '../hosts/abortable.js';
import type { Host } from '../hosts/types.js';
import { applyEdits, validateConfig } from './configure.js';
import { waitForHealth } from './health.js';
import { installPackage } from './install-package.js';
import { resolvePackage, type LocalPackage } from './package-source.js';
import { clearAccessLog, quietMachine } from './quiet.js';
import { acquireLock, hostStatePath, releaseLock, renewLock } from './lock.js';
import { reloadWaf } from './reload.js';
import { restoreChanges, restoreFromHost, restoreFromStateFile } from './restore.js';
import { binaryVersion, ensureRunningBinary, probeReadsBinary } from './running-binary.js';
import { masterChildren, OLD_WORKERS_TIMEOUT_MS, waitForOldWorkers } from './settle.js';
import { newRunId, readState, StateStore } from './state.js';

import type { InstallOptions, InstallResult } from './types.js';

/**
 * Runs install-waf on `host` with validated options (mode `install`).
 * @throws ConfigError for bad input; WafGateError `E_VERSION_MISMATCH`, `E_CONFIG_INVALID`, `E_RELOAD`,
 *   `E_HEALTH_TIMEOUT`, `E_EXEC_*`, … after restoring everything it changed.
 */
export async function runInstall(
  host: Host,
  options: InstallOptions,
  logger: Logger,
  signal?: AbortSignal,
): Promise<InstallResult> {
  if (options.package === undefined)
    throw new ConfigError('A package is required to install.', { input: 'package' });
  const previous = await readState(options.stateFile);
  if (previous !== null) {
    if (previous.host !== host.name) {
      throw new ConfigError(
        `The state file holds unrestored changes on ${previous.host}, not ${host.name}.`,
        {
          file: options.stateFile,
          input: 'state-file',
          hint: `Restore them first: waf-gate install --restore --host ${previous.host} --state-file ${options.stateFile}`,
        },
      );
    }
    logger.warn(
      `Found unrestored changes from run ${previous.runId} in ${options.stateFile}; restoring them first.`,
    );
    await restoreFromStateFile(host, options.stateFile, logger);
  }
  const runId = options.runId ?? newRunId();
  const lockPath = options.lockFile;
  if (lockPath !== null) await takeHost(host, options, lockPath, runId, logger);
  let store: StateStore;
  try {
    store = await StateStore.create(
      options.stateFile,
      host.name,
      options.reload,
      runId,
      lockPath === null ? undefined : { host, path: hostStatePath(lockPath, runId) },
      lockPath ?? undefined,
      options.running.check === 'none' ? undefined : options.running.pidFile,
    );
  } catch (error) {
    if (lockPath !== null) await releaseLock(host, lockPath, runId, logger);
    throw error;
  }
  // Every step runs on `work`; restore runs on `host`, which the abort does not stop.
  const work = withAbortSignal(host, signal);
  let pkg: LocalPackage | undefined;
  try {
    pkg = await resolvePackage(options.package, options.packageKind, {
      onTempDir: (path) => store.record({ kind: 'temp', path, on: 'runner' }),
      maxBytes: options.packageMaxBytes,
      logger,
      ...(options.packageSha256 === undefined ? {} : { sha256: options.packageSha256 }),
      ...(signal === undefined ? {} : { signal }),
    });
    signal?.throwIfAborted();
    const quiet = await quietMachine(work, options.quiet, store, logger);
    signal?.throwIfAborted();
    const installed = await installPackage(work, pkg, options, store, logger);
    signal?.throwIfAborted();
    const changedFiles = await applyEdits(work, options.edits, store, logger);
    if (changedFiles.length > 0 && options.check !== null)
      await validateConfig(work, options.check);
    const needReload = changedFiles.length > 0 || installed.action !== 'unchanged';
    // The workers that run now exit after the reload: noted first, waited for below.
    const watchWorkers =
      needReload && options.reload.kind !== 'none' && options.running.check !== 'none';
    const oldWorkers = watchWorkers ? await masterChildren(work, options.running.pidFile) : [];
    let reloaded = false;
    if (needReload && (await reloadWaf(work, options.reload, options.commandTimeoutMs))) {
      if (changedFiles.length > 0) await store.markReloaded();
      reloaded = true;
      logger.info('Reloaded.');
    }
    if (reloaded && oldWorkers.length > 0)
      await waitForOldWorkers(work, oldWorkers, {
        timeoutMs: OLD_WORKERS_TIMEOUT_MS,
        logger,
        ...(signal ? { signal } : {}),
      });
    const runningCheck = await checkRunningBuild(work, options, installed.probedVersion, logger);
    let healthProbeLatencyMs: number | null = null;
    let healthAttempts = 0;
    if (options.health) {
      const health = await waitForHealth(options.health, signal);
      healthProbeLatencyMs = health.latencyMs;
      healthAttempts = health.attempts;
      logger.info(
        `Healthy after ${health.waitedMs} ms (${health.attempts} probe(s), last ${health.latencyMs.toFixed(1)} ms).`,
      );
    }
    signal?.throwIfAborted();
    if (await clearAccessLog(work, options.quiet, store, logger)) {
      // A rotated log is reopened by a reload; without a reload method nginx keeps the renamed file.
      if (!(await reloadWaf(work, options.reload, options.commandTimeoutMs))) {
        quiet.notes.push(
          'access log rotated but reload is none: nginx keeps writing to the renamed file',
        );
      }
    }
    if (lockPath !== null)
      await renewLock(host, { path: lockPath, leaseMs: options.lockLeaseMs }, runId);
    return {
      host: host.name,
      ...installed,
      healthProbeLatencyMs,
      healthAttempts,
      changedFiles,
      pausedCronLines: quiet.pausedCronLines,
      stoppedTimers: quiet.stoppedTimers,
      stateFile: options.stateFile,
      runId,
      lockFile: lockPath,
      hostStateFile: lockPath === null ? null : hostStatePath(lockPath, runId),
      runningCheck,
      notes: quiet.notes,
    };
  } catch (error) {
    logger.warn(
      signal?.aborted
        ? 'Interrupted; the running command was stopped; restoring everything the install changed.'
        : 'Install failed; restoring everything it changed.',
    );
    try {
      await restoreChanges(host, store, logger);
    } catch (restoreError) {
      logger.error(`Restore after failure was incomplete: ${(restoreError as Error).message}`);
    }
    throw error;
  } finally {
    await pkg?.cleanup();
  }
}

/**
 * Takes the WAF host's lock for `runId`, first restoring what an earlier install of this run, or the
 * holder whose lease expired, left on the host (their state copies next to the lock).
 */
async function takeHost(
  host: Host,
  options: InstallOptions,
  lockPath: string,
  runId: string,
  logger: Logger,
): Promise<void> {
  const lock = { path: lockPath, leaseMs: options.lockLeaseMs };
  let taken = await acquireLock(host, lock, runId, logger);
  try {
    if (taken.how === 'renewed' && (await host.stat(hostStatePath(lockPath, runId))) !== null) {
      logger.warn(`Run ${runId} left unrestored changes on ${host.name}; restoring them first.`);
      await restoreFromHost(host, lockPath, runId, logger); // releases the lock
      taken = await acquireLock(host, lock, runId, logger);
    }
    const previous = taken.previous;
    if (
      previous !== undefined &&
      (await host.stat(hostStatePath(lockPath, previous.runId))) !== null
    ) {
      logger.warn(
        `Restoring what run ${previous.runId} left on ${host.name} before its lease expired.`,
      );
      await restoreFromHost(host, lockPath, previous.runId, logger);
    }
  } catch (error) {
    await releaseLock(host, lockPath, runId, logger).catch(() => undefined);
    throw error;
  }
}

/**
 * The running build is the installed build (see running-binary.ts), and that binary prints the version
 * the probe read when the probe asks that binary. Skipped without a reload method: nginx is not touched.
 */
async function checkRunningBuild(
  host: Host,
  options: InstallOptions,
  probedVersion: string,
  logger: Logger,
): Promise<string> {
  if (options.reload.kind === 'none') return 'skipped: reload none';
  const found = await ensureRunningBinary(host, options.running, options.reload, logger);
  const probe = options.versionProbe;
  if (found.startsWith('skipped') || probe.kind !== 'command') return found;
  if (!probeReadsBinary(probe.argv, options.running.binary)) return found;
  const version = await binaryVersion(host, options.running.binary, probe.regex);
  if (version !== probedVersion) {
    throw new WafGateError(
      'E_VERSION_MISMATCH',
      `${options.running.binary} -v prints ${version ?? 'no version'}, expected ${probedVersion}`,
      {
        context: { host: host.name },
        hint: 'Set nginx-binary to the binary the package installs (the one nginx runs).',
      },
    );
  }
  return `${found} (version ${version})`;
}
